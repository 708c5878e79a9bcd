"""A staff rating of a child names the child on every page, as the slip does: first name
and the surname's initial, never more; codes that are not about one child name no one."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samla.surveys import services
from samla.surveys.models import Round, RoundInstrument
from samla.surveys.services.respondent import first_name_and_initial
from tests.surveys.test_collection import class_6a, pupil_version, survey_round  # noqa: F401

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"
ENTER = "/svar/"


def rating_round(kindergarten, programme, slug: str = "t3-vurdering") -> Round:
    """An open kindergarten round asking the library's staff rating of a child."""
    version = services.publish_instrument((LIBRARY / "barnehage_vurdering_barn.xlsx").read_bytes())
    now = timezone.now()
    round = Round.objects.create(
        programme=programme, name="T3", slug=slug,
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30), published=True,
    )  # fmt: skip
    round.units.add(kindergarten)
    RoundInstrument.objects.create(round=round, respondent_group="kg_child_rating", version=version)
    return round


def rating_code(round: Round, kindergarten, name: str) -> str:
    """The code on the slip of a child added to the first department's list as ``name``."""
    department = kindergarten.groups.order_by("pk").first()
    [child] = services.add_children(department, [name])
    pairs = services.issue_child_codes(round, department, "kg_child_rating")
    return next(code for rated, code in pairs if rated == child)


@pytest.fixture
def rating(demo_org):
    round = rating_round(demo_org.kindergarten, demo_org.kindergarten_programme)
    return rating_code(round, demo_org.kindergarten, "Aksel  Berg")


def english_client() -> Client:
    client = Client()
    client.cookies["samla_language"] = "en"
    return client


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Aksel Berg", "Aksel B."),
        ("Aksel B.", "Aksel B."),
        ("Anne-Marie Kristine van Dijk", "Anne-Marie D."),
        ("  Ida   ", "Ida"),
        ("", ""),
    ],
)
def test_the_name_is_cut_to_first_name_and_initial(name, shown):
    assert first_name_and_initial(name) == shown


def test_every_page_of_the_rating_and_the_send_page_name_the_child(rating):
    client = english_client()
    first = client.post(ENTER, {"code": rating, "language": "en"})
    pages = []
    location = first["Location"]
    while "/side/" in location:
        html = client.get(location).content.decode()
        pages.append(html)
        location = client.post(location, {"go": "next"})["Location"]
    confirm = client.get(reverse("answer:confirm")).content.decode()
    assert len(pages) == 3
    for html in [*pages, confirm]:
        assert '<p class="about-child">This questionnaire is about: Aksel B.</p>' in html
        assert "Berg" not in html


def test_a_page_of_the_rating_costs_one_query_more_than_a_pupils(
    rating, django_assert_max_num_queries
):
    client = english_client()
    client.post(ENTER, {"code": rating, "language": "en"})
    with django_assert_max_num_queries(3):
        html = client.get(reverse("answer:page", kwargs={"number": 0})).content.decode()
    assert "Aksel B." in html


def test_a_pupils_code_names_no_one_even_when_issued_for_a_child(
    survey_round,  # noqa: F811
    demo_org,
    class_6a,  # noqa: F811
):
    [child] = services.add_children(class_6a, ["Nora Tveit"])
    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1, group=class_6a,
                                  child=child)  # fmt: skip
    client = english_client()
    client.post(ENTER, {"code": code, "language": "en"})
    html = client.get(reverse("answer:page", kwargs={"number": 0})).content.decode()
    assert "Page 1 of" in html
    assert "about-child" not in html and "Nora" not in html
