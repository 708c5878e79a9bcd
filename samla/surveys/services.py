"""Every change on the collection side: publishing questionnaires, issuing codes, consent,
and a respondent's path from code to submitted response."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from samla.org.models import Group, Person, Unit

from . import codes, groups, sealing
from .answers import pack_answers, split_answers
from .instrument import Instrument, content_hash, instrument_to_data
from .models import (
    AccessCode,
    Child,
    ChildName,
    CodeMark,
    CodeState,
    Consent,
    ConsentRule,
    Draft,
    InstrumentVersion,
    Reservation,
    Response,
    Round,
    RoundInstrument,
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
    if child is None and respondent_group in per_child_groups(round):
        raise CollectionError("child_needed", round)
    if child is not None and not may_take_part(round, child):
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


def per_child_groups(round: Round) -> frozenset[str]:
    """The respondent groups whose codes must name a child in this round (see groups.py)."""
    return groups.per_child_groups(round.consent_rule == ConsentRule.OPT_IN)


def may_take_part(round: Round, child: Child) -> bool:
    """Not reserved, and consented to where the round's rule is opt-in."""
    if Reservation.objects.filter(round=round, child=child).exists():
        return False
    if round.consent_rule == ConsentRule.OPT_IN:
        return Consent.objects.filter(round=round, child=child).exists()
    return True


def _revoke_open_codes(round: Round, child: Child, respondent_group: str | None = None) -> int:
    # Their drafts cannot be found from here: nothing joins a draft to a code. They stay
    # sealed (only the code opens them), go when the revoked code is typed again (start)
    # and with the round's other leftovers when its results are released.
    open_codes = AccessCode.objects.filter(
        round=round, child=child, state__in=[CodeState.ISSUED, CodeState.STARTED]
    ).exclude(pk__in=pending_spent_code_ids())
    if respondent_group is not None:
        open_codes = open_codes.filter(respondent_group=respondent_group)
    return open_codes.update(state=CodeState.REVOKED)


@transaction.atomic
def reserve_child(round: Round, child: Child, registered_by: Person | None = None) -> Reservation:
    """Register guardians' reservation of a child.

    Side effects: creates the Reservation (once); revokes every code of the child in the
    round that is not yet submitted, so a code issued before the reservation stops working.
    Their unfinished answers stay sealed, readable only with the code, and are deleted when
    the code is typed again or the round's results are released."""
    reservation, _created = Reservation.objects.get_or_create(
        round=round, child=child, defaults={"registered_by": registered_by}
    )
    _revoke_open_codes(round, child)
    return reservation


@transaction.atomic
def withdraw_reservation(round: Round, child: Child) -> None:
    """Guardians withdrew their reservation: the child may take part again (new codes are
    needed; the revoked ones stay revoked).

    Side effects: deletes the Reservation."""
    Reservation.objects.filter(round=round, child=child).delete()


@transaction.atomic
def register_consent(round: Round, child: Child, registered_by: Person | None = None) -> Consent:
    """Record guardians' consent (what an opt-in round needs before a child gets a code).

    Side effects: creates the Consent (once)."""
    consent, _created = Consent.objects.get_or_create(
        round=round, child=child, defaults={"registered_by": registered_by}
    )
    return consent


@transaction.atomic
def withdraw_consent(round: Round, child: Child) -> None:
    """Guardians withdrew their consent.

    Side effects: deletes the Consent; in an opt-in round, revokes the child's codes that
    are not yet submitted (their unfinished answers as in reserve_child)."""
    Consent.objects.filter(round=round, child=child).delete()
    if round.consent_rule == ConsentRule.OPT_IN:
        _revoke_open_codes(round, child)


def _new_pseudonym() -> str:
    return "B" + codes.new_code()[:9]


@transaction.atomic
def add_children(group: Group, names: list[str]) -> list[Child]:
    """Put children on a class's or department's list.

    Side effects: creates a Child (with a random pseudonym, the only thing codes and
    answers can refer to) and, apart from it, a ChildName per non-empty name."""
    added = []
    for name in names:
        name = " ".join(name.split())[:200]
        if not name:
            continue
        child = Child.objects.create(group=group, pseudonym=_new_pseudonym())
        ChildName.objects.create(child=child, name=name)
        added.append(child)
    return added


@transaction.atomic
def remove_child(child: Child) -> None:
    """Take a child off the list.

    Side effects: deletes the child, its name, reservations, consents and codes. Unfinished
    answers never pointed to a code: they stay sealed (no one holds a working code to open
    them) until the round's results are released. Submitted responses stay: they never
    pointed to the child."""
    child.delete()


@transaction.atomic
def issue_child_codes(round: Round, group: Group, respondent_group: str) -> list[tuple[Child, str]]:
    """One new code per child on the group's list who may take part and has not answered
    this questionnaire yet; returns (child, code) pairs, the only time the codes exist in
    plain text.

    Side effects: revokes the children's earlier codes for this questionnaire that were not
    submitted (a reprinted slip replaces the old one) and creates the new codes."""
    if respondent_group not in groups.CHILD_CODE_GROUPS:
        raise CollectionError("not_per_child", round)
    answered = set(
        AccessCode.objects.filter(
            Q(state=CodeState.SUBMITTED) | Q(pk__in=pending_spent_code_ids()),
            round=round,
            group=group,
            respondent_group=respondent_group,
        ).values_list("child_id", flat=True)
    )
    issued = []
    children = group.children.select_related("name_record").order_by("name_record__name")
    for child in children:
        if child.pk in answered or not may_take_part(round, child):
            continue
        _revoke_open_codes(round, child, respondent_group)
        [code] = issue_codes(round, group.unit, respondent_group, 1, group=group, child=child)
        issued.append((child, code))
    return issued


# --- rounds ----------------------------------------------------------------------------


def _has_codes(round: Round, respondent_group: str | None = None) -> bool:
    found = AccessCode.objects.filter(round=round)
    if respondent_group is not None:
        found = found.filter(respondent_group=respondent_group)
    return found.exists()


@transaction.atomic
def save_round(round: Round, instruments: dict[str, InstrumentVersion | None]) -> Round:
    """Create or change a round and choose its questionnaire per respondent group.

    Side effects: saves the round; adds, replaces or removes RoundInstruments. Refuses a
    questionnaire made for another respondent group, and any change of the questionnaire of
    a group that already has codes (answers would not match). When a published round's
    closing time changes, schedules the results build for the new time (see
    publish_round)."""
    for key, version in instruments.items():
        if version is not None and version.respondent_group != key:
            raise CollectionError("wrong_group", round)
    round.full_clean(exclude=["units"])
    closes_at_before = (
        Round.objects.filter(pk=round.pk).values_list("closes_at", flat=True).first()
        if round.pk
        else None
    )
    round.save()
    if round.published and round.closes_at != closes_at_before:
        _schedule_results_build(round)
    current = {ri.respondent_group: ri for ri in round.instruments.all()}
    for key, version in instruments.items():
        existing = current.get(key)
        if (existing.version_id if existing else None) == (version.pk if version else None):
            continue
        if existing is not None and _has_codes(round, key):
            raise CollectionError("questionnaire_locked", round)
        if existing is not None:
            existing.delete()
        if version is not None:
            RoundInstrument.objects.create(round=round, respondent_group=key, version=version)
    return round


@transaction.atomic
def set_round_units(round: Round, units: list[Unit]) -> None:
    """Choose the units that take part.

    Side effects: replaces the round's units. Refuses units not enrolled in the round's
    programme, and taking out a unit that already has codes."""
    wanted = {unit.pk for unit in units}
    enrolled = set(round.programme.units.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - enrolled:
        raise CollectionError("unit_not_in_programme", round)
    removed = set(round.units.values_list("pk", flat=True)) - wanted
    if removed and AccessCode.objects.filter(round=round, unit_id__in=removed).exists():
        raise CollectionError("unit_has_codes", round)
    round.units.set(wanted)


def _schedule_results_build(round: Round) -> None:
    # Results depend on surveys, not the other way round: imported here, when it runs.
    from samla.results.services import schedule_build_at_close

    schedule_build_at_close(round)


@transaction.atomic
def publish_round(round: Round) -> None:
    """Make a draft round real: it opens and closes by itself at the set times, and its
    results are built by themselves when it closes.

    Side effects: sets ``published``; schedules the results build for ``closes_at`` (see
    samla.results.services.schedule_build_at_close). Refuses a round without units or
    questionnaires, or whose closing time has passed."""
    if not round.units.exists():
        raise CollectionError("no_units", round)
    if not round.instruments.exists():
        raise CollectionError("no_questionnaires", round)
    if round.closes_at <= timezone.now():
        raise CollectionError("closes_in_past", round)
    Round.objects.filter(pk=round.pk).update(published=True)
    round.published = True
    _schedule_results_build(round)


@transaction.atomic
def withdraw_round(round: Round) -> None:
    """Take a published round back to draft, possible only before any code is made.

    Side effects: clears ``published``."""
    if _has_codes(round):
        raise CollectionError("has_codes", round)
    Round.objects.filter(pk=round.pk).update(published=False)
    round.published = False


@transaction.atomic
def release_results(round: Round) -> None:
    """Open a closed round's results for everyone with access.

    Side effects: sets ``results_released_at``; applies every code mark still waiting for
    a batch, so the round's response rates are whole (the round's last marks may be fewer
    than a batch: the others waiting join them); deletes the round's unfinished answers
    (sealed, and of no use once the round is closed). Refuses a round that is not closed."""
    if round.state() != RoundState.CLOSED:
        raise CollectionError("not_closed", round)
    settle_code_marks()
    Draft.objects.filter(round=round).delete()
    now = timezone.now()
    Round.objects.filter(pk=round.pk).update(results_released_at=now)
    round.results_released_at = now


@dataclass(frozen=True)
class AccessKey:
    """What the answer pages keep between requests instead of the code: the code's HMAC,
    which finds the code's row, and the draft secret, which finds and opens its draft
    (see sealing.py). The server stores the first and never the second."""

    code_hmac: bytes
    draft_secret: bytes

    def to_text(self) -> str:
        return f"{self.code_hmac.hex()}.{self.draft_secret.hex()}"

    @classmethod
    def from_text(cls, text: str) -> AccessKey | None:
        code_part, _dot, secret_part = text.partition(".")
        try:
            code_hmac, secret = bytes.fromhex(code_part), bytes.fromhex(secret_part)
        except ValueError:
            return None
        if len(code_hmac) != 32 or len(secret) != 32:
            return None
        return cls(code_hmac, secret)


@dataclass
class Session:
    """A respondent's place in a questionnaire, found from their code (or its AccessKey)."""

    code: AccessCode
    draft: Draft
    key: AccessKey

    @property
    def instrument(self) -> Instrument:
        return self.draft.version.instrument()


def access_key(typed: str) -> AccessKey:
    """The keys a typed code gives. Raises CollectionError("malformed")."""
    canonical = codes.normalise(typed)
    if canonical is None:
        raise CollectionError("malformed")
    return AccessKey(_hmac(canonical), sealing.draft_secret(settings.CODE_HMAC_KEY, canonical))


def _key(code: str | AccessKey) -> AccessKey:
    return code if isinstance(code, AccessKey) else access_key(code)


# The respondent's hot path (every page view and save) finds the code, its round, its
# group's grade and the draft with the version's hash in ONE statement written out here:
# building it through the ORM cost more than running it. Everything else uses the ORM.
# The draft is found by its own lookup id, not through the code: no column joins them.
_LOCATE_SQL = """
SELECT c.id, c.state, c.unit_id, c.group_id, c.respondent_group, c.child_id,
       r.id, r.programme_id, r.name, r.slug, r.opens_at, r.closes_at, r.published,
       r.results_released_at, g.grade,
       d.id, d.sealed, d.version_id, v.content_hash,
       ri.version_id, rv.content_hash, s.id
FROM {code} c
JOIN {round} r ON r.id = c.round_id
LEFT JOIN {group} g ON g.id = c.group_id
{draft_join} {draft} d ON d.lookup = %s
LEFT JOIN {version} v ON v.id = d.version_id
LEFT JOIN {round_instrument} ri
       ON ri.round_id = c.round_id AND ri.respondent_group = c.respondent_group
LEFT JOIN {version} rv ON rv.id = ri.version_id
LEFT JOIN {mark} s ON s.lookup = %s
WHERE c.code_hmac = %s
"""


def _datetime(value):
    if value is None or isinstance(value, datetime):
        return value if value is None or timezone.is_aware(value) else _utc(value)
    return _utc(parse_datetime(value))  # SQLite gives text


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else timezone.make_aware(value, UTC)


def _locate_locked(key: AccessKey) -> tuple[AccessCode, Draft | None]:
    """_locate with the draft's row locked (PostgreSQL; SQLite's writes queue anyway), so
    that saves and the submit of one code queue: a waiting one then reads the draft as
    the other left it, or finds it gone. Never the code's row: a lock marks the row it
    holds with the transaction's id, the same id as the answers written next."""
    if connection.features.has_select_for_update_of:
        found = _find(key, lock_draft=True)
        if found is not None:
            return found
    return _locate(key)


def _locate(key: AccessKey) -> tuple[AccessCode, Draft | None]:
    found = _find(key)
    if found is None:
        raise CollectionError("unknown")
    return found


def _find(key: AccessKey, *, lock_draft: bool = False) -> tuple[AccessCode, Draft | None] | None:
    sql = _LOCATE_SQL.format(
        code=AccessCode._meta.db_table,
        round=Round._meta.db_table,
        group=Group._meta.db_table,
        draft=Draft._meta.db_table,
        version=InstrumentVersion._meta.db_table,
        round_instrument=RoundInstrument._meta.db_table,
        mark=CodeMark._meta.db_table,
        # Only a row with a draft can lock it: an inner join then.
        draft_join="JOIN" if lock_draft else "LEFT JOIN",
    )
    if lock_draft:
        sql += " FOR UPDATE OF d"
    lookup = sealing.lookup_id(key.draft_secret)
    spent = sealing.mark_id(key.draft_secret, CodeState.SUBMITTED)
    with connection.cursor() as cursor:
        cursor.execute(sql, [lookup, spent, key.code_hmac])
        row = cursor.fetchone()
    if row is None:
        return None
    (code_id, state, unit_id, group_id, respondent_group, child_id, round_id, programme_id,
     name, slug, opens_at, closes_at, published, released_at, grade, draft_id, sealed,
     version_id, content_hash, assigned_id, assigned_hash, spent_id) = row  # fmt: skip
    round = Round(
        id=round_id,
        programme_id=programme_id,
        name=name,
        slug=slug,
        opens_at=_datetime(opens_at),
        closes_at=_datetime(closes_at),
        published=bool(published),
        results_released_at=_datetime(released_at),
    )
    code = AccessCode(
        id=code_id,
        round=round,
        unit_id=unit_id,
        group_id=group_id,
        respondent_group=respondent_group,
        child_id=child_id,
        code_hmac=key.code_hmac,
        # Spent by a submit and not marked yet (see submit): as good as submitted.
        state=CodeState.SUBMITTED if spent_id is not None else state,
    )
    code.grade = grade
    # The round's questionnaire for the code's respondent group (a new draft gets it).
    code.assigned = (
        InstrumentVersion(id=assigned_id, content_hash=assigned_hash) if assigned_id else None
    )
    if draft_id is None:
        return code, None
    try:
        content = sealing.open_sealed(key.draft_secret, bytes(sealed))
    except sealing.Unreadable:
        # Only a changed server key or altered bytes get here; the code's row was found,
        # so the draft is simply not this code's any more.
        raise CollectionError("unknown", round) from None
    draft = Draft(
        id=draft_id,
        lookup=lookup,
        round_id=round_id,
        version=InstrumentVersion(id=version_id, content_hash=content_hash),
    )
    draft.answers = content["answers"]
    draft.page = content["page"]
    draft.language = content["language"]
    return code, draft


def _execute(sql: str, params: list) -> int:
    """Run one written-out statement of the respondent's hot path; the number of rows.
    Table names come from the models; every value is a bound parameter."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _sealed(key: AccessKey, answers: dict, page: int, language: str) -> bytes:
    return sealing.seal(key.draft_secret, {"answers": answers, "page": page, "language": language})


def _update_draft(key: AccessKey, draft: Draft, answers: dict, page: int) -> None:
    """The save of every answer page, as one statement written out (see _locate)."""
    _execute(
        f"UPDATE {Draft._meta.db_table} SET sealed = %s WHERE id = %s",  # noqa: S608
        [_sealed(key, answers, page, draft.language), draft.pk],
    )


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


def start(typed: str | AccessKey, language: str = "nb") -> Session:
    """Open (or resume) the questionnaire a code gives access to.

    Side effects: creates the Draft (sealed, found by the code's lookup id) on first use
    and a CodeMark that the code was started (its row is changed later, in a batch: see
    settle_code_marks, which may run here for other codes). A revoked code's leftover draft
    is deleted (only the code finds it)."""
    key = _key(typed)
    try:
        return _start(key, language)
    except CollectionError as failure:
        if failure.reason == "revoked":
            _execute(
                f"DELETE FROM {Draft._meta.db_table} WHERE lookup = %s",  # noqa: S608
                [sealing.lookup_id(key.draft_secret)],
            )
        raise


@transaction.atomic
def _start(key: AccessKey, language: str) -> Session:
    code, draft = _locate(key)
    _check_usable(code)
    if draft is None:
        if code.assigned is None:
            raise CollectionError("no_questionnaire", code.round)
        lookup = sealing.lookup_id(key.draft_secret)
        draft = Draft(lookup=lookup, round_id=code.round.pk, version=code.assigned)
        draft.answers, draft.page, draft.language = {}, 0, language
        _execute(
            # Two tabs entering the same code at once: one row, whichever comes first.
            f"INSERT INTO {Draft._meta.db_table} (lookup, round_id, version_id, sealed) "  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (lookup) DO NOTHING",
            [lookup, code.round.pk, code.assigned.pk, _sealed(key, {}, 0, language)],
        )
        if code.state == CodeState.ISSUED:
            mark = _mark(key, code, CodeState.STARTED)
            code.state = CodeState.STARTED
            settle_code_marks(minimum=MARK_BATCH, keep=[mark])
    return Session(code, draft, key)


def resume(key: str | AccessKey) -> Session:
    """Where a respondent who has started is: reads only (two queries, no transaction), so
    that showing a page never waits for another respondent's write."""
    key = _key(key)
    code, draft = _locate(key)
    _check_usable(code)
    if draft is None:
        raise CollectionError("not_started", code.round)
    return Session(code, draft, key)


@transaction.atomic
def save_page(
    key: str | AccessKey, page: int, answers: dict | Callable[[Instrument], dict]
) -> Session:
    """Keep the answers of one page. Saving the same page again changes nothing twice.
    ``answers`` may be a function that reads them with the instrument in hand (a form).

    Side effects: seals the Draft's answers anew with that page's items and its page
    number. The draft's row is locked while it is merged, so two tabs saving different
    pages at once keep both pages."""
    key = _key(key)
    code, draft = _locate_locked(key)
    _check_usable(code)
    if draft is None:  # saved before it was opened: open it first, as code entry does
        _start(key, "nb")
        code, draft = _locate_locked(key)
        assert draft is not None
    instrument = draft.version.instrument()
    if not 0 <= page < len(instrument.pages):
        raise CollectionError("no_such_page", code.round)
    if callable(answers):
        answers = answers(instrument)
    page_codes = set(instrument.pages[page].item_codes)
    kept = {item: value for item, value in answers.items() if item in page_codes}
    merged = {k: v for k, v in draft.answers.items() if k not in page_codes}
    merged.update({k: v for k, v in kept.items() if v not in (None, "", [])})
    _update_draft(key, draft, merged, max(draft.page, page))
    draft.answers = merged
    draft.page = max(draft.page, page)
    return Session(code, draft, key)


def _grade_band(grade: int | None) -> str:
    if grade is None:
        return ""
    if grade <= 4:
        return "1-4"
    if grade <= 7:
        return "5-7"
    if grade <= 10:
        return "8-10"
    return "vg"


# Code rows are changed once at least this many marks wait (see settle_code_marks): each
# batch hides which of its codes belongs to which draft or response.
MARK_BATCH = 10


def _mark(key: AccessKey, code: AccessCode, state: str) -> bytes | None:
    """Remember that the code was started or spent, without touching its row; the mark's
    id, or None when that mark was there already."""
    lookup = sealing.mark_id(key.draft_secret, state)
    inserted = _execute(
        f"INSERT INTO {CodeMark._meta.db_table} (lookup, round_id, state, sealed_code) "  # noqa: S608
        "VALUES (%s, %s, %s, %s) ON CONFLICT (lookup) DO NOTHING",
        [
            lookup,
            code.round.pk,
            state,
            sealing.seal_code_id(settings.CODE_HMAC_KEY, lookup, code.pk),
        ],
    )
    return lookup if inserted == 1 else None


@transaction.atomic
def submit(key: str | AccessKey) -> None:
    """Submit the answers: write the Response, remember the code as spent, delete the
    draft — in one transaction, so either all happens or nothing.

    The code's own row is not touched here: the spent code is remembered by a CodeMark
    (an id derived from the code, the code's id sealed under the server key), and code
    rows are changed in batches by settle_code_marks, which runs at the end once
    MARK_BATCH marks of *other* codes wait. So no transaction, log record or row version
    holds a code's row beside its response. The mark's unique id decides races: of two
    submits with the same code exactly one writes and the other is answered "spent", as
    is a repeated submit after success."""
    key = _key(key)
    # The draft's row first: a second submit with the same code, or a save in another tab,
    # waits here until this one has committed, and then finds the code spent.
    code, draft = _locate_locked(key)
    _check_usable(code)
    if draft is None:
        raise CollectionError("not_started", code.round)
    # The mark's unique id is the last word (SQLite, or a draft made meanwhile).
    spent = _mark(key, code, CodeState.SUBMITTED)
    if spent is None:
        raise CollectionError("spent", code.round)
    instrument = draft.version.instrument()
    numeric, text = split_answers(instrument, draft.answers)
    Response.objects.create(
        round=code.round,
        version_id=draft.version.pk,
        unit_id=code.unit_id,
        group_id=code.group_id,
        respondent_group=code.respondent_group,
        grade_band=_grade_band(code.grade),
        answers=pack_answers(instrument, numeric),
        text_answers=text,
        submitted_on=timezone.localdate(),
    )
    _execute(f"DELETE FROM {Draft._meta.db_table} WHERE id = %s", [draft.pk])  # noqa: S608
    settle_code_marks(minimum=MARK_BATCH, keep=[spent])


def _opened(marks) -> dict[int, tuple[str, int]]:
    """CodeMark id → (state, code id), for the given marks."""
    return {
        pk: (state, sealing.open_code_id(settings.CODE_HMAC_KEY, bytes(lookup), bytes(sealed)))
        for pk, state, lookup, sealed in marks.values_list("pk", "state", "lookup", "sealed_code")
    }


def pending_code_states() -> dict[int, str]:
    """Codes started or spent whose rows do not say so yet (a batch waits): code id → the
    state their row will get. Pages that count codes by state add these."""
    found: dict[int, str] = {}
    for state, code_id in sorted(_opened(CodeMark.objects.all()).values()):
        if found.get(code_id) != CodeState.SUBMITTED:
            found[code_id] = state
    return found


def pending_spent_code_ids() -> set[int]:
    """The codes that are spent although their rows do not say so yet."""
    return {pk for pk, state in pending_code_states().items() if state == CodeState.SUBMITTED}


def settle_code_marks(
    minimum: int = 1, round: Round | None = None, keep: list[bytes] | None = None
) -> int:
    """Change the rows of marked codes (started, submitted), in one transaction, once at
    least ``minimum`` marks wait, leaving out those in ``keep`` (the caller's own, so that a
    batch never holds the code of the draft or response written beside it). With ``round``,
    only and all of that round's (releasing results settles its tail). Returns how many
    marks were applied.

    Side effects: sets the codes' states (in id order, not the order of the marks) and
    deletes the applied CodeMarks."""
    marks = CodeMark.objects.all() if round is None else CodeMark.objects.filter(round=round)
    if keep:
        marks = marks.exclude(lookup__in=keep)
    found = _opened(marks)
    if not found or len(found) < minimum:
        return 0
    started = sorted(code for state, code in found.values() if state == CodeState.STARTED)
    spent = sorted(code for state, code in found.values() if state == CodeState.SUBMITTED)
    with transaction.atomic():
        AccessCode.objects.filter(pk__in=started, state=CodeState.ISSUED).update(
            state=CodeState.STARTED
        )
        AccessCode.objects.filter(
            pk__in=spent, state__in=[CodeState.ISSUED, CodeState.STARTED]
        ).update(state=CodeState.SUBMITTED)
        CodeMark.objects.filter(pk__in=list(found)).delete()
    return len(found)
