"""Pynguin end to end: the real Pynguin 0.48 in the real sandbox, its tests run by
MyAgent's quality monitor.

Pynguin is not a dependency of MyAgent (it pins pytest 8), so this test uses
`pynguin` on PATH, else installs it once into a cache folder
(`~/.cache/myagent-test/pynguin-0.48.0`, a Python 3.11 venv, from PyPI). When that
cannot be done the test is skipped with the reason, or fails under
`MYAGENT_REQUIRE_SERVICES=1` (CI).

A small pure module (grades, slugs, a clamp, a counter) has one weak test. Pynguin
searches it for 10 seconds with the project read-only; the file it writes is an
ordinary pytest file, its tests run in the sandbox, and the module's coverage goes up.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from myagent.config import ProjectConfig
from myagent.protocol import TestStatus, ToolStatus
from myagent.quality.execution import ToolContext
from myagent.quality.layout import detect_layout
from myagent.quality.monitor import QualityMonitor
from myagent.quality.tests_runner import TestsResult
from myagent.sandbox.runner import SandboxRunner
from myagent.testgen.pynguin import PynguinResult, find_pynguin, run_pynguin

pytestmark = pytest.mark.integration
PROJECT = "grades"  # the folder conftest.py builds FILES in

VERSION = "0.48.0"
BUDGET_S = 10
SCORES = '''
"""Scores, titles and counters: pure functions and a small class."""

from __future__ import annotations


def grade(score: int) -> str:
    if score < 0 or score > 100:
        raise ValueError(f"score out of range: {score}")
    if score >= 90:
        return "A"
    if score >= 75:
        return "B"
    if score >= 50:
        return "C"
    return "F"


def slug(title: str) -> str:
    words = [word for word in title.lower().split() if word.isalnum()]
    return "-".join(words)


def clamp(value: int, low: int, high: int) -> int:
    if low > high:
        raise ValueError("low is above high")
    return max(low, min(value, high))


class Counter:
    def __init__(self, start: int = 0) -> None:
        self.count = start

    def add(self, step: int = 1) -> int:
        if step <= 0:
            raise ValueError("step must be positive")
        self.count += step
        return self.count
'''
WEAK_TEST = """
from grades.scores import grade


def test_ninety_five_is_an_a():
    assert grade(95) == "A"
"""
MODULE = "src/grades/scores.py"
FILES = {"src/grades/__init__.py": "", MODULE: SCORES, "tests/test_scores.py": WEAK_TEST}
CONFIG = ProjectConfig(test_timeout_s=5.0)
GENERATED = "tests/test_scores_pynguin.py"


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("MYAGENT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"MYAGENT_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def _cached_install() -> Path:
    """Pynguin in the test cache, installed there the first time (under a lock)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "myagent-test"
    venv = cache / f"pynguin-{VERSION}"
    script = venv / "bin" / "pynguin"
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / f"pynguin-{VERSION}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (venv / ".complete").is_file():
            return script
        shutil.rmtree(venv, ignore_errors=True)
        python = shutil.which("python3.11") or sys.executable
        steps = [
            [python, "-m", "venv", str(venv)],
            [str(venv / "bin" / "pip"), "install", "--quiet", f"pynguin=={VERSION}"],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, timeout=900, check=False)
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["no output"])[-1]
                _skip_or_fail(f"cannot install Pynguin {VERSION} into {venv}: {last}")
        (venv / ".complete").write_text(VERSION)
    return script


@pytest.fixture(scope="module")
def pynguin() -> Path:
    """`pynguin` on PATH, else the one in the test cache."""
    return find_pynguin("") or _cached_install()


@pytest.fixture(scope="module")
def result(sandbox: SandboxRunner, root: Path, pynguin: Path, before: TestsResult) -> PynguinResult:
    layout = detect_layout(root, CONFIG)
    return run_pynguin(
        ToolContext(sandbox, layout.root), layout, "grades.scores", pynguin=pynguin,
        budget_s=BUDGET_S,
    )  # fmt: skip


@pytest.fixture(scope="module")
def written(root: Path, result: PynguinResult) -> Iterator[str]:
    assert result.files, result.reason
    (root / GENERATED).write_text(result.files[0].source, encoding="utf-8")
    yield GENERATED
    (root / GENERATED).unlink()


def _git_status(root: Path) -> str:
    done = subprocess.run(
        ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_pynguin_writes_an_ordinary_pytest_file_and_leaves_the_project_alone(
    result: PynguinResult, root: Path
):
    assert result.status is ToolStatus.OK, result.reason
    assert [f.name for f in result.files] == ["test_scores.py"]
    source = result.files[0].source
    assert source.startswith("# Generated by Pynguin through MyAgent: tests for grades.scores")
    assert "from grades import scores\n" in source
    assert "sys.modules" not in source and "import sys\n" not in source
    assert result.tests >= 3 and source.count("\ndef test_") == result.tests
    assert "def test_0(" not in source  # named after what they call
    compile(source, "test_scores.py", "exec")
    assert 0 < result.duration_s < 3 * BUDGET_S + 60  # it stops early at full coverage
    assert _git_status(root) == ""  # run with the project read-only


def test_its_tests_pass_in_the_sandbox_and_raise_the_modules_coverage(
    monitor: QualityMonitor, root: Path, written: str, before: TestsResult, result: PynguinResult
):
    outcomes = monitor.run_tests_only(root, [written])
    assert len(outcomes) == result.tests
    passed = [o for o in outcomes if o.status is TestStatus.PASSED]
    assert len(passed) >= result.tests / 2, [(o.nodeid, o.status, o.message) for o in outcomes]
    assert not [o for o in outcomes if o.status is TestStatus.ERROR]  # it imports and collects
    after = monitor.run_selected(root, None, coverage=True)
    assert before.coverage is not None and after.coverage is not None
    missing_before = before.coverage.uncovered[MODULE]
    missing_after = after.coverage.uncovered.get(MODULE, [])
    assert len(missing_after) < len(missing_before) / 2, (missing_before, missing_after)
    assert after.coverage.line_rate > before.coverage.line_rate
