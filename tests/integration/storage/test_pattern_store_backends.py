"""The pattern store and the Learning Engine on SQLite and PostgreSQL (the same code):
counts under concurrent writers, scopes, and migration 0003 on a 0002 database."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, insert, inspect, make_url

from myagent.learning.engine import LearningEngine
from myagent.memory.ledger import Ledger
from myagent.memory.patterns import PatternStore, Problem, Solution
from myagent.storage import models
from myagent.storage.db import Database, open_database
from myagent.storage.migrate import alembic_config, current_revision

pytestmark = pytest.mark.integration

ZERO = Problem.error("ZeroDivisionError")
GUARD = Solution("guard b == 0", "-    return a / b\n+    return a / b if b else 0.0\n")
TABLES = {"strategy_outcomes", "learned_patterns"}


@pytest.fixture
def store(ledger: Ledger, database: Database, tmp_path: Path) -> PatternStore:
    return PatternStore(database, ledger.ensure_project(tmp_path, "demo"))


def test_learning_ranks_suggests_and_flags_anti_patterns(
    store: PatternStore, database: Database
) -> None:
    user = PatternStore(database, None)
    engine = LearningEngine(store, user)
    options = ["template:off-by-one", "template:none-guard", "llm"]
    assert engine.rank(ZERO, options) == options
    for _ in range(3):
        engine.learn_from_success(ZERO, "template:none-guard", GUARD)
    engine.learn_from_failure(ZERO, "template:off-by-one", broke_tests=True)
    assert engine.rank(ZERO, options) == ["template:none-guard", "llm", "template:off-by-one"]
    (suggestion,) = engine.suggest_solution(ZERO)
    assert suggestion.solution == GUARD and suggestion.confidence > engine.threshold
    assert (suggestion.successes, suggestion.failures) == (4.5, 0)  # 3 own + 3 * 0.5 user
    engine.learn_from_failure(ZERO, "template:none-guard", GUARD, broke_tests=True)
    assert engine.suggest_solution(ZERO) == []  # it broke tests once: an anti-pattern now
    assert user.stats(ZERO)["template:off-by-one"].broke == 1


def test_concurrent_learners_lose_no_outcome(store: PatternStore, database: Database) -> None:
    barrier = threading.Barrier(4)
    user = PatternStore(database, None)

    def learn(_: int) -> None:
        barrier.wait()
        for i in range(10):
            for scope in (store, user):
                scope.record(ZERO, "llm", i % 2 == 0, solution=GUARD, broke_tests=i == 1)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(learn, range(4)))  # re-raises what a learner raised
    for scope in (store, user):
        stats = scope.stats(ZERO)["llm"]
        assert (stats.successes, stats.failures, stats.broke) == (20, 20, 4)
        (pattern,) = scope.patterns(ZERO)
        assert (pattern.successes, pattern.failures, pattern.anti_pattern) == (20, 20, True)


def test_migration_0003_upgrades_a_0002_database_and_keeps_its_data(db_url: str) -> None:
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        Path(url.database or "").parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0002")
        assert current_revision(conn) == "0002"
        conn.execute(insert(models.Project).values(root="/p", name="p", created_at=datetime.now(UTC)))  # fmt: skip
    assert TABLES.isdisjoint(inspect(engine).get_table_names())
    with open_database(db_url) as db:
        project = Ledger(db).find_project(Path("/p"))
        assert project is not None
        learned = PatternStore(db, project.id).record(ZERO, "llm", True, solution=GUARD)
        assert learned.successes == 1
    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0002")
    assert TABLES.isdisjoint(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM projects").scalars().all() == ["p"]
    engine.dispose()
