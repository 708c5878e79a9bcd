"""The respondent's hot path: a code's row, its round, its group's grade and its draft
found in one written-out statement; and running the other written-out statements."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connection
from django.db.models import DEFERRED, Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from samla.org.models import Group

from .. import sealing
from ..models import (
    AccessCode,
    CodeMark,
    CodeState,
    Draft,
    InstrumentVersion,
    Round,
    RoundInstrument,
)
from .errors import CollectionError
from .keys import AccessKey

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


def _loaded(model: type[Model], **values) -> Model:
    """An instance as the ORM makes one from a row (``Model.from_db``): the given fields
    set, every other one deferred (read from the database if it is ever asked for). A
    quarter of a page view went into building these five with keyword arguments."""
    names = _ATTNAMES.get(model)
    if names is None:
        names = _ATTNAMES[model] = [field.attname for field in model._meta.concrete_fields]
    return model.from_db(connection.alias, names, [values.get(name, DEFERRED) for name in names])


_ATTNAMES: dict[type[Model], list[str]] = {}


def locate_locked(key: AccessKey) -> tuple[AccessCode, Draft | None]:
    """locate with the draft's row locked (PostgreSQL; SQLite's writes queue anyway), so
    that saves and the submit of one code queue: a waiting one then reads the draft as
    the other left it, or finds it gone. Never the code's row: a lock marks the row it
    holds with the transaction's id, the same id as the answers written next."""
    if connection.features.has_select_for_update_of:
        found = _find(key, lock_draft=True)
        if found is not None:
            return found
    return locate(key)


def locate(key: AccessKey) -> tuple[AccessCode, Draft | None]:
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
    round = _loaded(
        Round,
        id=round_id,
        programme_id=programme_id,
        name=name,
        slug=slug,
        opens_at=_datetime(opens_at),
        closes_at=_datetime(closes_at),
        published=bool(published),
        results_released_at=_datetime(released_at),
    )
    code = _loaded(
        AccessCode,
        id=code_id,
        round_id=round_id,
        unit_id=unit_id,
        group_id=group_id,
        respondent_group=respondent_group,
        child_id=child_id,
        code_hmac=key.code_hmac,
        # Spent by a submit and not marked yet (see submit): as good as submitted.
        state=CodeState.SUBMITTED if spent_id is not None else state,
    )
    code.round = round
    code.grade = grade
    # The round's questionnaire for the code's respondent group (a new draft gets it).
    code.assigned = (
        _loaded(InstrumentVersion, id=assigned_id, content_hash=assigned_hash)
        if assigned_id
        else None
    )
    if draft_id is None:
        return code, None
    try:
        content = sealing.open_sealed(key.draft_secret, bytes(sealed))
    except sealing.Unreadable:
        # Only a changed server key or altered bytes get here; the code's row was found,
        # so the draft is simply not this code's any more.
        raise CollectionError("unknown", round) from None
    draft = _loaded(Draft, id=draft_id, lookup=lookup, round_id=round_id, version_id=version_id)
    draft.version = _loaded(InstrumentVersion, id=version_id, content_hash=content_hash)
    draft.answers = content["answers"]
    draft.page = content["page"]
    draft.language = content["language"]
    return code, draft


def execute(sql: str, params: list) -> int:
    """Run one written-out statement of the respondent's hot path; the number of rows.
    Table names come from the models; every value is a bound parameter."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
