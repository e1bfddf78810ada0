"""Fixtures for the storage tests: every ledger test runs on SQLite and on PostgreSQL.

PostgreSQL comes from the `pg_url` fixture of `tests/conftest.py`: a fresh schema per
test, a skip when the server is unreachable (a failure under MYAGENT_REQUIRE_SERVICES=1).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from myagent.memory.ledger import Ledger
from myagent.storage.db import Database, open_database, sqlite_url_for


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
