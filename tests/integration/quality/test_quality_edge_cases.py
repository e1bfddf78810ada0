"""The Quality Monitor at the edges: no tests, missing tools, the suite's wall clock,
a project venv without pytest, the unsandboxed opt-out, and unfinished functions
under a green suite."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from myagent.config import ProjectConfig, SandboxConfig
from myagent.protocol import TestStatus, ToolStatus
from myagent.quality.gates import DEFAULT_GATES
from myagent.quality.monitor import QualityMonitor
from myagent.quality.score import quality_score
from myagent.sandbox.factory import make_runner
from myagent.sandbox.runner import SandboxRunner

pytestmark = pytest.mark.integration

MakeProject = Callable[[Path, dict[str, str]], Path]
MODULE = "def double(x):\n    return 2 * x\n"
PASSING = "from mod import double\n\n\ndef test_double():\n    assert double(2) == 4\n"


def test_a_project_without_tests_is_measured(
    sandbox: SandboxRunner, make_project: MakeProject, tmp_path: Path
):
    root = make_project(tmp_path / "p", {"mod.py": MODULE, "README.md": "no tests yet\n"})
    report = QualityMonitor(sandbox, ProjectConfig(), DEFAULT_GATES).measure(root)
    pytest_run = report.tool("pytest")
    assert pytest_run is not None and pytest_run.status is ToolStatus.OK
    assert pytest_run.detail == "no tests collected"
    assert report.tests == []
    assert report.metrics["tests_pass_rate"] == 0.0 and report.metrics["tests_total"] == 0
    assert report.metrics["coverage_line"] == 0.0  # the module is measured, never run
    assert report.metrics["type_errors"] == 0 and report.metrics["max_complexity"] == 1


def test_a_configured_tests_folder_that_does_not_exist_yet_is_no_tests(
    sandbox: SandboxRunner, make_project: MakeProject, tmp_path: Path
):
    root = make_project(tmp_path / "p", {"mod.py": MODULE})
    project = ProjectConfig(source=["mod.py"], tests=["tests"])
    report = QualityMonitor(sandbox, project, DEFAULT_GATES).measure(root)
    pytest_run = report.tool("pytest")
    assert pytest_run is not None and pytest_run.status is ToolStatus.OK, pytest_run
    assert pytest_run.detail == "no tests collected; configured tests not found: tests"
    assert report.metrics["tests_pass_rate"] == 0.0
    assert report.metrics["coverage_line"] == 0.0  # measured: the Tester can fill the gap
    assert report.coverage is not None and report.coverage.uncovered == {"mod.py": [1, 2]}


def test_missing_tools_are_reported_as_missing_not_as_zero(
    sandbox: SandboxRunner, make_project: MakeProject, tmp_path: Path
):
    root = make_project(tmp_path / "p", {"mod.py": MODULE, "tests/test_mod.py": PASSING})
    commands = {
        "mypy": ["/nonexistent/bin/mypy"],
        "bandit": [sys.executable, "-m", "bandit_is_not_installed"],
    }
    monitor = QualityMonitor(sandbox, ProjectConfig(), DEFAULT_GATES, commands=commands)
    report = monitor.measure(root)
    for tool in ("mypy", "bandit"):
        run = report.tool(tool)
        assert run is not None and run.status is ToolStatus.MISSING, run
    assert "type_errors" not in report.metrics and "security_high" not in report.metrics
    assert report.metrics["tests_pass_rate"] == 1.0
    full = QualityMonitor(sandbox, ProjectConfig(), DEFAULT_GATES).measure(root)
    assert report.score < full.score


def test_the_suite_wall_clock_turns_a_stuck_test_into_a_timeout(
    sandbox: SandboxRunner, make_project: MakeProject, tmp_path: Path
):
    tests = PASSING + "\n\ndef test_stuck():\n    import time\n    time.sleep(600)\n"
    root = make_project(tmp_path / "p", {"mod.py": MODULE, "tests/test_mod.py": tests})
    config = ProjectConfig(test_timeout_s=300, suite_timeout_s=8)  # per-test limit never fires
    started = time.monotonic()
    report = QualityMonitor(sandbox, config, DEFAULT_GATES).measure(root)
    assert time.monotonic() - started < 30
    assert report.test_status() == {
        "tests/test_mod.py::test_double": TestStatus.PASSED,
        "tests/test_mod.py::test_stuck": TestStatus.TIMEOUT,
    }
    pytest_run = report.tool("pytest")
    assert pytest_run is not None and pytest_run.status is ToolStatus.TIMEOUT
    assert report.metrics["tests_pass_rate"] == 0.5
    assert report.metrics["lint_errors"] >= 0  # the static tools still ran


def test_a_project_venv_without_pytest_falls_back_to_myagents_interpreter(
    sandbox: SandboxRunner, make_project: MakeProject, tmp_path: Path
):
    root = make_project(tmp_path / "p", {"mod.py": MODULE, "tests/test_mod.py": PASSING})
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / ".venv")], check=True)
    report = QualityMonitor(sandbox, ProjectConfig(), DEFAULT_GATES).measure(root)
    pytest_run = report.tool("pytest")
    assert pytest_run is not None and pytest_run.status is ToolStatus.OK
    assert "cannot run pytest with coverage" in pytest_run.detail
    assert "ran with MyAgent's interpreter" in pytest_run.detail
    assert report.test_status() == {"tests/test_mod.py::test_double": TestStatus.PASSED}
    assert report.metrics["coverage_line"] == 1.0


def test_the_unsandboxed_opt_out_measures_the_same(make_project: MakeProject, tmp_path: Path):
    root = make_project(tmp_path / "p", {"mod.py": MODULE, "tests/test_mod.py": PASSING})
    runner = make_runner(SandboxConfig(enabled=False))
    assert not runner.isolated
    report = QualityMonitor(runner, ProjectConfig(), DEFAULT_GATES).measure(root)
    assert report.test_status() == {"tests/test_mod.py::test_double": TestStatus.PASSED}
    assert report.coverage is not None
    assert report.coverage.covered_by["mod.py:2"] == ["tests/test_mod.py::test_double"]


UNFINISHED = """\
from typing import Protocol


class Store(Protocol):
    def load(self) -> str: ...


def double(x):
    return 2 * x


def halve(x):
    raise NotImplementedError


class Invoice:
    def total(self) -> float:
        ...

    def notify(self) -> None:  # myagent: allow-stub
        pass
"""


def test_unfinished_functions_are_counted_while_every_test_passes(
    sandbox: SandboxRunner, make_project: MakeProject, tmp_path: Path
):
    root = make_project(
        tmp_path / "p",
        {
            "mod.py": UNFINISHED,
            "tests/test_mod.py": PASSING + "\n\ndef test_placeholder():\n    pass\n",
        },
    )
    report = QualityMonitor(sandbox, ProjectConfig(), DEFAULT_GATES).measure(root)
    assert report.metrics["tests_pass_rate"] == 1.0
    assert report.metrics["stubs"] == 2
    assert [(s.path, s.line, s.code, s.message) for s in report.stubs] == [
        ("mod.py", 12, "not-implemented", "halve"),
        ("mod.py", 17, "ellipsis", "Invoice.total"),
    ]
    stubs_run = report.tool("stubs")
    assert stubs_run is not None and stubs_run.status is ToolStatus.OK
    finished = quality_score({**report.metrics, "stubs": 0.0}, DEFAULT_GATES)
    assert report.score == quality_score(report.metrics, DEFAULT_GATES) < finished
