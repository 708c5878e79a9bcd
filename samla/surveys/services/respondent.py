"""A respondent's path: from a typed code to the questionnaire (start, resume), page by
page (save_page) to the submitted response (submit)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from .. import sealing
from ..answers import pack_answers, split_answers
from ..groups import GROUPS_BY_CODE
from ..instrument import Instrument
from ..models import AccessCode, ChildName, CodeState, Draft, Response, RoundState
from ..posted import page_answers
from .errors import CollectionError
from .keys import AccessKey, key_of
from .locate import execute, locate, locate_locked
from .marks import MARK_BATCH, mark, settle_code_marks


@dataclass
class Session:
    """A respondent's place in a questionnaire, found from their code (or its AccessKey).
    ``returning``: start found a draft begun earlier with the same code."""

    code: AccessCode
    draft: Draft
    key: AccessKey
    returning: bool = False

    @property
    def instrument(self) -> Instrument:
        return self.draft.version.instrument()


def _sealed(key: AccessKey, answers: dict, page: int, language: str) -> bytes:
    return sealing.seal(key.draft_secret, {"answers": answers, "page": page, "language": language})


def _update_draft(key: AccessKey, draft: Draft, answers: dict, page: int) -> None:
    """The save of every answer page, as one statement written out (see locate)."""
    execute(
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
    """Open (or resume) the questionnaire a code gives access to; the session's
    ``returning`` says whether the code's draft was begun earlier.

    Side effects: creates the Draft (sealed, found by the code's lookup id) on first use
    and a CodeMark that the code was started (its row is changed later, in a batch: see
    settle_code_marks, which may run here for other codes). A revoked code's leftover draft
    is deleted (only the code finds it)."""
    key = key_of(typed)
    try:
        return _start(key, language)
    except CollectionError as failure:
        if failure.reason == "revoked":
            execute(
                f"DELETE FROM {Draft._meta.db_table} WHERE lookup = %s",  # noqa: S608
                [sealing.lookup_id(key.draft_secret)],
            )
        raise


@transaction.atomic
def _start(key: AccessKey, language: str) -> Session:
    code, draft = locate(key)
    _check_usable(code)
    returning = draft is not None
    if draft is None:
        if code.assigned is None:
            raise CollectionError("no_questionnaire", code.round)
        lookup = sealing.lookup_id(key.draft_secret)
        draft = Draft(lookup=lookup, round_id=code.round.pk, version=code.assigned)
        draft.answers, draft.page, draft.language = {}, 0, language
        execute(
            # Two tabs entering the same code at once: one row, whichever comes first.
            f"INSERT INTO {Draft._meta.db_table} (lookup, round_id, version_id, sealed) "  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (lookup) DO NOTHING",
            [lookup, code.round.pk, code.assigned.pk, _sealed(key, {}, 0, language)],
        )
        if code.state == CodeState.ISSUED:
            started = mark(key, code, CodeState.STARTED)
            code.state = CodeState.STARTED
            settle_code_marks(minimum=MARK_BATCH, keep=[started])
    return Session(code, draft, key, returning)


def resume(key: str | AccessKey) -> Session:
    """Where a respondent who has started is: reads only (two queries, no transaction), so
    that showing a page never waits for another respondent's write."""
    key = key_of(key)
    code, draft = locate(key)
    _check_usable(code)
    if draft is None:
        raise CollectionError("not_started", code.round)
    return Session(code, draft, key)


def child_named(session: Session) -> str:
    """Which child a questionnaire answered about one child (an interview or a staff
    rating: the slip is in the adult's hand) is about: the name on the child's slip cut to
    the first name and the surname's initial ("Aksel Berg" → "Aksel B."), never more than
    the slip shows. Empty for every other code, and for a child without a kept name. One
    query, for such codes only."""
    code = session.code
    group = GROUPS_BY_CODE.get(code.respondent_group)
    if code.child_id is None or group is None or group.per_child != "always":
        return ""
    name = ChildName.objects.filter(child_id=code.child_id).values_list("name", flat=True).first()
    return first_name_and_initial(name or "")


def first_name_and_initial(name: str) -> str:
    words = name.split()
    if len(words) < 2:
        return " ".join(words)
    return f"{words[0]} {words[-1][0]}."


@transaction.atomic
def save_page(key: str | AccessKey, page: int, posted: Mapping[str, Any]) -> Session:
    """Keep the answers of one page. Saving the same page again changes nothing twice.
    ``posted`` is what the page's form posted (a QueryDict, or a mapping of item code to
    value or values), read against the instrument (see posted.page_answers): the page's
    questions only, and only answers the instrument allows.

    Side effects: seals the Draft's answers anew with that page's items and its page
    number. The draft's row is locked while it is merged, so two tabs saving different
    pages at once keep both pages."""
    key = key_of(key)
    code, draft = locate_locked(key)
    _check_usable(code)
    if draft is None:  # saved before it was opened: open it first, as code entry does
        _start(key, "nb")
        code, draft = locate_locked(key)
        assert draft is not None
    instrument = draft.version.instrument()
    if not 0 <= page < len(instrument.pages):
        raise CollectionError("no_such_page", code.round)
    answers = page_answers(instrument, page, posted)
    page_codes = set(instrument.pages[page].item_codes)
    merged = {k: v for k, v in draft.answers.items() if k not in page_codes}
    merged.update({k: v for k, v in answers.items() if v not in (None, "", [])})
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
    key = key_of(key)
    # The draft's row first: a second submit with the same code, or a save in another tab,
    # waits here until this one has committed, and then finds the code spent.
    code, draft = locate_locked(key)
    _check_usable(code)
    if draft is None:
        raise CollectionError("not_started", code.round)
    # The mark's unique id is the last word (SQLite, or a draft made meanwhile).
    spent = mark(key, code, CodeState.SUBMITTED)
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
    execute(f"DELETE FROM {Draft._meta.db_table} WHERE id = %s", [draft.pk])  # noqa: S608
    settle_code_marks(minimum=MARK_BATCH, keep=[spent])
