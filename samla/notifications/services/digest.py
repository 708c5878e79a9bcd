"""The daily digest: the notifications a person chose to get "in the daily digest", all in
one e-mail, once a day from ``SAMLA_DIGEST_HOUR`` o'clock Oslo time.

The rules:

1. **Once a day.** Before a person's digest is sent, the day is claimed for them
   (``DigestSent(person, day)``, unique) together with the rows it lists (their
   ``mail_claim``): of two workers only one gets the day, and a person never gets two
   digests in one day.
2. **Written down when the server answers.** Sent: the rows become IN_DIGEST and the day
   records when and how many. A temporary failure gives the day and the rows back, so a
   later run that day tries again. A refused address makes the rows FAILED and records an
   ``AddressProblem``; the day stays claimed.
3. **A digest is sent at most once.** A worker that dies between the claim and the
   answer leaves the day claimed (no second digest that day) and the rows claimed; after
   ``mail.STALE_AFTER`` they become INTERRUPTED (``mail.recover_stale``) and are not sent
   in a later digest. The notifications stay in the app.
4. **Choices at send time.** A row whose kind the person has set to "only in Samla" since,
   and every row of a person who is inactive or has no address, gets no e-mail (NONE);
   rows to an address with a known problem become FAILED.
Its unsubscribe address stops the e-mails of every kind (``unsubscribe.EVERY_KIND``)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from samla.core.time import in_oslo

from .. import rendering
from ..kinds import Channel
from ..models import AddressProblem, DigestSent, MailChoice, MailState, Notification
from .mail import Clock, note_address_problem, recover_stale
from .postman import Answer, Outcome, Postman, error_name

log = logging.getLogger(__name__)

PEOPLE_PER_BATCH = 200


@dataclass
class DigestCounts:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    interrupted: int = 0


def send_digests(now: datetime | None = None) -> DigestCounts:
    """Sends today's digest to every person with notifications waiting for it, once
    ``SAMLA_DIGEST_HOUR`` has struck in Oslo (see the module's rules). Side effects:
    DigestSent rows; notification rows IN_DIGEST, FAILED or NONE; AddressProblem rows."""
    now = now or timezone.now()
    counts = DigestCounts()
    local = in_oslo(now)
    if local.hour < settings.SAMLA_DIGEST_HOUR:
        return counts
    day = local.date()
    clock = Clock(now)
    counts.interrupted = recover_stale(now)
    waiting = Notification.objects.filter(mail_state=MailState.DIGEST, mail_claim="").exclude(
        person_id__in=DigestSent.objects.filter(day=day).values("person_id")
    )
    person_ids = sorted(set(waiting.values_list("person_id", flat=True)))
    with Postman() as postman:
        for start in range(0, len(person_ids), PEOPLE_PER_BATCH):
            if postman.down:
                break
            rows = list(
                waiting.filter(person_id__in=person_ids[start : start + PEOPLE_PER_BATCH])
                .select_related("person")
                .order_by("person_id", "created_at", "pk")
            )
            _send_batch(rows, day, clock, postman, counts)
    return counts


def _send_batch(
    rows: list[Notification], day: date, clock: Clock, postman: Postman, counts: DigestCounts
) -> None:
    person_ids = {row.person_id for row in rows}
    unwanted = set(
        MailChoice.objects.filter(person_id__in=person_ids, channel=Channel.NONE).values_list(
            "person_id", "kind"
        )
    )
    problems = set(
        AddressProblem.objects.filter(person_id__in=person_ids).values_list("person_id", "address")
    )
    languages = rendering.languages({row.person_id: row.person for row in rows}.values())
    none: list[int] = []
    for person_id, group in groupby(rows, key=lambda row: row.person_id):
        items = list(group)
        person = items[0].person
        if not person.is_active or not person.email:
            none += [row.pk for row in items]
            continue
        none += [row.pk for row in items if (person_id, row.kind) in unwanted]
        items = [row for row in items if (person_id, row.kind) not in unwanted]
        if not items:
            continue
        if (person_id, person.email) in problems:
            _waiting([row.pk for row in items]).update(
                mail_state=MailState.FAILED, mail_error="AddressProblem"
            )
            counts.failed += 1
            continue
        if postman.down:
            break
        _send_one(person, items, day, languages[person_id], clock, postman, counts)
    _waiting(none).update(mail_state=MailState.NONE)


def _waiting(pks: Sequence[int]):
    return Notification.objects.filter(pk__in=pks, mail_state=MailState.DIGEST, mail_claim="")


def _send_one(person, items, day, language, clock, postman, counts) -> None:
    claim = uuid.uuid4().hex
    moment = clock()
    try:
        with transaction.atomic():
            DigestSent.objects.create(person=person, day=day, claimed_at=moment)
            taken = _waiting([row.pk for row in items]).update(
                mail_claim=claim, mail_claimed_at=moment
            )
    except IntegrityError:
        return  # another worker has today's digest of this person
    if taken != len(items):
        items = list(
            Notification.objects.filter(
                person=person, mail_claim=claim, mail_state=MailState.DIGEST
            )
            .select_related("person")
            .order_by("created_at", "pk")
        )
    try:
        message = rendering.digest_message(person, items, language)
    except Exception as error:  # a kind's texts broke: this digest fails, the rest go
        log.error("notifications: a digest not written (%s)", error_name(error))
        answer = Answer(Outcome.FAILED, error_name(error))
    else:
        answer = postman.send(message)
    _write_outcome(person, day, claim, len(items), answer, clock(), counts)


def _write_outcome(person, day, claim, count, answer, moment, counts) -> None:
    mine = Notification.objects.filter(person=person, mail_claim=claim, mail_state=MailState.DIGEST)
    with transaction.atomic():
        if answer.outcome == Outcome.SENT:
            mine.update(mail_state=MailState.IN_DIGEST, mail_sent_at=moment, mail_error="")
            DigestSent.objects.filter(person=person, day=day).update(sent_at=moment, count=count)
            counts.sent += 1
        elif answer.outcome == Outcome.RETRY:
            mine.update(mail_claim="", mail_claimed_at=None, mail_error=answer.error)
            DigestSent.objects.filter(person=person, day=day, sent_at__isnull=True).delete()
            counts.retried += 1
        else:
            failed = mine.update(mail_state=MailState.FAILED, mail_error=answer.error)
            # No rows: the person was deleted meanwhile, and there is no one to note.
            if failed and answer.outcome == Outcome.REFUSED:
                note_address_problem(person.pk, person.email, answer.error, moment)
            counts.failed += 1
