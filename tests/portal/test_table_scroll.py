"""The box a wide table scrolls in: focusable, a region, named by the table's caption; and
every template makes it through the one tag."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

# Shown by samla.css only while the table has more to its right; screen readers skip it.
HINT = (
    '<p class="table-wrap__hint" aria-hidden="true" hidden>'
    "Scroll sideways to see the whole table →</p>"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_box_is_a_focusable_region_named_by_the_given_id():
    template = Template(
        "{% load table_scroll %}"
        '{% table_scroll "indices-" group %}<table><caption id="indices-{{ group }}">'
        "{{ caption }}</caption></table>{% endtable_scroll %}"
    )

    html = template.render(Context({"group": "pupil_5_7", "caption": "Indekser <5–7>"}))

    assert html == (
        '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="indices-pupil_5_7">'
        + HINT
        + '<table><caption id="indices-pupil_5_7">Indekser &lt;5–7&gt;</caption></table></div>'
    )


def test_the_id_is_escaped():
    template = Template("{% load table_scroll %}{% table_scroll key %}x{% endtable_scroll %}")

    html = template.render(Context({"key": '"><script>'}))

    assert html == (
        '<div class="table-wrap" role="region" tabindex="0" '
        f'aria-labelledby="&quot;&gt;&lt;script&gt;">{HINT}x</div>'
    )


def test_the_tag_needs_the_id_that_names_the_box():
    with pytest.raises(TemplateSyntaxError, match="needs the id of the element that names"):
        Template("{% load table_scroll %}{% table_scroll %}x{% endtable_scroll %}")


def test_no_template_makes_a_scroll_box_by_hand():
    """A box written by hand would miss the focus and the name the tag gives."""
    templates = Path(settings.BASE_DIR) / "samla"
    by_hand = [
        str(path.relative_to(templates))
        for path in sorted(templates.rglob("*.html"))
        if re.search(r"class=\"[^\"]*\btable-wrap\b", path.read_text(encoding="utf-8"))
    ]

    assert by_hand == []
