"""The characterization harness: calls one function with planned arguments and records
what each call did. Run by the PROJECT's interpreter inside the sandbox as a script
(`python harness.py JOB OUT`), never imported by MyAgent: it uses the standard
library only and keeps to syntax Python 3.8 accepts.

JOB (JSON): `setup` (import lines, run first), `target` (the absolute path of the
function's file: only lines there are traced), `timeout` (seconds per call), `start`
(the first call to run), `only` (null, or the indexes of the calls to run) and `calls`, each `{"expression": source, "parts": [source]}`:
the expression as the test will write it (`Money(cents=1).times(2.5)`), and the
receiver and arguments it is made of, built first on their own.

OUT gets one JSON object per line, flushed as soon as it is known:
`{"event": "setup_error", "message": ...}`; `{"event": "started", "index": i}`;
`{"event": "result", "index": i, "outcome": {...}, "lines": [...], "arcs": [...],
"seconds": ...}` (the first run's duration, traced);
`{"event": "finished"}`. Each call runs twice, its parts built afresh each time
(only the first run is traced; a call that timed out is not run again); the outcome
is "unstable" unless both agree. The
outcome's `kind`:

- "value": `repr` round-trips (`eval(repr(x)) == x`, same type) and is short;
  `imports` the lines it needs (`from decimal import Decimal`: the classes of the
  value and of its items, when the repr names them); `approx` when it holds floats
  pytest.approx can compare; `wrap` "list" when the function returned a generator
  (its items are recorded);
- "object": anything else: its `type`, `len` when it has one, `attributes` (public
  instance attributes whose repr round-trips) and the `imports` they need;
- "raises": the exception's `type`, an importable class for it (`module`, `name`:
  the first class of its MRO that can be imported by name) and `message`;
- "bad_input": building a part raised (not the function's fault);
- "timeout": the call ran past `timeout` seconds; "unstable": the two runs differ.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import io
import itertools
import json
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

MAX_REPR = 400
MAX_ITEMS = 100
MAX_ATTRIBUTES = 6

if TYPE_CHECKING:  # not evaluated at run time: older Pythons run this file
    Outcome = dict[str, Any]
    Tracer = Callable[[FrameType, str, Any], Any]


class CallTimeout(BaseException):
    """Raised by the alarm; a BaseException, so that `except Exception` lets it through."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise CallTimeout


class LineTracer:
    """Lines and arcs run in one file, like coverage.py's Python tracer."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.lines: set[int] = set()
        self.arcs: set[tuple[int, int]] = set()
        self._names: dict[str, bool] = {}

    def _ours(self, filename: str) -> bool:
        if filename not in self._names:
            self._names[filename] = os.path.realpath(filename) == self.target
        return self._names[filename]

    def __call__(self, frame: FrameType, event: str, arg: Any) -> Tracer | None:
        if event != "call" or not self._ours(frame.f_code.co_filename):
            return None
        last = [-frame.f_code.co_firstlineno]

        def local(frame: FrameType, event: str, arg: Any) -> Tracer:
            if event == "line":
                self.lines.add(frame.f_lineno)
                self.arcs.add((last[0], frame.f_lineno))
                last[0] = frame.f_lineno
            elif event == "return":
                self.arcs.add((last[0], -frame.f_code.co_firstlineno))
            return local

        return local


def _round_trips(text: str, value: Any, namespace: dict[str, Any]) -> list[str] | None:
    """None when `text` does not evaluate back to `value`; else the import lines it
    needs beyond `namespace` (the classes of `value` and of its items, by name)."""
    imports: list[str] = []
    scope = dict(namespace)
    try:
        names = {n.id for n in ast.walk(ast.parse(text, mode="eval")) if isinstance(n, ast.Name)}
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for cls in _classes_in(value):
        module, name = cls.__module__, cls.__qualname__
        if module == "builtins" or "." in name or _importable(cls) != (module, name):
            continue
        if name in names and name not in scope:
            scope[name] = cls
            imports.append(f"from {module} import {name}")
        elif module in names and module not in scope and "." not in module:
            scope[module] = importlib.import_module(module)
            imports.append(f"import {module}")
    try:
        back = eval(text, scope)  # noqa: S307 (in the sandbox, on a repr)
        same = type(back) is type(value) and bool(back == value)
    except Exception:
        return None
    return imports if same else None


def _classes_in(value: Any) -> list[type]:
    """The type of `value` and of its items (one level down)."""
    found = [type(value)]
    items: list[Any] = []
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(itertools.islice(value, 20))
    elif isinstance(value, dict):
        pairs = list(itertools.islice(value.items(), 20))
        items = [k for k, _ in pairs] + [v for _, v in pairs]
    for item in items:
        if type(item) not in found:
            found.append(type(item))
    return found


def _safe_repr(value: Any) -> str | None:
    try:
        text = repr(value)
    except Exception:
        return None
    return text if len(text) <= MAX_REPR else None


def _has_floats(value: Any) -> bool:
    """True when pytest.approx can compare `value` and it holds a float."""
    if isinstance(value, float):
        return True
    numbers = (int, float)
    if isinstance(value, (list, tuple)) and type(value) in (list, tuple):
        flat = all(isinstance(v, numbers) and not isinstance(v, bool) for v in value)
        return flat and any(isinstance(v, float) for v in value)
    if type(value) is dict:
        flat = all(isinstance(v, numbers) and not isinstance(v, bool) for v in value.values())
        return flat and any(isinstance(v, float) for v in value.values())
    return False


def _type_name(value: Any) -> str:
    return str(type(value).__qualname__)


def describe(value: Any, namespace: dict[str, Any]) -> Outcome:
    """The outcome "value" or "object" for a returned value."""
    wrap = ""
    if inspect.isgenerator(value):
        items = list(itertools.islice(value, MAX_ITEMS + 1))
        if len(items) <= MAX_ITEMS:
            value, wrap = items, "list"
    text = _safe_repr(value)
    imports = None if text is None else _round_trips(text, value, namespace)
    if text is not None and imports is not None:
        kind = {"kind": "value", "repr": text, "type": _type_name(value), "imports": imports}
        return dict(kind, approx=_has_floats(value), wrap=wrap)
    found: Outcome = {"kind": "object", "type": _type_name(value), "wrap": wrap, "imports": []}
    with contextlib.suppress(Exception):
        found["len"] = len(value)
    attributes: list[tuple[str, str]] = []
    fields = getattr(value, "__dict__", None)
    if isinstance(fields, dict) and not inspect.ismodule(value) and not inspect.isclass(value):
        for name in sorted(fields)[: MAX_ATTRIBUTES * 4]:
            item = fields[name]
            shown = None if name.startswith("_") else _safe_repr(item)
            needed = None if shown is None else _round_trips(shown, item, namespace)
            if shown is not None and needed is not None:
                attributes.append((name, shown))
                found["imports"] += [line for line in needed if line not in found["imports"]]
    found["attributes"] = attributes[:MAX_ATTRIBUTES]
    return found


def _importable(cls: type) -> tuple[str, str]:
    """(module, name) of the first class in `cls`'s MRO reachable by import."""
    for klass in cls.__mro__:
        module, name = klass.__module__, klass.__qualname__
        if module == "builtins":
            return module, name
        try:
            found: Any = importlib.import_module(module)
            for part in name.split("."):
                found = getattr(found, part)
        except Exception:  # noqa: S112 (not importable: try its base class)
            continue
        if found is klass:
            return module, name
    return "builtins", "BaseException"


def raised(exc: BaseException) -> Outcome:
    try:
        message = str(exc)
    except Exception:
        message = ""
    module, name = _importable(type(exc))
    return {
        "kind": "raises", "type": _type_name(exc), "module": module, "name": name,
        "message": message[:MAX_REPR],
    }  # fmt: skip


def run_once(
    call: dict[str, Any], namespace: dict[str, Any], timeout: float, tracer: LineTracer | None
) -> Outcome:
    """Build the call's parts (a failure there is "bad_input"), then evaluate it."""
    signal.setitimer(signal.ITIMER_REAL, timeout * 2)
    try:
        try:
            for part in call["parts"]:
                eval(part, namespace)  # noqa: S307 (in the sandbox)
        except CallTimeout:
            raise
        except BaseException as exc:
            return {"kind": "bad_input", "message": repr(exc)[:MAX_REPR]}
        code = compile(call["expression"], "<call>", "eval")
        signal.setitimer(signal.ITIMER_REAL, timeout)
        if tracer is not None:
            sys.settrace(tracer)
        try:
            result = eval(code, namespace)  # noqa: S307
        except CallTimeout:
            raise
        except BaseException as exc:
            return raised(exc)
        finally:
            sys.settrace(None)
        return describe(result, namespace)
    except CallTimeout:
        return {"kind": "timeout"}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _same_error(first: Outcome, second: Outcome) -> bool:
    kinds = (first.get("kind"), second.get("kind"))
    return kinds == ("raises", "raises") and first["type"] == second["type"]


def main(job_path: str, out_path: str) -> int:
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    out = Path(out_path).open("a", encoding="utf-8")  # noqa: SIM115
    signal.signal(signal.SIGALRM, _alarm)

    def emit(**event: Any) -> None:
        out.write(json.dumps(event) + "\n")
        out.flush()

    namespace: dict[str, Any] = {}
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        try:
            for line in job["setup"]:
                exec(line, namespace)  # noqa: S102 (import lines, in the sandbox)
        except BaseException as exc:
            emit(event="setup_error", message=f"{type(exc).__name__}: {exc}"[:MAX_REPR])
            return 0
        target = os.path.realpath(job["target"])
        only = job.get("only")
        for index in range(int(job["start"]), len(job["calls"])):
            if only is not None and index not in only:
                continue
            call = job["calls"][index]
            emit(event="started", index=index)
            tracer = LineTracer(target)
            started = time.perf_counter()
            first = run_once(call, namespace, float(job["timeout"]), tracer)
            seconds = round(time.perf_counter() - started, 4)
            second = first  # a call that timed out is not worth a second wait
            if first.get("kind") != "timeout":
                second = run_once(call, namespace, float(job["timeout"]), None)
            outcome = first if first == second else {"kind": "unstable", "other": second}
            if _same_error(first, second) and first["message"] != second["message"]:
                outcome = dict(first, message=None)  # the same error, a varying message
            lines, arcs = sorted(tracer.lines), sorted(tracer.arcs)
            emit(event="result", index=index, outcome=outcome, lines=lines, arcs=arcs,
                 seconds=seconds)  # fmt: skip
            sink.seek(0)
            sink.truncate()
    emit(event="finished")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
