"""`QualityMonitor.run_tests_only` with a fake runner: what it runs, what it returns."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from myagent.config import ProjectConfig
from myagent.protocol import TestStatus
from myagent.quality.gates import DEFAULT_GATES
from myagent.quality.monitor import QualityMonitor
from myagent.sandbox.runner import SandboxResult


def option(argv: Sequence[str], prefix: str) -> str:
    return next(a.removeprefix(prefix) for a in argv if a.startswith(prefix))


class FakePytest:
    """Answers every command as pytest would, writing the plugin's events for the
    chosen tests (all: `test_ok` and `test_bad`): `test_ok` passes, `test_bad` fails,
    `test_gone` is not collected."""

    isolated = True

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def run(self, argv, *, workspace, timeout_s, env=None, readable=(), writable=()):
        self.calls.append(list(argv))
        if any(a.startswith("--myagent-select=") for a in argv):
            chosen = Path(option(argv, "--myagent-select=")).read_text().split()
            events = [{"event": "unmatched", "nodeids": [n for n in chosen if "test_gone" in n]}]
        else:
            chosen, events = ["tests/test_a.py::test_ok", "tests/test_a.py::test_bad"], []
        for nodeid in chosen:
            if nodeid.endswith(("test_ok", "test_bad")):
                failed = nodeid.endswith("test_bad")
                events.append({
                    "event": "result", "nodeid": nodeid, "duration": 0.01,
                    "outcome": "failed" if failed else "passed",
                    "message": "assert 1 == 2" if failed else "",
                    **({"error_type": "AssertionError", "frames": ["tests/test_a.py:5"]}
                       if failed else {}),
                })  # fmt: skip
        events.append({"event": "finished", "exitstatus": 1})
        Path(option(argv, "--myagent-out=")).write_text(
            "".join(json.dumps(e) + "\n" for e in events)
        )
        return SandboxResult(1, "", "", False, 0.2, False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("src/pkg/__init__.py", "tests/test_a.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    return tmp_path


def test_only_the_chosen_tests_run_without_coverage_or_static_tools(project: Path):
    runner = FakePytest()
    monitor = QualityMonitor(runner, ProjectConfig(test_timeout_s=30), DEFAULT_GATES)
    chosen = ["tests/test_a.py::test_ok", "tests/test_a.py::test_bad", "tests/test_a.py::test_gone"]
    outcomes = monitor.run_tests_only(project, chosen, timeout_s=5)
    assert [(o.nodeid, o.status, o.message) for o in outcomes] == [
        ("tests/test_a.py::test_ok", TestStatus.PASSED, ""),
        ("tests/test_a.py::test_bad", TestStatus.FAILED, "assert 1 == 2"),
        ("tests/test_a.py::test_gone", TestStatus.ERROR, "not found"),
    ]
    assert outcomes[1].error_type == "AssertionError"
    assert outcomes[1].frames == ["tests/test_a.py:5"]
    [argv] = runner.calls  # one pytest run, nothing else
    assert argv[1:4] == ["-m", "pytest", "-p"] and "coverage" not in argv
    assert argv[-1] == "tests/test_a.py"  # the file, not the node ids pytest may not find
    assert "--myagent-timeout=4" in argv  # the per-test limit fits in the 5 s budget


def test_a_choice_of_missing_files_runs_nothing(project: Path):
    runner = FakePytest()
    monitor = QualityMonitor(runner, ProjectConfig(), DEFAULT_GATES)
    outcomes = monitor.run_tests_only(project, ["tests/test_gone.py::test_x"])
    assert [(o.status, o.message) for o in outcomes] == [(TestStatus.ERROR, "not found")]
    assert runner.calls == []
    assert monitor.run_tests_only(project, []) == []


def test_no_choice_runs_every_test_with_the_projects_limit(project: Path):
    runner = FakePytest()
    monitor = QualityMonitor(runner, ProjectConfig(test_timeout_s=7), DEFAULT_GATES)
    outcomes = monitor.run_tests_only(project, None)
    assert [o.status for o in outcomes] == [TestStatus.PASSED, TestStatus.FAILED]
    [argv] = runner.calls
    assert "--myagent-timeout=7" in argv
    assert not any(a.startswith("--myagent-select") for a in argv)
