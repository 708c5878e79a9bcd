"""Issue 22: no name twice in one heading. An analysis started from a unit's index was
titled "<index> – <unit>", and the pages put the unit's name beside it again ("Bjørkely
skole – Støtte fra lærer – Bjørkely skole" at the learning caravan in the plan)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from samla.analysis import services
from samla.plans import services as plan_services
from samla.plans.services import ActivityInput
from samla.portal.views.analysis.overview import _suggested_title
from tests.conftest import client_for


def _english(username: str):
    client = client_for(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def test_the_suggested_title_leaves_the_units_name_out():
    assert _suggested_title("Støtte fra lærer", "Bjørkely skole", "Bjørkely skole") == (
        "Støtte fra lærer"
    )
    assert _suggested_title("Arbeidsro", "Bjørkely skole – 6A", "Bjørkely skole") == (
        "Arbeidsro – 6A"
    )


def test_the_start_page_suggests_the_index_without_the_unit(demo_org):
    round = demo_org.results_round()
    query = {"runde": round.slug, "node": f"unit:{demo_org.school.pk}"}
    query |= {"gruppe": "pupil_5_7", "indeks": "trivsel"}
    url = reverse("portal:analysis_start") + "?" + urlencode(query)

    page = _english("rektor").get(url).content.decode()

    suggested = re.search(r'name="title" value="([^"]*)"', page).group(1)
    assert suggested
    assert demo_org.school.name not in suggested


def test_a_title_that_names_the_unit_is_not_followed_by_the_unit(demo_org):
    school = demo_org.school.name
    analysis = demo_org.analysis(f"Støtte fra lærer – {school}")

    home = _english("rektor").get(reverse("portal:home")).content.decode()
    line = home.split('id="analyses-heading"', 1)[1].split("</li>", 1)[0]
    phase = _english("rektor").get(
        reverse("portal:analysis_phase", kwargs={"pk": analysis.pk, "phase": "problem"})
    )
    top = phase.content.decode().split("<main", 1)[1].split('class="phase-nav"', 1)[0]

    assert _text(line.split("<li>", 1)[1]).count(school) == 1
    assert _text(top).count(school) == 2  # the breadcrumbs and the title, not the lead
    lead = re.search(r'<p class="lead">(.*?)</p>', top, re.S).group(1)
    assert _text(lead) == "The group works on: Problem"


def test_a_title_without_the_unit_gets_it_beside_on_the_home_page(demo_org):
    demo_org.analysis("Trivsel i friminuttene")

    home = _english("rektor").get(reverse("portal:home")).content.decode()

    assert f"Trivsel i friminuttene</a> – {demo_org.school.name}: " in home


def test_the_learning_caravan_names_the_unit_once(demo_org):
    school = demo_org.school.name
    caravan = plan_services.add_activity(
        demo_org.plan(),
        ActivityInput(title="Læringskaravane: analyser deles", term="spring", when_text="Mars"),
    )
    for title in (f"Støtte fra lærer – {school}", "Trivsel i friminuttene"):
        services.link_caravan(demo_org.analysis(title), demo_org.user("rektor"), caravan.pk)

    html = _english("rektor").get(reverse("portal:plan", kwargs=demo_org.plan_kwargs()))
    row = html.content.decode().split(f'<tr id="activity-{caravan.pk}"', 1)[1]
    items = re.findall(r"<li>(.*?)</li>", row.split('class="presented-analyses"', 1)[1], re.S)

    assert [_text(item) for item in items] == [
        f"Støtte fra lærer – {school}",
        f"{school} – Trivsel i friminuttene",
    ]


def test_the_learning_groups_lead_leaves_the_unit_to_the_breadcrumbs(demo_org):
    group = demo_org.learning_group()

    page = _english("rektor").get(reverse("portal:learning_group", args=[group.pk]))
    top = page.content.decode().split("<main", 1)[1].split('class="actions"', 1)[0]

    assert _text(top).count(demo_org.school.name) == 1
    lead = re.search(r'<p class="lead">(.*?)</p>', top, re.S).group(1)
    assert _text(lead).startswith(f"{group.school_year} – group leader: ")
