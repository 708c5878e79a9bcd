"""What answering leaves in the database's files links no code to any answer (issue 14,
point 3).

Respondents answer through the real pages, on the test database's files (SQLite: the file
database of tests/settings.py with its write-ahead log; PostgreSQL: the relation files and
the write-ahead log read with pg_read_binary_file). Then the raw bytes are searched: no page
or log record holds a stored code HMAC (raw or hex) together with a written answer, an
unfinished answer is nowhere in plain text, and on PostgreSQL no code's row carries the
transaction id of its own response.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samla.surveys import services
from samla.surveys.models import AccessCode, CodeMark, Draft, Response, Round, RoundInstrument
from tests.surveys.xlsforms import begin, end, question, xlsform

FORM = xlsform(
    begin("page"),
    question("select_one agree4", "likert"),
    question("text", "why"),
    end(),
)
RESPONDENTS = 13  # more than a batch of code marks (services.MARK_BATCH), so one is applied


def _round(demo_org) -> Round:
    version = services.publish_instrument(FORM)
    now = timezone.now()
    round = Round.objects.create(
        programme=demo_org.school_programme,
        name="T9",
        slug="t9-traces",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        published=True,
    )
    round.units.add(demo_org.school)
    RoundInstrument.objects.create(round=round, respondent_group="teacher", version=version)
    return round


def _answer(code: str, text: str, *, submit: bool) -> None:
    client = Client()
    assert client.post("/svar/", {"code": code, "language": "nb"}).status_code == 302
    page = reverse("answer:page", kwargs={"number": 0})
    client.post(page, {"likert": "3", "why": text, "go": "next"})
    if submit:
        assert client.post(reverse("answer:confirm"))["Location"] == reverse("answer:done")


def _chunks(data: bytes, size: int, start: int = 0, step: int | None = None) -> list[bytes]:
    step = step or size
    return [data[offset : offset + size] for offset in range(start, len(data), step)]


def _sqlite_pages() -> dict[str, list[bytes]]:
    """Every page of the main file and every frame of the write-ahead log."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_size")
        page_size = cursor.fetchone()[0]
    main = Path(connection.settings_dict["NAME"])
    wal = main.with_name(main.name + "-wal")
    assert wal.exists()  # the log is there to be read
    return {
        "main": _chunks(main.read_bytes(), page_size),
        # 32 bytes of header, then frames of 24 bytes of header and one page.
        "wal": _chunks(wal.read_bytes(), page_size + 24, start=32),
    }


def _postgres_pages(wal_from: str) -> dict[str, list[bytes]]:
    """The 8 KB blocks of the tables that hold codes, marks, drafts and responses (with
    their TOAST tables), after a checkpoint; and each write-ahead log record written since
    ``wal_from``."""
    pages: dict[str, list[bytes]] = {}
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        for model in (AccessCode, Draft, Response, CodeMark):
            table = model._meta.db_table
            cursor.execute(
                "SELECT pg_relation_filepath(c.oid), pg_relation_filepath(c.reltoastrelid) "
                "FROM pg_class c WHERE c.relname = %s",
                [table],
            )
            for number, path in enumerate(cursor.fetchone()):
                if path is None:
                    continue
                cursor.execute("SELECT pg_read_binary_file(%s)", [path])
                pages[f"{table}{'.toast' if number else ''}"] = _chunks(
                    bytes(cursor.fetchone()[0]), 8192
                )
        pages["wal"] = _wal_records(cursor, wal_from)
    return pages


def _wal_records(cursor, wal_from: str) -> list[bytes]:
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect")
    cursor.execute("SELECT setting::int FROM pg_settings WHERE name = 'wal_segment_size'")
    segment_size = cursor.fetchone()[0]
    cursor.execute(
        "SELECT start_lsn - '0/0'::pg_lsn, record_length, "
        "pg_walfile_name(start_lsn) FROM pg_get_wal_records_info(%s, pg_current_wal_lsn())",
        [wal_from],
    )
    records, segments = [], {}
    for start, length, segment in cursor.fetchall():
        if segment not in segments:
            cursor.execute("SELECT pg_read_binary_file(%s)", [f"pg_wal/{segment}"])
            segments[segment] = bytes(cursor.fetchone()[0])
        offset = int(start) % segment_size
        # A record crossing a log page has a page header inside: a few bytes more.
        records.append(segments[segment][offset : offset + length + 64])
    assert records  # the answers were logged and are read here
    return records


def _codes_beside_answers(pages: dict[str, list[bytes]], hmacs, answers) -> list[str]:
    references = [h for raw in hmacs for h in (raw, raw.hex().encode())]
    return [
        f"{name} #{index}"
        for name, chunks in pages.items()
        for index, chunk in enumerate(chunks)
        if any(ref in chunk for ref in references) and any(text in chunk for text in answers)
    ]


def _places(pages: dict[str, list[bytes]], text: bytes) -> list[str]:
    return [
        f"{name} #{index}"
        for name, chunks in pages.items()
        for index, chunk in enumerate(chunks)
        if text in chunk
    ]


@pytest.mark.django_db(transaction=True)
def test_the_database_files_hold_no_code_beside_answers(demo_org):
    round = _round(demo_org)
    wal_from = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            wal_from = cursor.fetchone()[0]
    codes = services.issue_codes(round, demo_org.school, "teacher", RESPONDENTS + 1)
    texts = [f"svar{n:02d}-{secrets.token_hex(8)}".encode() for n in range(RESPONDENTS + 1)]
    for code, text in zip(codes[:-1], texts[:-1], strict=True):
        _answer(code, text.decode(), submit=True)
    unfinished = texts[-1]
    _answer(codes[-1], unfinished.decode(), submit=False)
    assert Response.objects.filter(round=round).count() == RESPONDENTS
    assert Draft.objects.count() == 1
    hmacs = [bytes(h) for h in AccessCode.objects.values_list("code_hmac", flat=True)]
    assert len(hmacs) == RESPONDENTS + 1

    if connection.vendor == "postgresql":
        pages = _postgres_pages(wal_from)
        draft_files = {k: v for k, v in pages.items() if k.startswith(Draft._meta.db_table)}
    else:
        pages = _sqlite_pages()
        draft_files = pages  # the draft's pages are not told apart: search everything

    # The submitted answers are really in the files, readable (so the searches below can
    # find them) ...
    assert all(_places(pages, text) for text in texts[:-1])
    assert all(_places({"log": pages["wal"]}, text) for text in texts[:-1])
    # ... yet no page or log record holds a code's HMAC beside any answer.
    assert _codes_beside_answers(pages, hmacs, texts) == []
    # An unfinished answer, and on PostgreSQL every answer, is nowhere in a draft's file.
    assert _places(draft_files, unfinished) == []
    if connection.vendor == "postgresql":
        assert [t for t in texts if _places(draft_files, t)] == []
        assert [h for h in hmacs if _places(draft_files, h)] == []


@pytest.mark.django_db(transaction=True)
def test_no_code_row_carries_the_transaction_id_of_its_own_response(demo_org):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no transaction ids in rows")
    round = _round(demo_org)
    codes = services.issue_codes(round, demo_org.school, "teacher", RESPONDENTS)
    texts = [f"svar{n:02d}-{secrets.token_hex(8)}" for n in range(RESPONDENTS)]
    for code, text in zip(codes, texts, strict=True):
        _answer(code, text, submit=True)
    services.settle_code_marks()  # every code row now says submitted

    def xmin_of_code(code: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT xmin::text FROM surveys_accesscode WHERE code_hmac = %s",
                [services.access_key(code).code_hmac],
            )
            return int(cursor.fetchone()[0])

    def xmin_of_response(text: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT xmin::text FROM surveys_response WHERE text_answers ->> 'why' = %s",
                [text],
            )
            return int(cursor.fetchone()[0])

    assert set(AccessCode.objects.values_list("state", flat=True)) == {"submitted"}
    pairs = [(xmin_of_code(c), xmin_of_response(t)) for c, t in zip(codes, texts, strict=True)]
    assert [n for n, (code, response) in enumerate(pairs) if code == response] == []
