"""Attack on issue 20's privacy: what the notifications keep (``Notification.params``) and
what the e-mails say, with a comment that names a pupil and an address, an analysis
shared, a meeting, and a round opening and halfway with a class of two codes.

Decided for the low-rate reminder: the per-class rate ("6A: 0 % (0 of 2)") goes only to
the unit's leaders, and it is exactly what the response monitor shows them (counts of
codes used, never an answer; docs/privacy.md lets the monitor and the children list show
which codes have answered). The results' anonymity threshold protects answers, not
participation, so a class of one or two codes tells the leader nothing the monitor does
not. Teachers of the class get no such reminder and cannot open the monitor."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samla.analysis import services as analysis_services
from samla.analysis.models import Phase
from samla.notifications.kinds import Kind
from samla.notifications.models import Notification
from samla.notifications.services import run_due
from samla.org.models import Person
from tests.attack.test_issue20_injection import _meeting_with_place
from tests.conftest import client_for
from tests.notifications.conftest import _smtp_server, smtp  # noqa: F401  (fixtures)
from tests.notifications.test_mail_support import html_of, text_of

SECRET = "Ola Pupilsen (ola.pupilsen@example.test) gruer seg for friminuttene"


def _everything_due(demo_org):
    analysis = demo_org.analysis()
    analysis_services.add_comment(analysis, demo_org.user("ppt"), Phase.PROBLEM, SECRET)
    analysis_services.share_with_owner(analysis, demo_org.user("rektor"))
    round = demo_org.survey_round()
    _meeting, evening = _meeting_with_place(demo_org, "Møterom 2")
    return [timezone.now(), evening, round.opens_at + (round.closes_at - round.opens_at) / 2]


def test_no_notification_keeps_or_mails_others_personal_data(demo_org, smtp):  # noqa: F811
    moments = _everything_due(demo_org)

    for moment in moments:
        run_due(moment)

    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {
        Kind.ANALYSIS_COMMENT,
        Kind.ANALYSIS_SHARED,
        Kind.ROUND_OPENED,
        Kind.ROUND_LOW_RATE,
        Kind.MEETING_TOMORROW,
    } <= kinds
    people = list(Person.objects.all())
    stored = {
        person_id: str(params)
        for person_id, params in Notification.objects.values_list("person_id", "params")
    }
    for person_id, params in stored.items():
        assert "Pupilsen" not in params and "@" not in params
        for other in people:
            if other.pk != person_id and other.last_name:
                assert other.get_full_name() not in params
    assert smtp.messages
    for message in smtp.messages:
        words = text_of(message) + html_of(message) + str(message["Subject"])
        assert "Pupilsen" not in words and "example.test" not in words
        for other in people:
            if other.email and other.email != message["To"]:
                assert other.email not in words
                if other.last_name:
                    assert other.get_full_name() not in words


def test_the_per_class_rate_goes_to_the_leaders_only_and_is_what_their_monitor_shows(
    demo_org,
):
    round = demo_org.survey_round()
    middle = round.opens_at + (round.closes_at - round.opens_at) / 2

    run_due(middle + timedelta(minutes=1))

    rows = list(Notification.objects.filter(kind=Kind.ROUND_LOW_RATE).select_related("person"))
    assert rows and {row.params["classes"][0]["name"] for row in rows} == {"6A"}
    assert {(c["submitted"], c["issued"]) for row in rows for c in row.params["classes"]} == {
        (0, 2)
    }
    for row in rows:
        assert client_for(row.person.username).get(row.link).status_code == 200
    leaders = {row.person.username for row in rows}
    assert "laerer" not in leaders
    assert client_for("laerer").get(rows[0].link).status_code in (403, 404)
