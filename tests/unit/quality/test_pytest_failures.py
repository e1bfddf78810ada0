"""What a failing test's traceback becomes: error type, "path:line" frames, text."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest

from myagent.quality.pytest_failures import (
    TIMEOUT,
    Failure,
    RawFrame,
    Summariser,
    cap,
    dumped_frames,
    guarded,
    looks_internal,
    stack_frames,
)

HERE = Path(__file__).resolve()
ROOT = HERE.parents[3]  # the repository: this file is tests/unit/quality/...
THIS = HERE.relative_to(ROOT).as_posix()
SITE = "/venv/lib/python3.11/site-packages"


def summariser(root: Path = ROOT) -> Summariser:
    return Summariser(str(root), looks_internal)


def line_of(needle: str) -> int:
    lines = HERE.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line and "line_of" not in line)


def divide(a: int, b: int) -> float:
    return a / b  # raises here


def calls_divide() -> float:
    return divide(1, 0)  # calls divide


def raise_chained() -> None:
    try:
        {}["missing"]  # the KeyError
    except KeyError as exc:
        raise ValueError("bad key") from exc


def caught(function: Callable[[], object]) -> BaseException:
    try:
        function()  # the outermost frame
    except BaseException as exc:
        return exc
    raise AssertionError("no exception")


def test_an_exception_deep_in_the_code_ends_in_the_line_that_raised():
    failure = summariser().exception(caught(calls_divide))
    assert failure.error_type == "ZeroDivisionError"
    assert failure.frames == [
        f"{THIS}:{line_of('function()  # the outermost')}",
        f"{THIS}:{line_of('return divide(1, 0)')}",
        f"{THIS}:{line_of('return a / b')}",
    ]
    assert failure.traceback.startswith("Traceback (most recent call last):")
    assert f'File "{THIS}", line {line_of("return a / b")}, in divide' in failure.traceback
    assert "    return a / b  # raises here" in failure.traceback
    assert failure.traceback.endswith("ZeroDivisionError: division by zero")


def test_a_chained_exception_keeps_its_cause_in_the_text_and_its_own_frames():
    failure = summariser().exception(caught(raise_chained))
    assert failure.error_type == "ValueError"
    assert failure.frames[-1] == f"{THIS}:{line_of('raise ValueError')}"
    text = failure.traceback
    assert text.index("KeyError: 'missing'") < text.index("direct cause") < text.index("ValueError")


def test_paths_outside_the_workspace_stay_absolute(tmp_path: Path):
    failure = summariser(tmp_path).exception(caught(calls_divide))
    assert failure.frames[-1] == f"{HERE}:{line_of('return a / b')}"


def test_a_syntax_error_points_at_the_bad_line():
    exc = caught(lambda: compile("x = (\n", str(ROOT / "tests/test_bad.py"), "exec"))
    failure = summariser().exception(exc)
    assert failure.error_type == "SyntaxError"
    assert failure.frames[-1] == "tests/test_bad.py:1"


def frames(*entries: tuple[str, int]) -> list[RawFrame]:
    return [RawFrame(path, line, "f") for path, line in entries]


def test_pytest_frames_and_the_launchers_outside_them_are_left_out():
    raw = frames(
        ("/usr/lib/python3.11/runpy.py", 198),  # outer to pytest: the launcher
        (f"{SITE}/coverage/execfile.py", 208),
        (f"{SITE}/pytest/__main__.py", 5),
        (f"{SITE}/_pytest/python.py", 159),
        (f"{SITE}/pluggy/_callers.py", 103),
        ("/ws/tests/test_a.py", 4),
        ("<frozen importlib._bootstrap>", 1),
        ("/ws/src/pkg/mod.py", 9),
    )
    kept = Summariser("/ws", looks_internal).select(raw)
    assert Summariser("/ws", looks_internal).entries(kept) == [
        "tests/test_a.py:4",
        "src/pkg/mod.py:9",
    ]


def test_hidden_frames_are_left_out():
    def hidden() -> None:
        __tracebackhide__ = True
        raise RuntimeError("from a helper that hides itself")

    failure = summariser().exception(caught(hidden))
    assert failure.frames == [f"{THIS}:{line_of('function()  # the outermost')}"]


def test_a_timeout_ends_in_the_innermost_project_frame():
    raw = frames(
        (f"{SITE}/_pytest/python.py", 159),
        ("/ws/tests/test_a.py", 4),
        ("/ws/src/pkg/mod.py", 12),
        ("/usr/lib/python3.11/re/__init__.py", 300),  # stopped inside the standard library
        ("/ws/.venv/lib/python3.11/site-packages/lib.py", 7),
    )
    failure = Summariser("/ws", looks_internal).stack(raw, TIMEOUT, "timeout after 2s")
    assert failure.error_type == "Timeout"
    assert failure.frames == ["tests/test_a.py:4", "src/pkg/mod.py:12"]
    assert failure.traceback.endswith("Timeout: timeout after 2s")


def test_a_stack_is_read_from_a_live_frame_outermost_first():
    frame: FrameType = sys._getframe()
    raw = stack_frames(frame)
    assert (
        raw[-1].path == str(HERE)
        and raw[-1].function == "test_a_stack_is_read_from_a_live_frame_outermost_first"
    )
    entries = summariser().entries(summariser().select(raw))
    assert entries[-1] == f"{THIS}:{line_of('raw = stack_frames(frame)')}"
    # pytest and pluggy are left out (under pytest-xdist, execnet's own frames remain above)
    assert not [e for e in entries if "/_pytest/" in e or "/pluggy/" in e]


DUMP = """Timeout (0:00:07)!
Thread 0x00007fd74b21d6c0 (most recent call first):
  File "/ws/tests/test_a.py", line 7 in <lambda>
  File "/usr/lib/python3.11/threading.py", line 982 in run

Thread 0x00007fd74bcb8b80 (most recent call first):
  File "/ws/src/pkg/mod.py", line 3 in spin
  File "/ws/tests/test_a.py", line 6 in test_spin
  File "/venv/lib/python3.11/site-packages/_pytest/python.py", line 159 in pytest_pyfunc_call
  File "/venv/lib/python3.11/site-packages/coverage/execfile.py", line 208 in run
"""


def test_a_faulthandler_dump_gives_the_stack_of_the_thread_running_pytest():
    raw = dumped_frames(DUMP, looks_internal)
    assert [f.path for f in raw][-2:] == ["/ws/tests/test_a.py", "/ws/src/pkg/mod.py"]
    failure = Summariser("/ws", looks_internal).stack(raw, TIMEOUT, "stuck")
    assert failure.frames == ["tests/test_a.py:6", "src/pkg/mod.py:3"]
    assert dumped_frames("exit code 3, nothing dumped", looks_internal) == []


@pytest.mark.parametrize(
    ("path", "internal"),
    [
        (f"{SITE}/_pytest/runner.py", True),
        (f"{SITE}/pluggy/_hooks.py", True),
        (f"{SITE}/pytest/__init__.py", True),
        ("/tmp/out/plugin/myagent_quality_plugin/pytest_plugin.py", True),
        ("/ws/tests/pytest/test_x.py", False),  # a project folder named pytest
        ("/ws/src/pkg/mod.py", False),
    ],
)
def test_pytest_pluggy_and_the_plugin_are_internal(path: str, internal: bool):
    assert looks_internal(path) is internal


def test_a_long_text_is_cut_in_the_middle_keeping_the_end():
    text = "head\n" + "x" * 10_000 + "\nAssertionError: the end"
    short = cap(text)
    assert len(short) <= 4000 and short.startswith("head") and short.endswith("the end")
    assert cap("short") == "short"


def test_a_bug_while_reading_a_traceback_is_reported_not_raised():
    def broken() -> Failure:
        raise KeyError("oops")

    failure = guarded(broken, TIMEOUT)
    assert failure.error_type == "Timeout" and failure.frames == []
    assert "could not read the traceback" in failure.traceback and "oops" in failure.traceback
