"""The benchmark's own verification: pytest on a scratch copy, outside MyAgent and its sandbox.

Tests run with this interpreter (the venv's python) and `timeout_plugin.py`, so a test
that loops forever fails after `per_test_s` seconds and the others still run.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from catalog import Bug

HERE = Path(__file__).resolve().parent
IGNORED = shutil.ignore_patterns("__pycache__", ".*_cache", ".myagent", ".git")
# Failures that mean "the code gave a wrong answer", not "the code raised".
ASSERTION_ERRORS = frozenset({"AssertionError", "Failed"})
TIMEOUT_ERROR = "RepairTimeoutError"


@dataclass(frozen=True)
class TestRun:
    """What one pytest run did: each test's outcome and the exception that failed it."""

    returncode: int
    outcomes: dict[str, str] = field(default_factory=dict)  # nodeid -> passed | failed
    errors: dict[str, str] = field(default_factory=dict)  # failed nodeid -> exception name
    wall_timeout: bool = False
    seconds: float = 0.0  # time in the test calls (and in failed setups or teardowns)

    @property
    def passed(self) -> int:
        return sum(1 for o in self.outcomes.values() if o == "passed")

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes.values() if o == "failed")

    @property
    def ok(self) -> bool:
        """Every test passed (and there was at least one)."""
        return self.returncode == 0 and self.passed > 0 and self.failed == 0

    def failure_kind(self) -> str:
        """hang, crash or wrong-result: how the failing tests failed (hang wins, then crash)."""
        names = set(self.errors.values())
        if TIMEOUT_ERROR in names or self.wall_timeout:
            return "hang"
        if names - ASSERTION_ERRORS:
            return "crash"
        return "wrong-result" if names else "none"

    def summary(self) -> str:
        errors = sorted(set(self.errors.values()))
        tail = f" ({', '.join(errors)})" if errors else ""
        stopped = ", stopped by the wall clock" if self.wall_timeout else ""
        return f"{self.passed} passed, {self.failed} failed{tail}{stopped}"


def run_pytest(project: Path, *, per_test_s: float, wall_s: float) -> TestRun:
    """Run `project`'s tests/ with this interpreter; never raises on test failures."""
    with tempfile.TemporaryDirectory(prefix="repair-pytest-") as tmp:
        out = Path(tmp) / "results.jsonl"
        argv = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "timeout_plugin",
            f"--repair-timeout={per_test_s:g}",
            f"--repair-out={out}",
            f"--rootdir={project}",
            "tests",
        ]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "MYAGENT_"))}
        env["PYTHONPATH"] = str(HERE)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        try:
            done = subprocess.run(
                argv, cwd=project, env=env, capture_output=True, timeout=wall_s, check=False
            )
            returncode, wall_timeout = done.returncode, False
        except subprocess.TimeoutExpired:
            returncode, wall_timeout = -1, True
        outcomes: dict[str, str] = {}
        errors: dict[str, str] = {}
        seconds = 0.0
        lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
        for line in lines:
            record = json.loads(line)
            nodeid = record["nodeid"]
            seconds += record["duration"]
            if record["outcome"] == "failed":
                outcomes[nodeid] = "failed"
                errors.setdefault(nodeid, record["error"])
            elif record["when"] == "call":
                outcomes.setdefault(nodeid, record["outcome"])
    return TestRun(returncode, outcomes, errors, wall_timeout, seconds)


def fresh_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def copy_project(source: Path, target: Path) -> Path:
    """A clean copy of a project tree (no caches, no .git, no .myagent), with fresh mtimes."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=IGNORED, copy_function=shutil.copy)
    return target


def export_commit(repo: Path, commit: str, target: Path) -> Path:
    """The tree of `commit` in `repo`, written to `target` (git archive, no worktree)."""
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", commit],
        capture_output=True,
        check=True,
    ).stdout
    fresh_dir(target)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def overlay(files_from: Path, target: Path) -> None:
    """Copy every file under `files_from` into `target`, same relative paths.

    The copies get a fresh modification time (not the corpus file's): a fix of the same
    size with an old mtime would look unchanged to git's index.
    """
    for path in files_from.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            destination = target / path.relative_to(files_from)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, destination)


def with_original_and_hidden_tests(bug: Bug, tree: Path) -> Path:
    """`tree` with tests/ replaced by the bug's own visible tests plus its hidden test."""
    tests = tree / "tests"
    if tests.exists():
        shutil.rmtree(tests)
    shutil.copytree(bug.buggy / "tests", tests, ignore=IGNORED)
    shutil.copy(bug.hidden_test, tests / "test_hidden.py")
    return tree
