"""Fixtures for the storage tests: every ledger test runs on SQLite and on PostgreSQL.

PostgreSQL: `MYAGENT_TEST_DATABASE_URL` or postgresql+psycopg://postgres@127.0.0.1:5432/test.
Each test gets a fresh schema (dropped afterwards), so runs can repeat and run in
parallel. If the server is unreachable the PostgreSQL cases skip, unless
`MYAGENT_REQUIRE_SERVICES=1`, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url
from sqlalchemy.pool import NullPool

from myagent.memory.ledger import Ledger
from myagent.storage.db import Database, open_database, sqlite_url_for

PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_admin_url() -> str:
    return os.environ.get("MYAGENT_TEST_DATABASE_URL") or PG_DEFAULT_URL


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    """An engine on the test PostgreSQL database, or a skip (fail when required)."""
    url = make_url(_pg_admin_url())
    if "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:
        engine.dispose()
        first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["?"])[0]
        reason = f"PostgreSQL at {url.render_as_string()} is unreachable: {first}"
        if os.environ.get("MYAGENT_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{reason} (required: MYAGENT_REQUIRE_SERVICES=1)")
        pytest.skip(reason)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(pg_admin: Engine) -> Iterator[str]:
    """The URL of a fresh, empty schema of the test database (dropped after the test)."""
    schema = f"myagent_test_{uuid.uuid4().hex[:12]}"
    with pg_admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = pg_admin.url.update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with pg_admin.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty ledger database on each backend."""
    if request.param == "sqlite":
        return sqlite_url_for(tmp_path / "project" / ".myagent")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    yield db
    db.close()


@pytest.fixture
def ledger(database: Database) -> Ledger:
    return Ledger(database)
