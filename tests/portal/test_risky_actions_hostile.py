"""Attack (issue 17): risky actions ask first. A GET never acts, a confirmed post without
the CSRF token is refused, the question is not shown to someone who may not act, and the
echoed fields are escaped. Held."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from samla.learning.models import Meeting, MeetingStatus
from samla.org.models import Person
from tests.conftest import client_for


def _planned(demo_org) -> Meeting:
    return demo_org.meeting(held=False)


def _url(meeting) -> str:
    return reverse("portal:meeting_action", kwargs={"pk": meeting.pk})


def test_a_get_never_removes_the_meeting(demo_org):
    meeting = _planned(demo_org)
    response = client_for("rektor").get(_url(meeting) + "?action=delete&confirm=yes")
    assert response.status_code == 405
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_confirmed_post_without_the_token_is_refused(demo_org):
    meeting = _planned(demo_org)
    client = Client(enforce_csrf_checks=True)
    client.force_login(Person.objects.get(username="rektor"))
    response = client.post(_url(meeting), {"action": "delete", "confirm": "yes"})
    assert response.status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_the_question_is_not_shown_to_someone_who_may_not_act(demo_org):
    meeting = _planned(demo_org)
    for username in ("laerer", "eier", "region"):
        response = client_for(username).post(_url(meeting), {"action": "cancel"})
        assert response.status_code in (403, 404), username
        assert meeting.group.name not in response.content.decode(), username
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_the_first_post_asks_and_changes_nothing_and_echoed_fields_are_escaped(demo_org):
    meeting = _planned(demo_org)
    hostile = '"><script>alert(1)</script>'
    response = client_for("rektor").post(_url(meeting), {"action": "delete", "x": hostile})
    text = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in text
    assert 'name="confirm" value="yes"' in text
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    # A forged confirm=yes in the first post's echoed fields is not posted back twice.
    again = client_for("rektor").post(_url(meeting), {"action": "delete", "confirm": "no"})
    assert again.status_code == 200 and text.count('name="confirm"') == 1
    assert Meeting.objects.filter(pk=meeting.pk).exists()
