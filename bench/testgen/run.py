"""Benchmark: the coverage and mutation score MyAgent's tests reach in a time budget,
against Pynguin alone given the same wall clock.

    .venv/bin/python bench/testgen/run.py [--minutes 5] [--subject NAME ...]
        [--max-mutants 40] [--seed 0] [--json OUT] [--keep DIR]
        [--pynguin-venv DIR] [--pynguin-python python3.11]

For each subject (`subjects.py`: the example with and without its tests, pinned PyPI
libraries with their tests removed), in a scratch folder (default build/bench/testgen/):

1. the project is built (`scaffold.py`) and its first commit measured: the **baseline**;
2. **myagent**: `myagent run --llm none --max-minutes M` on it (`myagent_arm.py`), its
   Tester's Pynguin generator off (`[testgen] pynguin = "off"`); its head is measured;
3. **myagent+pynguin**: the same with `[testgen] pynguin` set to the benchmark's
   Pynguin (a commit of that line first), MyAgent's own `pynguin_budget_s`;
4. **pynguin**: Pynguin 0.48.0 alone on each module of the first commit, in MyAgent's
   sandbox, with the longest wall clock a MyAgent arm used (at least M minutes) shared
   among the modules (`pynguin_arm.py`); its tests are committed on a branch and
   measured.

Every tree is measured alike (`measure.py`): MyAgent's Quality Monitor (coverage, tests,
the monitor's own mutation score) and one fixed mutant sample per subject. Prints the
tables; `--json OUT` writes every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/, for figures.py

from figures import REPO, git, git_or_empty, myagent_commit, print_grid, shown
from measure import common_score, figures_of, fixed_sample, run_sample
from myagent_arm import MyAgentRun, run_myagent
from pynguin_arm import (
    DEFAULT_VENV,
    PYNGUIN,
    ModuleRun,
    ensure_pynguin,
    run_pynguin,
    target_modules,
)
from scaffold import build_project, use_pynguin
from subjects import Subject, by_name, fetch
from tables import (
    ARMS,
    ArmResult,
    SubjectResult,
    results_from_json,
    results_table,
    subjects_table,
)

from myagent.config import ProjectSettings, load_settings
from myagent.errors import MyAgentError
from myagent.protocol import QualityReport
from myagent.quality.layout import detect_layout
from myagent.quality.monitor import MUTATION_GATE, QualityMonitor
from myagent.quality.stubs import source_files
from myagent.sandbox.factory import make_runner

HERE = Path(__file__).resolve().parent
SCRATCH = (
    HERE.parents[1] / "build" / "bench-testgen"
)  # not build/bench: loop_overhead.py empties that


@dataclass(frozen=True)
class Options:
    minutes: float
    max_mutants: int
    seed: int
    cap_grace_s: float  # MyAgent is killed at its minutes plus this
    mutation_gate: bool  # the projects list the mutation_score gate (MyAgent's ratchet sees it)
    pynguin_venv: Path


@dataclass(frozen=True)
class Tree:
    """One measured tree of a subject."""

    path: Path
    report: QualityReport


def say(text: str) -> None:
    print(text, flush=True)


class SubjectBench:
    """The three arms on one subject, in `work` (see the module docstring)."""

    def __init__(self, subject: Subject, work: Path, opts: Options) -> None:
        self.subject, self.work, self.opts = subject, work, opts
        self.project = work / "project"

    def run(self) -> tuple[SubjectResult, dict[str, Any]]:
        subject, opts = self.subject, self.opts
        tree = fetch(subject, self.work.parent / "downloads", self.work / "unpacked")
        selection = build_project(tree, subject, self.project, opts.max_mutants, opts.mutation_gate)
        base = git(self.project, "rev-parse", "HEAD")
        settings = load_settings(self.project, environ={})
        monitor = QualityMonitor(
            make_runner(settings.sandbox), settings.project,
            {**settings.gates, MUTATION_GATE: 1.0}, cache_dir=self.work / "mypy-cache",
        )  # fmt: skip
        trees = {"baseline": self._measure(monitor, "baseline", base)}
        layout = detect_layout(trees["baseline"].path, settings.project)
        files = source_files(trees["baseline"].path, layout.source_dirs, layout.test_dirs)
        sources = {f: (trees["baseline"].path / f).read_text(encoding="utf-8") for f in files}
        sample = fixed_sample(sources, opts.max_mutants, opts.seed)
        say(f"  baseline: {_brief(trees['baseline'].report)}; {len(sample)} mutants sampled")

        agents: dict[str, MyAgentRun] = {}
        pynguin_command = str(opts.pynguin_venv / "bin" / "pynguin")
        for arm, command in (("myagent", "off"), ("myagent+pynguin", pynguin_command)):
            use_pynguin(self.project, command)
            say(f"  {arm}: myagent run --llm none --max-minutes {opts.minutes:g}")
            work = self.work / _folder(arm)
            work.mkdir()
            agents[arm] = run_myagent(self.project, opts.minutes, opts.cap_grace_s, work)
            trees[arm] = self._measure(monitor, arm, agents[arm].head)
            done = agents[arm]
            say(f"  {arm}: {done.status} after {done.seconds:.0f} s; {_brief(trees[arm].report)}")

        budget = max(opts.minutes * 60, *(a.seconds for a in agents.values()))
        modules = target_modules(trees["baseline"].path, files, subject.import_root)
        say(f"  pynguin: {len(modules)} module(s) in {budget:.0f} s")
        runs, pyn_seconds = self._pynguin(settings, base, modules, budget)
        trees["pynguin"] = self._measure(monitor, "pynguin", "HEAD", existing=True)
        say(
            f"  pynguin: {_runs_status(runs)} in {pyn_seconds:.0f} s; {_brief(trees['pynguin'].report)}"
        )

        verdicts = {
            arm: run_sample(sample, sources, t.path, t.report, monitor) for arm, t in trees.items()
        }
        result = SubjectResult(
            name=subject.name,
            origin=subject.origin,
            requirement=subject.requirement,
            keep_tests=subject.keep_tests,
            source_files=len(files),
            source_lines=sum(len(t.splitlines()) for t in sources.values()),
            removed_tests=len(selection.removed_tests),
            sample_size=len(sample),
            arms=self._arms(trees, verdicts, agents, runs, pyn_seconds),
        )
        detail = {
            "myagent_runs": {arm: asdict(run) for arm, run in agents.items()},
            "pynguin_runs": [asdict(r) for r in runs],
            "pynguin_budget_s": round(budget, 1),
            "mutants": {m.id: {"path": m.path, "line": m.line, "operator": m.operator,
                               "description": m.description} for m in sample},
            "verdicts": verdicts,
        }  # fmt: skip
        return result, detail

    def _measure(
        self, monitor: QualityMonitor, arm: str, commit: str, *, existing: bool = False
    ) -> Tree:
        """The tree of `commit` as a worktree `trees/<arm>` (already there: `existing`)."""
        path = self.work / "trees" / _folder(arm)
        if not existing:
            path.parent.mkdir(parents=True, exist_ok=True)
            git(self.project, "worktree", "add", "-q", "--detach", str(path), commit)
        report = monitor.measure(path, git(path, "rev-parse", "HEAD"))
        return Tree(path, report)

    def _pynguin(
        self, settings: ProjectSettings, base: str, modules: Sequence[str], budget: float
    ) -> tuple[list[ModuleRun], float]:
        path = self.work / "trees" / "pynguin"
        git(self.project, "worktree", "add", "-q", "-b", "pynguin", str(path), base)
        started = time.monotonic()
        runs = run_pynguin(
            make_runner(settings.sandbox), self.opts.pynguin_venv, path,
            self.subject.import_root, modules, budget, self.opts.seed,
            self.work / "pynguin.log",
        )  # fmt: skip
        seconds = round(time.monotonic() - started, 1)
        written = [r.test_file for r in runs if r.test_file]
        if written:
            git(path, "add", "--", *written)
            git(path, "commit", "-q", "-m", f"Pynguin's tests for {len(written)} module(s)")
        return runs, seconds

    def _arms(
        self,
        trees: dict[str, Tree],
        verdicts: dict[str, Any],
        agents: dict[str, MyAgentRun],
        runs: Sequence[ModuleRun],
        pyn_seconds: float,
    ) -> tuple[ArmResult, ...]:
        every = list(verdicts.values())
        base_tests = len(trees["baseline"].report.tests)
        results = []
        for arm in ARMS:
            figures = figures_of(trees[arm].report)
            extra: dict[str, Any] = {"generated": None, "seconds": None, "status": ""}
            if arm in agents:
                agent = agents[arm]
                extra = {"generated": agent.generated, "seconds": agent.seconds,
                         "status": agent.status}  # fmt: skip
            elif arm == "pynguin":
                extra = {"generated": sum(r.tests for r in runs), "seconds": pyn_seconds,
                         "status": _runs_status(runs)}  # fmt: skip
            results.append(
                ArmResult(
                    arm=arm,
                    figures=figures,
                    sample=common_score(verdicts[arm], every),
                    tests_added=figures.tests - base_tests,
                    **extra,
                )
            )
        return tuple(results)


def _folder(arm: str) -> str:
    return arm.replace("+", "-")


def _brief(report: QualityReport) -> str:
    figures = figures_of(report)
    line = "-" if figures.line is None else f"{100 * figures.line:.1f}%"
    branch = "-" if figures.branch is None else f"{100 * figures.branch:.1f}%"
    return f"line {line}, branch {branch}, {figures.tests} tests ({figures.failed} failing)"


def _runs_status(runs: Sequence[ModuleRun]) -> str:
    counts: dict[str, int] = {}
    for run in runs:
        key = run.status.split(":")[0]
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in counts.items()) or "no module"


# -- the benchmark ------------------------------------------------------------------------


def write_json(
    out: Path,
    results: Sequence[SubjectResult],
    details: dict[str, Any],
    opts: Options,
    extra: dict[str, Any],
    *,
    quiet: bool = False,
) -> None:
    document = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "pynguin": PYNGUIN,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "options": {**asdict(opts), "pynguin_venv": str(opts.pynguin_venv)},
        **extra,
        "subjects": [asdict(r) for r in results],
        "details": details,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    if not quiet:
        say(f"JSON: {shown(out)}")


def run_benchmark(
    subjects: Sequence[Subject], opts: Options, scratch: Path, json_out: Path | None
) -> int:
    started = time.monotonic()
    load_before = os.getloadavg()
    # MyAgent as the runs use it (other work may commit meanwhile): HEAD, and the last
    # commit that changed src/
    versions = {
        "myagent_commit": myagent_commit(),
        "myagent_src_commit": git_or_empty(REPO, "log", "-1", "--format=%h", "--", "src"),
    }
    results: list[SubjectResult] = []
    details: dict[str, Any] = {}
    for n, subject in enumerate(subjects, start=1):
        say(f"[{n}/{len(subjects)}] {subject.name} (load {os.getloadavg()[0]:.1f})")
        work = scratch / subject.name
        _clear(work)
        result, detail = SubjectBench(subject, work, opts).run()
        results.append(result)
        details[subject.name] = detail
        if json_out is not None:  # after each subject, so a late failure loses nothing
            partial = {**versions, "elapsed_s": round(time.monotonic() - started, 1),
                       "complete": False, "load_average_5min": [round(load_before[1], 2)]}  # fmt: skip
            write_json(json_out, results, details, opts, partial, quiet=True)
    elapsed = time.monotonic() - started
    say("")
    print_grid(subjects_table(results))
    say("")
    print_grid(results_table(results))
    load_after = os.getloadavg()
    say(f"\nbudget {opts.minutes:g} min per arm; whole benchmark {elapsed:.0f} s; "
        f"load average {load_before[1]:.1f} before, {load_after[1]:.1f} after (5 min)")  # fmt: skip
    if json_out is not None:
        extra = {**versions, "elapsed_s": round(elapsed, 1), "complete": True,
                 "load_average_5min": [round(load_before[1], 2), round(load_after[1], 2)]}  # fmt: skip
        write_json(json_out, results, details, opts, extra)
    return 0


def _clear(work: Path) -> None:
    """Remove a subject's folder left by an earlier invocation (its worktrees with it)."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)


def show(paths: Sequence[Path]) -> int:
    """`--show`: the tables of earlier runs, their subjects in one table."""
    results: list[SubjectResult] = []
    for path in paths:
        document = json.loads(path.read_text(encoding="utf-8"))
        options = document["options"]
        say(f"{shown(path)}: {document['measured_at']}, MyAgent {document['myagent_commit']}, "
            f"{options['minutes']:g} min per arm, mutation gate "
            f"{'on' if options.get('mutation_gate', True) else 'off'}, "
            f"load {document.get('load_average_5min', '?')}, {document['elapsed_s']:.0f} s"
            f"{'' if document.get('complete') else ' (incomplete)'}")  # fmt: skip
        results += results_from_json(document)
    say("")
    print_grid(subjects_table(results))
    say("")
    print_grid(results_table(results))
    return 0


def main(argv: Sequence[str] | None = None, announce: Callable[[str], None] = say) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--minutes", type=float, default=5.0, help="each arm's budget per subject")
    parser.add_argument("--subject", action="append", default=[], metavar="NAME", help="repeatable")
    parser.add_argument("--max-mutants", type=int, default=40, help="the fixed sample's size")
    parser.add_argument(
        "--no-mutation-gate",
        action="store_true",
        help="leave mutation_score out of the projects' gates (it is still measured)",
    )
    parser.add_argument("--seed", type=int, default=0, help="the sample's and Pynguin's seed")
    parser.add_argument("--cap-grace", type=float, default=300.0,
                        help="seconds past --minutes before myagent run is killed")  # fmt: skip
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every figure here")
    parser.add_argument("--keep", type=Path, metavar="DIR", default=SCRATCH,
                        help=f"scratch folder (default {shown(SCRATCH)})")  # fmt: skip
    parser.add_argument("--pynguin-venv", type=Path, default=DEFAULT_VENV,
                        help=f"made when missing (default {DEFAULT_VENV})")  # fmt: skip
    parser.add_argument("--pynguin-python", default="python3.11", help="to make that venv")
    parser.add_argument("--show", type=Path, nargs="+", metavar="JSON",
                        help="print the tables of earlier --json files, run nothing")  # fmt: skip
    args = parser.parse_args(argv)
    if args.show:
        return show(args.show)
    subjects = by_name(args.subject)
    try:
        venv = ensure_pynguin(args.pynguin_venv.expanduser(), args.pynguin_python, announce)
        opts = Options(
            args.minutes, args.max_mutants, args.seed, args.cap_grace,
            not args.no_mutation_gate, venv,
        )  # fmt: skip
        return run_benchmark(subjects, opts, args.keep.resolve(), args.json)
    except (MyAgentError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
