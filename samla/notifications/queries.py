"""Reads for the notification pages: a person's own notifications (the list behind the
bell), their e-mail choices, and for programme administrators the addresses the mail
server refused and the programme's reminder settings. Each read is a fixed number of
queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _

from samla.org import stewardship
from samla.org.invitations import language_for
from samla.org.models import Person, Programme

from .kinds import Channel
from .models import AddressProblem, MailChoice, Notification, NotificationSettings
from .texts import title_and_body

PER_PAGE = 50


@dataclass(frozen=True)
class NotificationRow:
    pk: int
    title: str
    body: str
    created_at: datetime
    link: str
    unread: bool


def notification_page(person: Person, page_number: str | int | None) -> Page:
    """One page of the person's notifications, newest first, as ``NotificationRow``s in
    the active language (two queries: the count and the page)."""
    rows = Notification.objects.filter(person=person).only(
        "pk", "kind", "params", "created_at", "link", "read_at"
    )
    page = Paginator(rows.order_by("-created_at", "-pk"), PER_PAGE).get_page(page_number)
    page.object_list = [_row(notification) for notification in page.object_list]
    return page


def _row(notification: Notification) -> NotificationRow:
    title, body = title_and_body(notification.kind, notification.params)
    return NotificationRow(
        pk=notification.pk,
        title=title,
        body=body,
        created_at=notification.created_at,
        link=notification.link,
        unread=notification.read_at is None,
    )


def own_notification_or_404(person: Person, pk: int) -> Notification:
    """The person's own notification; anyone else's (or none) answers 404."""
    found = Notification.objects.filter(person=person, pk=pk).first()
    if found is None:
        raise Http404
    return found


def mail_choices(person: Person) -> dict[str, str]:
    """The channel of every kind the person has chosen for (kinds left out: at once)."""
    return dict(MailChoice.objects.filter(person=person).values_list("kind", "channel"))


def channel_of(person_id: int, kind: str) -> str:
    found = (
        MailChoice.objects.filter(person_id=person_id, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    return found or Channel.IMMEDIATELY


def active_person(person_id: int) -> Person | None:
    """The active person an unsubscribe token names (None for a removed or inactive one)."""
    return Person.objects.filter(pk=person_id, is_active=True).first()


@dataclass(frozen=True)
class ProblemRow:
    person_id: int
    name: str
    address: str
    reason: str
    noticed_at: datetime


@dataclass(frozen=True)
class ProgrammeMail:
    programme: Programme
    settings: NotificationSettings
    problems: list[ProblemRow]


def programme_mail(admin: Person, programmes: list[Programme]) -> list[ProgrammeMail]:
    """Per programme the administrator looks after: its reminder settings (the defaults
    when none are saved) and the address problems of its people, newest first (two
    queries per programme)."""
    saved = {
        row.programme_id: row
        for row in NotificationSettings.objects.filter(programme__in=programmes)
    }
    result = []
    for programme in programmes:
        people = stewardship.people_in_scope(admin, programme).values("pk")
        problems = (
            # Until the address changes: a corrected address ends the problem.
            AddressProblem.objects.filter(person__in=people, address=F("person__email"))
            .select_related("person")
            .order_by("-noticed_at", "-pk")
        )
        result.append(
            ProgrammeMail(
                programme=programme,
                settings=saved.get(programme.pk) or NotificationSettings(programme=programme),
                problems=[
                    ProblemRow(
                        person_id=problem.person_id,
                        name=str(problem.person),
                        address=problem.address,
                        reason=problem_text(problem.reason),
                        noticed_at=problem.noticed_at,
                    )
                    for problem in problems
                ],
            )
        )
    return result


def problem_text(reason: str) -> str:
    """The mail engine's reason (``invalid address``, or the SMTP error's class and code)
    in words for the administrators."""
    if reason == "invalid address":
        return _("This cannot be an e-mail address.")
    return _("The mail server refused the address (%(code)s).") % {"code": reason}


def programmes_named(programme_ids: set[int]) -> list[Programme]:
    return list(Programme.objects.filter(pk__in=programme_ids).order_by("name"))


def mail_language(person: Person) -> str:
    """The language the person's e-mails are written in: the one they chose in Samla, or
    the language form of the units they work at."""
    return person.language or language_for(person)
