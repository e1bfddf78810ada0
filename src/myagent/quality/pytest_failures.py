"""What went wrong in a failing test: the error type, the frames and the text.

Part of the pytest plugin: it is copied into the sandbox with `pytest_plugin` and
imported by the PROJECT's interpreter, so it uses the standard library only and keeps
to syntax that older Pythons accept. MyAgent also uses it on the host, to read the
stack that faulthandler dumps when a test ends the test process.

Which frames are kept (`Summariser.select`): everything outer to the first frame of
pytest or pluggy is dropped (coverage's and runpy's launchers), then every frame of
pytest, pluggy, this plugin or importlib, and every frame that hides itself
(`__tracebackhide__`, unittest's `__unittest`). What is left is the test's own code
and what it called, outermost first, innermost LAST. Paths inside the workspace are
workspace-relative ("src/pkg/mod.py:40"), others stay absolute. For a timeout, frames
after the innermost *project* frame (in the workspace, not in a `site-packages`)
are dropped too, so the last entry is the project line the test was stopped at.
"""

from __future__ import annotations

import linecache
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, NamedTuple

PLUGIN_PACKAGE = "myagent_quality_plugin"  # the plugin's package name in the sandbox
TEXT_LIMIT = 4000
TIMEOUT = "Timeout"  # error type of a test stopped by its time limit
CRASH = "Crash"  # error type of a test that ended the test process
_CHAIN_LIMIT = 5
_CAUSE = "\nThe above exception was the direct cause of the following exception:\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n"
_DUMPED_FRAME = re.compile(r'^\s*File "(?P<path>.*)", line (?P<line>\d+) in (?P<name>.*)$')
_PACKAGES = ("site-packages", "dist-packages")
_PYTEST_MODULES = ("pytest", "_pytest", "pluggy")

if TYPE_CHECKING:  # not evaluated at run time: older Pythons cannot subscript Callable
    IsInternal = Callable[[str], bool]


class RawFrame(NamedTuple):
    """One frame as the interpreter knows it."""

    path: str
    line: int
    function: str
    hidden: bool = False


class Failure(NamedTuple):
    """A failing test's error type, "path:line" frames (innermost last) and text."""

    error_type: str
    frames: list[str]
    traceback: str

    def as_event(self) -> dict[str, object]:
        return {"error_type": self.error_type, "frames": self.frames, "traceback": self.traceback}


def cap(text: str, limit: int = TEXT_LIMIT) -> str:
    """`text` cut in the middle to at most about `limit` characters (the end, with the
    innermost frames and the exception, is kept whole)."""
    if len(text) <= limit:
        return text
    head = limit // 4
    return text[:head] + "\n[... cut ...]\n" + text[-(limit - head - 15) :]


def _hidden(frame: FrameType) -> bool:
    if "__unittest" in frame.f_globals:  # unittest's own frames
        return True
    value = frame.f_locals.get("__tracebackhide__", frame.f_globals.get("__tracebackhide__"))
    return bool(value) and not callable(value)


def _raw(frame: FrameType, line: int | None) -> RawFrame:
    return RawFrame(frame.f_code.co_filename, line or 0, frame.f_code.co_name, _hidden(frame))


def guarded(compute: Callable[[], Failure], error_type: str = "") -> Failure:
    """`compute()`, or a Failure saying why it could not be computed: a bug here must
    not break the project's test run."""
    try:
        return compute()
    except Exception as exc:
        return Failure(error_type, [], f"(MyAgent could not read the traceback: {exc!r})")


def traceback_frames(tb: TracebackType | None) -> list[RawFrame]:
    """The frames of a traceback, outermost first."""
    frames = []
    while tb is not None:
        frames.append(_raw(tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def stack_frames(frame: FrameType | None) -> list[RawFrame]:
    """The frames of the stack that ends in `frame`, outermost first."""
    frames = []
    while frame is not None:
        frames.append(_raw(frame, frame.f_lineno))
        frame = frame.f_back
    frames.reverse()
    return frames


def dumped_frames(text: str, is_internal: IsInternal) -> list[RawFrame]:
    """The main thread's frames (the one running pytest, else the last dumped) in a
    faulthandler dump, outermost first."""
    blocks: list[list[RawFrame]] = []
    for line in text.splitlines():
        if "most recent call first" in line:
            blocks.append([])
            continue
        found = _DUMPED_FRAME.match(line)
        if found and blocks:
            blocks[-1].append(RawFrame(found["path"], int(found["line"]), found["name"]))
    if not blocks:
        return []
    chosen = next((b for b in blocks if any(is_internal(f.path) for f in b)), blocks[-1])
    return list(reversed(chosen))


def loaded_internal(plugin_file: str) -> IsInternal:
    """Frames of the plugin (the folder of `plugin_file`) and of the pytest and pluggy
    this process has loaded, judged by their folders."""
    files = [plugin_file]
    files += [getattr(sys.modules.get(m), "__file__", None) or "" for m in _PYTEST_MODULES]
    dirs = tuple(os.path.normpath(Path(f).absolute().parent) + os.sep for f in files if f)
    return lambda path: os.path.normpath(path).startswith(dirs)


def looks_internal(path: str) -> bool:
    """A frame of pytest, pluggy or this plugin, judged by its path alone."""
    parts = path.replace("\\", "/").split("/")
    if any(part in ("_pytest", "pluggy", PLUGIN_PACKAGE) for part in parts[:-1]):
        return True
    return len(parts) >= 3 and parts[-2] == "pytest" and parts[-3] in _PACKAGES


def _is_import_machinery(path: str) -> bool:
    return path.startswith("<frozen") or path.replace("\\", "/").endswith("/importlib/__init__.py")


def _exception_only(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).rstrip()


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc` and the exceptions it was raised from, oldest first."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < _CHAIN_LIMIT:
        chain.append(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif current.__suppress_context__:
            current = None
        else:
            current = current.__context__
    chain.reverse()
    return chain


class Summariser:
    """Turns exceptions, stacks and dumps into `Failure`s for one workspace."""

    def __init__(self, root: str, is_internal: IsInternal) -> None:
        self._prefix = os.path.normpath(root) + os.sep
        self.is_internal = is_internal

    def relative(self, path: str) -> str:
        """`path` relative to the workspace when inside it, else as it is."""
        if path.startswith("<"):
            return path
        norm = os.path.normpath(path)
        if norm.startswith(self._prefix):
            return norm[len(self._prefix) :].replace(os.sep, "/")
        return norm

    def is_project(self, path: str) -> bool:
        """A file of the project itself: in the workspace, not an installed package."""
        relative = self.relative(path)
        if relative.startswith(("/", "<")):
            return False
        return not any(part in _PACKAGES for part in relative.split("/"))

    def select(self, frames: Sequence[RawFrame], *, project_last: bool = False) -> list[RawFrame]:
        """The frames worth showing (see the module docstring)."""
        first = next((i for i, f in enumerate(frames) if self.is_internal(f.path)), 0)
        kept = [
            f
            for f in frames[first:]
            if not (f.hidden or self.is_internal(f.path) or _is_import_machinery(f.path))
        ]
        if project_last:
            last = max((i for i, f in enumerate(kept) if self.is_project(f.path)), default=-1)
            if last >= 0:
                kept = kept[: last + 1]
        return kept

    def entries(self, frames: Sequence[RawFrame]) -> list[str]:
        return [f"{self.relative(f.path)}:{f.line}" for f in frames]

    def text(self, frames: Sequence[RawFrame], exception: str) -> str:
        """Python's traceback format for `frames`, ending in the `exception` line(s)."""
        lines = ["Traceback (most recent call last):"] if frames else []
        for frame in frames:
            lines.append(
                f'  File "{self.relative(frame.path)}", line {frame.line}, in {frame.function}'
            )
            source = linecache.getline(frame.path, frame.line).strip()
            if source:
                lines.append(f"    {source}")
        lines.append(exception)
        return "\n".join(lines)

    def exception(self, exc: BaseException) -> Failure:
        """The failure of a test that raised `exc` (with what it was raised from)."""
        parts: list[str] = []
        chain = _chain(exc)
        for i, link in enumerate(chain):
            if i:
                parts.append(_CAUSE if link.__cause__ is chain[i - 1] else _CONTEXT)
            frames = self.select(traceback_frames(link.__traceback__))
            parts.append(self.text(frames, _exception_only(link)))
        entries = self.entries(self.select(traceback_frames(exc.__traceback__)))
        if isinstance(exc, SyntaxError) and exc.filename and exc.lineno:
            entries.append(f"{self.relative(exc.filename)}:{exc.lineno}")
        return Failure(type(exc).__name__, entries, cap("\n".join(parts)))

    def stack(self, frames: Sequence[RawFrame], error_type: str, message: str) -> Failure:
        """The failure of a test stopped in the stack `frames` (a timeout, a crash)."""
        kept = self.select(frames, project_last=error_type == TIMEOUT)
        return Failure(
            error_type, self.entries(kept), cap(self.text(kept, f"{error_type}: {message}"))
        )
