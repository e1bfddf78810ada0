"""Learning engines on SQLite files in `tmp_path` (a project's store, a user store)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from myagent.learning.engine import LearningEngine
from myagent.memory.ledger import Ledger
from myagent.memory.patterns import PatternStore
from myagent.storage.db import Database, open_database, sqlite_url_for


@pytest.fixture
def open_db() -> Iterator[Callable[[Path], tuple[Database, int]]]:
    """`open_db(project_root)` -> (its `.myagent/ledger.db`, the project's id); every
    database is closed after the test."""
    opened: list[Database] = []

    def open_one(root: Path) -> tuple[Database, int]:
        db = open_database(sqlite_url_for(root / ".myagent"))
        opened.append(db)
        return db, Ledger(db).ensure_project(root, root.name)

    yield open_one
    for db in opened:
        db.close()


@pytest.fixture
def open_store(
    open_db: Callable[[Path], tuple[Database, int]],
) -> Callable[[Path], PatternStore]:
    """`open_store(project_root)` -> the pattern store of that project."""
    return lambda root: PatternStore(*open_db(root))


@pytest.fixture
def engine(open_store: Callable[[Path], PatternStore], tmp_path: Path) -> LearningEngine:
    return LearningEngine(open_store(tmp_path / "project"))
