"""Benchmark: MyAgent's own overhead per loop iteration against the time in the tools.

    .venv/bin/python bench/loop_overhead.py [--repeat N] [--json OUT]

Each repeat copies examples/invoicing into a fresh git repository under build/bench/loop_overhead/
(the example itself is never touched), assembles the Director as `myagent run PATH
--llm none` does (`open_project`, `MessageBus`, `default_agents`), with the probes of
`timing.py` installed, runs the whole loop with the example's myagent.toml and writes
the HTML report. Every phase (setup, baseline, each iteration, finish) is split into
sandboxed tools (per tool), git, and the remainder, MyAgent's own overhead
(`breakdown.py`). MYAGENT_* environment variables are ignored, so runs compare.

For context it also times one `QualityMonitor.measure` of the example alone (cold,
then warm mypy cache) and the sandbox's fixed cost (`true` run through the runner).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from breakdown import Breakdown, Stat, Summary, breakdown, summarize
from timing import Recorder, time_ledger, timed_git, timed_sandbox

import myagent
from myagent.agents.registry import default_agents
from myagent.bus import MessageBus
from myagent.config import load_settings
from myagent.director.loop import Director
from myagent.director.outcome import RunStatus
from myagent.memory import git
from myagent.memory.checkpoints import Checkpoints
from myagent.project import open_project
from myagent.protocol import AgentMessage, MessageType
from myagent.reporting.views import write_report

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXAMPLE = REPO / "examples" / "invoicing"
SCRATCH = REPO / "build" / "bench" / "loop_overhead"
OVERRIDES: dict[str, dict[str, object]] = {"llm": {"model": "none"}}  # `--llm none`
SANDBOX_SAMPLES = 5
ZERO: Stat = {"median": 0.0, "min": 0.0, "max": 0.0}


def fresh_copy(target: Path) -> Path:
    """examples/invoicing as a new git repository at `target` (as examples/run_demo.py)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("__pycache__", ".*_cache"))
    cmd = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    subprocess.run([*cmd, "init", "-q", "-b", "main"], cwd=target, check=True)
    subprocess.run([*cmd, "add", "-A"], cwd=target, check=True)
    subprocess.run([*cmd, "commit", "-qm", "Example project"], cwd=target, check=True)
    return target


@dataclass
class PhaseClock:
    """Phase boundaries from the Director's status messages on the bus."""

    recorder: Recorder
    marks: list[tuple[str, float]] = field(default_factory=list)

    def mark(self, name: str) -> None:
        self.marks.append((name, self.recorder.clock()))

    def on_message(self, message: AgentMessage) -> None:
        if message.type != MessageType.STATUS:
            return
        event = message.payload.get("event")
        if event == "iteration":
            self.mark(f"iteration {message.payload['iteration']}")
        elif event == "finished":
            self.mark("finish")

    def phases(self, end: float) -> list[Breakdown]:
        bounds = [*self.marks, ("", end)]
        return [
            breakdown(name, start, stop, self.recorder.between(start, stop))
            for (name, start), (_, stop) in itertools.pairwise(bounds)
        ]


@dataclass(frozen=True)
class RunFigures:
    phases: list[Breakdown]
    total: Breakdown
    status: str
    iterations: int
    accepted: int
    rejected: int

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "iterations": self.iterations,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "phases": [p.to_json() for p in self.phases],
            "total": self.total.to_json(),
        }


def bench_run(target: Path) -> RunFigures:
    """One full `myagent run --llm none` on a fresh copy, timed."""
    root = fresh_copy(target)
    recorder = Recorder()
    clock = PhaseClock(recorder)
    with timed_sandbox(recorder), timed_git(recorder):
        clock.mark("setup")
        # what run_command.execute does before it builds the Director
        settings = load_settings(root, environ={}, overrides=OVERRIDES)
        git.head_commit(root)
        git.dirty_paths(root)
        project = open_project(root, settings)
        time_ledger(project.ledger, recorder)
        bus = MessageBus()
        director = Director(
            root, settings, project.ledger, project.runner, project.monitor,
            default_agents(settings, project.error_graph), bus, project.env,
        )  # fmt: skip
        bus.subscribe(clock.on_message)
        clock.mark("baseline")  # open_run + the baseline measurement
        outcome = director.run()
        write_report(root, outcome.run_id, None, outcome=outcome)  # as execute's _report
        end = recorder.clock()
    if outcome.status == RunStatus.ERROR:  # a crashed run measures nothing useful
        raise SystemExit(f"the run in {root} crashed: {outcome.reason}")
    start = clock.marks[0][1]
    return RunFigures(
        phases=clock.phases(end),
        total=breakdown("total", start, end, recorder.between(start, end)),
        status=outcome.status.value,
        iterations=outcome.iterations,
        accepted=outcome.accepted,
        rejected=outcome.rejected,
    )


@dataclass(frozen=True)
class MeasureFigures:
    cold: Breakdown
    warm: Breakdown
    sandbox_true_s: list[float]


def bench_measure(target: Path) -> MeasureFigures:
    """QualityMonitor.measure alone on a worktree of a fresh copy (as the baseline)."""
    root = fresh_copy(target)
    recorder = Recorder()
    with timed_sandbox(recorder), timed_git(recorder):
        settings = load_settings(root, environ={}, overrides=OVERRIDES)
        project = open_project(root, settings)
        checkpoints = Checkpoints(root, settings.state_dir(root), "bench")
        with checkpoints.worktree(git.head_commit(root), "measure") as worktree:
            figures = []
            for name in ("measure (cold mypy cache)", "measure (warm mypy cache)"):
                start = recorder.clock()
                project.monitor.measure(worktree)
                end = recorder.clock()
                figures.append(breakdown(name, start, end, recorder.between(start, end)))
            samples = []
            for _ in range(SANDBOX_SAMPLES):
                start = recorder.clock()
                project.runner.run(["true"], workspace=worktree, timeout_s=20.0)
                samples.append(recorder.clock() - start)
    return MeasureFigures(cold=figures[0], warm=figures[1], sandbox_true_s=samples)


# ---------------------------------------------------------------------- output
def machine() -> dict[str, object]:
    bwrap = shutil.which("bwrap")
    version = ""
    if bwrap:
        version = subprocess.run([bwrap, "--version"], capture_output=True, text=True).stdout
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [ln for ln in cpuinfo.read_text().splitlines() if ln.startswith("model name")]
        cpu = models[0].split(":", 1)[1].strip() if models else ""
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "bubblewrap": version.strip(),
        "as_root": os.geteuid() == 0,
    }


def _myagent_commit() -> str:
    """The commit of the MyAgent code benchmarked (the checkout `myagent` is imported
    from), with "+" when its src/ has uncommitted changes."""
    checkout = Path(myagent.__file__).resolve().parents[2]
    head = git.git(checkout, "rev-parse", "--short", "HEAD", check=False)
    dirty = git.git(checkout, "status", "--porcelain", "--", "src", check=False)
    return f"{head or 'unknown'}{'+' if dirty else ''} ({checkout})"


def _cell(s: Stat, unit: str = "", digits: int = 2) -> str:
    med, lo, hi = (f"{s[k]:.{digits}f}" for k in ("median", "min", "max"))
    return f"{med}{unit} ({lo}-{hi})" if lo != hi else f"{med}{unit}"


def _print_grid(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def phase_table(rows: dict[str, Summary], n: int) -> list[list[str]]:
    grid = [["phase", "wall", "tools", "git", "overhead", "overhead %", "of it: ledger"]]
    for name, s in rows.items():
        f = s.figures
        label = name if s.repeats == n else f"{name} (in {s.repeats} of {n} runs)"
        grid.append(
            [label, _cell(f["wall_s"]), _cell(f["tools_s"]), _cell(f["git_s"]),
             _cell(f["overhead_s"]), _cell(f["overhead_pct"], "%", 1), _cell(f["ledger_s"])]
        )  # fmt: skip
    return grid


def tool_table(rows: dict[str, Summary]) -> list[list[str]]:
    total = rows["total"].per_name
    grid = [["tool (calls per run)", *rows]]
    for tool in sorted(total["tool_s"], key=lambda t: -total["tool_s"][t]["median"]):
        calls = total["tool_calls"][tool]["median"]
        cells = [f"{s.per_name['tool_s'].get(tool, ZERO)['median']:.2f}" for s in rows.values()]
        grid.append([f"{tool} ({calls:g})", *cells])
    grid.append(
        [
            "of all: runner prep",
            *(f"{s.figures['runner_prep_s']['median']:.2f}" for s in rows.values()),
        ]
    )
    return grid


def calls_table(total: Summary) -> list[list[str]]:
    grid = [["kind", "name", "calls", "seconds"]]
    for kind, seconds_key, calls_key in (
        ("git", "git_op_s", "git_calls"),
        ("ledger", "ledger_op_s", "ledger_calls"),
    ):
        seconds, calls = total.per_name[seconds_key], total.per_name[calls_key]
        for name in sorted(seconds, key=lambda k: -seconds[k]["median"]):
            grid.append(
                [kind, name, f"{calls[name]['median']:g}", f"{seconds[name]['median']:.3f}"]
            )
    return grid


def measure_table(measure: MeasureFigures) -> list[list[str]]:
    grid = [["measurement", "wall", "tools", "rest", "per tool"]]
    for b in (measure.cold, measure.warm):
        per = ", ".join(f"{k} {v:.2f}" for k, v in sorted(b.tool_s.items(), key=lambda kv: -kv[1]))
        rest = b.wall_s - b.tools_s
        grid.append([b.name, f"{b.wall_s:.2f}", f"{b.tools_s:.2f}", f"{rest:.2f}", per])
    return grid


def print_report(rows: dict[str, Summary], measure: MeasureFigures, n: int) -> None:
    m = machine()
    print(
        f"\nLoop overhead on examples/invoicing: {n} run(s), seconds, median (min-max)\n"
        f"{m['cores']} cores ({m['cpu']}), Python {m['python']}, {m['bubblewrap']}, "
        f"{'root' if m['as_root'] else 'not root'}, MyAgent {_myagent_commit()}\n"
    )
    _print_grid(phase_table(rows, n))
    print("\nSeconds in each sandboxed tool, per phase (median)\n")
    _print_grid(tool_table(rows))
    print("\ngit and ledger calls over a whole run (median)\n")
    _print_grid(calls_table(rows["total"]))
    print("\nContext: QualityMonitor.measure alone, on a worktree of the example\n")
    _print_grid(measure_table(measure))
    true = measure.sandbox_true_s
    print(
        f"\nSandbox fixed cost: `true` through the runner, median "
        f"{statistics.median(true):.3f} s (min {min(true):.3f}, max {max(true):.3f}, "
        f"{len(true)} samples)"
    )


def group_phases(runs: Sequence[RunFigures]) -> dict[str, Summary]:
    """Phase name -> summary over the runs that had it (in order), then "total"."""
    by_name: dict[str, list[Breakdown]] = {}
    for run in runs:
        for phase in run.phases:
            by_name.setdefault(phase.name, []).append(phase)
    by_name["total"] = [run.total for run in runs]
    return {name: summarize(rows) for name, rows in by_name.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs from fresh copies (3)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if SCRATCH.exists():
        shutil.rmtree(SCRATCH)
    runs = []
    for i in range(1, args.repeat + 1):
        print(f"run {i}/{args.repeat} ...", flush=True)
        run = bench_run(SCRATCH / f"run-{i}")
        print(
            f"  {run.status}: {run.iterations} iteration(s), {run.accepted} accepted, "
            f"{run.rejected} rejected, {run.total.wall_s:.2f} s",
            flush=True,
        )
        runs.append(run)
    print("measure alone ...", flush=True)
    measure = bench_measure(SCRATCH / "measure")
    rows = group_phases(runs)
    print_report(rows, measure, args.repeat)
    if args.json is not None:
        data = {
            "benchmark": "loop_overhead",
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "myagent_commit": _myagent_commit(),
            "summary": {name: s.to_json() for name, s in rows.items()},
            "runs": [r.to_json() for r in runs],
            "measure": {
                "cold": measure.cold.to_json(),
                "warm": measure.warm.to_json(),
                "sandbox_true_s": measure.sandbox_true_s,
            },
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
