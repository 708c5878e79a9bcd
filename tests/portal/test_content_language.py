"""Text in another language than the page's carries ``lang`` (WCAG 3.1.2): typed text
(Bokmål, or the unit's language form) on a Nynorsk or English page, and a questionnaire's
label that falls back to another language; nothing where the languages agree."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from samla.learning import services
from tests.conftest import client_for


def render(template: str, page_language: str, **context) -> str:
    with translation.override(page_language):
        return Template("{% load content_language %}" + template).render(Context(context))


@pytest.mark.parametrize(
    ("page_language", "source", "expected"),
    [
        ("nb", None, ""),
        ("nn", None, ' lang="nb"'),
        ("en", None, ' lang="nb"'),
        ("nn", "nn", ""),
        ("nb", "nn", ' lang="nn"'),
        ("en", "nn", ' lang="nn"'),
        ("nb", "", ""),  # a unit without a language form: Bokmål
        ("nb", "se", ""),  # Sami schools' staff write here in Norwegian: Bokmål the guess
    ],
)
def test_lang_attr_marks_typed_text_only_on_a_page_in_another_language(
    page_language, source, expected
):
    assert render("{% lang_attr source %}", page_language, source=source) == expected


def test_in_language_wraps_a_block_and_escapes_what_is_not_safe_yet():
    text = "Vi <prøvde>\n\nrelasjonsspiralen."

    english = render("{{ text|linebreaks|in_language }}", "en", text=text)
    raw = render("{{ text|in_language }}", "en", text=text)
    bokmal = render("{{ text|linebreaks|in_language }}", "nb", text=text)
    nynorsk_unit = render("{{ text|linebreaks|in_language:'nn' }}", "nn", text=text)

    paragraphs = "<p>Vi &lt;prøvde&gt;</p>\n\n<p>relasjonsspiralen.</p>"
    assert english == f'<div lang="nb">{paragraphs}</div>'
    assert raw == '<div lang="nb">Vi &lt;prøvde&gt;\n\nrelasjonsspiralen.</div>'
    assert bokmal == paragraphs
    assert nynorsk_unit == paragraphs
    assert render("{{ text|in_language }}", "en", text="") == ""


LABELS = {"nb": "Jeg trives <godt>", "nn": "", "en": "I like it <here>"}


@pytest.mark.parametrize(
    ("page_language", "fallback", "expected"),
    [
        ("nb", None, "Jeg trives &lt;godt&gt;"),
        ("en", None, "I like it &lt;here&gt;"),
        ("nn", None, '<span lang="nb">Jeg trives &lt;godt&gt;</span>'),
        ("nn", "en", '<span lang="en">I like it &lt;here&gt;</span>'),
    ],
)
def test_a_label_that_falls_back_is_marked_with_its_language(page_language, fallback, expected):
    source = "{% label labels fallback %}" if fallback else "{% label labels %}"

    assert render(source, page_language, labels=LABELS, fallback=fallback) == expected


def test_an_old_plain_label_is_shown_unmarked():
    assert render("{% label labels %}", "en", labels="Trivsel") == "Trivsel"


@pytest.mark.parametrize(
    ("page_language", "language", "expected"),
    [("nn", "nb", ' lang="nb"'), ("nb", "nb", ""), ("en", None, ""), ("en", "", "")],
)
def test_lang_if_other_marks_a_label_picked_in_python(page_language, language, expected):
    assert render("{% lang_if_other language %}", page_language, language=language) == expected


def _reading(username: str, language: str):
    client = client_for(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_a_package_read_in_english_marks_its_bokmal_texts(demo_org):
    package = demo_org.learning_package()
    module = package.modules.get(number=2)
    module.purpose = "Elevene skal oppleve struktur."
    module.save()
    url = reverse(
        "portal:package", kwargs={"slug": demo_org.school_programme.slug, "pk": package.pk}
    )

    english = _reading("laerer", "en").get(url).content.decode()
    bokmal = _reading("laerer", "nb").get(url).content.decode()

    assert '<h1 lang="nb">Klasseledelse i praksis</h1>' in english
    assert '<div lang="nb"><p>Elevene skal oppleve struktur.</p></div>' in english
    assert f'<h3 id="module-{module.pk}-heading" lang="nb">2. Relasjoner' in english
    assert "<h1>Klasseledelse i praksis</h1>" in bokmal
    assert "<p>Elevene skal oppleve struktur.</p>" in bokmal
    assert '<div lang="nb">' not in bokmal


def test_meeting_notes_are_marked_with_the_units_language_form(demo_org):
    group = demo_org.learning_group()
    school = group.unit
    school.language_form = "nn"
    school.save(update_fields=["language_form"])
    meeting = demo_org.meeting(held=True)
    url = reverse("portal:meeting", kwargs={"pk": meeting.pk})

    bokmal = _reading("laerer", "nb").get(url).content.decode()
    nynorsk = _reading("laerer", "nn").get(url).content.decode()

    assert '<div lang="nn"><p>God samtale.</p></div>' in bokmal
    assert "<p>God samtale.</p>" in nynorsk
    assert '<div lang="nn">' not in nynorsk


def test_the_plan_marks_its_activities_on_an_english_page(demo_org):
    plan = demo_org.plan()
    url = reverse("portal:plan", kwargs=demo_org.plan_kwargs())

    english = _reading("admin", "en").get(url).content.decode()
    bokmal = _reading("admin", "nb").get(url).content.decode()

    assert '<span class="activity-title" lang="nb">Regional samling</span>' in english
    assert '<span class="when-text" lang="nb">Oktober</span>' in english
    assert '<span class="activity-title">Regional samling</span>' in bokmal
    assert plan.activities.exists()


def test_a_condition_the_unit_reads_is_marked(demo_org):
    services.add_condition(demo_org.school_programme, "Hele ledelsen deltar")
    url = reverse("portal:conditions", kwargs={"slug": demo_org.school_programme.slug})

    english = _reading("laerer", "en").get(url).content.decode()

    assert '<span lang="nb">Hele ledelsen deltar</span>' in english


def test_result_labels_only_in_bokmal_carry_lang_on_an_english_page(demo_org):
    """An uploaded questionnaire may name an index and its items in Bokmål only: on an
    English page the label is marked lang="nb" (WCAG 3.1.2); labels in English are not."""
    from samla.surveys.models import InstrumentVersion

    round = demo_org.results_round()
    version = round.instruments.get().version
    definition = version.definition
    scale = next(s for s in definition["scales"] if s["code"] == "trivsel")
    scale["label"] = {"nb": scale["label"]["nb"]}
    item_code = scale["item_codes"][0]
    item = next(i for i in definition["items"] if i["code"] == item_code)
    item["label"] = {"nb": item["label"]["nb"]}
    InstrumentVersion.objects.filter(pk=version.pk).update(
        definition=definition, content_hash="only-bokmal-" + version.content_hash[:20]
    )
    client = client_for("rektor")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    unit = demo_org.school.pk
    page = client.get(
        reverse("portal:node_results", args=[round.slug, "unit", unit])
    ).content.decode()
    assert re.search(r'<th scope="row" lang="nb"><a [^>]*>' + re.escape(scale["label"]["nb"]), page)
    assert '<th scope="row" lang="nb"><a' in page
    assert page.count('<th scope="row" lang="nb"><a') == 1  # the other indices are in English
    detail = client.get(
        reverse("portal:scale_results", args=[round.slug, "unit", unit, "pupil_5_7", "trivsel"])
    ).content.decode()
    assert f'<h3><span lang="nb">{item["label"]["nb"]}</span>' in detail
    assert "<h3><span>" in detail  # the items with an English label are not marked
