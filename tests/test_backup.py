"""Backups made and restored with the commands of docs/deploy.md ("Backups"), with real
tools: ``pg_dump``/``createdb``/``pg_restore`` and the ``sqlite3`` command line.

Each database is a real Samla one (``manage.py migrate``, ``seed_demo``,
``seed_national``), and while the backup runs a second process keeps writing to it: Samla
itself, through its own settings, setting keys in the database cache (``samla_cache``,
where the failure counters of code entry and login live). A backup is right when it is a
consistent snapshot: every other table equals the live one row for row, and of the
writer's keys it holds exactly the first k it set, k between the counts before and after
the backup.

The commands below are the documentation's; keep the two alike."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
WRITER_KEYS = ":1:backup-writer-"  # Django's stored form of the writer's keys (version 1)

# The restore drill's count of key tables (docs/deploy.md), the same in psql and sqlite3.
DRILL_QUERY = """SELECT 'org_person', count(*) FROM org_person
UNION ALL SELECT 'org_unit', count(*) FROM org_unit
UNION ALL SELECT 'org_membership', count(*) FROM org_membership
UNION ALL SELECT 'surveys_round', count(*) FROM surveys_round
UNION ALL SELECT 'surveys_accesscode', count(*) FROM surveys_accesscode
UNION ALL SELECT 'surveys_response', count(*) FROM surveys_response
UNION ALL SELECT 'results_resultrow', count(*) FROM results_resultrow
UNION ALL SELECT 'analysis_analysis', count(*) FROM analysis_analysis
UNION ALL SELECT 'plans_activity', count(*) FROM plans_activity
UNION ALL SELECT 'django_migrations', count(*) FROM django_migrations;"""

# The commands as docs/deploy.md gives them; the tests below run them with their own
# names and places.
DOCUMENTED = [
    'pg_dump --format=custom --no-owner --dbname="$DATABASE_URL"',
    "createdb --host=db.example.no --username=postgres --owner=samla samla_restored",
    "pg_restore --no-owner --exit-on-error --single-transaction "
    "--dbname=postgres://samla:…@db.example.no:5432/samla_restored samla-….dump",
    ".venv/bin/python manage.py migrate --check",
    'sqlite3 -cmd ".timeout 20000" var/samla.sqlite3 "VACUUM INTO \'/var/backups/samla/',
    ".venv/bin/python -c \"import sqlite3; s = sqlite3.connect('var/samla.sqlite3'); "
    "d = sqlite3.connect('backup.sqlite3'); s.backup(d); d.close()\"",
    'sqlite3 backup.sqlite3 "PRAGMA integrity_check"',
    'psql --dbname="$DATABASE_URL" --no-psqlrc --tuples-only --no-align --command "$DRILL"',
    'sqlite3 var/samla.sqlite3 "$DRILL"',
    DRILL_QUERY,
]

# Samla writing to its own database cache until the stop file appears; prints how many keys
# it set. Each set is a transaction of its own (as each counted failure is).
WRITER = """
import os, sys
import django
django.setup()
from django.core.cache import cache
stop, written = sys.argv[1], 0
while not os.path.exists(stop):
    cache.set(f"backup-writer-{written}", written, 3600)
    written += 1
print(written, flush=True)
"""


# A write of the app's, then the process killed: the transaction is only in the -wal.
CRASH = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("UPDATE person SET name = 'changed' WHERE id % 2 = 0")
os._exit(0)
"""


def _env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMLA_", "DATABASE_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "samla.settings",
        "SAMLA_DEMO": "true",
        "DATABASE_URL": database_url,
    }
    return env


def _run(command: list[str], env: dict[str, str] | None = None, timeout: float = 120):
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{command[:3]} failed:\n{done.stdout}\n{done.stderr}"
    return done


def _manage(database_url: str, *args: str, timeout: float = 300):
    return _run([sys.executable, "manage.py", *args], _env(database_url), timeout)


def _migrate_and_seed(database_url: str) -> None:
    """A database with rows in most tables: the demo organisation with its plans, learning
    groups and partnership, and a small national dataset with survey rounds answered
    (about 3 000 responses), built and released. About 10 s on an idle machine, where
    ``seed_demo --stage collect`` takes 40."""
    _manage(database_url, "migrate", "--no-input")
    _manage(database_url, "seed_demo", "--stage", "plan")
    _manage(database_url, "seed_national", "--scale", "0.002")


class Writer:
    """Samla setting cache keys in a process of its own, until stopped."""

    def __init__(self, database_url: str, count, folder: Path):
        self.count, self.stop_file = count, folder / "stop-writer"
        self.process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(self.stop_file)],
            cwd=ROOT,
            env=_env(database_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def __enter__(self) -> Writer:
        deadline = time.monotonic() + 60
        while self.count() < 50:  # started and writing steadily
            if self.process.poll() is not None:
                raise AssertionError(f"the writer stopped: {self.process.stderr.read()}")
            assert time.monotonic() < deadline, "the writer wrote nothing in 60 s"
            time.sleep(0.05)
        return self

    def stop(self) -> int:
        self.stop_file.touch()
        out, err = self.process.communicate(timeout=60)
        assert self.process.returncode == 0, err
        return int(out.split()[-1])

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _check_snapshot(name: str, keys: list[int], before: int, after: int) -> None:
    """The backup holds the writer's first k keys, none missing, none later."""
    assert after > before, f"{name}: the writer wrote nothing while the backup ran"
    assert sorted(keys) == list(range(len(keys))), f"{name}: a gap in the writer's keys"
    assert before <= len(keys) <= after, (name, before, len(keys), after)


def _words(text: str) -> str:
    return " ".join(text.replace("\\\n", " ").split())


def test_the_documented_commands_are_the_tested_ones():
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert "\n## Backups\n" in doc
    section = _words(doc.split("\n## Backups\n", 1)[1].split("\n## ", 1)[0])
    for command in DOCUMENTED:
        assert _words(command) in section, command


# --- SQLite ------------------------------------------------------------------------------


def _sqlite_backup_commands(live: Path, backup: Path) -> dict[str, list[str]]:
    """The two online backups of docs/deploy.md."""
    return {
        "sqlite3 VACUUM INTO": [
            "sqlite3", "-cmd", ".timeout 20000", str(live), f"VACUUM INTO '{backup}'",
        ],
        "Python backup()": [
            sys.executable, "-c",
            f"import sqlite3; s = sqlite3.connect('{live}'); "
            f"d = sqlite3.connect('{backup}'); s.backup(d); d.close()",
        ],
    }  # fmt: skip


def _sqlite_content(path: Path) -> tuple[set, dict[str, list], list[int]]:
    """Schema, every table's rows (sorted; the writer's keys left out) and the writer's
    key numbers."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("BEGIN")  # one read transaction: one moment
        schema = set(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        tables, keys = {}, []
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            rows = db.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608
            if table == "samla_cache":
                keys = [int(r[0][len(WRITER_KEYS) :]) for r in rows if r[0].startswith(WRITER_KEYS)]
                rows = [r for r in rows if not r[0].startswith(WRITER_KEYS)]
            tables[table] = sorted(rows, key=repr)
        db.execute("COMMIT")
        return schema, tables, keys
    finally:
        db.close()


def _sqlite_writer_count(path: Path) -> int:
    with sqlite3.connect(path, timeout=20) as db:
        sql = "SELECT count(*) FROM samla_cache WHERE cache_key LIKE ?"
        return db.execute(sql, (WRITER_KEYS + "%",)).fetchone()[0]


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 command line")
@pytest.mark.one_database("sqlite")  # a database of its own: once, in make test
def test_sqlite_online_backup_while_samla_writes_and_a_restore(tmp_path):
    live = tmp_path / "samla.sqlite3"
    url = f"sqlite:///{live}"
    started = time.monotonic()
    _migrate_and_seed(url)
    seeded = time.monotonic()
    assert sqlite3.connect(live).execute("PRAGMA journal_mode").fetchone() == ("wal",)

    backups, measured = {}, []
    with Writer(url, lambda: _sqlite_writer_count(live), tmp_path) as writer:
        for index, name in enumerate(("sqlite3 VACUUM INTO", "Python backup()")):
            backup = tmp_path / f"backup-{index}.sqlite3"
            command = _sqlite_backup_commands(live, backup)[name]
            before = _sqlite_writer_count(live)
            began = time.monotonic()
            _run(command, timeout=60)
            took = time.monotonic() - began
            backups[name] = (backup, before, _sqlite_writer_count(live))
            measured.append(f"{name} {took:.2f} s, {backup.stat().st_size} bytes")
        written = writer.stop()
    print(
        f"\nSQLite: migrate + seeding {seeded - started:.1f} s, live file "
        f"{live.stat().st_size} bytes, writer {written} keys; " + "; ".join(measured)
    )

    schema, tables, keys = _sqlite_content(live)
    assert keys == list(range(written))
    assert sum(1 for rows in tables.values() if rows) >= 60, "the demo made too few rows"
    assert tables["surveys_response"] and tables["results_resultrow"]
    for name, (backup, before, after) in backups.items():
        checked = _run(["sqlite3", str(backup), "PRAGMA integrity_check"])
        assert checked.stdout.strip() == "ok", (name, checked.stdout)
        backup_schema, backup_tables, backup_keys = _sqlite_content(backup)
        assert backup_schema == schema, name
        assert backup_tables.keys() == tables.keys(), name
        for table, rows in tables.items():
            assert backup_tables[table] == rows, f"{name}: {table} differs"
        _check_snapshot(name, backup_keys, before, after)

    # The restore: the backup copied in as the database file, no -wal or -shm beside it.
    restored = tmp_path / "restored" / "samla.sqlite3"
    restored.parent.mkdir()
    shutil.copyfile(backups["sqlite3 VACUUM INTO"][0], restored)
    _manage(f"sqlite:///{restored}", "migrate", "--check")
    counts = _run(["sqlite3", str(restored), DRILL_QUERY]).stdout
    assert counts == _run(["sqlite3", str(live), DRILL_QUERY]).stdout
    assert re.search(r"^surveys_response\|[1-9]", counts, re.MULTILINE), counts


def test_a_restored_file_with_the_old_wal_beside_it_is_not_the_backup(tmp_path):
    """Why docs/deploy.md has the old -wal and -shm moved away with the old file: SQLite
    applies a -wal to whatever file has the database's name."""
    live, backup = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    db = sqlite3.connect(live, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    db.executemany("INSERT INTO person (name) VALUES (?)", [(f"P{i}",) for i in range(2000)])
    db.execute(f"VACUUM INTO '{backup}'")
    db.close()
    # The app killed after a last write: its transaction is only in the -wal.
    _run([sys.executable, "-c", CRASH, str(live)])
    assert Path(f"{live}-wal").stat().st_size > 0

    def rows(path: Path):
        with sqlite3.connect(path) as db:
            return db.execute("SELECT * FROM person ORDER BY id").fetchall()

    expected = rows(backup)
    for beside_old_wal in (False, True):
        restored = tmp_path / f"restored-{beside_old_wal}" / "samla.sqlite3"
        restored.parent.mkdir()
        shutil.copyfile(backup, restored)
        if beside_old_wal:
            shutil.copyfile(f"{live}-wal", f"{restored}-wal")
        try:
            found = rows(restored)
        except sqlite3.DatabaseError as error:
            found = error
        assert (found == expected) is not beside_old_wal, found


# --- PostgreSQL --------------------------------------------------------------------------


def _url(base: str, database: str, user: str | None = None, password: str = "") -> str:
    parts = urlsplit(base)
    if user is not None:
        netloc = f"{quote(user)}:{quote(password)}@{parts.hostname}:{parts.port or 5432}"
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts._replace(path=f"/{database}"))


def _pg_admin() -> str:
    """A URL to the maintenance database of the PostgreSQL server the tests use (that of
    DATABASE_URL, else the local one); skips when there is none."""
    psycopg = pytest.importorskip("psycopg")
    for tool in ("pg_dump", "pg_restore", "createdb"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (Debian: postgresql-client)")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    admin = _url(url, "postgres")
    try:
        with psycopg.connect(admin, connect_timeout=5) as db:
            server = db.info.server_version // 10000
            superuser = db.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles "
                                   "WHERE rolname = current_user").fetchone()[0]  # fmt: skip
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL reachable at {urlsplit(admin).hostname}: {error}")
    version = _run(["pg_dump", "--version"]).stdout
    client = int(re.search(r"(\d+)(\.\d+)+", version).group(1))
    if client < server:
        pytest.skip(f"pg_dump {client} cannot dump PostgreSQL {server}")
    if not superuser:
        pytest.skip("the test makes a role of its own: it needs a user who may create roles")
    return admin


def _createdb(admin: str, name: str, owner: str) -> None:
    """``createdb --owner=…`` as docs/deploy.md has it, as the server's administrator."""
    parts = urlsplit(admin)
    env = os.environ | {"PGPASSWORD": parts.password or ""}
    host = ["--host", parts.hostname, "--port", str(parts.port or 5432)]
    _run(["createdb", *host, "--username", parts.username, "--owner", owner, name], env)


def _pg_content(url: str) -> dict:
    """Schema, sequences, every table's row count and checksum (order-independent; the
    writer's keys left out) and the writer's key numbers: all read in one snapshot."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(url) as db:
        db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        tables = [
            name
            for (name,) in db.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        rows = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) FROM {} t"
            ).format(sql.Identifier(table))
            if table == "samla_cache":
                query += sql.SQL(" WHERE cache_key NOT LIKE {}").format(
                    sql.Literal(WRITER_KEYS + "%")
                )
            rows[table] = db.execute(query).fetchone()
        keys = db.execute(
            "SELECT substr(cache_key, %s)::int FROM samla_cache WHERE cache_key LIKE %s",
            [len(WRITER_KEYS) + 1, WRITER_KEYS + "%"],
        ).fetchall()
        schema = {
            "columns": set(db.execute(
                "SELECT table_name, column_name, data_type, is_nullable, column_default, "
                "is_identity FROM information_schema.columns WHERE table_schema = 'public'"
            )),
            "indexes": set(db.execute(
                "SELECT tablename, indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = 'public'"
            )),
            "constraints": set(db.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
            )),
            "sequences": set(db.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            )),
        }  # fmt: skip
        size = db.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return {"rows": rows, "keys": [k for (k,) in keys], "schema": schema, "size": size}


def _pg_writer_count(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as db:
        sql = "SELECT count(*) FROM samla_cache WHERE cache_key LIKE %s"
        return db.execute(sql, [WRITER_KEYS + "%"]).fetchone()[0]


@pytest.mark.one_database("postgresql")  # databases of its own: once, in make test-postgres
def test_postgres_dump_while_samla_writes_restored_into_a_fresh_database(tmp_path):
    import psycopg
    from psycopg import sql

    admin = _pg_admin()
    tag = f"{os.getpid()}_{secrets.token_hex(4)}"
    role, password = f"samla_backup_{tag}", secrets.token_hex(16)
    live_db, restored_db = f"samla_backup_{tag}_live", f"samla_backup_{tag}_restored"
    live, restored = (_url(admin, name, role, password) for name in (live_db, restored_db))
    dump = tmp_path / "samla.dump"
    try:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(password)
                )
            )
        _createdb(admin, live_db, role)  # Samla's own role, no superuser
        started = time.monotonic()
        _migrate_and_seed(live)
        seeded = time.monotonic()

        with Writer(live, lambda: _pg_writer_count(live), tmp_path) as writer:
            before = _pg_writer_count(live)
            began = time.monotonic()
            _run(["pg_dump", "--format=custom", "--no-owner", f"--dbname={live}",
                  f"--file={dump}"])  # fmt: skip
            dumped = time.monotonic()
            after = _pg_writer_count(live)
            written = writer.stop()

        _createdb(admin, restored_db, role)
        restore_began = time.monotonic()
        _run(["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction",
              f"--dbname={restored}", str(dump)])  # fmt: skip
        restore_took = time.monotonic() - restore_began
        _manage(restored, "migrate", "--check")

        source, copy = _pg_content(live), _pg_content(restored)
        print(
            f"\nPostgreSQL: migrate + seeding {seeded - started:.1f} s, live database "
            f"{source['size']} bytes, {len(source['rows'])} tables "
            f"({sum(1 for n, _ in source['rows'].values() if n)} with rows, "
            f"{sum(n for n, _ in source['rows'].values())} rows); pg_dump "
            f"{dumped - began:.2f} s, {dump.stat().st_size} bytes; pg_restore "
            f"{restore_took:.2f} s; writer {written} keys"
        )
        assert source["keys"] == list(range(written))
        assert sum(1 for n, _ in source["rows"].values() if n) >= 60, "too few rows made"
        assert source["rows"]["surveys_response"][0] > 0
        assert source["rows"]["results_resultrow"][0] > 0
        assert copy["schema"] == source["schema"]
        assert copy["rows"].keys() == source["rows"].keys()
        for table, counted in source["rows"].items():
            assert copy["rows"][table] == counted, f"{table} differs after the restore"
        _check_snapshot("pg_dump", copy["keys"], before, after)

        drill = ["psql", "--no-psqlrc", "--tuples-only", "--no-align", "--command", DRILL_QUERY]
        if shutil.which("psql"):
            counts = _run([*drill, f"--dbname={restored}"]).stdout
            assert counts == _run([*drill, f"--dbname={live}"]).stdout
            assert re.search(r"^surveys_response\|[1-9]", counts, re.MULTILINE), counts
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            for name in (live_db, restored_db):
                db.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
            db.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
