"""Issue 22: publishing a round asks first, with a summary — the units (per owner), the
questionnaire per respondent group, the window, the consent rule of each group answered per
child, the release date — and only the confirmed post publishes."""

# ruff: noqa: F811 (pytest fixtures imported from the surveys tests)

from __future__ import annotations

from datetime import date

from django.urls import reverse

from samla.core.text import label_in
from samla.org.models import Unit
from samla.surveys import services
from samla.surveys.models import ConsentRule, Round, RoundState
from tests.conftest import client_for
from tests.surveys.test_collection import LIBRARY, pupil_version  # noqa: F401
from tests.surveys.test_issue22_round_fit import school_round  # noqa: F401


def _admin():
    admin = client_for("admin")
    admin.cookies["samla_language"] = "en"
    return admin


def _ready(round, demo_org, version) -> list[Unit]:
    trysil = list(Unit.objects.filter(owner__name="Trysil kommune", kind="grunnskole"))
    services.set_round_units(round, [demo_org.school, *trysil])
    services.save_round(round, {"pupil_5_7": version})
    Round.objects.filter(pk=round.pk).update(
        results_release_on=date(2031, 1, 15), consent_rule=ConsentRule.OPT_IN
    )
    return trysil


def test_publishing_shows_a_summary_and_publishes_nothing(school_round, demo_org, pupil_version):
    trysil = _ready(school_round, demo_org, pupil_version)
    url = reverse("portal:round_action", kwargs={"slug": school_round.slug})

    response = _admin().post(url, {"action": "publish"})

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="confirm-heading">Publish T4?</h1>' in page
    assert f"{1 + len(trysil)} units take part" in page
    names = ", ".join(sorted(unit.name for unit in trysil))
    assert f"<strong>Trysil kommune</strong> ({len(trysil)}): {names}</li>" in page
    assert f"<strong>Hamar kommune</strong> (1): {demo_org.school.name}</li>" in page
    title = label_in(pupil_version.title, "en")
    assert f"<strong>Pupils, grades 5–7</strong>: {title} ({pupil_version.version})" in page
    assert "<strong>Pupils, grades 5–7</strong>: Guardians must consent</li>" in page
    assert "<dt>Results released on</dt><dd>15 Jan 2031</dd>" in page
    assert 'name="confirm" value="yes"' in page and 'name="action" value="publish"' in page
    school_round.refresh_from_db()
    assert school_round.state() == RoundState.DRAFT


def test_the_confirmed_post_publishes(school_round, demo_org, pupil_version):
    _ready(school_round, demo_org, pupil_version)
    url = reverse("portal:round_action", kwargs={"slug": school_round.slug})

    response = _admin().post(url, {"action": "publish", "confirm": "yes"}, follow=True)

    assert "The round is published. It opens by itself at the set time." in (
        response.content.decode()
    )
    school_round.refresh_from_db()
    assert school_round.state() == RoundState.SCHEDULED


def test_a_round_that_cannot_be_published_is_refused_without_a_summary(school_round):
    url = reverse("portal:round_action", kwargs={"slug": school_round.slug})

    response = _admin().post(url, {"action": "publish"}, follow=True)

    page = response.content.decode()
    assert "Choose the units that take part before the round is published." in page
    assert "confirm-heading" not in page
    school_round.refresh_from_db()
    assert school_round.state() == RoundState.DRAFT


def test_without_a_release_date_or_questions_per_child_the_summary_says_so(school_round, demo_org):
    teacher = services.publish_instrument((LIBRARY / "laerer.xlsx").read_bytes())
    services.set_round_units(school_round, [demo_org.school])
    services.save_round(school_round, {"teacher": teacher})

    page = (
        _admin()
        .post(
            reverse("portal:round_action", kwargs={"slug": school_round.slug}),
            {"action": "publish"},
        )
        .content.decode()
    )

    assert "Not set: the results are released by hand." in page
    assert "No questionnaire of the round is answered per child" in page


def test_others_cannot_reach_the_summary(school_round, demo_org, pupil_version):
    _ready(school_round, demo_org, pupil_version)
    url = reverse("portal:round_action", kwargs={"slug": school_round.slug})

    assert client_for("rektor").post(url, {"action": "publish"}).status_code == 404
    assert client_for("region").post(url, {"action": "publish"}).status_code in (403, 404)
    school_round.refresh_from_db()
    assert school_round.state() == RoundState.DRAFT
