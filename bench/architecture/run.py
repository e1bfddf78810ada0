"""Benchmark: does the Architect's god-module split survive a real library's own tests?

    .venv/bin/python bench/architecture/run.py [--subject NAME ...] [--json OUT]
        [--minutes 10] [--max-iterations 3] [--cap 15] [--min-lines 300]
        [--suite-timeout 300] [--no-trials]

For each subject (`arch_subjects.py`: click, jinja2 and attrs from PyPI, pinned, their
tests kept), in a scratch folder (build/bench/architecture/<subject>/, emptied first):

1. the sdist is fetched and made a git project (the testgen benchmark's `fetch` and
   `build_project`) with the benchmark's myagent.toml (gates `tests_pass_rate` and
   `god_modules = 0`); the library's suite is run on it with plain pytest
   (`checks.run_suite`: the reference for the trials) and the tree is measured as the
   Director measures it (`director_arm.sandbox_baseline`): when some tests fail there,
   the `tests_pass_rate` gate is lowered to that pass rate, in a second commit;
2. **trials** (`trials.py`): every module of at least `--min-lines` lines (largest
   first, at most `--cap`) is given to `split_module` directly; each proposed split is
   applied alone to a fresh worktree and judged by ruff and the library's suite;
3. **director** (`director_arm.py`): `myagent run --llm none` on the project, at most
   `--max-iterations` iterations and `--minutes`; what the Architect proposed and the
   ratchet's verdicts come from the run's ledger; the god modules and the suite (plain
   pytest again) are read on the run's head.

Prints the tables (`arch_tables.py`); `--json OUT` writes every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "testgen"))  # subjects, scaffold
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/, for figures.py

from arch_subjects import ArchSubject, by_name, pass_rate_gate, scaffold, write_config
from arch_tables import (
    director_rows,
    proposal_rows,
    refusal_rows,
    subjects_rows,
    tally_rows,
    trial_rows,
)
from checks import SuiteRun, broken_tests, run_suite
from director_arm import (
    DirectorResult,
    failing_tests,
    load_average,
    read_findings,
    run_director,
    sandbox_baseline,
)
from figures import REPO, git, myagent_commit, print_grid, shown
from subjects import fetch
from trials import Trials, large_modules, tally

from myagent.architecture.findings import Findings

SCRATCH = REPO / "build" / "bench" / "architecture"
CAP_GRACE_S = 120.0  # `myagent run` is killed at its minutes plus this


@dataclass(frozen=True)
class Options:
    minutes: float
    max_iterations: int
    cap: int
    min_lines: int
    suite_timeout_s: float
    trials: bool


def say(text: str) -> None:
    print(text, flush=True)


def _gods(findings: Findings) -> list[dict[str, Any]]:
    return [asdict(c) for c in findings.god_modules]


def _suite(run: SuiteRun) -> dict[str, Any]:
    return {"status": run.status, "seconds": run.seconds, "passed": run.passed,
            "failed": run.failed, "skipped": run.count("skipped")}  # fmt: skip


def _worktree(project: Path, path: Path, commit: str) -> Path:
    if path.exists():
        git(project, "worktree", "remove", "--force", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    git(project, "worktree", "add", "-q", "--detach", str(path), commit)
    return path


def bench_subject(subject: ArchSubject, opts: Options) -> dict[str, Any]:
    """Steps 1 to 3 of the module docstring on one subject."""
    started = time.monotonic()
    work = SCRATCH / subject.name
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    tree = fetch(subject.scaffold_subject(), SCRATCH / "downloads", work / "unpacked")
    project = work / "project"
    scaffold(subject, tree, project)
    first = write_config(subject, project, 1.0, opts.max_iterations)
    base_tree = _worktree(project, work / "trees" / "base", first)
    baseline = run_suite(base_tree, subject.import_root, opts.suite_timeout_s)
    say(f"  suite: {baseline.passed} passed, {baseline.failed} failed in {baseline.seconds} s")
    measured = sandbox_baseline(base_tree, work / "mypy-cache")
    gate = pass_rate_gate(measured.metrics.get("tests_pass_rate"))
    sandbox_failing = failing_tests(measured)
    say(f"  MyAgent's measurement: {len(measured.tests)} tests, {len(sandbox_failing)} failing")
    base = first
    if gate < 1.0:
        base = write_config(subject, project, gate, opts.max_iterations)
        base_tree = _worktree(project, base_tree, base)
    before = read_findings(base_tree)
    thresholds = subject.thresholds()
    say(f"  god modules: {', '.join(c.module for c in before.god_modules) or 'none'}")

    trials = []
    if opts.trials:
        modules = large_modules(before, opts.min_lines, opts.cap)
        say(f"  trials: {len(modules)} module(s) of at least {opts.min_lines} lines")
        runner = Trials(project, base, base_tree, baseline, subject.import_root,
                        work / "trees", opts.suite_timeout_s)  # fmt: skip
        trials = runner.run(before, modules, thresholds, say)

    say(f"  director: myagent run --llm none (max_iterations {opts.max_iterations})")
    director = run_director(project, opts.minutes, CAP_GRACE_S, work / "director")
    head_tree = _worktree(project, work / "trees" / "head", director.run.head)
    after = read_findings(head_tree)
    head_suite = run_suite(head_tree, subject.import_root, opts.suite_timeout_s)
    broken = broken_tests(baseline.outcomes, head_suite.outcomes)
    accepted_files = sorted({f for p in director.proposals if p.accepted for f in p.files})
    split_files = {
        f: len((head_tree / f).read_text(encoding="utf-8").splitlines())
        for f in accepted_files
        if (head_tree / f).is_file()
    }
    say(f"  director: {director.run.status} ({director.run.reason}) in {director.run.seconds} s")
    return {
        "name": subject.name,
        "requirement": subject.requirement,
        "why": subject.why,
        "limits": dict(subject.limits),
        "thresholds": asdict(thresholds),
        "modules": len(before.graph.modules),
        "large_modules": sum(i.lines >= opts.min_lines for i in before.graph.modules.values()),
        "god_before": _gods(before),
        "baseline_suite": _suite(baseline),
        "tests_gate": gate,
        "sandbox_baseline": {
            "tests": len(measured.tests),
            "failing": sandbox_failing,
            "seconds": round(measured.duration_s, 1),
        },
        "trials": [asdict(t) for t in trials],
        "tally": tally(trials),
        "director": _director(director),
        "god_after": _gods(after),
        "head_suite": {**_suite(head_suite), "broken": len(broken), "broken_tests": broken[:20]},
        "split_files": split_files,
        "seconds": round(time.monotonic() - started, 1),
    }


def _director(d: DirectorResult) -> dict[str, Any]:
    return {
        **asdict(d.run),
        "run_id": d.run_id,
        "load_before": d.load_before,
        "load_after": d.load_after,
        "baseline_tests": d.baseline_tests,
        "proposals": [asdict(p) for p in d.proposals],
        "notes": list(d.notes),
        "unaddressed": list(d.unaddressed),
    }


def print_tables(subjects: list[dict[str, Any]]) -> None:
    for title, rows in (
        ("Subjects", subjects_rows(subjects)),
        ("Trials: split_module on each large module, alone", trial_rows(subjects)),
        ("Trials in figures", tally_rows(subjects)),
        ("Refusals", refusal_rows(subjects)),
        ("Director: myagent run --llm none", director_rows(subjects)),
        ("The Architect's candidates", proposal_rows(subjects)),
    ):
        say(f"\n{title}")
        print_grid(rows)
    for s in subjects:
        for note in dict.fromkeys(s["director"]["notes"]):  # the same each iteration
            say(f"note ({s['name']}): {note}")


def parse(argv: list[str] | None) -> tuple[argparse.Namespace, Options]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--subject", action="append", default=[], help="a subject (repeatable)")
    p.add_argument("--json", type=Path, help="write every figure there")
    p.add_argument("--minutes", type=float, default=10.0, help="myagent run's --max-minutes")
    p.add_argument("--max-iterations", type=int, default=3)
    p.add_argument("--cap", type=int, default=15, help="modules given to the codemod, at most")
    p.add_argument("--min-lines", type=int, default=300, help="smallest module given to it")
    p.add_argument("--suite-timeout", type=float, default=300.0, help="seconds per suite run")
    p.add_argument("--no-trials", action="store_true", help="only the Director")
    args = p.parse_args(argv)
    opts = Options(args.minutes, args.max_iterations, args.cap, args.min_lines,
                   args.suite_timeout, not args.no_trials)  # fmt: skip
    return args, opts


def main(argv: list[str] | None = None) -> int:
    args, opts = parse(argv)
    started = time.monotonic()
    load_start = load_average()
    results = []
    for subject in by_name(args.subject):
        say(f"{subject.name} ({subject.requirement})")
        results.append(bench_subject(subject, opts))
    print_tables(results)
    seconds = round(time.monotonic() - started, 1)
    say(
        f"\n{seconds:.0f} s in all; load average {load_start} at the start, {load_average()} at the end"
    )
    if args.json:
        doc = {
            "benchmark": "architecture",
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "myagent_commit": myagent_commit(),
            "command": " ".join([".venv/bin/python", shown(Path(__file__)), *sys.argv[1:]]),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "options": asdict(opts),
            "load_start": load_start,
            "load_end": load_average(),
            "seconds": seconds,
            "subjects": results,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        say(f"figures: {shown(args.json)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
