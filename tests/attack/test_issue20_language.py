"""Attack on issue 20's words in time: a text written when it is sent must still be true
then. The daily digest goes once a day, so a notification made after the day's digest
waits for the next morning's."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from samla.core.time import OSLO
from samla.learning import services as learning
from samla.notifications.kinds import Channel, Kind
from samla.notifications.models import DigestSent, MailChoice
from samla.notifications.services import run_due
from tests.notifications.conftest import _smtp_server, smtp  # noqa: F401  (fixtures)
from tests.notifications.test_mail_support import text_of


def test_a_meeting_planned_after_the_days_digest_is_not_called_tomorrow_on_its_day(
    demo_org,
    smtp,  # noqa: F811
):
    teacher = demo_org.user("laerer")
    teacher.language = "en"
    teacher.save(update_fields=["language"])
    MailChoice.objects.create(person=teacher, kind=Kind.MEETING_TOMORROW, channel=Channel.DIGEST)
    group = demo_org.learning_group()
    day = timezone.localdate() + timedelta(days=3)
    before = datetime.combine(day - timedelta(days=1), time(7, 30), tzinfo=OSLO)
    # The day before, this morning's digest has gone.
    DigestSent.objects.create(person=teacher, day=before.date(), claimed_at=before, sent_at=before)
    module = group.unit.package_choices.first().package.modules.get(number=2)
    learning.plan_meeting(
        group, learning.MeetingInput(day, time(14, 0), time(15, 30), module.pk, "Rom 2")
    )
    smtp.clear()

    run_due(before + timedelta(hours=5))  # planned at noon the day before: made now
    run_due(datetime.combine(day, time(7, 30), tzinfo=OSLO))  # the meeting's own morning

    [digest] = smtp.to(teacher.email)
    assert "Learning-group meeting" in text_of(digest)
    assert "tomorrow" not in text_of(digest)
