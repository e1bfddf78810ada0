"""The Learning Engine on SQLite: ranking by learned success, suggestions above a
threshold, anti-patterns, persistence across runs and the user-level store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from myagent.learning.engine import LearningEngine
from myagent.memory.patterns import PatternStore, Problem, Solution
from myagent.storage.db import Database

OpenStore = Callable[[Path], PatternStore]
OpenDb = Callable[[Path], tuple[Database, int]]

KEY_ERROR = Problem.error("KeyError")
TEMPLATES = ["template:off-by-one", "template:none-guard", "template:wrong-literal"]
GUARD = Solution(
    "guard the missing key", "--- a/m.py\n+++ b/m.py\n-    x = d[k]\n+    x = d.get(k)\n"
)


def _teach(engine: LearningEngine, strategy: str, successes: int, failures: int = 0) -> None:
    for _ in range(successes):
        engine.learn_from_success(KEY_ERROR, strategy)
    for _ in range(failures):
        engine.learn_from_failure(KEY_ERROR, strategy)


def test_without_evidence_the_order_does_not_change(engine: LearningEngine) -> None:
    assert engine.rank(KEY_ERROR, TEMPLATES) == TEMPLATES
    _teach(engine, "template:none-guard", 3)
    # evidence about another kind of problem changes nothing here
    assert engine.rank(Problem.error("IndexError"), TEMPLATES) == TEMPLATES


def test_what_worked_is_tried_first_and_what_failed_last(engine: LearningEngine) -> None:
    _teach(engine, "template:wrong-literal", 2)
    _teach(engine, "template:off-by-one", 0, 2)
    assert engine.rank(KEY_ERROR, TEMPLATES) == [
        "template:wrong-literal",  # worked twice
        "template:none-guard",  # unknown: keeps its place among the unknown
        "template:off-by-one",  # failed twice
    ]


def test_a_hundred_successes_outrank_one(engine: LearningEngine) -> None:
    _teach(engine, "template:off-by-one", 1)
    _teach(engine, "template:none-guard", 100)
    assert engine.rank(KEY_ERROR, TEMPLATES)[:2] == ["template:none-guard", "template:off-by-one"]
    once = engine.posterior(KEY_ERROR, "template:off-by-one")
    hundred = engine.posterior(KEY_ERROR, "template:none-guard")
    assert once.lower < 0.25 and hundred.lower > 0.95


def test_an_anti_pattern_lowers_the_rank_and_is_never_suggested(engine: LearningEngine) -> None:
    for strategy in ("template:off-by-one", "template:none-guard"):
        _teach(engine, strategy, 3)
    harmless = Solution("compare with <=", "-    if i < n:\n+    if i <= n:\n")
    engine.learn_from_failure(KEY_ERROR, "template:off-by-one", harmless)
    engine.learn_from_failure(KEY_ERROR, "template:none-guard", GUARD, broke_tests=True)
    # same counts, but the failure of none-guard broke passing tests
    assert engine.rank(KEY_ERROR, TEMPLATES[:2]) == ["template:off-by-one", "template:none-guard"]
    for _ in range(5):
        engine.learn_from_success(KEY_ERROR, "template:none-guard", GUARD)
    assert all(s.solution.key != GUARD.key for s in engine.suggest_solution(KEY_ERROR))


def test_suggestions_need_confidence_above_the_threshold(engine: LearningEngine) -> None:
    engine.learn_from_success(KEY_ERROR, "template:none-guard", GUARD)
    assert engine.suggest_solution(KEY_ERROR) == []  # one success: confidence 0.22 < 0.3
    engine.learn_from_success(KEY_ERROR, "template:none-guard", GUARD)
    (suggestion,) = engine.suggest_solution(KEY_ERROR)
    assert suggestion.solution == GUARD and suggestion.strategy == "template:none-guard"
    assert suggestion.confidence == pytest.approx(0.05 ** (1 / 3), abs=1e-9)  # Beta(3, 1)
    assert (suggestion.successes, suggestion.failures) == (2, 0)
    engine.threshold = 0.5
    assert engine.suggest_solution(KEY_ERROR) == []


def test_the_most_trusted_solution_is_suggested_first(engine: LearningEngine) -> None:
    other = Solution("default to None", "-    x = d[k]\n+    x = d.get(k, None)\n")
    engine.threshold = 0.0
    for _ in range(3):
        engine.learn_from_success(KEY_ERROR, "template:none-guard", GUARD)
    engine.learn_from_success(KEY_ERROR, "llm", other)
    ranked = engine.suggest_solution(KEY_ERROR)
    assert [s.solution.description for s in ranked] == [GUARD.description, other.description]
    assert ranked[0].confidence > ranked[1].confidence
    assert engine.suggest_solution(KEY_ERROR, limit=1) == ranked[:1]


def test_a_second_run_sees_what_the_first_learned(
    open_db: OpenDb, open_store: OpenStore, tmp_path: Path
) -> None:
    db, project_id = open_db(tmp_path / "project")
    _teach(LearningEngine(PatternStore(db, project_id)), "template:wrong-literal", 3)
    db.close()  # the first run ends
    second = LearningEngine(open_store(tmp_path / "project"))
    assert second.rank(KEY_ERROR, TEMPLATES)[0] == "template:wrong-literal"
    other_project = LearningEngine(open_store(tmp_path / "other"))
    assert other_project.rank(KEY_ERROR, TEMPLATES) == TEMPLATES


def test_a_user_store_carries_learning_to_other_projects(
    open_db: OpenDb, open_store: OpenStore, tmp_path: Path
) -> None:
    user = PatternStore(open_db(tmp_path / "user")[0], None)  # no project: the user level
    first = LearningEngine(open_store(tmp_path / "a"), user)
    _teach(first, "template:wrong-literal", 3)
    second = LearningEngine(open_store(tmp_path / "b"), user)
    assert second.rank(KEY_ERROR, TEMPLATES)[0] == "template:wrong-literal"
    merged = second.stats(KEY_ERROR)["template:wrong-literal"]
    assert merged.successes == pytest.approx(1.5)  # the user store's counts weigh half
    # the project's own evidence weighs first: 2 own successes beat 3 elsewhere
    _teach(second, "template:none-guard", 2)
    assert second.rank(KEY_ERROR, TEMPLATES)[0] == "template:none-guard"
