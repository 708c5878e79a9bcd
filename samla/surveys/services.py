"""Every change on the collection side: publishing questionnaires, issuing codes, consent,
and a respondent's path from code to submitted response."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from samla.org.models import Group, Person, Unit

from . import codes
from .answers import pack_answers, split_answers
from .instrument import content_hash, instrument_to_data
from .models import (
    AccessCode,
    Child,
    CodeState,
    Draft,
    InstrumentVersion,
    Reservation,
    Response,
    Round,
    RoundState,
)
from .xlsform import read_xlsform


class CollectionError(Exception):
    """A respondent or a leader asked for something that cannot be done; ``reason`` says
    which, for the page to explain in the person's language."""

    def __init__(self, reason: str, round: Round | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.round = round


@transaction.atomic
def publish_instrument(source: bytes, published_by: Person | None = None) -> InstrumentVersion:
    """Read an XLSForm and publish it as an immutable version.

    Side effects: creates an InstrumentVersion unless one with the same content exists
    (then that one is returned). Raises InstrumentError (every problem, with sheet, row and
    column) and saves nothing when the form is not valid."""
    instrument = read_xlsform(source)
    digest = content_hash(instrument)
    existing = InstrumentVersion.objects.filter(content_hash=digest).first()
    if existing:
        return existing
    return InstrumentVersion.objects.create(
        form_id=instrument.form_id,
        version=instrument.version,
        content_hash=digest,
        respondent_group=instrument.respondent_group,
        title=dict(instrument.title),
        definition=instrument_to_data(instrument),
        source=source,
        published_by=published_by,
    )


def _hmac(canonical: str) -> bytes:
    return codes.code_hmac(settings.CODE_HMAC_KEY, canonical)


@transaction.atomic
def issue_codes(
    round: Round,
    unit: Unit,
    respondent_group: str,
    count: int,
    group: Group | None = None,
    child: Child | None = None,
) -> list[str]:
    """Create ``count`` access codes and return them; this is the only time they exist in
    plain text.

    Side effects: creates AccessCode rows holding only the codes' HMACs. Refuses a unit that
    does not take part, a group of another unit, a respondent group without a questionnaire
    in the round, and a reserved child."""
    if not round.units.filter(pk=unit.pk).exists():
        raise CollectionError("unit_not_in_round", round)
    if group is not None and group.unit_id != unit.pk:
        raise CollectionError("group_not_in_unit", round)
    if not round.instruments.filter(respondent_group=respondent_group).exists():
        raise CollectionError("no_questionnaire", round)
    if child is not None and Reservation.objects.filter(round=round, child=child).exists():
        raise CollectionError("reserved", round)
    issued = []
    rows = []
    for _attempt in range(count):
        code = codes.new_code()
        issued.append(code)
        rows.append(
            AccessCode(
                round=round,
                unit=unit,
                group=group or (child.group if child else None),
                respondent_group=respondent_group,
                child=child,
                code_hmac=_hmac(codes.normalise(code)),
            )
        )
    AccessCode.objects.bulk_create(rows)
    return issued


@transaction.atomic
def reserve_child(round: Round, child: Child, registered_by: Person | None = None) -> Reservation:
    """Register guardians' reservation of a child.

    Side effects: creates the Reservation (once); revokes every code of the child in the
    round that is not yet submitted, so a code issued before the reservation stops working;
    deletes those codes' unfinished answers."""
    reservation, _created = Reservation.objects.get_or_create(
        round=round, child=child, defaults={"registered_by": registered_by}
    )
    open_codes = AccessCode.objects.filter(
        round=round, child=child, state__in=[CodeState.ISSUED, CodeState.STARTED]
    )
    Draft.objects.filter(
        code_hmac__in=list(open_codes.values_list("code_hmac", flat=True))
    ).delete()
    open_codes.update(state=CodeState.REVOKED)
    return reservation


@dataclass
class Session:
    """A respondent's place in a questionnaire, found from the code they typed."""

    code: AccessCode
    draft: Draft


def _find(typed: str) -> AccessCode:
    canonical = codes.normalise(typed)
    if canonical is None:
        raise CollectionError("malformed")
    code = AccessCode.objects.select_related("round").filter(code_hmac=_hmac(canonical)).first()
    if code is None:
        raise CollectionError("unknown")
    return code


def _check_usable(code: AccessCode) -> None:
    state = code.round.state()
    if state in (RoundState.DRAFT, RoundState.SCHEDULED):
        raise CollectionError("not_open_yet", code.round)
    if state != RoundState.OPEN:
        raise CollectionError("closed", code.round)
    if code.state == CodeState.SUBMITTED:
        raise CollectionError("spent", code.round)
    if code.state == CodeState.REVOKED:
        raise CollectionError("revoked", code.round)


@transaction.atomic
def start(typed: str, language: str = "nb") -> Session:
    """Open (or resume) the questionnaire a code gives access to.

    Side effects: creates the Draft on first use and marks the code started."""
    code = _find(typed)
    _check_usable(code)
    version = code.round.instruments.get(respondent_group=code.respondent_group).version
    draft, created = Draft.objects.get_or_create(
        code_hmac=code.code_hmac, defaults={"version": version, "language": language}
    )
    if created and code.state == CodeState.ISSUED:
        AccessCode.objects.filter(pk=code.pk, state=CodeState.ISSUED).update(
            state=CodeState.STARTED
        )
        code.state = CodeState.STARTED
    return Session(code, draft)


@transaction.atomic
def save_page(typed: str, page: int, answers: dict) -> Session:
    """Keep the answers of one page. Saving the same page again changes nothing twice.

    Side effects: updates the Draft's answers for that page's items and its page number."""
    session = start(typed)
    instrument = session.draft.version.instrument()
    if not 0 <= page < len(instrument.pages):
        raise CollectionError("no_such_page", session.code.round)
    page_codes = set(instrument.pages[page].item_codes)
    kept = {code: value for code, value in answers.items() if code in page_codes}
    merged = {k: v for k, v in session.draft.answers.items() if k not in page_codes}
    merged.update({k: v for k, v in kept.items() if v not in (None, "", [])})
    Draft.objects.filter(pk=session.draft.pk).update(
        answers=merged, page=max(session.draft.page, page), updated_at=timezone.now()
    )
    session.draft.answers = merged
    return session


def _grade_band(group: Group | None) -> str:
    if group is None or group.grade is None:
        return ""
    if group.grade <= 4:
        return "1-4"
    if group.grade <= 7:
        return "5-7"
    if group.grade <= 10:
        return "8-10"
    return "vg"


@transaction.atomic
def submit(typed: str) -> None:
    """Submit the answers: write the Response, spend the code, delete the draft — in one
    transaction, so either all happens or nothing.

    The code's row is locked, and the code is spent by a conditional update: of two submits
    racing with the same code, exactly one writes and the other is answered "spent". A
    repeated submit after success is answered "spent" and writes nothing."""
    found = _find(typed)
    # Lock the code's row first: a second submit with the same code waits here until the
    # first has committed, and then sees the code as spent (not its draft as missing).
    code = AccessCode.objects.select_for_update().select_related("round").get(pk=found.pk)
    _check_usable(code)
    draft = Draft.objects.filter(code_hmac=code.code_hmac).select_related("version").first()
    if draft is None:
        raise CollectionError("not_started", code.round)
    spent = AccessCode.objects.filter(
        pk=code.pk, state__in=[CodeState.ISSUED, CodeState.STARTED]
    ).update(state=CodeState.SUBMITTED)
    if spent != 1:
        raise CollectionError("spent", code.round)
    instrument = draft.version.instrument()
    numeric, text = split_answers(instrument, draft.answers)
    Response.objects.create(
        round=code.round,
        version=draft.version,
        unit_id=code.unit_id,
        group_id=code.group_id,
        respondent_group=code.respondent_group,
        grade_band=_grade_band(code.group),
        answers=pack_answers(instrument, numeric),
        text_answers=text,
        submitted_on=timezone.localdate(),
    )
    draft.delete()
