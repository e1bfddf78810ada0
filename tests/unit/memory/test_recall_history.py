"""`myagent history` shows which memory led to an accepted change (`recalled_from`)."""

from __future__ import annotations

from pathlib import Path

from myagent.memory.ledger import Ledger
from myagent.storage.db import open_database, sqlite_url_for
from myagent.storage.history import describe_origin


def test_the_history_names_the_memory_behind_a_proposal(tmp_path: Path) -> None:
    with open_database(sqlite_url_for(tmp_path / ".myagent")) as db:
        ledger = Ledger(db)
        project = ledger.ensure_project(tmp_path, "demo")
        ledger.start_run(project, "run-1", "myagent/run-1", "b" * 40, "none", {})
        origin = {"source": "vector", "vector_hit": "solutions/e1:k1", "similarity": 0.83,
                  "error_graph_solution": 4, "commit": ""}  # fmt: skip
        ledger.record_action("run-1", 1, "debugger", "propose", {"recalled_from": origin},
                             {}, {}, True, "tests_pass_rate up")  # fmt: skip
        ledger.record_action("run-1", 1, "coder", "propose", {}, {}, {}, False, "worse")
        texts = [e.summary for e in ledger.history(project) if e.kind == "action"]

    assert texts == [
        "debugger: propose accepted (tests_pass_rate up) · recalled from vector: "
        "vector_hit=solutions/e1:k1, similarity=0.83, error_graph_solution=4",
        "coder: propose rejected (worse)",
    ]
    assert describe_origin({"source": "error_graph"}) == "error_graph"
