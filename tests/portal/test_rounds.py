"""Round pages for administrators, and the children's lists for unit leaders."""

from __future__ import annotations

from django.urls import reverse

from samla.surveys import services
from samla.surveys.models import AccessCode, Reservation, Round, RoundState
from tests.conftest import client_for
from tests.surveys.test_collection import class_6a, pupil_version, survey_round  # noqa: F401


def test_admin_creates_configures_and_publishes_a_round(demo_org, pupil_version):  # noqa: F811
    admin = client_for("admin")
    form = admin.get(reverse("portal:round_new")).content.decode()
    assert 'type="datetime-local"' in form and "q_pupil_5_7" in form
    response = admin.post(
        reverse("portal:round_new"),
        {
            "programme": demo_org.school_programme.pk,
            "name": "T4",
            "slug": "",
            "opens_at": "2027-10-15T08:00",
            "closes_at": "2027-11-30T23:59",
            "results_release_on": "2028-01-15",
            "consent_rule": "reservation",
            "q_pupil_5_7": pupil_version.pk,
        },
    )
    round = Round.objects.get(name="T4")
    assert response["Location"] == reverse("portal:round", kwargs={"slug": round.slug})
    assert round.slug == f"{demo_org.school_programme.slug}-t4-2027"
    assert round.opens_at.hour == 6  # 08:00 in Oslo in October is 06:00 UTC
    assert round.instruments.get().version == pupil_version
    page = admin.get(response["Location"]).content.decode()
    assert "Kladd" in page and "Publiser runden" in page
    # Publishing without units is refused with a reason, and nothing changes.
    admin.post(reverse("portal:round_action", kwargs={"slug": round.slug}), {"action": "publish"})
    round.refresh_from_db()
    assert not round.published
    units = admin.get(reverse("portal:round_units", kwargs={"slug": round.slug})).content.decode()
    assert demo_org.school.name in units
    admin.post(
        reverse("portal:round_units", kwargs={"slug": round.slug}), {"units": [demo_org.school.pk]}
    )
    admin.post(
        reverse("portal:round_action", kwargs={"slug": round.slug}),
        {"action": "publish", "confirm": "yes"},  # asked first (tests/portal/test_issue22_*)
    )
    round.refresh_from_db()
    assert round.state() == RoundState.SCHEDULED
    assert list(round.units.all()) == [demo_org.school]
    page = admin.get(response["Location"]).content.decode()
    assert "Resultatene lages automatisk når runden stenger, 30. november 2027" in page


def test_a_draft_is_for_administrators_only(demo_org):
    round = Round.objects.create(
        programme=demo_org.school_programme,
        name="T9",
        slug="t9-draft",
        opens_at="2030-10-15T08:00+02:00",
        closes_at="2030-11-30T23:00+01:00",
    )
    url = reverse("portal:round", kwargs={"slug": round.slug})
    assert client_for("admin").get(url).status_code == 200
    assert client_for("rektor").get(url).status_code == 404
    listed = client_for("rektor").get(reverse("portal:rounds")).content.decode()
    assert url not in listed  # no link to the draft (its name could occur in a token)


def test_closing_before_opening_is_refused(demo_org, survey_round):  # noqa: F811
    admin = client_for("admin")
    url = reverse("portal:round_edit", kwargs={"slug": survey_round.slug})
    page = admin.post(
        url,
        {"name": "T3", "slug": survey_round.slug, "opens_at": "2026-11-30T08:00",
         "closes_at": "2026-10-01T08:00", "consent_rule": "reservation"},
    ).content.decode()  # fmt: skip
    assert "Runden må stenge etter at den åpner." in page


def test_leader_keeps_the_list_reserves_and_prints_codes_per_child(
    demo_org,
    survey_round,  # noqa: F811
    class_6a,  # noqa: F811
):
    rektor = client_for("rektor")
    url = reverse(
        "portal:group_children", kwargs={"slug": survey_round.slug, "group_pk": class_6a.pk}
    )
    rektor.post(url, {"action": "add", "names": "Ada L.\nBo K.\n\nCai M."})
    page = rektor.get(url).content.decode()
    assert "Ada L." in page and "Cai M." in page
    bo = class_6a.children.get(name_record__name="Bo K.")
    rektor.post(url, {"action": "reserve", "child": bo.pk})
    assert Reservation.objects.filter(round=survey_round, child=bo).exists()
    response = rektor.post(url, {"action": "codes", "respondent_group": "pupil_5_7"})
    assert response["Content-Type"] in ("application/pdf", "text/html; charset=utf-8")
    assert AccessCode.objects.filter(round=survey_round, child__isnull=False).count() == 2
    assert not AccessCode.objects.filter(child=bo).exists()
    lists = rektor.get(reverse("portal:children", kwargs={"slug": survey_round.slug}))
    assert "6A" in lists.content.decode()
    # The child's name is in the leader's list, never in anything the code leads to.
    [code] = [c for c in services.issue_child_codes(survey_round, class_6a, "pupil_5_7")][:1]
    assert "Ada" not in str(code[0].pseudonym)


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_round_pages_keep_their_number_of_queries(
    demo_org,
    survey_round,  # noqa: F811
    class_6a,  # noqa: F811
):
    rektor, admin = client_for("rektor"), client_for("admin")
    group_url = reverse(
        "portal:group_children", kwargs={"slug": survey_round.slug, "group_pk": class_6a.pk}
    )
    lists_url = reverse("portal:children", kwargs={"slug": survey_round.slug})
    services.add_children(class_6a, ["Ada", "Bo"])
    few = (
        _queries(rektor, group_url),
        _queries(rektor, lists_url),
        _queries(admin, "/kartlegging/"),
    )
    children = services.add_children(class_6a, [f"Barn {n}" for n in range(12)])
    for child in children[:4]:
        services.reserve_child(survey_round, child)
    services.issue_child_codes(survey_round, class_6a, "pupil_5_7")
    for number in range(3):
        Round.objects.create(
            programme=demo_org.school_programme,
            name=f"T{number + 5}",
            slug=f"t{number + 5}-more",
            opens_at="2030-10-15T08:00+02:00",
            closes_at="2030-11-30T23:00+01:00",
        )
    many = (
        _queries(rektor, group_url),
        _queries(rektor, lists_url),
        _queries(admin, "/kartlegging/"),
    )
    assert many == few
