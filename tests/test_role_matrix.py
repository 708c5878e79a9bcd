"""Every URL the project defines, visited as every demo role and as an anonymous visitor.

A new URL that is not in MATRIX fails ``test_every_url_is_in_the_matrix``: no page can be
added without deciding who may see it. Objects outside a person's scope answer 404, so an
id guessed from outside reveals nothing."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samla.org.models import Membership, Person, Programme, Unit
from samla.plans.feeds import Feed
from tests.api.matrix import CASES as API_CASES
from tests.api.matrix import OPEN as API_OPEN
from tests.conftest import client_for
from tests.role_matrix_support import (
    IN_SCHOOL_PROGRAMME,
    KINDERGARTEN_READERS,
    ROLES,
    SCHOOL_READERS,
    Case,
    everyone,
    no_kwargs,
    only,
)

MATRIX: list[Case] = [
    Case("portal:home", "home", no_kwargs, everyone(200, anonymous=302)),
    # Each person's own tokens; the API itself has its own matrix (tests/api/matrix.py).
    Case("portal:api_tokens", "my API tokens", no_kwargs, everyone(200, anonymous=302)),
    Case("portal:api_token_revoke", "revoke a token (POST only)", no_kwargs, everyone(405, 302)),
    Case("api_root", "the API's root: to its description", no_kwargs, everyone(302)),
    Case("accessibility", "accessibility statement", no_kwargs, everyone(200)),
    Case("portal:programmes", "programmes", no_kwargs, everyone(200, anonymous=302)),
    Case(
        "portal:programme",
        "school programme",
        lambda org: {"slug": org.school_programme.slug},
        only(SCHOOL_READERS),
    ),
    Case(
        "portal:programme",
        "kindergarten programme",
        lambda org: {"slug": org.kindergarten_programme.slug},
        only(KINDERGARTEN_READERS),
    ),
    Case("portal:programme", "unknown programme", lambda org: {"slug": "finnes-ikke"}, only(set())),
    Case("portal:units", "units", no_kwargs, everyone(200, anonymous=302)),
    Case(
        "portal:unit",
        "demo school",
        lambda org: {"pk": org.school.pk},
        only({"admin", "region", "eier", "rektor", "gruppeleder", "laerer", "ppt"}),
    ),
    Case(
        "portal:unit",
        "demo kindergarten",
        lambda org: {"pk": org.kindergarten.pk},
        only({"admin", "region", "eier", "styrer", "ppt"}),
    ),
    Case(
        "portal:unit",
        "school in another region",
        lambda org: {"pk": org.unit_in("Trysil").pk},
        only({"admin"}),
    ),
    Case(
        "portal:unit",
        "school elsewhere in the region",
        lambda org: {"pk": org.unit_in("Stange").pk},
        only({"admin", "region"}),
    ),
    Case(
        "portal:role_duties",
        "roles and duties",
        lambda org: {"slug": org.school_programme.slug},
        only(SCHOOL_READERS),
    ),
    Case("portal:deadline_done", "deadline done", lambda org: {"pk": 1}, everyone(405, 302)),
    Case(
        "portal:plans",
        "school plans",
        lambda org: {"slug": org.school_programme.slug},
        only(SCHOOL_READERS),
    ),
    Case(
        "portal:plan_import",
        "plan import",
        lambda org: {"slug": org.school_programme.slug},
        only({"admin"}, other=403) | {"styrer": 404},
    ),
    Case(
        "portal:plan_import_preview",
        "plan import preview",
        lambda org: {"slug": org.school_programme.slug, "pk": org.plan_upload().pk},
        only({"admin"}, other=403) | {"styrer": 404},
    ),
    Case("portal:plan", "school plan", lambda org: org.plan_kwargs(), only(SCHOOL_READERS)),
    Case(
        "portal:plan_calendar",
        "school plan calendar",
        lambda org: org.plan_kwargs(),
        only(SCHOOL_READERS),
    ),
    Case(
        "portal:plan_export",
        "plan as Word",
        lambda org: org.plan_kwargs(fmt="docx"),
        only(SCHOOL_READERS),
    ),
    Case(
        "portal:plan_subscriptions",
        "calendar subscriptions",
        lambda org: {"slug": org.school_programme.slug},
        only(SCHOOL_READERS),
    ),
    # The signed token is the key: calendar apps do not log in.
    Case(
        "plan_feed",
        "calendar feed",
        lambda org: {"token": Feed(org.school_programme.pk).token()},
        everyone(200),
    ),
    Case("plan_feed", "altered feed token", lambda org: {"token": "x"}, everyone(404)),
    Case(
        "portal:plan_history", "plan history", lambda org: org.plan_kwargs(), only(SCHOOL_READERS)
    ),
    Case(
        "portal:plan_approve",
        "plan approval",
        lambda org: org.plan_kwargs(),
        only({"admin"}, other=403) | {"styrer": 404},
    ),
    Case(
        "portal:plan_copy",
        "copy plan to next year (POST only)",
        lambda org: org.plan_kwargs(),
        everyone(405, anonymous=302),
    ),
    Case(
        "portal:activity_new",
        "new activity",
        lambda org: org.plan_kwargs(),
        only({"admin"}, other=403) | {"styrer": 404},
    ),
    Case(
        "portal:activity_edit",
        "edit activity",
        lambda org: org.plan_kwargs(pk=org.plan_activity().pk),
        only({"admin"}, other=403) | {"styrer": 404},
    ),
    # POST only: a GET is refused before anything is looked up.
    Case(
        "portal:activity_action",
        "activity action",
        lambda org: org.plan_kwargs(pk=org.plan_activity().pk),
        everyone(405, anonymous=302),
    ),
    Case(
        "portal:session_new",
        "new regional date",
        lambda org: org.plan_kwargs(pk=org.plan_activity().pk),
        only({"admin", "region"}, other=403) | {"styrer": 404},
    ),
    Case(
        "portal:session_edit",
        "own region's date",
        lambda org: org.plan_kwargs(
            pk=org.plan_activity().pk, session_pk=org.plan_session("HR").pk
        ),
        only({"admin", "region"}, other=403) | {"styrer": 404},
    ),
    Case(
        "portal:session_edit",
        "another region's date",
        lambda org: org.plan_kwargs(
            pk=org.plan_activity().pk, session_pk=org.plan_session("NØR").pk
        ),
        only({"admin"}, other=403) | {"styrer": 404},
    ),
    Case("portal:rounds", "survey rounds", no_kwargs, everyone(200, anonymous=302)),
    Case("portal:round_new", "new round", no_kwargs, only({"admin"}, other=403)),
    Case(
        "portal:round",
        "survey round",
        lambda org: {"slug": org.survey_round().slug},
        only(IN_SCHOOL_PROGRAMME),
    ),
    Case(
        "portal:round_edit",
        "change round",
        lambda org: {"slug": org.survey_round().slug},
        only({"admin"}, other=403) | {"styrer": 404},
    ),
    Case(
        "portal:round_units",
        "units of a round",
        lambda org: {"slug": org.survey_round().slug},
        only({"admin"}, other=403) | {"styrer": 404},
    ),
    Case(
        "portal:round_action",
        "round steps (POST only)",
        lambda org: {"slug": org.survey_round().slug},
        everyone(405, anonymous=302),
    ),
    Case(
        "portal:children",
        "lists of children",
        lambda org: {"slug": org.survey_round().slug},
        only({"rektor"}, other=403) | {"styrer": 404},
    ),
    Case(
        "portal:group_children",
        "a class's children (names: the unit leader only)",
        lambda org: {
            "slug": org.survey_round().slug,
            "group_pk": org.school.groups.get(name="6A").pk,
        },
        only({"rektor"}),
    ),
    Case("portal:results", "results", no_kwargs, everyone(200, anonymous=302)),
    Case(
        "portal:round_results",
        "a round's results",
        lambda org: {"slug": org.results_round().slug},
        only(
            {
                "admin",
                "forsker",
                "statsforvalter",
                "region",
                "eier",
                "rektor",
                "gruppeleder",
                "laerer",
            }
        ),
    ),
    Case(
        "portal:results_build",
        "build and release results (POST only)",
        lambda org: {"slug": org.results_round().slug},
        everyone(405, anonymous=302),
    ),
    Case(
        "portal:results_build_status",
        "results build progress (without htmx: to the round's results page)",
        lambda org: {"slug": org.results_round().slug},
        only({"admin"}, ok=302, other=403) | {"styrer": 404},
    ),
    Case(
        "portal:node_results",
        "a unit's results (leader, staff, owner; admins and researchers)",
        lambda org: {"slug": org.results_round().slug, "kind": "unit", "pk": org.school.pk},
        only({"admin", "forsker", "eier", "rektor", "gruppeleder", "laerer"}),
    ),
    Case(
        "portal:node_results",
        "an owner's results (owner, region, county governor …)",
        lambda org: {"slug": org.results_round().slug, "kind": "owner", "pk": org.school.owner_id},
        only({"admin", "forsker", "statsforvalter", "region", "eier"}),
    ),
    Case(
        "portal:scale_results",
        "an index at a unit",
        lambda org: {
            "slug": org.results_round().slug,
            "kind": "unit",
            "pk": org.school.pk,
            "group": "pupil_5_7",
            "scale": "trivsel",
        },
        only({"admin", "forsker", "eier", "rektor", "gruppeleder", "laerer"}),
    ),
    Case(
        "portal:node_export",
        "a unit's results as Excel",
        lambda org: {
            "slug": org.results_round().slug,
            "kind": "unit",
            "pk": org.school.pk,
            "fmt": "xlsx",
        },
        only({"admin", "forsker", "eier", "rektor", "gruppeleder", "laerer"}),
    ),
    Case(
        "portal:results_export_job",
        "a results file made by the worker (only the person who asked)",
        lambda org: {"slug": org.results_round().slug, "pk": org.results_export_job().pk},
        only({"rektor"}),
    ),
    Case(
        "portal:results_export_download",
        "that file's download (only the person who asked)",
        lambda org: {"slug": org.results_round().slug, "pk": org.results_export_job().pk},
        only({"rektor"}),
    ),
    Case(
        "portal:responses_export",
        "respondent-level file (researchers)",
        lambda org: {"slug": org.results_round().slug, "fmt": "csv"},
        only({"forsker"}, other=403) | {"styrer": 404},
    ),
    Case("portal:instruments", "questionnaires", no_kwargs, only({"admin"}, other=403)),
    Case(
        "portal:instrument_upload",
        "questionnaire preview before publishing",
        lambda org: {"pk": org.instrument_upload().pk},
        only({"admin"}),
    ),
    Case(
        "portal:instrument",
        "published questionnaire",
        lambda org: {"pk": org.instrument_version().pk},
        only({"admin", "forsker"}),
    ),
    Case(
        "portal:instrument_source",
        "questionnaire as Excel",
        lambda org: {"pk": org.instrument_version().pk},
        only({"admin", "forsker"}),
    ),
    Case(
        "portal:instrument_xlsform",
        "questionnaire written as XLSForm",
        lambda org: {"pk": org.instrument_version().pk},
        only({"admin", "forsker"}),
    ),
    Case(
        "portal:response_monitor",
        "response rates",
        lambda org: {"slug": org.survey_round().slug},
        only({"admin", "region", "eier", "rektor"}, other=403) | {"styrer": 404},
    ),
    Case(
        "portal:code_slips",
        "code slips",
        lambda org: {"slug": org.survey_round().slug},
        only({"admin", "rektor"}, other=403) | {"styrer": 404},
    ),
    # Respondents never log in: the code entry is open to all; the questionnaire pages
    # send anyone without a code in the session back to it.
    Case("answer:enter", "code entry", no_kwargs, everyone(200)),
    Case("answer:page", "questionnaire page", lambda org: {"number": 0}, everyone(302)),
    Case("answer:confirm", "send answers", no_kwargs, everyone(302)),
    Case("answer:done", "receipt", no_kwargs, everyone(200)),
    Case("account_login", "login", no_kwargs, everyone(302, anonymous=200)),
    Case("account_logout", "logout", no_kwargs, everyone(200, anonymous=302)),
    Case("account_inactive", "inactive", no_kwargs, everyone(200)),
    Case("account_change_password", "change password", no_kwargs, everyone(200, anonymous=302)),
    Case("account_reset_password", "reset password", no_kwargs, everyone(200)),
    Case("account_reset_password_done", "reset sent", no_kwargs, everyone(200)),
    Case(
        "account_reset_password_from_key",
        "reset with a bad key",
        lambda org: {"uidb36": "zz", "key": "bad-key"},
        everyone(200),
    ),
    Case("account_reset_password_from_key_done", "reset done", no_kwargs, everyone(200)),
    # set_language only changes anything on POST; a GET just sends the person on.
    Case("set_language", "language", no_kwargs, everyone(302)),
    Case("admin:index", "admin", no_kwargs, only({"admin"}, other=302)),
    Case("admin:login", "admin login", no_kwargs, everyone(403, anonymous=302) | {"admin": 302}),
]


def admin_cases() -> list[Case]:
    """Every model registered in the admin: its list, for every role."""
    cases = []
    for model in admin.site._registry:
        opts = model._meta
        cases.append(
            Case(
                f"admin:{opts.app_label}_{opts.model_name}_changelist",
                f"admin {opts.model_name}",
                no_kwargs,
                only({"admin"}, other=302),
            )
        )
    return cases


def feature_cases() -> list[Case]:
    """Cases kept beside a feature's tests: every ``CASES`` of ``tests/learning/matrix_*``,
    ``tests/analysis/matrix_*``, ``tests/org/matrix_*``, ``tests/partnership/matrix_*``,
    ``tests/selfassessment/matrix_*`` and ``tests/notifications/matrix_*``."""
    import tests.analysis
    import tests.learning
    import tests.notifications
    import tests.org
    import tests.partnership
    import tests.selfassessment

    cases: list[Case] = []
    packages = (
        tests.learning,
        tests.analysis,
        tests.org,
        tests.partnership,
        tests.selfassessment,
        tests.notifications,
    )
    for package in packages:
        for module in pkgutil.iter_modules(package.__path__):
            if module.name.startswith("matrix_"):
                cases += importlib.import_module(f"{package.__name__}.{module.name}").CASES
    return cases


ALL_CASES = MATRIX + feature_cases() + admin_cases()


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if namespace and pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_is_in_the_matrix():
    covered = {case.url_name for case in ALL_CASES}
    covered |= {case.url_name for case in API_CASES} | API_OPEN  # tests/api/test_api_matrix.py
    # The admin's own pages (add, change, delete, history, password …) sit behind the same
    # site-wide permission as its index and model lists, which are in the matrix.
    missing = {
        name
        for name in _all_url_names() - covered
        if not (name.startswith("admin:") and "admin:index" in covered)
    }
    assert missing == set(), f"URLs with no decision on who may see them: {sorted(missing)}"


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: f"{c.url_name}[{c.label}]")
def test_role_matrix(demo_org, case: Case):
    url = reverse(case.url_name, kwargs=case.kwargs(demo_org))
    before = _state()
    got = {role: client_for(role).get(url).status_code for role in ROLES}
    assert got == case.expected
    assert _state() == before, "a GET changed data"


def test_anonymous_is_sent_to_login_with_next(demo_org):
    response = client_for(None).get(reverse("portal:unit", kwargs={"pk": demo_org.school.pk}))
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('account_login')}?next=/enheter/{demo_org.school.pk}/"
    )


def _state() -> tuple[int, ...]:
    return (
        Programme.objects.count(),
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
    )
