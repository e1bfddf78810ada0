"""Recall over a real embedded Chroma in tmp_path, with the deterministic embedder:
similar past errors lead to their accepted solutions, code is found by meaning, and a
verdict is written to every store in one place with the ids of the others."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from myagent.learning.engine import LearningEngine
from myagent.learning.record import FixOutcome, record_verdict
from myagent.llm.testing import DeterministicEmbedder
from myagent.memory.error_graph import ErrorGraph
from myagent.memory.error_signature import ErrorSignature, patch_key_of
from myagent.memory.ledger import Ledger
from myagent.memory.patterns import PatternStore, Problem
from myagent.memory.recall import FixMemory, Recall, error_text
from myagent.memory.vector import Document, VectorMemory
from myagent.protocol import Verdict
from myagent.repair.strategy import Fix
from myagent.storage.db import Database, open_database, sqlite_url_for

DIFF = (
    "--- a/src/stats.py\n+++ b/src/stats.py\n@@ -2 +2 @@\n"
    "-    return sum(values) / len(values)\n"
    "+    return sum(values) / len(values) if values else 0.0\n"
)
SIGNATURE = ErrorSignature("ZeroDivisionError", "division by zero", "src/stats.py:mean")
MESSAGE = "ZeroDivisionError: division by zero"


@pytest.fixture
def memory(tmp_path: Path) -> VectorMemory:
    return VectorMemory.persistent(tmp_path / "vectors", DeterministicEmbedder())


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(sqlite_url_for(tmp_path / ".myagent"))
    yield database
    database.close()


def fix_memory(**changes: object) -> FixMemory:
    values: dict[str, object] = {
        "signature": SIGNATURE,
        "message": MESSAGE,
        "strategy": "template:none-guard",
        "description": "guard the empty list",
        "summary": "Fix tests/test_stats.py::test_mean_of_nothing",
        "diff": DIFF,
        "patch_key": patch_key_of(DIFF),
        "run_id": "run-1",
        "candidate_id": "cand-1",
        "commit": "c0ffee" * 6,
        "graph_error": 3,
        "graph_solution": 7,
    }
    values.update(changes)
    return FixMemory(**values)  # type: ignore[arg-type]


def test_error_text_names_the_type_once_and_where() -> None:
    assert error_text("KeyError", "KeyError: 'id'\nmore", "src/a.py:load") == (
        "KeyError: 'id'\nat src/a.py:load"
    )
    assert error_text("AssertionError", "") == "AssertionError: "


def test_a_remembered_fix_is_recalled_for_a_paraphrased_error(memory: VectorMemory) -> None:
    recall = Recall(memory)
    error_doc, solution_doc = recall.remember_fix(fix_memory())

    asked = error_text("ZeroDivisionError", "float division by zero", "src/stats.py:mean")
    (found,) = recall.similar_fixes(asked)

    assert (found.error_doc, found.solution_doc) == (error_doc, solution_doc)
    assert found.diff == DIFF
    assert found.strategy == "template:none-guard"
    assert (found.graph_solution, found.commit) == (7, "c0ffee" * 6)
    assert found.similarity > 0.5
    assert found.origin()["vector_hit"] == f"solutions/{solution_doc}"
    assert found.origin()["error_graph_solution"] == 7
    # an unrelated error recalls nothing
    assert recall.similar_fixes(error_text("KeyError", "'user'", "src/web.py:login")) == []


def test_the_same_fix_of_the_same_error_is_stored_once(memory: VectorMemory) -> None:
    recall = Recall(memory)
    recall.remember_fix(fix_memory())
    recall.remember_fix(fix_memory(commit="beef" * 10, run_id="run-2"))
    assert memory.count("error_patterns") == 1
    (stored,) = memory.get("solutions")
    assert (stored.metadata["commit"], stored.metadata["run_id"]) == ("beef" * 10, "run-2")


def test_code_is_found_by_meaning_in_tests_or_in_sources(memory: VectorMemory) -> None:
    memory.upsert(
        "code_snippets",
        [
            Document("src/stats.py::mean", "def mean(values):\n    return sum(values) / len(values)",
                     {"path": "src/stats.py", "qualname": "mean"}),
            Document("tests/test_stats.py::test_mean", "def test_mean():\n    assert mean([1, 3]) == 2",
                     {"path": "tests/test_stats.py", "qualname": "test_mean"}),
            Document("src/web.py::login", "def login(user, password):\n    return check(user)",
                     {"path": "src/web.py", "qualname": "login"}),
        ],
    )  # fmt: skip
    recall = Recall(memory)
    (example,) = recall.code("def median(values): sum values len", 1, tests=True)
    assert example.path == "tests/test_stats.py"
    sources = recall.code("mean of values", 2, tests=False, test_dirs=["tests"])
    assert sources[0].id == "src/stats.py::mean"
    assert all(c.path.startswith("src/") for c in sources)
    others = recall.code("mean of values", 3, exclude=["src/stats.py"])
    assert "src/stats.py::mean" not in [c.id for c in others]


def test_an_implemented_requirement_is_stored_with_its_commit(memory: VectorMemory) -> None:
    Recall(memory).remember_requirement("ab12", "Add a median()", "run-1", "cand-2", "f00d")
    (stored,) = memory.get("requirements")
    assert stored == Document("ab12", "Add a median()",
                              {"run_id": "run-1", "candidate_id": "cand-2", "commit": "f00d"})  # fmt: skip


def test_an_accepted_verdict_is_written_to_every_store_with_cross_references(
    memory: VectorMemory, db: Database, tmp_path: Path
) -> None:
    project = Ledger(db).ensure_project(tmp_path, "demo")
    graph, store = ErrorGraph(db, project), PatternStore(db, project)
    fix = Fix("template:none-guard", "guard the empty list", {"src/stats.py": "new"})
    origin: dict[str, str | int | float | bool] = {
        "source": "error_graph",
        "error_graph_solution": 1,
    }
    outcome = FixOutcome(fix, DIFF, (SIGNATURE,), {SIGNATURE.key: MESSAGE}, "run-1", "cand-1",
                         "Fix the mean", origin)  # fmt: skip
    accepted = Verdict(accepted=True, reason="better")

    (solution_doc,) = record_verdict(
        graph, LearningEngine(store), Recall(memory), outcome, accepted, "c0ffee" * 6
    )

    (solution,) = graph.solutions(graph.errors()[0].id)
    assert (solution.successes, solution.commit, solution.run_id) == (1, "c0ffee" * 6, "run-1")
    (pattern,) = store.patterns(Problem.error("ZeroDivisionError"))
    meta = memory.metadata("solutions")[solution_doc]
    assert meta["error_graph_solution"] == solution.id
    assert meta["error_graph_error"] == solution.error_id
    assert (meta["run_id"], meta["candidate_id"], meta["commit"]) == (
        "run-1",
        "cand-1",
        "c0ffee" * 6,
    )
    assert (meta["pattern_problem"], meta["pattern_key"]) == (
        "error:ZeroDivisionError",
        pattern.solution.key,
    )
    assert meta["recalled_from"] == "error_graph: error_graph_solution=1"
    assert (
        memory.metadata("error_patterns")[SIGNATURE.key]["error_graph_error"] == solution.error_id
    )


def test_a_rejected_verdict_or_no_commit_stores_nothing_in_the_vector_memory(
    memory: VectorMemory,
) -> None:
    fix = Fix("template:none-guard", "guard", {"src/stats.py": "new"})
    outcome = FixOutcome(fix, DIFF, (SIGNATURE,), {}, "run-1", "cand-1", "Fix")
    rejected = Verdict(accepted=False, reason="worse")
    assert record_verdict(None, None, Recall(memory), outcome, rejected, None) == []
    accepted = Verdict(accepted=True, reason="better")
    assert record_verdict(None, None, Recall(memory), outcome, accepted, None) == []
    assert memory.count("solutions") == 0
    assert record_verdict(None, None, None, outcome, accepted, "abc") == []


class BrokenStore(VectorMemory):
    """A store whose server went away after it was opened."""

    def __init__(self) -> None:  # no client
        pass

    def search(self, *args: object, **kwargs: object):  # type: ignore[override]
        raise ConnectionError("Could not connect to a Chroma server at 127.0.0.1:8000")

    def upsert(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        raise OSError("No space left on device")


def test_a_store_that_fails_mid_run_is_noted_and_the_run_goes_on() -> None:
    recall = Recall(BrokenStore())
    assert recall.similar_fixes(MESSAGE) == []
    assert recall.code("mean of values") == []
    assert recall.remember_fix(fix_memory()) is None
    assert recall.remember_requirement("r1", "add mean", "run", "cand", "abc") is None
    assert recall.problems == [
        "vector memory: recalling similar errors failed, going on without it: "
        "Could not connect to a Chroma server at 127.0.0.1:8000",
        "vector memory: recalling code failed, going on without it: "
        "Could not connect to a Chroma server at 127.0.0.1:8000",
        "vector memory: storing a fix failed, going on without it: No space left on device",
        "vector memory: storing a requirement failed, going on without it: No space left on device",
    ]
