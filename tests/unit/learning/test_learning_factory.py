"""`[learning]` settings turn into the project's engine and its optional user store."""

from __future__ import annotations

from pathlib import Path

import pytest

from myagent.config import LearningConfig
from myagent.learning.factory import open_learning, user_store_url
from myagent.memory.ledger import Ledger
from myagent.memory.patterns import PatternStore, Problem
from myagent.storage.db import open_database, sqlite_url_for

TYPE_ERROR = Problem.error("TypeError")


def test_disabled_learning_gives_no_engine(tmp_path: Path) -> None:
    with open_database(sqlite_url_for(tmp_path)) as db:
        assert open_learning(LearningConfig(enabled=False), db, 1) == (None, None)


def test_the_user_store_is_a_file_shared_by_projects(tmp_path: Path) -> None:
    shared = tmp_path / "home" / "learning.db"
    config = LearningConfig(user_store=str(shared), threshold=0.6)
    for name in ("a", "b"):
        with open_database(sqlite_url_for(tmp_path / name)) as db:
            engine, user_db = open_learning(
                config, db, Ledger(db).ensure_project(tmp_path / name, name)
            )
            assert engine is not None and user_db is not None and engine.threshold == 0.6
            engine.learn_from_success(TYPE_ERROR, f"template:{name}")
            user_db.close()
    assert shared.is_file()
    with open_database(user_store_url(str(shared))) as db:
        assert set(PatternStore(db, None).stats(TYPE_ERROR)) == {"template:a", "template:b"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("postgresql://me@db/learning", "postgresql://me@db/learning"),
        ("~/learn.db", f"sqlite+pysqlite:///{Path.home() / 'learn.db'}"),
    ],
)
def test_user_store_values_are_urls_or_paths(value: str, expected: str) -> None:
    assert user_store_url(value) == expected


def test_without_a_user_store_only_the_project_learns(tmp_path: Path) -> None:
    with open_database(sqlite_url_for(tmp_path)) as db:
        engine, user_db = open_learning(
            LearningConfig(), db, Ledger(db).ensure_project(tmp_path, "p")
        )
        assert engine is not None and engine.user_store is None and user_db is None
