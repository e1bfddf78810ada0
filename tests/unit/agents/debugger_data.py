"""Data the Debugger's unit tests share: `bulk_discount` with an off-by-one boundary
(ten items should be bulk), its failing and passing tests, and the report that shows it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from myagent.protocol import CoverageData, QualityReport, Task, TestOutcome, TestStatus

BULK_DISCOUNT = """def bulk_discount(quantity: int) -> float:
    if quantity > 10:
        return 0.1
    return 0.0
"""
FAILING = "tests/test_d.py::test_ten_is_bulk"
PASSING = "tests/test_d.py::test_nine_is_retail"
TASK = Task(kind="fix_failing_test", agent="debugger", gate="tests_pass_rate")


def workspace(root: Path, source: str) -> Path:
    """A git folder with `source` as src/d.py."""
    (root / "src").mkdir(parents=True)
    (root / "src/d.py").write_text(source)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def failing_report(message: str, frames: list[str]) -> QualityReport:
    """FAILING fails with `message`; both tests cover the `if` and the `return 0.0`,
    only FAILING covers `return 0.1`."""
    lines = {f"src/d.py:{n}": [FAILING, PASSING] for n in (2, 4)}
    lines["src/d.py:3"] = [FAILING]
    return QualityReport(
        tests=[
            TestOutcome(nodeid=FAILING, status=TestStatus.FAILED, error_type="AssertionError",
                        message=message, frames=frames),
            TestOutcome(nodeid=PASSING, status=TestStatus.PASSED, duration_s=0.01),
        ],
        coverage=CoverageData(covered_by=lines),
    )  # fmt: skip
