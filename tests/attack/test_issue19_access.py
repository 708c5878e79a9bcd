"""Attack on issue 19's access: every form on every partnership and self-assessment page,
as filled for whoever sees it, posted again by someone who must not write it. The county
governor writes nothing but comments; a teacher outside the partnership writes nothing in
it. The role matrix only GETs; the hostile-form crawl only checks that a *refused* post
changes nothing, so a write that is wrongly *accepted* would pass both."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.core.db_state import row_counts
from tests.test_hostile_forms import DOWNLOAD, _target, post_forms
from tests.test_role_matrix import ALL_CASES

AREAS = ("portal:partnership", "portal:selfassessment")

# What each replaying person may change (besides nothing).
MAY_CHANGE = {
    "statsforvalter": {"partnership_reportcomment"},
    "laerer": set(),
}


def _forms(org):
    """(page, form target, data, the role whose page it was) for every post form."""
    found, seen = [], set()
    for case in ALL_CASES:
        if not case.url_name.startswith(AREAS):
            continue
        roles = [r for r, status in case.expected.items() if status == 200 and r]
        if not roles:
            continue
        url = reverse(case.url_name, kwargs=case.kwargs(org))
        if DOWNLOAD.search(url):
            continue
        for role in roles:
            response = client_for(role).get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in post_forms(response.content.decode()):
                target = _target(url, form)
                if target is None:
                    continue
                variants = [dict(form.fields)]
                variants += [dict(form.fields) | {name: value} for name, value in form.buttons]
                for data in variants:
                    key = (target, tuple(sorted(data.items())))
                    if key not in seen:
                        seen.add(key)
                        found.append((url, target, data, role))
    return found


@pytest.mark.parametrize("replayer", sorted(MAY_CHANGE))
def test_forms_posted_by_someone_without_the_right_change_nothing(demo_org, replayer):
    forms = _forms(demo_org)
    client = client_for(replayer)
    wrote = []
    for page, target, data, role in forms:
        before = row_counts()
        response = client.post(target, data)
        after = row_counts()
        changed = {t for t in after if after[t] != before[t]} - MAY_CHANGE[replayer]
        if changed or response.status_code >= 500:
            wrote.append((role, page, target, response.status_code, sorted(changed)))

    assert len(forms) > 20  # the crawl found the partnership's forms
    assert wrote == []
