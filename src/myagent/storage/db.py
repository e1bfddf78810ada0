"""Opening the ledger database: engine, short sessions, SQLite PRAGMAs, schema at head.

The embedded default is SQLite in `PATH/.myagent/ledger.db` (`sqlite_url_for`);
`MYAGENT_DATABASE_URL` may name a PostgreSQL database instead
(`postgresql://user@host/db`; the psycopg 3 driver is used).

SQLite settings, applied to every new connection:

* `journal_mode=WAL`: readers (status, dashboard) never block the writing run.
* `synchronous=FULL`: in WAL mode every COMMIT syncs the WAL, so a commit that has
  returned survives a power loss or OS crash too, not only a killed process (NORMAL
  survives `kill -9` but may lose the last commits on power loss). The ledger writes a
  handful of rows per iteration, so the extra fsync per commit costs nothing visible.
* `busy_timeout=5000`: a second process waits up to 5 s for the write lock.
* `foreign_keys=ON`: SQLite does not enforce foreign keys otherwise.

SQLAlchemy, not the sqlite3 module, emits BEGIN: write sessions use `BEGIN IMMEDIATE`
(take the write lock up front, so a read-then-write transaction never fails with
SQLITE_BUSY half-way), read sessions a deferred `BEGIN`, and DDL is transactional.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from myagent.errors import StorageError
from myagent.storage.migrate import upgrade_to_head
from myagent.storage.types import dumps_json

LEDGER_FILE = "ledger.db"
BUSY_TIMEOUT_MS = 5000
_WRITE = "myagent_write"  # execution option: this transaction writes
_SUPPORTED = ("sqlite", "postgresql")
_log = logging.getLogger(__name__)


def sqlite_url_for(state_dir: Path) -> str:
    """The URL of the embedded ledger in a project's state folder (`PATH/.myagent`)."""
    return f"sqlite+pysqlite:///{(state_dir / LEDGER_FILE).absolute()}"


def database_url(state_dir: Path, configured: str = "") -> str:
    """The URL to open: `configured` (`MYAGENT_DATABASE_URL`) or SQLite in `state_dir`."""
    return configured.strip() or sqlite_url_for(state_dir)


def _one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)  # a DBAPI error wrapped by SQLAlchemy
    text = str(orig if orig is not None else exc).strip() or type(exc).__name__
    return text.splitlines()[0].strip()


class Database:
    """An open ledger database: the engine plus short read and write sessions."""

    def __init__(self, engine: Engine, display_url: str) -> None:
        self.engine = engine
        self.display_url = display_url  # password hidden
        self._reader = sessionmaker(bind=engine, expire_on_commit=False)
        self._writer = sessionmaker(
            bind=engine.execution_options(**{_WRITE: True}), expire_on_commit=False
        )

    @property
    def backend(self) -> str:
        """`"sqlite"` or `"postgresql"`."""
        return self.engine.dialect.name

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session in a write transaction, committed when the block ends.

        The commit has returned (the write is acknowledged) when the block exits
        normally. Database failures are raised as `StorageError` with one line.
        """
        try:
            with self._writer() as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise StorageError(
                f"ledger write failed ({self.display_url}): {_one_line(exc)}"
            ) from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session in a read transaction (a consistent snapshot)."""
        try:
            with self._reader() as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise StorageError(
                f"ledger read failed ({self.display_url}): {_one_line(exc)}"
            ) from exc

    def close(self) -> None:
        """Close every pooled connection (SQLite checkpoints the WAL on the last close)."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# --------------------------------------------------------------------------- SQLite events


def _set_wal(cursor: Any) -> str:
    """Switch to WAL, retrying: on a fresh file the switch can report SQLITE_BUSY at
    once (without waiting for busy_timeout) while another process does the same."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = str(cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
            continue
        return mode


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN, see _on_sqlite_begin
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        mode = _set_wal(cursor)
        if mode not in ("wal", "memory"):
            _log.warning("SQLite refused WAL mode (journal_mode=%s); ledger stays durable", mode)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(_WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# --------------------------------------------------------------------------- opening


def _redact(raw: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", raw)


def _parse(raw: str) -> URL:
    raw = raw.strip()
    if not raw:
        raise StorageError("empty database URL")
    try:
        url = make_url(raw)
    except Exception as exc:
        raise StorageError(f"invalid database URL {_redact(raw)!r}: {_one_line(exc)}") from exc
    backend = url.get_backend_name()
    if backend == "postgres":
        backend = "postgresql"
    if backend not in _SUPPORTED:
        raise StorageError(
            f"unsupported database {backend!r} in {_redact(raw)!r} (use sqlite or postgresql)"
        )
    if backend == "postgresql" and "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")  # plain postgresql://: psycopg 3
    return url


def _sqlite_file(url: URL) -> Path | None:
    name = url.database or ""
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def _create(url: URL) -> Engine:
    kwargs: dict[str, Any] = {"json_serializer": dumps_json}
    if url.get_backend_name() == "sqlite":
        path = _sqlite_file(url)
        kwargs["connect_args"] = {"check_same_thread": False}
        if path is None:
            kwargs["poolclass"] = StaticPool  # one shared in-memory database
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    if "connect_timeout" not in url.query:
        kwargs["connect_args"] = {"connect_timeout": 10}
    return create_engine(url, pool_pre_ping=True, **kwargs)


def open_database(url: str) -> Database:
    """Open (creating if needed) the ledger database at `url`, its schema at head.

    Raises `StorageError` with one line when the URL is bad, the server unreachable,
    the file not a database, or the schema newer than this MyAgent.
    """
    parsed = _parse(url)
    display = parsed.render_as_string(hide_password=True)
    engine: Engine | None = None
    try:
        engine = _create(parsed)
        with engine.execution_options(**{_WRITE: True}).begin() as connection:
            upgrade_to_head(connection)
    except Exception as exc:
        if engine is not None:
            engine.dispose()
        raise StorageError(f"cannot open the ledger database {display}: {_one_line(exc)}") from exc
    return Database(engine, display)
