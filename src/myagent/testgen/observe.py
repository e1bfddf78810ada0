"""Run planned calls in the sandbox and bring back what each did (`Observation`s).

`observe(ctx, python, request)` copies the harness (`harness.py`) and a job file into
a scratch folder outside the workspace (bound writable), and runs the harness with
the project's interpreter and its import roots on PYTHONPATH, through the
`SandboxRunner` (no network, workspace only, limits, wall clock).

**Determinism.** The harness runs every call twice in one process; the whole job runs
in two processes with different `PYTHONHASHSEED`s. A call is kept only when all four
runs agree (an exception whose message changes but whose type does not is kept
without its message). So a result that depends on the clock, a random generator,
global state changed by an earlier call, or the order of a set of strings is dropped.

**Crashes.** A call that ends the process (`os._exit`, a crash, the sandbox's wall
clock) is dropped as "crashed" and the job resumes after it, at most
`MAX_RESTARTS` times per process.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from myagent.protocol import ToolRun
from myagent.quality.execution import ToolContext, one_line, run_tool
from myagent.quality.layout import Interpreter

MAX_RESTARTS = 3
# outcomes that drop a call at once: it is not run again in the second process
_FINAL = frozenset({"timeout", "crashed", "bad_input", "unstable"})
HASH_SEEDS = ("1", "2")
HARNESS = Path(__file__).with_name("harness.py")  # copied, never imported here
_TOOL = "characterize"
_STARTUP_S = 15.0


@dataclass(frozen=True)
class PlannedCall:
    """One call to make: `expression` as the test will write it (`total([])`,
    `Money(cents=0).times(1.5)`, `(Money(cents=0) + Money(cents=1))`), the `parts` it
    is built from (receiver, arguments: built first, so that a part that raises drops
    the call instead of being blamed on the function), `labels` for test names and
    the import lines the parts need."""

    expression: str
    parts: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    imports: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Returned:
    """A result whose repr round-trips: `text` is that repr."""

    text: str
    type_name: str
    approx: bool = False  # floats: compare with pytest.approx
    wrap: str = ""  # "list": the function returned a generator, these are its items
    imports: tuple[str, ...] = ()  # what `text` needs (`from decimal import Decimal`)


@dataclass(frozen=True)
class Described:
    """A result whose repr does not round-trip: what can be checked about it."""

    type_name: str
    length: int | None = None
    attributes: tuple[tuple[str, str], ...] = ()  # (name, repr) of public attributes
    wrap: str = ""
    imports: tuple[str, ...] = ()  # what the attributes' reprs need


@dataclass(frozen=True)
class Raised:
    """An exception: `name` is an importable class for it (itself or a base), from
    `module` ("builtins" for a built-in one); `message` None when it varied."""

    type_name: str
    module: str
    name: str
    message: str | None


Outcome = Returned | Described | Raised


@dataclass(frozen=True)
class Observation:
    call: PlannedCall
    outcome: Outcome
    lines: frozenset[int] = frozenset()  # lines of the target file the call ran
    arcs: frozenset[tuple[int, int]] = frozenset()
    seconds: float = 0.0  # how long the call took (traced, so an upper bound)


@dataclass(frozen=True)
class ObserveRequest:
    """What to run: import lines first, then the calls; `target` is the function's
    file (absolute), whose lines are traced."""

    setup: tuple[str, ...]
    calls: tuple[PlannedCall, ...]
    target: Path
    import_roots: tuple[Path, ...]
    call_timeout_s: float = 1.0
    timeout_s: float = 120.0


@dataclass(frozen=True)
class ObserveResult:
    observations: tuple[Observation, ...]
    dropped: dict[str, int] = field(default_factory=dict)  # reason -> calls
    error: str = ""  # why nothing could be observed (setup failed, no interpreter...)
    duration_s: float = 0.0


def observe(ctx: ToolContext, python: Interpreter, request: ObserveRequest) -> ObserveResult:
    """Run `request` in the sandbox (see the module docstring)."""
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="myagent-characterize-"))
    try:
        shutil.copyfile(HARNESS, scratch / "harness.py")
        env = dict(ctx.env, PYTHONPATH=":".join(str(r) for r in request.import_roots))
        run_ctx = replace(
            ctx, env=env, readable=(*python.readable, *ctx.readable),
            writable=(*ctx.writable, scratch),
        )  # fmt: skip
        runs: list[dict[int, dict[str, Any]]] = []
        only: list[int] | None = None
        for seed in HASH_SEEDS:
            left = request.timeout_s - (time.monotonic() - started)
            events, error = _run_all(run_ctx, python, request, scratch, seed, left, only)
            if error:
                return ObserveResult((), error=error, duration_s=_since(started))
            runs.append(events)
            only = [i for i, e in sorted(events.items()) if _kind(e) not in _FINAL]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    observations, dropped = _merge(request.calls, runs)
    return ObserveResult(tuple(observations), dict(dropped), duration_s=_since(started))


def _since(started: float) -> float:
    return round(time.monotonic() - started, 3)


def _run_all(
    ctx: ToolContext, python: Interpreter, request: ObserveRequest, scratch: Path, seed: str,
    budget_s: float, only: list[int] | None,
) -> tuple[dict[int, dict[str, Any]], str]:  # fmt: skip
    """The result event of every call (of those `only` names) in one process,
    resuming after a crash, or an error."""
    results: dict[int, dict[str, Any]] = {}
    start = 0
    deadline = time.monotonic() + budget_s
    for attempt in range(MAX_RESTARTS + 1):
        job = scratch / f"job-{seed}-{attempt}.json"
        out = scratch / f"out-{seed}-{attempt}.jsonl"
        job.write_text(json.dumps(_job(request, start, only)), encoding="utf-8")
        argv = [str(python.path), str(scratch / "harness.py"), str(job), str(out)]
        run_ctx = replace(ctx, env=dict(ctx.env, PYTHONHASHSEED=seed))
        per_call = 2 * (3 * request.call_timeout_s)
        left = deadline - time.monotonic()
        count = len(request.calls) if only is None else len(only)
        timeout = min(left, _STARTUP_S + per_call * count)
        executed = run_tool(_TOOL, argv, run_ctx, max(timeout, 1.0))
        events = _read(out)
        setup_error = next((e for e in events if e.get("event") == "setup_error"), None)
        if setup_error is not None:
            return results, f"importing failed: {setup_error.get('message', '')}"
        running: int | None = None
        for event in events:
            if event.get("event") == "started":
                running = int(event["index"])
            elif event.get("event") == "result":
                results[int(event["index"])] = event
                running = None
        if any(e.get("event") == "finished" for e in events):
            return results, ""
        if running is None:  # died before any call: the harness could not start
            if isinstance(executed, ToolRun):
                detail = executed.detail
            else:
                result = executed.result
                detail = one_line(result.stderr) or f"exit code {result.returncode}"
            return results, f"the harness did not run: {detail}"
        results[running] = {"outcome": {"kind": "crashed"}}
        start = running + 1
        if start >= len(request.calls) or attempt == MAX_RESTARTS:
            break
    return results, ""


def _job(request: ObserveRequest, start: int, only: list[int] | None) -> dict[str, Any]:
    calls = [{"expression": c.expression, "parts": list(c.parts)} for c in request.calls]
    return {
        "setup": list(request.setup), "target": str(request.target),
        "timeout": request.call_timeout_s, "start": start, "only": only, "calls": calls,
    }  # fmt: skip


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    events = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue  # a line cut short when the process died
        if isinstance(event, dict):
            events.append(event)
    return events


def _merge(
    calls: Sequence[PlannedCall], runs: Sequence[dict[int, dict[str, Any]]]
) -> tuple[list[Observation], Counter[str]]:
    observations: list[Observation] = []
    dropped: Counter[str] = Counter()
    for index, call in enumerate(calls):
        events = [run.get(index) for run in runs]
        outcomes = [e["outcome"] if e else {"kind": "not run"} for e in events]
        first = outcomes[0]
        if first.get("kind") in _FINAL:  # not run again in the other process
            dropped[str(first["kind"])] += 1
            continue
        if any(not _agree(first, o) for o in outcomes[1:]):
            dropped["unstable"] += 1
            continue
        outcome = _outcome(first if all(o == first for o in outcomes) else _no_message(first))
        if isinstance(outcome, str):
            dropped[outcome] += 1
            continue
        event = events[0] or {}
        lines = frozenset(int(n) for n in event.get("lines", []))
        arcs = frozenset((int(a), int(b)) for a, b in event.get("arcs", []))
        seconds = float(event.get("seconds", 0.0))
        observations.append(Observation(call, outcome, lines, arcs, seconds))
    return observations, dropped


def _kind(event: dict[str, Any]) -> str:
    return str(event.get("outcome", {}).get("kind", ""))


def _agree(first: dict[str, Any], other: dict[str, Any]) -> bool:
    if first == other:
        return True
    kinds = (first.get("kind"), other.get("kind"))
    return kinds == ("raises", "raises") and first.get("type") == other.get("type")


def _no_message(outcome: dict[str, Any]) -> dict[str, Any]:
    return dict(outcome, message=None)


def _outcome(data: dict[str, Any]) -> Outcome | str:
    """The outcome, or the reason the call is dropped."""
    kind = data.get("kind")
    imports = tuple(str(line) for line in data.get("imports", []))
    if kind == "value":
        return Returned(str(data["repr"]), str(data["type"]), bool(data.get("approx")),
                        str(data.get("wrap", "")), imports)  # fmt: skip
    if kind == "object":
        attributes = tuple((str(k), str(v)) for k, v in data.get("attributes", []))
        length = data.get("len")
        return Described(str(data["type"]), int(length) if isinstance(length, int) else None,
                         attributes, str(data.get("wrap", "")), imports)  # fmt: skip
    if kind == "raises":
        message = data.get("message")
        return Raised(str(data["type"]), str(data["module"]), str(data["name"]),
                      None if message is None else str(message))  # fmt: skip
    return str(kind or "unknown")
