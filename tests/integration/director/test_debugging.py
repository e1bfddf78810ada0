"""The Debugger in real runs: sandboxed checks, the ratchet, and the error graph's memory."""

from __future__ import annotations

from pathlib import Path

from myagent.config import load_settings
from myagent.director.outcome import RunStatus
from myagent.memory.error_graph import ErrorGraph
from myagent.memory.ledger import Ledger
from myagent.project import open_project_database


def error_graph(root: Path) -> ErrorGraph:
    settings = load_settings(root, environ={})
    db = open_project_database(root, settings)
    return ErrorGraph(db, Ledger(db).ensure_project(root, root.name))


def test_the_debugger_fixes_a_wrong_return_and_remembers_the_fix(
    tmp_path, clamp_files, tests_gate_project, make_director, run_git
):
    root = tests_gate_project(tmp_path / "clamp", clamp_files, source="clamp.py")
    director = make_director(root)

    first = director.run()

    assert first.status == RunStatus.GATES_MET
    fixed = run_git(root, "show", f"{first.branch}:clamp.py")
    assert "    if value > high:\n        return high\n" in fixed
    diagnose = [a for a in director.ledger.actions(first.run_id) if a.action == "diagnose"]
    assert diagnose and diagnose[0].details["notes"][0].startswith("suspects (ochiai): clamp.py:")
    # the error graph now knows this error and the fix that worked
    graph = error_graph(root)
    (error,) = graph.errors()
    assert error.error_type == "AssertionError"
    worked = [s for s in graph.solutions(error.id) if s.successes]
    assert len(worked) == 1 and worked[0].strategy.startswith("template:")

    # the same bug again (a later regression): the known fix is tried first and is the
    # only candidate checked
    run_git(root, "checkout", "-q", "-b", "again")
    (root / "clamp.py").write_text(
        clamp_files["clamp.py"].replace("    return value\n", "    return value  # again\n")
    )
    run_git(root, "commit", "-qam", "touch")
    second = make_director(root).run()
    assert second.status == RunStatus.GATES_MET
    assert second.validated == 2  # one sandboxed check by the Debugger + the ratchet's run
    assert worked[0].id in {s.id for s in graph.solutions(error.id) if s.attempts >= 2}


def test_a_hanging_bug_is_fixed_without_hanging_the_run(
    tmp_path, tests_gate_project, make_director, run_git
):
    source = """\
def countdown(n: int) -> list[int]:
    out = []
    while n > 0:
        out.append(n)
    return out
"""
    tests = """\
from count import countdown


def test_three():
    assert countdown(3) == [3, 2, 1]


def test_zero():
    assert countdown(0) == []
"""
    root = tests_gate_project(
        tmp_path / "count", {"count.py": source, "tests/test_count.py": tests}, source="count.py"
    )
    outcome = make_director(root).run()
    assert outcome.status == RunStatus.GATES_MET, outcome.reason
    assert "n -= 1" in run_git(root, "show", f"{outcome.branch}:count.py")
