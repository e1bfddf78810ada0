"""The outcome of a test that ended the test process, from what the process left."""

from __future__ import annotations

from pathlib import Path

from myagent.protocol import TestStatus, ToolRun, ToolStatus
from myagent.quality.crashed_tests import died_outcome
from myagent.quality.execution import Executed
from myagent.sandbox.runner import SandboxResult

ROOT = Path("/ws")
SITE = "/venv/lib/python3.11/site-packages"
NODE = "tests/test_a.py::test_x"


def executed(stderr: str = "", rc: int = 1) -> Executed:
    return Executed(SandboxResult(rc, "", stderr, False, 1.0, False))


def test_a_test_stuck_where_python_cannot_interrupt_it_is_a_timeout_at_its_line():
    hard = (
        "Timeout (0:00:07)!\nThread 0x01 (most recent call first):\n"
        '  File "/ws/tests/test_a.py", line 9 in test_x\n'
        f'  File "{SITE}/_pytest/python.py", line 159 in pytest_pyfunc_call\n'
    )
    outcome = died_outcome(NODE, executed(), hard, 2.0, ROOT)
    assert outcome.status is TestStatus.TIMEOUT
    assert outcome.message == "timeout after 2s (could not be interrupted; process stopped)"
    assert (outcome.error_type, outcome.frames) == ("Timeout", ["tests/test_a.py:9"])


def test_a_segfault_is_a_crash_with_the_stack_faulthandler_printed():
    stderr = (
        "Fatal Python error: Segmentation fault\n\nCurrent thread 0x01 (most recent call first):\n"
        '  File "/usr/lib/python3.11/ctypes/__init__.py", line 519 in string_at\n'
        '  File "/ws/tests/test_a.py", line 12 in test_x\n'
        f'  File "{SITE}/_pytest/python.py", line 159 in pytest_pyfunc_call\n'
    )
    outcome = died_outcome(NODE, executed(stderr, rc=-11), "", 2.0, ROOT)
    assert outcome.status is TestStatus.FAILED
    assert "Fatal Python error: Segmentation fault" in outcome.message
    assert outcome.error_type == "Crash"
    assert outcome.frames == ["tests/test_a.py:12", "/usr/lib/python3.11/ctypes/__init__.py:519"]


def test_an_exit_leaves_no_stack_and_the_wall_clock_no_frames():
    exited = died_outcome(NODE, executed(rc=3), "", 2.0, ROOT)
    assert (exited.status, exited.error_type, exited.frames) == (TestStatus.FAILED, "Crash", [])
    assert "exit code 3" in exited.message
    wall = ToolRun(tool="pytest", status=ToolStatus.TIMEOUT)
    stopped = died_outcome(NODE, wall, "", 2.0, ROOT)
    assert (stopped.status, stopped.error_type) == (TestStatus.TIMEOUT, "Timeout")
