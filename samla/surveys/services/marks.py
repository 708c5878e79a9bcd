"""Code marks: a code started or spent is remembered apart from its row, and the rows are
changed later in batches, so that no transaction holds a code's row beside its draft or
response (see models.CodeMark)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction

from .. import sealing
from ..models import AccessCode, CodeMark, CodeState, Round
from .keys import AccessKey
from .locate import execute

# Code rows are changed once at least this many marks wait (see settle_code_marks): each
# batch hides which of its codes belongs to which draft or response.
MARK_BATCH = 10


def mark(key: AccessKey, code: AccessCode, state: str) -> bytes | None:
    """Remember that the code was started or spent, without touching its row; the mark's
    id, or None when that mark was there already."""
    lookup = sealing.mark_id(key.draft_secret, state)
    inserted = execute(
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


def _waiting(round: Round | None = None, keep: list[bytes] | None = None) -> list[tuple]:
    """(id, state, lookup, sealed code id) of the marks waiting: of ``round`` only when
    given, and not those in ``keep``. One statement written out: every code entry and
    every submit asks (see locate), and building it through the ORM cost ten times what
    running it did."""
    sql = f"SELECT id, state, lookup, sealed_code FROM {CodeMark._meta.db_table}"  # noqa: S608
    conditions, params = [], []
    if round is not None:
        conditions.append("round_id = %s")
        params.append(round.pk)
    if keep:
        conditions.append(f"lookup NOT IN ({', '.join(['%s'] * len(keep))})")
        params += keep
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _opened(rows: list[tuple]) -> dict[int, tuple[str, int]]:
    """CodeMark id → (state, code id), for the given rows of marks (see _waiting)."""
    return {
        pk: (state, sealing.open_code_id(settings.CODE_HMAC_KEY, bytes(lookup), bytes(sealed)))
        for pk, state, lookup, sealed in rows
    }


def pending_code_states() -> dict[int, str]:
    """Codes started or spent whose rows do not say so yet (a batch waits): code id → the
    state their row will get. Pages that count codes by state add these."""
    found: dict[int, str] = {}
    for state, code_id in sorted(_opened(_waiting()).values()):
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
    rows = _waiting(round, keep)
    if not rows or len(rows) < minimum:
        return 0
    found = _opened(rows)  # opened only for a batch: fewer than ``minimum`` wait mostly
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
