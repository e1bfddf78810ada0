"""A pytest plugin that records each test's outcome for MyAgent's quality model.

It is loaded by the PROJECT's interpreter inside the sandbox (``-p
myagent_quality_plugin.pytest_plugin``: `install` copies this module and its helpers,
`pytest_failures` and `pytest_reports`, into a package of that name on
``PYTHONPATH``), so it imports nothing but the standard library and pytest, and keeps
to syntax that older Pythons accept. Options:

``--myagent-out=FILE``
    events, one JSON object per line, each flushed as soon as it is known::

        {"event": "collected", "count": 3}
        {"event": "started", "nodeid": "tests/test_a.py::test_x"}
        {"event": "result", "nodeid": "...", "outcome": "passed", "duration": 0.01,
         "message": ""}
        {"event": "result", "nodeid": "...", "outcome": "failed", "duration": 0.01,
         "message": "ZeroDivisionError: division by zero", "error_type":
         "ZeroDivisionError", "frames": ["tests/t.py:3", "src/m.py:7"], "traceback": "..."}
        {"event": "unmatched", "nodeids": ["tests/test_a.py::test_gone"]}
        {"event": "finished", "exitstatus": 1}

    ``outcome`` is one of passed, failed, error, skipped, xfailed, xpassed, timeout.
    A failed, error or timeout result has ``error_type``, ``frames`` and ``traceback``
    (see `pytest_failures`: computed from the exception itself, so pytest's ``--tb``
    style does not matter; for a timeout, from the stack the alarm interrupted).
    A "started" line without its "result" (or, for a collector such as a test module,
    its "ended") names what was running when the process died (a crash, ``os._exit``,
    or the sandbox's wall clock).
``--myagent-timeout=SECONDS``
    per-test time limit (also for importing each test module). A SIGALRM raises an
    exception that ``except Exception`` cannot swallow, so a looping test fails with
    "timeout after Ns" and the run goes on. If the test is stuck where Python cannot
    interrupt it, faulthandler dumps the stack into ``FILE.faulthandler`` a grace
    period later and exits the process.
``--myagent-skip=FILE``
    node ids (one per line) to deselect: tests already run by an earlier attempt.
``--myagent-select=FILE``
    node ids (one per line) to run; a test runs when one of them names it, its
    parametrisations, class, module or folder (`selects`). Those naming no collected
    test are listed in the "unmatched" event.

When the run is under ``coverage run``, each test gets its node id as the coverage
context (``Coverage.switch_context``), which gives line -> tests maps for fault
localisation. Coverage is used only if it is already loaded; it is never imported.
"""

from __future__ import annotations

import faulthandler
import json
import shutil
import signal
import threading
from collections.abc import Generator
from pathlib import Path
from types import FrameType
from typing import IO, Any

import pytest

from . import pytest_failures as failures
from . import pytest_reports as reports

PLUGIN_NAME = f"{failures.PLUGIN_PACKAGE}.pytest_plugin"
_MODULES = ("pytest_plugin", "pytest_failures", "pytest_reports")


class TestTimeoutError(BaseException):
    """Raised inside a test that ran past its limit (not an `Exception` on purpose)."""

    __test__ = False


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("myagent", "MyAgent quality recording")
    group.addoption("--myagent-out", default="", help="JSON-lines file for test events")
    group.addoption("--myagent-timeout", type=float, default=0.0, help="per-test seconds")
    group.addoption("--myagent-skip", default="", help="file of node ids to deselect")
    group.addoption("--myagent-select", default="", help="file of node ids to run")


def pytest_configure(config: pytest.Config) -> None:
    out = config.getoption("--myagent-out")
    if out:
        recorder = Recorder(out, config.getoption("--myagent-timeout"))
        recorder.skips = set(reports.read_lines(config.getoption("--myagent-skip")))
        select = config.getoption("--myagent-select")
        recorder.select = reports.read_lines(select) if select else None
        config.pluginmanager.register(recorder, "myagent_quality_recorder")


def install(folder: Path) -> None:
    """Copy the plugin into `folder` as the package `PLUGIN_PACKAGE` (put `folder` on
    the test process's PYTHONPATH and pass ``-p PLUGIN_NAME``)."""
    package = folder / failures.PLUGIN_PACKAGE
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    here = Path(__file__).parent
    for module in _MODULES:
        shutil.copyfile(here / f"{module}.py", package / f"{module}.py")


def _grace(timeout: float) -> float:
    return 5.0 + 0.2 * timeout


class Recorder:
    """Writes the events and enforces the per-test timeout."""

    def __init__(self, out: str, timeout: float) -> None:
        self._out: IO[str] = Path(out).open("a", encoding="utf-8")  # noqa: SIM115
        self._hard: IO[str] = Path(out + ".faulthandler").open("w", encoding="utf-8")  # noqa: SIM115
        self._timeout = timeout
        self.skips: set[str] = set()
        self.select: list[str] | None = None
        self._in_phase = False
        self._fired = False
        self._alarm_failure: failures.Failure | None = None
        self._collect_failures: dict[str, failures.Failure] = {}
        self._phase_failures: dict[tuple[str, str], failures.Failure] = {}
        self._failures: dict[str, failures.Failure] = {}
        self._outcome: dict[str, str] = {}
        self._messages: dict[str, str] = {}
        self._durations: dict[str, float] = {}
        self._summariser = failures.Summariser(str(Path.cwd()), failures.loaded_internal(__file__))
        self._can_alarm = (
            timeout > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )

    def _emit(self, **event: Any) -> None:
        self._out.write(json.dumps(event) + "\n")
        self._out.flush()

    def _failure(self, excinfo: Any, report: Any) -> failures.Failure:
        """What a failed phase reports: the timeout's stack, the exception, or the text."""
        if self._fired and self._alarm_failure is not None:
            return self._alarm_failure
        if excinfo is not None:
            exc = reports.unwrap_collect_error(excinfo.value)
            return failures.guarded(lambda: self._summariser.exception(exc), excinfo.typename)
        text = str(getattr(report, "longrepr", None) or "")  # e.g. "[XPASS(strict)] ..."
        return failures.Failure("", [], failures.cap(text))

    # ---------------------------------------------------------------- collection

    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        kept, unmatched = reports.keep_items(items, self.select, self.skips)
        if self.select is not None:
            self._emit(event="unmatched", nodeids=unmatched)
        if len(kept) < len(items):
            config.hook.pytest_deselected(items=[i for i in items if i not in kept])
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
            outcome = yield from self._phase()
        finally:
            self._disarm()
        report = reports.result_of(outcome)
        if self._fired or (report is not None and report.failed):
            excinfo = getattr(getattr(report, "call", None), "excinfo", None)
            self._collect_failures[nodeid] = self._failure(excinfo, report)
        self._emit(event="ended", nodeid=nodeid)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if not report.failed:
            return
        nodeid = report.nodeid or "<collection>"
        failure = self._collect_failures.pop(nodeid, None)
        if failure is not None and failure.error_type == failures.TIMEOUT:
            outcome, text = "timeout", f"timeout after {self._timeout:g}s while collecting"
        else:
            outcome, text = "error", reports.message(report) or "collection failed"
        details = failure.as_event() if failure is not None else {}
        self._emit(
            event="result", nodeid=nodeid, outcome=outcome, duration=0.0, message=text, **details
        )

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._emit(event="collected", count=len(session.items))

    # ---------------------------------------------------------------- running

    def _arm(self) -> None:
        """Start the soft (SIGALRM) and hard (faulthandler exit) time limits."""
        self._fired = False
        self._alarm_failure = None
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
        reports.switch_coverage_context(nodeid)
        self._arm()

    def _on_alarm(self, signum: int, frame: FrameType | None) -> None:
        __tracebackhide__ = True
        if not self._in_phase:  # inside pytest itself: try again in a moment
            signal.setitimer(signal.ITIMER_REAL, 0.05)
            return
        self._fired = True
        text = f"timeout after {self._timeout:g}s"

        def stopped_here() -> failures.Failure:  # the stack the alarm interrupted
            return self._summariser.stack(failures.stack_frames(frame), failures.TIMEOUT, text)

        self._alarm_failure = failures.guarded(stopped_here, failures.TIMEOUT)
        raise TestTimeoutError(text)

    def _phase(self) -> Generator[None, Any, Any]:
        """Wraps a hook call during which the alarm may interrupt; returns its outcome."""
        self._in_phase = True
        try:
            return (yield)
        finally:
            self._in_phase = False

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, Any, None]:
        outcome = yield
        report = reports.result_of(outcome)
        if report is not None and report.failed:
            self._phase_failures[(report.nodeid, report.when)] = self._failure(call.excinfo, report)

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
        failure = self._phase_failures.pop((nodeid, report.when), None)
        outcome = reports.phase_outcome(report)
        if outcome is None:
            return
        if self._fired and report.failed:
            outcome = "timeout"
            self._messages[nodeid] = f"timeout after {self._timeout:g}s"
        elif previous in ("timeout", "failed", "error"):
            return  # the first failure is the one to report
        else:
            self._messages[nodeid] = reports.message(report) or str(getattr(report, "wasxfail", ""))
        if failure is not None and report.failed:
            self._failures[nodeid] = failure
        self._outcome[nodeid] = outcome

    def pytest_runtest_logfinish(self, nodeid: str, location: object) -> None:
        self._disarm()
        reports.switch_coverage_context("")
        failure = self._failures.pop(nodeid, None)
        self._emit(
            event="result",
            nodeid=nodeid,
            outcome=self._outcome.pop(nodeid, "error"),
            duration=round(self._durations.pop(nodeid, 0.0), 6),
            message=self._messages.pop(nodeid, ""),
            **(failure.as_event() if failure is not None else {}),
        )

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self._emit(event="finished", exitstatus=int(exitstatus))

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self._out.close()
        self._hard.close()
