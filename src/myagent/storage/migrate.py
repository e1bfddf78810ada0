"""Alembic, configured in code: the migrations ship inside the package, no alembic.ini.

`upgrade_to_head` runs inside the caller's transaction, which on SQLite is a
`BEGIN IMMEDIATE` (one migrating process at a time, and DDL that rolls back if the
process dies half-way) and on PostgreSQL holds a transaction-level advisory lock, so
two processes opening a fresh database at once do not both create the tables.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# pg_advisory_xact_lock key: b"myagent!" as a signed 64-bit integer.
_PG_LOCK_KEY = int.from_bytes(b"myagent!", "big", signed=True)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the shipped migrations (optionally bound to `connection`)."""
    config = Config()
    # ConfigParser interpolation: a literal % in the path must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision this version of MyAgent knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships a migration
        raise RuntimeError("no Alembic migrations found in the package")
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None for an empty database)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(connection: Connection) -> None:
    """Migrate the database to head inside the caller's (already begun) transaction."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    if current_revision(connection) == head_revision():
        return
    command.upgrade(alembic_config(connection), "head")
