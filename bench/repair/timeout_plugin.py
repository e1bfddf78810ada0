"""A pytest plugin for the benchmark's own test runs (never loaded by MyAgent).

``--repair-timeout=SECONDS``: a test still running after SECONDS fails with
``RepairTimeoutError`` (a SIGALRM; a BaseException, so ``except Exception`` in the code
under test cannot swallow it), and the run goes on with the next test.
``--repair-out=FILE``: one JSON line per test: nodeid, outcome (passed | failed |
skipped), duration (seconds), and the name of the exception that failed it ("AssertionError",
"ZeroDivisionError", "RepairTimeoutError", "Failed" for pytest.raises without a raise).
"""

from __future__ import annotations

import json
import signal
from collections.abc import Generator
from types import FrameType

import pytest


class RepairTimeoutError(BaseException):
    """The test ran past --repair-timeout (an infinite loop, most likely)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("repair benchmark")
    group.addoption("--repair-timeout", type=float, default=0.0, help="per-test seconds")
    group.addoption("--repair-out", default="", help="JSON lines, one per test")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    seconds: float = item.config.getoption("--repair-timeout")
    if seconds <= 0:
        return (yield)

    def _expire(signum: int, frame: FrameType | None) -> None:
        raise RepairTimeoutError(f"timeout after {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return (yield)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    out: str = item.config.getoption("--repair-out")
    if out and (report.when == "call" or report.outcome != "passed"):
        error = call.excinfo.typename if call.excinfo is not None else ""
        record = {
            "nodeid": item.nodeid,
            "when": report.when,
            "outcome": report.outcome,
            "duration": round(report.duration, 4),
            "error": error,
        }
        with open(out, "a", encoding="utf-8") as stream:  # noqa: PTH123
            stream.write(json.dumps(record) + "\n")
    return report
