"""The ledger, the error graph, the pattern store and the vector memory agree on the
fixes they share, and `check_memory` names every reference that does not resolve."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from myagent.learning.engine import LearningEngine
from myagent.learning.record import FixOutcome, record_verdict
from myagent.llm.testing import DeterministicEmbedder
from myagent.memory.consistency import check_memory
from myagent.memory.error_graph import ErrorGraph
from myagent.memory.error_signature import ErrorSignature
from myagent.memory.ledger import Ledger
from myagent.memory.patterns import PatternStore
from myagent.memory.recall import Recall
from myagent.memory.vector import VectorMemory
from myagent.protocol import Verdict
from myagent.repair.strategy import Fix
from myagent.storage.db import Database, open_database, sqlite_url_for

DIFF = "--- a/m.py\n+++ b/m.py\n@@ -3 +3 @@\n-    return a / b\n+    return a / b if b else 0.0\n"
SIGNATURE = ErrorSignature("ZeroDivisionError", "division by zero", "m.py:ratio")
COMMIT = "a" * 40


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(sqlite_url_for(tmp_path / ".myagent"))
    yield database
    database.close()


def accept_a_fix(db: Database, root: Path, memory: VectorMemory) -> tuple[Ledger, int]:
    """What a run does: the Debugger's verdict, then the Director's checkpoint."""
    ledger = Ledger(db)
    project = ledger.ensure_project(root, "demo")
    ledger.start_run(project, "run-1", "myagent/run-1", "b" * 40, "none", {})
    fix = Fix("template:none-guard", "guard b", {"m.py": "new"})
    outcome = FixOutcome(fix, DIFF, (SIGNATURE,), {}, "run-1", "cand-1", "Fix ratio")
    graph, engine = ErrorGraph(db, project), LearningEngine(PatternStore(db, project))
    record_verdict(
        graph, engine, Recall(memory), outcome, Verdict(accepted=True, reason="ok"), COMMIT
    )
    ledger.record_checkpoint("run-1", 1, COMMIT, "b" * 40, "Fix ratio", "cand-1")
    return ledger, project


def test_stores_written_by_a_run_agree(db: Database, tmp_path: Path) -> None:
    memory = VectorMemory.persistent(tmp_path / "vectors", DeterministicEmbedder())
    ledger, project = accept_a_fix(db, tmp_path, memory)
    graph, patterns = ErrorGraph(db, project), PatternStore(db, project)
    assert memory.count("solutions") == 1
    assert check_memory(memory, graph, ledger, patterns) == []


def test_every_dangling_reference_is_named(db: Database, tmp_path: Path) -> None:
    memory = VectorMemory.persistent(tmp_path / "vectors", DeterministicEmbedder())
    ledger, project = accept_a_fix(db, tmp_path, memory)
    (doc,) = memory.metadata("solutions")
    memory.update_metadata(
        "solutions",
        {doc: {"error_graph_solution": 999, "commit": "d" * 40, "pattern_key": "nope"}},
    )
    other = ledger.ensure_project(tmp_path / "other", "other")  # an empty graph and store

    problems = [p.problem for p in check_memory(memory, ErrorGraph(db, project), ledger,
                                                PatternStore(db, other))]  # fmt: skip

    assert problems == [
        f"error graph solution 999 of error {ErrorGraph(db, project).errors()[0].id} does not exist",
        f"checkpoint {'d' * 12} of run run-1 is not in the ledger",
        "pattern error:ZeroDivisionError/template:none-guard/nope is not in the pattern store",
    ]
    memory.update_metadata("solutions", {doc: {"run_id": "run-9"}})
    assert [str(p) for p in check_memory(memory, ledger=ledger)] == [
        f"solutions/{doc}: run run-9 is not in the ledger"
    ]
