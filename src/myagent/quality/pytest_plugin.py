"""A pytest plugin that records each test's outcome for MyAgent's quality model.

It is loaded by the PROJECT's interpreter inside the sandbox (``-p
myagent_quality_plugin`` with a copy of this file on ``PYTHONPATH``), so it imports
nothing but the standard library and pytest, and keeps to syntax that older Pythons
accept. Options:

``--myagent-out=FILE``
    events, one JSON object per line, each flushed as soon as it is known::

        {"event": "collected", "count": 3}
        {"event": "started", "nodeid": "tests/test_a.py::test_x"}
        {"event": "result", "nodeid": "...", "outcome": "passed", "duration": 0.01,
         "message": ""}
        {"event": "finished", "exitstatus": 1}

    ``outcome`` is one of passed, failed, error, skipped, xfailed, xpassed, timeout.
    A "started" line without its "result" (or, for a collector such as a test module,
    its "ended") names what was running when the process died (a crash, ``os._exit``,
    or the sandbox's wall clock).
``--myagent-timeout=SECONDS``
    per-test time limit (also for importing each test module). A SIGALRM raises an
    exception that ``except Exception`` cannot swallow, so a looping test fails with
    "timeout after Ns" and the run goes on. If the test is stuck where Python cannot interrupt it, faulthandler dumps
    the stack into ``FILE.faulthandler`` a grace period later and exits the process.
``--myagent-skip=FILE``
    node ids (one per line) to deselect: tests already run by an earlier attempt.

When the run is under ``coverage run``, each test gets its node id as the coverage
context (``Coverage.switch_context``), which gives line -> tests maps for fault
localisation. Coverage is used only if it is already loaded; it is never imported.
"""

from __future__ import annotations

import faulthandler
import json
import signal
import sys
import threading
from collections.abc import Generator
from pathlib import Path
from typing import IO, Any

import pytest

PLUGIN_NAME = "myagent_quality_plugin"
_MESSAGE_LIMIT = 1000


class TestTimeoutError(BaseException):
    """Raised inside a test that ran past its limit (not an `Exception` on purpose)."""

    __test__ = False


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("myagent", "MyAgent quality recording")
    group.addoption("--myagent-out", default="", help="JSON-lines file for test events")
    group.addoption("--myagent-timeout", type=float, default=0.0, help="per-test seconds")
    group.addoption("--myagent-skip", default="", help="file of node ids to deselect")


def pytest_configure(config: pytest.Config) -> None:
    out = config.getoption("--myagent-out")
    if out:
        recorder = Recorder(out, config.getoption("--myagent-timeout"))
        recorder.load_skips(config.getoption("--myagent-skip"))
        config.pluginmanager.register(recorder, "myagent_quality_recorder")


def _grace(timeout: float) -> float:
    return 5.0 + 0.2 * timeout


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _message(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr: Any = report.longrepr
    if longrepr is None:
        text = ""
    elif isinstance(longrepr, tuple) and len(longrepr) == 3:
        text = str(longrepr[2])  # a skip: (path, line, reason)
    elif getattr(longrepr, "reprcrash", None) is not None:
        text = str(longrepr.reprcrash.message)
    else:
        text = _last_line(str(longrepr))
    return text[:_MESSAGE_LIMIT]


class Recorder:
    """Writes the events and enforces the per-test timeout."""

    def __init__(self, out: str, timeout: float) -> None:
        self._out: IO[str] = Path(out).open("a", encoding="utf-8")  # noqa: SIM115
        self._hard: IO[str] = Path(out + ".faulthandler").open("w", encoding="utf-8")  # noqa: SIM115
        self._timeout = timeout
        self._skips: set[str] = set()
        self._in_phase = False
        self._fired = False
        self._collect_timeouts: set[str] = set()
        self._outcome: dict[str, str] = {}
        self._messages: dict[str, str] = {}
        self._durations: dict[str, float] = {}
        self._can_alarm = (
            timeout > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )

    def load_skips(self, path: str) -> None:
        if path:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
            self._skips = {line.strip() for line in lines if line.strip()}

    def _emit(self, **event: Any) -> None:
        self._out.write(json.dumps(event) + "\n")
        self._out.flush()

    # ---------------------------------------------------------------- collection

    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        if not self._skips:
            return
        kept = [item for item in items if item.nodeid not in self._skips]
        dropped = [item for item in items if item.nodeid in self._skips]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept

    @pytest.hookimpl(hookwrapper=True)
    def pytest_make_collect_report(self, collector: pytest.Collector) -> Generator[None, Any, None]:
        """Importing a test module is bounded by the same time limit as a test."""
        nodeid = collector.nodeid
        if not nodeid:  # the session itself
            yield
            return
        self._emit(event="started", nodeid=nodeid)
        self._arm()
        try:
            yield from self._phase()
        finally:
            self._disarm()
        if self._fired:
            self._collect_timeouts.add(nodeid)
        self._emit(event="ended", nodeid=nodeid)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if not report.failed:
            return
        nodeid = report.nodeid or "<collection>"
        if nodeid in self._collect_timeouts:
            outcome, message = "timeout", f"timeout after {self._timeout:g}s while collecting"
        else:
            outcome, message = "error", _message(report) or "collection failed"
        self._emit(event="result", nodeid=nodeid, outcome=outcome, duration=0.0, message=message)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._emit(event="collected", count=len(session.items))

    # ---------------------------------------------------------------- running

    def _arm(self) -> None:
        """Start the soft (SIGALRM) and hard (faulthandler exit) time limits."""
        self._fired = False
        if self._can_alarm:
            signal.signal(signal.SIGALRM, self._on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self._timeout)
        if self._timeout > 0:
            faulthandler.dump_traceback_later(
                self._timeout + _grace(self._timeout), exit=True, file=self._hard
            )

    def _disarm(self) -> None:
        if self._can_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if self._timeout > 0:
            faulthandler.cancel_dump_traceback_later()

    def pytest_runtest_logstart(self, nodeid: str, location: object) -> None:
        self._emit(event="started", nodeid=nodeid)
        _switch_coverage_context(nodeid)
        self._arm()

    def _on_alarm(self, signum: int, frame: object) -> None:
        __tracebackhide__ = True
        if not self._in_phase:  # inside pytest itself: try again in a moment
            signal.setitimer(signal.ITIMER_REAL, 0.05)
            return
        self._fired = True
        raise TestTimeoutError(f"timeout after {self._timeout:g}s")

    def _phase(self) -> Generator[None, None, None]:
        self._in_phase = True
        try:
            yield
        finally:
            self._in_phase = False

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, None, None]:
        yield from self._phase()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        yield from self._phase()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Generator[None, None, None]:
        yield from self._phase()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        nodeid = report.nodeid
        self._durations[nodeid] = self._durations.get(nodeid, 0.0) + report.duration
        previous = self._outcome.get(nodeid)
        outcome = _outcome(report)
        if outcome is None:
            return
        if self._fired and report.failed:
            outcome = "timeout"
            self._messages[nodeid] = f"timeout after {self._timeout:g}s"
        elif previous in ("timeout", "failed", "error"):
            return  # the first failure is the one to report
        else:
            self._messages[nodeid] = _message(report) or str(getattr(report, "wasxfail", ""))
        self._outcome[nodeid] = outcome

    def pytest_runtest_logfinish(self, nodeid: str, location: object) -> None:
        self._disarm()
        _switch_coverage_context("")
        self._emit(
            event="result",
            nodeid=nodeid,
            outcome=self._outcome.pop(nodeid, "error"),
            duration=round(self._durations.pop(nodeid, 0.0), 6),
            message=self._messages.pop(nodeid, ""),
        )

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self._emit(event="finished", exitstatus=int(exitstatus))

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self._out.close()
        self._hard.close()


def _outcome(report: pytest.TestReport) -> str | None:
    """The outcome this phase report contributes, or None when it changes nothing."""
    xfail = hasattr(report, "wasxfail")
    if report.when == "call":
        if report.passed:
            return "xpassed" if xfail else "passed"
        if report.skipped:
            return "xfailed" if xfail else "skipped"
        return "failed"
    if report.failed:
        return "error"  # a fixture failed in setup or teardown
    if report.skipped:
        return "xfailed" if xfail else "skipped"
    return None


def _switch_coverage_context(context: str) -> None:
    module = sys.modules.get("coverage")
    if module is None:
        return
    try:
        current = module.Coverage.current()
        if current is not None:
            current.switch_context(context)
    except Exception:  # noqa: S110  # coverage not started, or too old: no contexts
        pass
