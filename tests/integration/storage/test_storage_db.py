"""Opening the ledger database: SQLite settings, migrations, bad URLs."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from myagent.errors import StorageError
from myagent.memory.ledger import Ledger
from myagent.storage.db import Database, database_url, open_database, sqlite_url_for
from myagent.storage.migrate import head_revision
from myagent.storage.schema import metadata

pytestmark = pytest.mark.integration

TABLES = {
    "projects",
    "runs",
    "iterations",
    "actions",
    "messages",
    "milestones",
    "checkpoints",
    "rollbacks",
    "score_history",
    "alembic_version",
}


def _revisions(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return [row[0] for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]


def test_sqlite_lives_in_the_state_folder(tmp_path: Path) -> None:
    url = sqlite_url_for(tmp_path / "proj" / ".myagent")
    assert url == f"sqlite+pysqlite:///{tmp_path}/proj/.myagent/ledger.db"
    with open_database(url) as db:
        assert db.backend == "sqlite"
    assert (tmp_path / "proj" / ".myagent" / "ledger.db").is_file()


def test_sqlite_runs_in_wal_mode_with_durable_settings(tmp_path: Path) -> None:
    state = tmp_path / ".myagent"
    with open_database(sqlite_url_for(state)) as db:
        Ledger(db).ensure_project(tmp_path, "demo")
        with db.engine.connect() as conn:
            pragma = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")
            }
        assert pragma == {
            "journal_mode": "wal",
            "synchronous": 2,  # FULL
            "busy_timeout": 5000,
            "foreign_keys": 1,
        }
        assert (state / "ledger.db-wal").exists()  # the write went to the WAL
    # WAL mode is a property of the file: a plain sqlite3 connection sees it too.
    raw = sqlite3.connect(state / "ledger.db")
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_migrations_reach_head_and_rerun_idempotently(db_url: str, tmp_path: Path) -> None:
    with open_database(db_url) as db:
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        assert _revisions(db) == [head_revision()]
        project = Ledger(db).ensure_project(tmp_path, "demo")
    for _ in range(2):
        with open_database(db_url) as db:
            assert _revisions(db) == [head_revision()]
            assert Ledger(db).ensure_project(tmp_path, "demo") == project  # data kept


def test_the_migrations_match_the_models(database: Database) -> None:
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_concurrent_opens_of_a_fresh_database_all_succeed(db_url: str) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_one() -> None:
        barrier.wait()
        try:
            open_database(db_url).close()
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_database(db_url) as db:
        assert _revisions(db) == [head_revision()]


def test_a_schema_newer_than_this_version_is_refused(database: Database, db_url: str) -> None:
    with database.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    database.close()
    with pytest.raises(StorageError, match="9999_future"):
        open_database(db_url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", "empty database URL"),
        ("not a url", "invalid database URL"),
        ("mysql://user:secret@localhost/db", "unsupported database 'mysql'"),
        ("postgresql://postgres@127.0.0.1:1/test", "Connection refused"),
        ("postgresql+psycopg://postgres:secret@127.0.0.1:1/test", "Connection refused"),
    ],
)
def test_a_bad_url_raises_storage_error_with_one_line(url: str, expected: str) -> None:
    with pytest.raises(StorageError) as info:
        open_database(url)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message and "secret" not in message


def test_a_file_that_is_not_a_database_raises_storage_error(tmp_path: Path) -> None:
    state = tmp_path / ".myagent"
    state.mkdir()
    (state / "ledger.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="not a database") as info:
        open_database(sqlite_url_for(state))
    assert "\n" not in str(info.value)
    blocked = tmp_path / "file"
    blocked.write_text("x")
    with pytest.raises(StorageError, match="cannot open the ledger database"):
        open_database(sqlite_url_for(blocked / ".myagent"))


def test_the_configured_url_wins_over_the_embedded_default(tmp_path: Path) -> None:
    state = tmp_path / ".myagent"
    assert database_url(state) == sqlite_url_for(state)
    assert database_url(state, "  ") == sqlite_url_for(state)
    assert database_url(state, " postgresql://u@h/db ") == "postgresql://u@h/db"
