"""Running chosen tests fast, and the traceback of each failure, with the real tools.

`QualityMonitor.run_tests_only` in the sandbox on a small project: a passing test, a
wrong assertion, an exception deep in the source, an infinite loop in the source, a
test that sleeps, and a parametrised test.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from myagent.config import ProjectConfig
from myagent.protocol import TestOutcome, TestStatus
from myagent.quality.gates import DEFAULT_GATES
from myagent.quality.monitor import QualityMonitor
from myagent.sandbox.runner import SandboxRunner

pytestmark = pytest.mark.integration

MakeProject = Callable[[Path, dict[str, str]], Path]
CORE = """
def mean(values):
    return divide(total(values), len(values))


def divide(a, b):
    return a / b


def total(values):
    result = 0
    for value in values:
        result += value
    return result


def count_up(n):
    while n > 0:
        n += 1
    return n
"""
TESTS = """
import time

import pytest

from calc.core import count_up, mean


def test_mean():
    assert mean([1, 2, 3]) == 2


def test_mean_is_wrong():
    assert mean([1, 2]) == 2


def test_mean_of_nothing():
    mean([])


def test_count_up():
    assert count_up(1) == 0


def test_sleeps():
    time.sleep(600)


@pytest.mark.parametrize("n", [1, 2])
def test_p(n):
    assert n > 0
"""
CORE_PY = "src/calc/core.py"
TESTS_PY = "tests/test_core.py"
T = f"{TESTS_PY}::"
FILES = {"src/calc/__init__.py": "", CORE_PY: CORE, TESTS_PY: TESTS}


def line_of(text: str, needle: str) -> int:
    lines = text.lstrip("\n").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def statuses(outcomes: list[TestOutcome]) -> dict[str, TestStatus]:
    return {o.nodeid.removeprefix(T): o.status for o in outcomes}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory, make_project: MakeProject) -> Path:
    return make_project(tmp_path_factory.mktemp("calc") / "calc", FILES)


@pytest.fixture(scope="module")
def monitor(sandbox: SandboxRunner) -> QualityMonitor:
    return QualityMonitor(sandbox, ProjectConfig(test_timeout_s=2.0), DEFAULT_GATES)


@pytest.fixture(scope="module")
def everything(monitor: QualityMonitor, root: Path) -> dict[str, TestOutcome]:
    return {o.nodeid.removeprefix(T): o for o in monitor.run_tests_only(root, None)}


def test_all_tests_run_when_none_are_chosen(everything: dict[str, TestOutcome]):
    assert {n: o.status for n, o in everything.items()} == {
        "test_mean": TestStatus.PASSED,
        "test_mean_is_wrong": TestStatus.FAILED,
        "test_mean_of_nothing": TestStatus.FAILED,
        "test_count_up": TestStatus.TIMEOUT,
        "test_sleeps": TestStatus.TIMEOUT,
        "test_p[1]": TestStatus.PASSED,
        "test_p[2]": TestStatus.PASSED,
    }
    passed = everything["test_mean"]
    assert (passed.error_type, passed.frames, passed.traceback) == ("", [], "")


def test_an_assertion_failure_names_the_assert_line(everything: dict[str, TestOutcome]):
    failed = everything["test_mean_is_wrong"]
    assert failed.error_type == "AssertionError"
    assert failed.frames == [f"{TESTS_PY}:{line_of(TESTS, 'assert mean([1, 2]) == 2')}"]
    assert "assert 1.5 == 2" in failed.traceback
    assert failed.traceback.startswith("Traceback (most recent call last):")


def test_an_exception_deep_in_the_source_ends_in_the_line_that_raised(
    everything: dict[str, TestOutcome],
):
    failed = everything["test_mean_of_nothing"]
    assert failed.error_type == "ZeroDivisionError"
    assert failed.frames == [
        f"{TESTS_PY}:{line_of(TESTS, 'mean([])')}",
        f"{CORE_PY}:{line_of(CORE, 'return divide(')}",
        f"{CORE_PY}:{line_of(CORE, 'return a / b')}",
    ]
    assert failed.traceback.endswith("ZeroDivisionError: division by zero")
    assert "    return a / b" in failed.traceback


def test_a_timeout_ends_in_the_loop_it_was_stuck_in(everything: dict[str, TestOutcome]):
    stuck = everything["test_count_up"]
    assert stuck.error_type == "Timeout" and stuck.message == "timeout after 2s"
    assert stuck.frames[0] == f"{TESTS_PY}:{line_of(TESTS, 'assert count_up(1)')}"
    loop = {line_of(CORE, "while n > 0"), line_of(CORE, "n += 1")}
    path, line = stuck.frames[-1].split(":")
    assert path == CORE_PY and int(line) in loop
    assert stuck.traceback.endswith("Timeout: timeout after 2s")
    sleeping = everything["test_sleeps"]  # stopped in C code: the test's own line
    assert sleeping.frames == [f"{TESTS_PY}:{line_of(TESTS, 'time.sleep(600)')}"]


def test_only_the_chosen_tests_run_and_a_missing_one_is_not_found(
    monitor: QualityMonitor, root: Path, run_git: Callable[..., str]
):
    chosen = [T + "test_mean", T + "test_p", T + "test_renamed", "tests/test_old.py::test_x"]
    outcomes = monitor.run_tests_only(root, chosen)
    assert statuses(outcomes) == {
        "test_mean": TestStatus.PASSED,
        "test_p[1]": TestStatus.PASSED,
        "test_p[2]": TestStatus.PASSED,
        "test_renamed": TestStatus.ERROR,
        "tests/test_old.py::test_x": TestStatus.ERROR,
    }
    assert [o.message for o in outcomes if o.status is TestStatus.ERROR] == ["not found"] * 2
    assert run_git(root, "status", "--porcelain", "--ignored") == ""


def test_a_hanging_test_chosen_alone_comes_back_quickly_as_a_timeout(
    sandbox: SandboxRunner, root: Path
):
    patient = QualityMonitor(sandbox, ProjectConfig(test_timeout_s=300), DEFAULT_GATES)
    started = time.monotonic()
    [outcome] = patient.run_tests_only(root, [T + "test_count_up"], timeout_s=4)
    assert time.monotonic() - started < 10
    assert outcome.status is TestStatus.TIMEOUT
    assert outcome.message == "timeout after 3s"  # the limit fits in the 4 s budget
    assert outcome.frames[-1].startswith(f"{CORE_PY}:")


def test_a_short_per_test_limit_inside_a_generous_budget(sandbox: SandboxRunner, root: Path):
    patient = QualityMonitor(sandbox, ProjectConfig(test_timeout_s=300), DEFAULT_GATES)
    started = time.monotonic()
    [outcome] = patient.run_tests_only(root, [T + "test_count_up"], timeout_s=120, test_timeout_s=2)
    assert time.monotonic() - started < 30  # the test's 2 s, not the run's 120 s
    assert outcome.status is TestStatus.TIMEOUT
    assert outcome.message == "timeout after 2s"


def test_coverage_on_request_covers_only_the_chosen_test(monitor: QualityMonitor, root: Path):
    result = monitor.run_selected(root, [T + "test_mean"], coverage=True)
    assert [r.tool for r in result.runs] == ["pytest", "coverage"]
    assert result.coverage is not None
    assert result.coverage.covered_by[f"{CORE_PY}:{line_of(CORE, 'return a / b')}"] == [
        T + "test_mean"
    ]
    assert {t for tests in result.coverage.covered_by.values() for t in tests} == {T + "test_mean"}


def test_two_threads_on_two_workspaces_get_their_own_results(
    monitor: QualityMonitor, root: Path, tmp_path: Path, make_project: MakeProject
):
    changed = dict(FILES, **{CORE_PY: CORE.replace("return divide(", "return max(values) or (")})
    other = make_project(tmp_path / "other", changed)
    chosen = [T + "test_mean", T + "test_mean_is_wrong"]
    expected = {
        root: {"test_mean": TestStatus.PASSED, "test_mean_is_wrong": TestStatus.FAILED},
        other: {"test_mean": TestStatus.FAILED, "test_mean_is_wrong": TestStatus.PASSED},
    }

    def three_runs(workspace: Path) -> list[list[TestOutcome]]:  # one thread per workspace
        return [monitor.run_tests_only(workspace, chosen) for _ in range(3)]

    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = dict(zip([root, other], pool.map(three_runs, [root, other]), strict=True))
    for workspace, results in runs.items():
        assert [statuses(outcomes) for outcomes in results] == [expected[workspace]] * 3
    wrong = next(o for o in runs[other][0] if o.status is TestStatus.FAILED)
    assert wrong.frames == [f"{TESTS_PY}:{line_of(TESTS, 'assert mean([1, 2, 3]) == 2')}"]


class CountingRunner:
    """The real sandbox, counting the commands run through it."""

    def __init__(self, inner: SandboxRunner) -> None:
        self.inner = inner
        self.commands: list[str] = []

    @property
    def isolated(self) -> bool:
        return self.inner.isolated

    def run(self, argv, **kwargs):  # type: ignore[no-untyped-def]
        self.commands.append(" ".join(str(a) for a in argv))
        return self.inner.run(argv, **kwargs)


def test_one_chosen_test_runs_one_command_where_a_measurement_runs_every_tool(
    sandbox: SandboxRunner, tmp_path: Path, make_project: MakeProject
):
    """What makes a chosen test fast: one sandboxed pytest, no coverage, no static tool
    (how fast, in seconds, is measured by bench/loop_overhead.py, not asserted here)."""
    files = dict(FILES, **{TESTS_PY: TESTS.split("def test_count_up")[0]})
    quick = make_project(tmp_path / "quick", files)
    counting = CountingRunner(sandbox)
    monitor = QualityMonitor(counting, ProjectConfig(), DEFAULT_GATES)  # type: ignore[arg-type]
    report = monitor.measure(quick)
    measured = list(counting.commands)
    counting.commands.clear()
    [outcome] = monitor.run_tests_only(quick, [T + "test_mean"])
    assert outcome.status is TestStatus.PASSED and len(report.tests) == 3
    assert len(measured) >= 7, measured  # pytest, coverage json, ruff x2, mypy, bandit, radon
    assert len(counting.commands) == 1, counting.commands
    assert "pytest" in counting.commands[0] and "coverage" not in counting.commands[0]
    shutil.rmtree(quick)
