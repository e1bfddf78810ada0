"""The outcome of a test during which the test process ended.

The plugin names the test that was running ("started" without "result"); this module
says what happened to it, from what the process left behind:

- the sandbox's wall clock stopped the whole run: TIMEOUT, no stack;
- the plugin's hard time limit (faulthandler's ``dump_traceback_later``, for a test
  Python could not interrupt) dumped the stack into ``EVENTS.faulthandler`` and
  exited: TIMEOUT, frames from that dump, ending in the project line it was stuck at;
- anything else (``os._exit``, a segfault) is a crash: FAILED with the error type
  "Crash", and frames from the stack that pytest's faulthandler writes to stderr on
  a fatal error (none after ``os._exit``).
"""

from __future__ import annotations

from pathlib import Path

from myagent.protocol import TestOutcome, TestStatus, ToolRun
from myagent.quality.execution import Executed
from myagent.quality.pytest_failures import (
    CRASH,
    TIMEOUT,
    Summariser,
    dumped_frames,
    looks_internal,
)


def _outcome(
    nodeid: str, status: TestStatus, message: str, error_type: str, dump: str, root: Path
) -> TestOutcome:
    summariser = Summariser(str(root), looks_internal)
    failure = summariser.stack(dumped_frames(dump, looks_internal), error_type, message)
    return TestOutcome(nodeid=nodeid, status=status, message=message, **failure._asdict())


def died_outcome(
    nodeid: str, executed: Executed | ToolRun, hard: str, timeout_s: float, root: Path
) -> TestOutcome:
    """The outcome of `nodeid`, running when the test process ended; `hard` is the
    faulthandler file's text, `root` the workspace."""
    if isinstance(executed, ToolRun):  # the wall clock of the whole run
        message = "timeout: the test run reached its time limit while this test ran"
        return _outcome(nodeid, TestStatus.TIMEOUT, message, TIMEOUT, "", root)
    if "Timeout (" in hard:
        message = f"timeout after {timeout_s:g}s (could not be interrupted; process stopped)"
        return _outcome(nodeid, TestStatus.TIMEOUT, message, TIMEOUT, hard, root)
    result = executed.result
    fatal = [ln for ln in result.stderr.splitlines() if ln.startswith("Fatal Python error")]
    reason = fatal[0] if fatal else f"exit code {result.returncode}"
    message = f"the test process died while this test ran: {reason}"
    return _outcome(nodeid, TestStatus.FAILED, message, CRASH, result.stderr, root)
