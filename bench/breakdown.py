"""Split a stretch of wall time into tools, git and MyAgent's own overhead.

`breakdown(name, start, end, spans)` gives one `Breakdown`:

* `tools_s`: seconds during which at least one sandboxed command ran (the static
  tools run two at a time, so this is less than the sum of the per-tool times);
* `git_s`: seconds in git processes, outside those;
* `overhead_s = wall_s - tools_s - git_s`: MyAgent itself (planning, ratchet, ledger
  writes, bus, worktree folders, reading tool reports, diffing); `ledger_s` is the
  part of it spent in `Ledger` calls.

`summarize` turns the breakdowns of N repeats into median, min and max.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from timing import Span, union_seconds

Stat = dict[str, float]  # {"median": ..., "min": ..., "max": ...}


@dataclass(frozen=True)
class Breakdown:
    name: str
    wall_s: float
    tools_s: float
    git_s: float
    overhead_s: float
    ledger_s: float
    tool_s: dict[str, float] = field(default_factory=dict)  # busy seconds per tool
    tool_calls: dict[str, int] = field(default_factory=dict)
    runner_prep_s: float = 0.0  # in runner.run but outside the sandboxed process
    git_op_s: dict[str, float] = field(default_factory=dict)
    git_calls: dict[str, int] = field(default_factory=dict)
    ledger_op_s: dict[str, float] = field(default_factory=dict)
    ledger_calls: dict[str, int] = field(default_factory=dict)

    @property
    def overhead_pct(self) -> float:
        return 100.0 * self.overhead_s / self.wall_s if self.wall_s else 0.0

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "overhead_pct": round(self.overhead_pct, 2)}


def _by_name(spans: Iterable[Span]) -> tuple[dict[str, float], dict[str, int]]:
    seconds: defaultdict[str, float] = defaultdict(float)
    calls: Counter[str] = Counter()
    for span in spans:
        seconds[span.name] += span.seconds
        calls[span.name] += 1
    return dict(seconds), dict(calls)


def breakdown(name: str, start: float, end: float, spans: Sequence[Span]) -> Breakdown:
    """The figures of [start, end]; `spans` already clipped to it."""
    tools = [s for s in spans if s.kind == "tool"]
    gits = [s for s in spans if s.kind == "git"]
    ledger = [s for s in spans if s.kind == "ledger"]
    tools_s = union_seconds(tools)
    with_git = union_seconds([*tools, *gits])
    with_all = union_seconds([*tools, *gits, *ledger])
    wall = end - start
    tool_s, tool_calls = _by_name(tools)
    git_op_s, git_calls = _by_name(gits)
    ledger_op_s, ledger_calls = _by_name(ledger)
    return Breakdown(
        name=name,
        wall_s=wall,
        tools_s=tools_s,
        git_s=with_git - tools_s,
        overhead_s=wall - with_git,
        ledger_s=with_all - with_git,
        tool_s=tool_s,
        tool_calls=tool_calls,
        runner_prep_s=sum(max(s.seconds - s.process_s, 0.0) for s in tools),
        git_op_s=git_op_s,
        git_calls=git_calls,
        ledger_op_s=ledger_op_s,
        ledger_calls=ledger_calls,
    )


def stat(values: Sequence[float]) -> Stat:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


SCALARS = ("wall_s", "tools_s", "git_s", "overhead_s", "ledger_s", "runner_prep_s")
MAPS = ("tool_s", "tool_calls", "git_op_s", "git_calls", "ledger_op_s", "ledger_calls")


@dataclass(frozen=True)
class Summary:
    """One phase over several repeats: `figures` holds SCALARS and `overhead_pct`,
    `per_name` holds MAPS (tool, git subcommand or ledger method -> Stat)."""

    repeats: int
    figures: dict[str, Stat]
    per_name: dict[str, dict[str, Stat]]

    def to_json(self) -> dict[str, object]:
        return {"repeats": self.repeats, **self.figures, **self.per_name}


def summarize(rows: Sequence[Breakdown]) -> Summary:
    """Median/min/max of each figure over `rows` (one phase, several repeats); a
    tool, git subcommand or ledger method missing from a repeat counts as 0 there."""
    figures = {key: stat([float(getattr(r, key)) for r in rows]) for key in SCALARS}
    figures["overhead_pct"] = stat([r.overhead_pct for r in rows])
    per_name: dict[str, dict[str, Stat]] = {}
    for key in MAPS:
        maps = [{k: float(v) for k, v in getattr(r, key).items()} for r in rows]
        names = sorted({name for m in maps for name in m})
        per_name[key] = {name: stat([m.get(name, 0.0) for m in maps]) for name in names}
    return Summary(repeats=len(rows), figures=figures, per_name=per_name)
