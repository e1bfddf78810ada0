"""The pattern store on SQLite: counts per strategy and per solution, anti-patterns,
and the scopes of a project and of the user-level store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from myagent.memory.ledger import Ledger
from myagent.memory.patterns import PatternStore, Problem, ProblemKind, Solution
from myagent.storage.db import Database, open_database, sqlite_url_for

ZERO = Problem.error("ZeroDivisionError")
DIFF = "--- a/m.py\n+++ b/m.py\n@@ -3 +3 @@\n-    return a / b\n+    return a / b if b else 0.0\n"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(sqlite_url_for(tmp_path / ".myagent"))
    yield database
    database.close()


@pytest.fixture
def store(db: Database, tmp_path: Path) -> PatternStore:
    return PatternStore(db, Ledger(db).ensure_project(tmp_path, "demo"))


def test_outcomes_are_counted_per_problem_and_strategy(store: PatternStore) -> None:
    store.record(ZERO, "template:none-guard", True)
    store.record(ZERO, "template:none-guard", False)
    after = store.record(ZERO, "template:none-guard", False, broke_tests=True)
    assert (after.successes, after.failures, after.broke) == (1, 2, 1)
    assert after.posterior.failures == 3  # a failure that broke tests counts twice
    store.record(Problem.task("fix_failing_test"), "debugger", True)
    assert list(store.stats(ZERO)) == ["template:none-guard"]
    assert store.stats(Problem.task("fix_failing_test"))["debugger"].successes == 1
    assert store.stats(Problem.error("KeyError")) == {}


def test_a_solution_keeps_its_text_counts_and_anti_pattern_flag(store: PatternStore) -> None:
    fix = Solution("return 0.0 for an empty list", DIFF)
    store.record(ZERO, "llm", True, solution=fix)
    (pattern,) = store.patterns(ZERO)
    assert (pattern.solution, pattern.successes, pattern.anti_pattern) == (fix, 1, False)
    assert pattern.problem == ZERO and pattern.problem.kind is ProblemKind.ERROR
    store.record(ZERO, "llm", False, solution=fix, broke_tests=True)
    store.record(ZERO, "llm", True, solution=fix)
    (pattern,) = store.patterns(ZERO)
    assert (pattern.successes, pattern.failures, pattern.anti_pattern) == (2, 1, True)


def test_the_same_change_elsewhere_is_the_same_solution() -> None:
    moved = DIFF.replace("@@ -3 +3 @@", "@@ -40 +40 @@").replace("a / b if", "a  /  b if")
    assert Solution("x", DIFF).key == Solution("y", moved).key
    assert Solution("use a guard").key != Solution("use a default").key
    assert str(ZERO) == "error:ZeroDivisionError"


def test_projects_and_the_user_level_store_do_not_mix(
    store: PatternStore, db: Database, tmp_path: Path
) -> None:
    other = PatternStore(db, Ledger(db).ensure_project(tmp_path / "other", "other"))
    user = PatternStore(db, None)
    store.record(ZERO, "llm", True, solution=Solution("a", DIFF))
    user.record(ZERO, "llm", False)
    user.record(ZERO, "llm", False)
    assert store.stats(ZERO)["llm"].successes == 1
    assert user.stats(ZERO)["llm"].failures == 2 and user.patterns(ZERO) == []
    assert other.stats(ZERO) == {} and other.patterns(ZERO) == []
