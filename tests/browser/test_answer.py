"""A pupil answers on a small screen, in Bokmål and in English, with axe on every page."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from samla.org import demo
from samla.org.models import Unit
from samla.surveys import services
from samla.surveys.models import Response, Round, RoundInstrument
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser
LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"


@pytest.fixture
def pupil_code(live_server, transactional_db):
    demo.build_organisation()
    school = Unit.objects.get(name=demo.DEMO_SCHOOL)
    version = services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())
    now = timezone.now()
    round = Round.objects.create(
        programme=school.programmes.first(), name="T3", slug="t3-browser",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1), published=True,
    )  # fmt: skip
    round.units.add(school)
    RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
    [code] = services.issue_codes(round, school, "pupil_5_7", 1, group=school.groups.get(name="6A"))
    return live_server.url, code


@pytest.mark.parametrize(("language", "start", "next_label", "send"), [
    ("nb", "Start", "Neste", "Send"),
    ("en", "Start", "Next", "Send"),
])  # fmt: skip
def test_pupil_answers_every_page(pupil_code, page, language, start, next_label, send):
    site, code = pupil_code
    page.set_viewport_size({"width": 768, "height": 1024})  # an iPad
    page.goto(f"{site}/svar/")
    assert_accessible(page)
    page.locator("#id_code").fill(code)
    page.locator(f"input[name=language][value={language}]").check()
    page.get_by_role("button", name=start).click()
    assert page.locator("html").get_attribute("lang") == language
    pages = 0
    while page.get_by_role("button", name=send).count() == 0:
        assert_accessible(page)
        for group in page.locator("fieldset.question").all():
            group.locator("input").first.check()
        button = page.locator("button[name=go][value=next]")
        button.click()
        pages += 1
        assert pages < 10
    assert_accessible(page)
    page.get_by_role("button", name=send).click()
    assert_accessible(page)
    assert Response.objects.count() == 1
    assert pages == 3
