"""Issue 22: the round's pages show the refusal of a questionnaire that does not fit the
kinds of the round's units — on the settings form, on the units page and on publishing —
and nothing changes."""

# ruff: noqa: F811 (pytest fixtures imported from the surveys tests)

from __future__ import annotations

import pytest
from django.urls import reverse

from samla.org.models import Enrolment
from samla.surveys import services
from samla.surveys.models import RoundInstrument, RoundState
from tests.conftest import client_for
from tests.surveys.test_collection import pupil_version  # noqa: F401
from tests.surveys.test_issue22_round_fit import (  # noqa: F401
    interview_version,
    school_round,
)


def _english_admin():
    admin = client_for("admin")
    admin.cookies["samla_language"] = "en"
    return admin


def test_the_settings_form_names_the_questionnaire_and_the_units(
    school_round, demo_org, interview_version
):
    services.set_round_units(school_round, [demo_org.school])
    url = reverse("portal:round_edit", kwargs={"slug": school_round.slug})

    response = _english_admin().post(
        url,
        {
            "name": "T4 changed",
            "slug": school_round.slug,
            "opens_at": school_round.opens_at.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": school_round.closes_at.strftime("%Y-%m-%dT%H:%M"),
            "consent_rule": "reservation",
            "q_kg_child": interview_version.pk,
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The questionnaire for Children (interview), “" in page
    assert f"these units are not kindergartens: {demo_org.school.name}." in page
    school_round.refresh_from_db()
    assert school_round.name == "T4"
    assert not RoundInstrument.objects.filter(round=school_round).exists()


def test_the_units_page_names_the_units_that_do_not_fit(
    school_round,
    demo_org,
    pupil_version,
):
    Enrolment.objects.create(unit=demo_org.kindergarten, programme=demo_org.school_programme)
    services.save_round(school_round, {"pupil_5_7": pupil_version})
    url = reverse("portal:round_units", kwargs={"slug": school_round.slug})

    response = _english_admin().post(
        url, {"action": "save", "units": [demo_org.school.pk, demo_org.kindergarten.pk]}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f"these units are kindergartens: {demo_org.kindergarten.name}." in page
    # The choice is kept on the page for a correction, but not saved.
    assert f'value="{demo_org.kindergarten.pk}" checked' in page
    assert not school_round.units.exists()


@pytest.mark.parametrize("confirm", ["", "yes"])
def test_publishing_a_round_that_does_not_fit_is_refused_before_anything_is_asked(
    school_round, demo_org, interview_version, confirm
):
    school_round.units.set([demo_org.school])
    RoundInstrument.objects.create(
        round=school_round, respondent_group="kg_child", version=interview_version
    )
    url = reverse("portal:round_action", kwargs={"slug": school_round.slug})

    response = _english_admin().post(url, {"action": "publish", "confirm": confirm}, follow=True)

    page = response.content.decode()
    assert f"these units are not kindergartens: {demo_org.school.name}." in page
    school_round.refresh_from_db()
    assert school_round.state() == RoundState.DRAFT
