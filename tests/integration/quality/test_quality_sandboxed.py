"""The Quality Monitor on a small, flawed project, with the real tools in the sandbox.

One measurement (module-scoped) of a project with a passing test, a failing one, an
infinite loop, a test that exits the process, one that blocks SIGALRM and spins, a
segfault, a test module that loops while imported, lint errors, a type error,
`shell=True`, and a complex function.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from myagent.config import ProjectConfig
from myagent.protocol import QualityReport, TestStatus, ToolStatus
from myagent.quality.gates import DEFAULT_GATES
from myagent.quality.monitor import QualityMonitor
from myagent.quality.score import quality_score
from myagent.sandbox.runner import SandboxRunner

pytestmark = pytest.mark.integration

CART = """
import os
import subprocess


def total(prices: list[float]) -> float:
    return sum(prices)


def discount(price: float, percent: int) -> float:
    if percent > 100:
        raise ValueError("percent over 100")
    return price * (100 - percent) / 100


def label(count: int) -> str:
    return count


def run(command: str) -> int:
    return subprocess.call(command, shell=True)


def grade(a: int, b: int, c: int, d: int, e: int) -> str:
    if a > 90 and b > 90:
        return "A"
    elif a > 80 or b > 80:
        return "B"
    elif c > 70 and d > 70:
        return "C"
    elif c > 60 or d > 60:
        return "D"
    for i in range(e):
        if i % 2 and a:
            return "E"
        if i % 3 or b:
            return "F"
    return "G"
"""
TESTS = """
import ctypes
import os
import signal

from shop.cart import discount, total


def test_total():
    assert total([1.0, 2.0]) == 3.0


def test_discount_is_wrong():
    assert discount(100.0, 10) == 80.0


def test_loops_forever():
    while True:
        pass


def test_exits_the_process():
    os._exit(3)


def test_blocks_the_alarm_and_spins():
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
    while True:
        pass


def test_segfaults():
    ctypes.string_at(0)


def test_after_the_crashes():
    assert discount(50.0, 0) == 50.0
"""
T = "tests/test_cart.py::"
CART_PY = "src/shop/cart.py"
TEST_TIMEOUT_S = 2.0
SUITE_TIMEOUT_S = 120.0


def line_of(text: str, needle: str) -> int:
    lines = text.lstrip("\n").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


Measured = tuple[Path, QualityReport, float, str]


@pytest.fixture(scope="module")
def measured(
    sandbox: SandboxRunner,
    tmp_path_factory: pytest.TempPathFactory,
    make_project: Callable[[Path, dict[str, str]], Path],
    run_git: Callable[..., str],
) -> Measured:
    root = make_project(
        tmp_path_factory.mktemp("shop") / "shop",
        {
            "src/shop/__init__.py": "",
            CART_PY: CART,
            "tests/test_cart.py": TESTS,
            "tests/test_import_loops.py": "while True:\n    pass\n",
        },
    )
    config = ProjectConfig(test_timeout_s=TEST_TIMEOUT_S, suite_timeout_s=SUITE_TIMEOUT_S)
    monitor = QualityMonitor(sandbox, config, DEFAULT_GATES)
    started = time.monotonic()
    report = monitor.measure(root, commit=run_git(root, "rev-parse", "HEAD").strip())
    seconds = time.monotonic() - started
    return root, report, seconds, run_git(root, "status", "--porcelain", "--ignored")


@pytest.fixture(scope="module")
def report(measured: Measured) -> QualityReport:
    return measured[1]


def test_every_test_has_its_outcome_despite_loops_and_crashes(report: QualityReport):
    assert report.test_status() == {
        T + "test_total": TestStatus.PASSED,
        T + "test_discount_is_wrong": TestStatus.FAILED,
        T + "test_loops_forever": TestStatus.TIMEOUT,
        T + "test_exits_the_process": TestStatus.FAILED,
        T + "test_blocks_the_alarm_and_spins": TestStatus.TIMEOUT,
        T + "test_segfaults": TestStatus.FAILED,
        T + "test_after_the_crashes": TestStatus.PASSED,
        "tests/test_import_loops.py": TestStatus.TIMEOUT,  # stuck while being imported
    }
    pytest_run = report.tool("pytest")
    assert pytest_run is not None and pytest_run.status is ToolStatus.OK


def test_failure_messages_say_what_happened(report: QualityReport):
    messages = {t.nodeid.removeprefix(T): t.message for t in report.tests}
    assert messages["test_discount_is_wrong"].startswith("assert 90.0 == 80.0")
    assert messages["test_loops_forever"] == "timeout after 2s"
    assert "could not be interrupted" in messages["test_blocks_the_alarm_and_spins"]
    assert "exit code 3" in messages["test_exits_the_process"]
    assert "Segmentation fault" in messages["test_segfaults"]
    assert messages["tests/test_import_loops.py"] == "timeout after 2s while collecting"


def body_of(text: str, function: str) -> set[str]:
    """ "tests/test_cart.py:N" for each line of `function`'s body in the test file."""
    start = line_of(text, f"def {function}(")
    lines = text.lstrip("\n").splitlines()
    body: set[str] = set()
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        if line and not line.startswith(" "):
            break
        if line.strip():
            body.add(f"tests/test_cart.py:{number}")
    return body


def test_each_failure_says_its_error_type_and_where_it_happened(report: QualityReport):
    tests = {t.nodeid.removeprefix(T): t for t in report.tests}
    wrong = tests["test_discount_is_wrong"]
    assert wrong.error_type == "AssertionError"
    assert wrong.frames == [f"tests/test_cart.py:{line_of(TESTS, 'assert discount(100.0, 10)')}"]
    assert "assert 90.0 == 80.0" in wrong.traceback
    loop = tests["test_loops_forever"]  # stopped by the alarm
    assert loop.error_type == "Timeout"
    assert loop.frames and loop.frames[-1] in body_of(TESTS, "test_loops_forever")
    spin = tests["test_blocks_the_alarm_and_spins"]  # stopped by faulthandler's exit
    assert spin.error_type == "Timeout"
    assert spin.frames and spin.frames[-1] in body_of(TESTS, "test_blocks_the_alarm_and_spins")
    segfault = tests["test_segfaults"]
    assert segfault.error_type == "Crash"
    assert f"tests/test_cart.py:{line_of(TESTS, 'ctypes.string_at(0)')}" in segfault.frames
    exited = tests["test_exits_the_process"]
    assert (exited.error_type, exited.frames) == ("Crash", [])
    importing = tests["tests/test_import_loops.py"]
    assert importing.error_type == "Timeout"
    assert importing.frames[-1] in {"tests/test_import_loops.py:1", "tests/test_import_loops.py:2"}
    passed = tests["test_total"]
    assert (passed.error_type, passed.frames, passed.traceback) == ("", [], "")


def test_a_hanging_suite_comes_back_well_under_the_suite_timeout(measured: Measured):
    _, report, seconds, _ = measured
    assert seconds < SUITE_TIMEOUT_S / 3
    assert report.duration_s == pytest.approx(seconds, abs=1.0)


def test_coverage_maps_lines_to_the_tests_that_ran_them(report: QualityReport):
    coverage = report.coverage
    assert coverage is not None
    sum_line = line_of(CART, "return sum(prices)")
    discount_line = line_of(CART, "return price * (100 - percent)")
    raise_line = line_of(CART, "raise ValueError")
    assert coverage.covered_by[f"{CART_PY}:{sum_line}"] == [T + "test_total"]
    assert coverage.covered_by[f"{CART_PY}:{discount_line}"] == [
        T + "test_after_the_crashes",
        T + "test_discount_is_wrong",
    ]
    assert raise_line in coverage.uncovered[CART_PY]
    assert 0 < coverage.line_rate < 1 and 0 < coverage.branch_rate < 1
    assert report.metrics["coverage_line"] == coverage.line_rate


def test_lint_type_security_and_complexity_findings(report: QualityReport):
    assert ("src/shop/cart.py", 1, "F401") in {(i.path, i.line, i.code) for i in report.lint}
    assert [(i.path, i.line, i.code) for i in report.type_errors] == [
        (CART_PY, line_of(CART, "return count"), "return-value")
    ]
    high = [i for i in report.security if i.code == "HIGH"]
    assert [(i.path, i.line) for i in high] == [(CART_PY, line_of(CART, "shell=True"))]
    assert report.complexity[f"{CART_PY}:grade"] >= 10


def test_metrics_and_score_summarise_the_report(report: QualityReport):
    m = report.metrics
    assert m["tests_total"] == 8 and m["tests_failed"] == 6
    assert m["tests_pass_rate"] == pytest.approx(2 / 8)
    assert m["lint_errors"] == len(report.lint) >= 1
    assert m["type_errors"] == 1 and m["security_high"] == 1
    assert m["max_complexity"] == report.complexity[f"{CART_PY}:grade"]
    assert m["format_issues"] >= 0
    assert report.score == quality_score(m, DEFAULT_GATES) and 0 < report.score < 100
    assert all(t.status is ToolStatus.OK for t in report.tools), report.tools


def test_measuring_leaves_the_work_tree_clean(measured: Measured):
    _, report, _, status = measured
    assert status == ""  # no .coverage, caches or __pycache__ left behind
    assert len(report.commit) == 40
