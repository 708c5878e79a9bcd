"""Issue 22, answering, in a real browser with axe on every page: the staff rating of a
child names the child on every page."""

from __future__ import annotations

import pytest

from samla.org import demo
from samla.surveys.answers import unpack_answers
from samla.surveys.models import Response
from tests.answer.test_issue22_child import rating_code, rating_round
from tests.browser.conftest import assert_accessible
from tests.conftest import DemoOrg

pytestmark = pytest.mark.browser


@pytest.fixture
def rating(live_server, transactional_db):
    demo.build_organisation()
    demo_org = DemoOrg()
    round = rating_round(demo_org.kindergarten, demo_org.kindergarten_programme, "t3-b-vurdering")
    return live_server.url, rating_code(round, demo_org.kindergarten, "Aksel Berg")


def enter(page, site: str, code: str, language: str = "en") -> None:
    page.goto(f"{site}/svar/")
    page.locator("#id_code").fill(code)
    page.locator(f"input[name=language][value={language}]").check()
    page.locator("main button[type=submit]").click()


def test_every_page_of_a_staff_rating_names_the_child_as_the_slip_does(rating, page):
    site, code = rating
    page.set_viewport_size({"width": 768, "height": 1024})
    enter(page, site, code)
    named = []
    while page.get_by_role("button", name="Send", exact=True).count() == 0:
        assert_accessible(page)
        named.append(page.locator(".about-child").inner_text())
        page.locator("button[name=go][value=next]").click()
        assert len(named) < 5
    assert_accessible(page)
    named.append(page.locator(".about-child").inner_text())
    assert named == ["This questionnaire is about: Aksel B."] * 4
    assert page.get_by_text("Berg").count() == 0


LOOK = "font-size font-family padding-top padding-left border-top-width border-top-style height"


def test_the_age_box_looks_like_a_text_field_with_its_unit_beside_it(rating, page):
    site, code = rating
    page.set_viewport_size({"width": 375, "height": 740})  # a phone
    enter(page, site, code)
    age = page.get_by_label("How old is the child?")
    assert age.get_attribute("type") == "number"
    # A text field made beside it for the comparison, with the same rules applying.
    looks = age.evaluate(
        """(box, properties) => {
            const text = document.createElement("input");
            text.type = "text";
            box.parentElement.appendChild(text);
            const look = (element) => properties.split(" ").map(
                (name) => getComputedStyle(element).getPropertyValue(name));
            const both = [look(box), look(text)];
            text.remove();
            return both;
        }""",
        LOOK,
    )
    assert looks[0] == looks[1]
    box, unit = age.bounding_box(), page.locator("#q-alder-unit").bounding_box()
    assert page.locator("#q-alder-unit").inner_text() == "years"
    assert box["width"] > 200
    assert unit["x"] >= box["x"] + box["width"]
    assert box["y"] <= unit["y"] + unit["height"] / 2 <= box["y"] + box["height"]
    assert_accessible(page)
    age.fill("4")
    page.locator("button[name=go][value=next]").click()
    page.locator("button[name=go][value=back]").click()
    assert page.get_by_label("How old is the child?").input_value() == "4"


@pytest.mark.parametrize("javascript", [True, False])
def test_coming_back_with_the_code_greets_and_opens_the_first_page_not_answered(
    rating, browser, javascript
):
    site, code = rating
    first = browser.new_context(java_script_enabled=javascript)
    page = first.new_page()
    enter(page, site, code)
    page.get_by_label("How old is the child?").fill("5")
    page.locator("button[name=go][value=next]").click()
    page.locator("input[name=sprak_1][value='4']").check()
    first.close()  # the browser closes on page 2: its answers were not saved
    later = browser.new_context(java_script_enabled=javascript)
    page = later.new_page()
    enter(page, site, code)
    assert page.get_by_role("status").inner_text() == (
        "Welcome back! You continue on the first page you have not answered yet."
    )
    assert page.locator(".progress-text").inner_text() == "Page 2 of 3"
    assert page.locator("h1").inner_text() == "Language"
    if javascript:  # axe runs as a script in the page
        assert_accessible(page)
    page.locator("button[name=go][value=back]").click()
    assert page.get_by_label("How old is the child?").input_value() == "5"
    assert page.get_by_role("status").count() == 0
    later.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_language_switches_on_every_page_and_the_answers_stay(rating, browser, javascript):
    site, code = rating
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()

    def accessible() -> None:
        if javascript:  # axe runs as a script in the page
            assert_accessible(page)

    enter(page, site, code, language="nb")
    page.get_by_label("Hvor gammelt er barnet?").fill("3")
    page.get_by_role("button", name="Neste").click()
    page.locator("input[name=sprak_1][value='2']").check()
    page.locator("input[name=sprak_2][value='5']").check()
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Language"
    assert page.locator(".progress-text").inner_text() == "Page 2 of 3"
    assert page.locator("input[name=sprak_1][value='2']").is_checked()
    assert page.locator("input[name=sprak_2][value='5']").is_checked()
    assert page.get_by_role("button", name="English").get_attribute("aria-current") == "true"
    accessible()
    page.get_by_role("button", name="Nynorsk").click()
    assert page.locator("html").get_attribute("lang") == "nn"
    page.get_by_role("button", name="Tilbake").click()
    assert page.get_by_label("Kor gammalt er barnet?").input_value() == "3"
    page.get_by_role("button", name="Neste").click()
    page.get_by_role("button", name="Neste").click()
    page.get_by_role("button", name="Ferdig").click()
    # The send page switches too, and sends nothing.
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Send your answers"
    accessible()
    page.get_by_role("button", name="Send", exact=True).click()
    assert page.locator("h1").inner_text() == "Thank you for answering!"
    context.close()
    response = Response.objects.get()
    answers = unpack_answers(response.version.instrument(), bytes(response.answers))
    assert (answers["alder"], answers["sprak_1"], answers["sprak_2"]) == (3, "2", "5")
