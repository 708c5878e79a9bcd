"""The notifications' e-mails sent at once: claimed in batches, sent over one SMTP
connection, each written down the moment the mail server has answered.

A notification's e-mail is sent at most once. The in-app notification stays whatever
happens to its e-mail. The rules that make it so:

1. **Claim.** A batch of due rows (PENDING, ``mail_next_at <= now``) becomes CLAIMED with
   the batch's own claim id by a conditional UPDATE (``… WHERE mail_state = PENDING``;
   on PostgreSQL the candidates are also read ``FOR UPDATE SKIP LOCKED``), so of two
   workers only one gets a row. The worker sends only the rows it reads back with its
   claim.
2. **One at a time, in order.** A claim's rows are sent one by one in ascending id, and
   each one's outcome (SENT, PENDING again for a retry, FAILED) is written in its own small
   write right after the server answered, before the next message begins. So at any
   moment, of a claim's rows still CLAIMED, only the lowest id can have reached the mail
   server; the others were never begun. A worker that cannot write an outcome stops.
3. **Recovery.** A living worker gives back what it has not sent once a claim is
   ``SEND_WINDOW`` old, so a row CLAIMED for longer than ``STALE_AFTER`` belongs to a
   worker that died. Of each such claim the lowest id becomes INTERRUPTED — it may have
   been sent, so it is never sent again — and the others go back to PENDING as they were
   (no attempt counted). A kill loses at most the one message in flight.
4. **Failures never stop the worker.** A temporary failure (a 4xx answer, a refused or
   lost connection, a timeout) puts the row back to PENDING with the next ``BACKOFF``
   delay; its ``MAX_ATTEMPTS``-th failure makes it FAILED. When the server cannot be
   reached, the batch's rows are retried later alike and the run stops sending; so does a
   server that stops answering in the middle of a message (a timeout): one wait, not one
   per mail. A recipient refused for good for the address's sake (5xx with an enhanced
   code X.1.x or X.2.x, or 550, 551 or 553 without one) or an address that cannot be one
   makes the row FAILED and records an ``AddressProblem`` (person, address, reason) for
   the administrators; mails to an address with a problem are not tried again until the
   address changes. A refusal for the server's own reasons (X.7.x such as "relaying
   denied", X.3.x, X.4.x, X.5.x) says nothing of the address: the row is retried. Only
   the error's class and code are kept and logged — never an address.
5. **Choices at send time.** A person who is inactive, has no address or has chosen "only
   in Samla" for the kind since gets no e-mail (NONE); one who has chosen the digest since
   has the row wait for it (DIGEST).

A connection lost after the server took a whole message but before it answered is the one
case SMTP cannot settle; like every lost connection it counts as not sent."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Case, F, Min, Q, Value, When
from django.utils import timezone

from .. import rendering
from ..kinds import Channel
from ..models import AddressProblem, MailChoice, MailState, Notification
from .postman import Answer, Outcome, Postman, error_name

log = logging.getLogger(__name__)

BATCH = 500
SEND_WINDOW = timedelta(minutes=2)
STALE_AFTER = timedelta(minutes=10)
BACKOFF = (
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1


@dataclass
class MailCounts:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    interrupted: int = 0
    skipped: int = 0


class Clock:
    """``now`` as the run was given it, moving on with the time the run has taken."""

    def __init__(self, now: datetime) -> None:
        self.start, self.started = now, time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.started)


def send_pending(now: datetime | None = None) -> MailCounts:
    """Sends every e-mail due at ``now`` (see the module's rules). Side effects: stale
    claims recovered; rows SENT, PENDING with a later ``mail_next_at``, FAILED, NONE or
    DIGEST; AddressProblem rows."""
    now = now or timezone.now()
    clock = Clock(now)
    counts = MailCounts(interrupted=recover_stale(now))
    with Postman() as postman:
        while not postman.down:
            claim = uuid.uuid4().hex
            candidates = _claim(now, clock(), claim)
            if not candidates:
                break
            rows = list(
                Notification.objects.filter(pk__in=candidates, mail_claim=claim)
                .filter(mail_state=MailState.CLAIMED)
                .select_related("person")
                .order_by("pk")
            )
            _send_claimed(rows, claim, clock, postman, counts)
    return counts


def recover_stale(now: datetime) -> int:
    """Rows of claims older than ``STALE_AFTER``: each claim's lowest id INTERRUPTED, the
    rest PENDING again; digest rows claimed that long ago INTERRUPTED. Returns how many
    were interrupted."""
    cutoff = now - STALE_AFTER
    stale = Notification.objects.filter(mail_state=MailState.CLAIMED, mail_claimed_at__lt=cutoff)
    with transaction.atomic():
        heads = list(
            stale.order_by()
            .values("mail_claim")
            .annotate(head=Min("pk"))
            .values_list("head", flat=True)
        )
        interrupted = stale.filter(pk__in=heads).update(
            mail_state=MailState.INTERRUPTED, mail_error="interrupted"
        )
        stale.update(mail_state=MailState.PENDING, mail_claim="", mail_claimed_at=None)
        interrupted += Notification.objects.filter(
            mail_state=MailState.DIGEST, mail_claimed_at__lt=cutoff
        ).update(mail_state=MailState.INTERRUPTED, mail_error="interrupted")
    if interrupted:
        log.warning("notifications: %s e-mails interrupted by a stopped worker", interrupted)
    return interrupted


def _claim(now: datetime, claimed_at: datetime, claim: str) -> list[int]:
    due = Notification.objects.filter(mail_state=MailState.PENDING, mail_next_at__lte=now)
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        candidates = list(due.order_by("mail_next_at", "pk").values_list("pk", flat=True)[:BATCH])
        if candidates:
            Notification.objects.filter(pk__in=candidates, mail_state=MailState.PENDING).update(
                mail_state=MailState.CLAIMED, mail_claim=claim, mail_claimed_at=claimed_at
            )
    return candidates


def _send_claimed(
    rows: list[Notification], claim: str, clock: Clock, postman: Postman, counts: MailCounts
) -> None:
    rows = _settle_choices(rows, claim, counts)
    language = rendering.languages(row.person for row in rows)
    deadline = time.monotonic() + SEND_WINDOW.total_seconds()
    for index, row in enumerate(rows):
        # Each claim sends at least its first row, so a run always gets on.
        if postman.down or (index and time.monotonic() > deadline):
            _give_back(rows[index:], claim, clock(), error=postman.error, counts=counts)
            return
        try:
            message = rendering.notification_message(row, language[row.person_id])
        except Exception as error:  # a kind's texts broke: this row fails, the rest go
            log.error("notifications: %s %s not written (%s)", row.kind, row.pk, error_name(error))
            answer = Answer(Outcome.FAILED, error_name(error))
        else:
            answer = postman.send(message)
        _write_outcome(row, claim, answer, clock(), counts)


def _mine(pks: Sequence[int], claim: str):
    return Notification.objects.filter(pk__in=pks, mail_claim=claim, mail_state=MailState.CLAIMED)


def _settle_choices(rows: list[Notification], claim: str, counts: MailCounts) -> list[Notification]:
    """Rows whose person takes no e-mail now leave the claim (NONE, DIGEST, or FAILED for
    an address with a known problem); returns the rows to send."""
    person_ids = {row.person_id for row in rows}
    choices = dict(
        ((person_id, kind), channel)
        for person_id, kind, channel in MailChoice.objects.filter(
            person_id__in=person_ids
        ).values_list("person_id", "kind", "channel")
    )
    problems = set(
        AddressProblem.objects.filter(person_id__in=person_ids).values_list("person_id", "address")
    )
    none, digest, known, send = [], [], [], []
    for row in rows:
        person = row.person
        channel = choices.get((row.person_id, row.kind), Channel.IMMEDIATELY)
        if not person.is_active or not person.email or channel == Channel.NONE:
            none.append(row.pk)
        elif channel == Channel.DIGEST:
            digest.append(row.pk)
        elif (row.person_id, person.email) in problems:
            known.append(row.pk)
        else:
            send.append(row)
    if none or digest or known:
        with transaction.atomic():
            _mine(none, claim).update(mail_state=MailState.NONE, mail_claim="", mail_next_at=None)
            _mine(digest, claim).update(
                mail_state=MailState.DIGEST, mail_claim="", mail_claimed_at=None, mail_next_at=None
            )
            _mine(known, claim).update(mail_state=MailState.FAILED, mail_error="AddressProblem")
    counts.skipped += len(none) + len(digest)
    counts.failed += len(known)
    return send


def _write_outcome(
    row: Notification, claim: str, answer: Answer, moment: datetime, counts: MailCounts
) -> None:
    attempts = row.mail_attempts + 1
    mine = _mine([row.pk], claim)
    if answer.outcome == Outcome.SENT:
        _write_sent(row.pk, claim, moment)
        counts.sent += 1
    elif answer.outcome == Outcome.RETRY and attempts < MAX_ATTEMPTS:
        mine.update(
            mail_state=MailState.PENDING,
            mail_attempts=attempts,
            mail_next_at=moment + BACKOFF[attempts - 1],
            mail_claim="",
            mail_error=answer.error,
        )
        counts.retried += 1
    else:
        with transaction.atomic():
            failed = mine.update(
                mail_state=MailState.FAILED, mail_attempts=attempts, mail_error=answer.error
            )
            # No row: the person was deleted meanwhile, and there is no one to note.
            if failed and answer.outcome == Outcome.REFUSED:
                note_address_problem(row.person_id, row.person.email, answer.error, moment)
        counts.failed += 1


# The write after every e-mail sent, written out: the ORM's update costs more to build
# than the database takes to run it (the bench: a fifth of the run's CPU).
_SENT_SQL = (
    "UPDATE {table} SET mail_state = %s, mail_sent_at = %s, mail_attempts = mail_attempts + 1,"
    " mail_error = '' WHERE id = %s AND mail_claim = %s AND mail_state = %s"
)


def _write_sent(pk: int, claim: str, moment: datetime) -> None:
    sql = _SENT_SQL.format(table=connection.ops.quote_name(Notification._meta.db_table))
    params = [
        MailState.SENT.value,
        connection.ops.adapt_datetimefield_value(moment),
        pk,
        claim,
        MailState.CLAIMED.value,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def note_address_problem(person_id: int, address: str, reason: str, moment: datetime) -> None:
    """Records that the mail server refused ``address`` (or it is none), once per person
    and address; the administrators see it until the address changes."""
    AddressProblem.objects.bulk_create(
        [
            AddressProblem(
                person_id=person_id, address=address[:254], reason=reason, noticed_at=moment
            )
        ],
        ignore_conflicts=True,
    )


def _give_back(
    rows: Sequence[Notification], claim: str, moment: datetime, *, error: str, counts: MailCounts
) -> None:
    """Rows not begun leave the claim: retried later like a failure when the server could
    not be reached (``error`` says why), otherwise PENDING as they were (the claim's window
    has passed)."""
    pks = [row.pk for row in rows]
    if not error:
        _mine(pks, claim).update(mail_state=MailState.PENDING, mail_claim="", mail_claimed_at=None)
        return
    next_at = Case(
        *(
            When(mail_attempts=done, then=Value(moment + delay))
            for done, delay in enumerate(BACKOFF)
        ),
        default=Value(moment + BACKOFF[-1]),
    )
    with transaction.atomic():
        last = Q(mail_attempts__gte=MAX_ATTEMPTS - 1)
        failed = (
            _mine(pks, claim)
            .filter(last)
            .update(
                mail_state=MailState.FAILED,
                mail_attempts=F("mail_attempts") + 1,
                mail_error=error,
            )
        )
        retried = _mine(pks, claim).update(
            mail_state=MailState.PENDING,
            mail_attempts=F("mail_attempts") + 1,
            mail_next_at=next_at,
            mail_claim="",
            mail_error=error,
        )
    counts.failed += failed
    counts.retried += retried
