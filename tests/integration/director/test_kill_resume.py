"""`kill -9` in the middle of a run, then `myagent run --resume`: nothing is lost.

The run is a real `python -m myagent run` on a copy of the example project. It is
killed at a point where work is under way; the resumed run must continue the same run
from its last checkpoint, keep every ledger record written before the kill, agree with
git about the checkpoints, and leave no stale worktree behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from myagent.memory.ledger import Ledger
from myagent.storage.db import open_database, sqlite_url_for

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "invoicing"


def _copy_example(tmp_path: Path, run_git: Callable[..., str]) -> Path:
    root = tmp_path / "invoicing"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".*_cache"))
    run_git(root, "init", "-q", "-b", "main")
    run_git(root, "add", "--all")
    run_git(root, "commit", "-q", "-m", "example")
    return root


def _myagent(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "myagent", "run", str(root), "--llm", "none", "--no-live", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _ledger(root: Path) -> Ledger:
    return Ledger(open_database(sqlite_url_for(root / ".myagent")))


def _wait_for(condition: Callable[[], bool], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"condition not reached in {timeout_s} s")


@pytest.mark.parametrize("moment", ["after_first_checkpoint", "during_first_validation"])
def test_kill_9_then_resume_loses_nothing(
    moment: str, tmp_path: Path, run_git: Callable[..., str], require_bwrap: None
) -> None:
    root = _copy_example(tmp_path, run_git)
    ledger_file = root / ".myagent" / "ledger.db"
    child = _myagent(root)
    try:
        _wait_for(ledger_file.exists, 60)
        ledger = _ledger(root)

        def reached() -> bool:
            project = ledger.find_project(root)
            run = ledger.latest_run(project.id) if project else None
            if run is None:
                return False
            if moment == "after_first_checkpoint":
                return bool(ledger.checkpoints(run.id))
            return any(m.payload.get("event") == "validate" for m in ledger.messages(run.id))

        _wait_for(reached, 120)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL

    project = ledger.find_project(root)
    assert project is not None
    run = ledger.latest_run(project.id)
    assert run is not None and run.status == "running"
    before = {
        "actions": {a.id for a in ledger.actions(run.id)},
        "messages": {m.id for m in ledger.messages(run.id)},
        "checkpoints": {c.commit for c in ledger.checkpoints(run.id)},
    }

    resumed = _myagent(root, "--resume")
    output, _ = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, output  # the resumed run goes on to meet every gate

    after_run = ledger.get_run(run.id)
    assert after_run is not None
    assert ledger.latest_run(project.id) == after_run  # the same run continued
    assert after_run.status == "gates_met"
    assert before["actions"] <= {a.id for a in ledger.actions(run.id)}
    assert before["messages"] <= {m.id for m in ledger.messages(run.id)}
    assert before["checkpoints"] <= {c.commit for c in ledger.checkpoints(run.id)}
    # git and the ledger agree: every commit on the run branch is a recorded checkpoint
    branch_commits = run_git(
        root, "rev-list", "--reverse", f"{run.base_commit}..{run.branch}"
    ).split()
    assert [c.commit for c in ledger.checkpoints(run.id)] == branch_commits
    assert after_run.head_commit == branch_commits[-1]
    # the work got done: the bug fixed, lint, format and coverage gates met on the branch
    final = ledger.score_history(run.id)[-1].metrics
    assert final["lint_errors"] == 0 and final["format_issues"] == 0
    assert final["tests_pass_rate"] == 1.0 and final["coverage_line"] == 1.0
    # no worktree of the killed run is left behind; the user's checkout is untouched
    assert run_git(root, "worktree", "list").count("\n") == 1
    assert run_git(root, "status", "--porcelain") == ""
    assert run_git(root, "branch", "--show-current").strip() == "main"
