"""Every questionnaire in Samla's library answered in a real browser, in Bokmål, Nynorsk
and English, with axe on every respondent page — the child interview's symbol buttons and
the staff rating of a child included — and the read-aloud buttons where JavaScript runs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from samla.org import demo
from samla.org.models import Unit
from samla.surveys import services
from samla.surveys.models import Child, Response, Round, RoundInstrument
from samla.surveys.xlsform import read_xlsform
from tests.browser.conftest import assert_accessible

# The pages in three languages, the same on either database (answering every library form
# is simulated on both, tests/surveys/test_simulate.py): in the SQLite suite only.
pytestmark = [pytest.mark.browser, pytest.mark.one_database("sqlite")]
LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"
FORMS = sorted(path.name for path in LIBRARY.glob("*.xlsx"))
BUTTONS = {  # (start, next, finish, send) as the pages say them
    "nb": ("Start", "Neste", "Ferdig", "Send"),
    "nn": ("Start", "Neste", "Ferdig", "Send"),
    "en": ("Start", "Next", "Finish", "Send"),
}
READ_ALOUD = {"nb": "Les opp", "nn": "Les opp", "en": "Read aloud"}


def _code_for(file_name: str) -> tuple[str, int]:
    """A fresh open round with this questionnaire, and a code for it (per child where the
    respondent group needs one); returns the code and the number of pages."""
    demo.build_organisation()
    source = (LIBRARY / file_name).read_bytes()
    instrument = read_xlsform(source)
    key = instrument.respondent_group
    version = services.publish_instrument(source)
    school = Unit.objects.get(name=demo.DEMO_SCHOOL, owner__name="Hamar kommune")
    kindergarten = Unit.objects.get(name=demo.DEMO_KINDERGARTEN, owner__name="Hamar kommune")
    unit = kindergarten if key.startswith("kg_") else school
    now = timezone.now()
    round = Round.objects.create(
        programme=unit.programmes.first(), name="T3", slug=f"t3-{key}",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1), published=True,
    )  # fmt: skip
    round.units.add(unit)
    RoundInstrument.objects.create(round=round, respondent_group=key, version=version)
    group = unit.groups.order_by("name").first()
    child = None
    if key in services.per_child_groups(round):
        child = Child.objects.create(group=group, pseudonym=f"BT{key[:10]}")
    [code] = services.issue_codes(round, unit, key, 1, group=group, child=child)
    return code, len(instrument.pages)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("file_name", FORMS)
def test_every_library_questionnaire_in_every_language(
    live_server, transactional_db, page, file_name, language
):
    code, page_count = _code_for(file_name)
    start, next_label, finish_label, send = BUTTONS[language]
    page.set_viewport_size({"width": 768, "height": 1024})  # an iPad
    page.goto(f"{live_server.url}/svar/")
    page.locator("#id_code").fill(code)
    page.locator(f"input[name=language][value={language}]").check()
    page.get_by_role("button", name=start).click()
    assert page.locator("html").get_attribute("lang") == language
    seen = 0
    while page.get_by_role("button", name=send, exact=True).count() == 0:
        assert_accessible(page)
        questions = page.locator(".question, .note")
        # Read aloud: one button per question or note where speech synthesis exists.
        if page.evaluate("'speechSynthesis' in window"):
            buttons = page.get_by_role("button", name=READ_ALOUD[language])
            assert buttons.count() == questions.count()
        if "barnesamtale" in file_name:
            # Large answer buttons with a symbol for each choice.
            for group in page.locator("fieldset.question").all():
                assert group.locator(".choices--symbols svg.symbol").count() >= 2
        for group in page.locator("fieldset.question").all():
            group.locator("input").last.check()  # the happy end, so follow-ups open too
        for number in page.locator("input[type=number]").all():
            number.fill(number.get_attribute("min") or "1")
        forward = page.locator("button[name=go][value=next]")
        assert forward.inner_text() in (next_label, finish_label)
        forward.click()
        seen += 1
        assert seen <= page_count
    assert_accessible(page)
    page.get_by_role("button", name=send, exact=True).click()
    assert_accessible(page)
    assert Response.objects.count() == 1


def test_without_javascript_no_read_aloud_and_symbols_still_answer(
    live_server, transactional_db, browser
):
    code, _pages = _code_for("barnehage_barnesamtale.xlsx")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/svar/")
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="Start").click()
    while page.get_by_role("button", name="Send", exact=True).count() == 0:
        assert page.locator(".read-aloud").count() == 0
        for group in page.locator("fieldset.question").all():
            group.locator("label.choice").first.click()  # the whole button is the label
        page.locator("button[name=go][value=next]").click()
    page.get_by_role("button", name="Send", exact=True).click()
    context.close()
    assert Response.objects.count() == 1
