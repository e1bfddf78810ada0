"""Benchmark: how many of the corpus's single-statement bugs `myagent run` repairs.

    .venv/bin/python bench/repair/run.py [--limit N] [--only ID] [--json OUT] [--jobs 1]
    .venv/bin/python bench/repair/run.py --check-corpus
    .venv/bin/python bench/repair/run.py --oracle
    .venv/bin/python bench/repair/run.py --corpus bench/repair/holdout   # the held-out set

For each bug of `bench/repair/corpus/` (or of `--corpus PATH`) it copies `buggy/` into a new git repository
under build/bench/repair/runs/<id>/ (as examples/run_demo.py does; the corpus is never
touched), runs `python -m myagent run <copy> --llm none --no-live --json-report FILE`
under a wall-clock cap, and reads the JSON report. Then it checks the run branch's head
itself, with this interpreter and outside MyAgent (`verify.py`):

- fixed: the branch's own tests all pass;
- behaviour-identical: fixed, and the bug's original visible tests plus its hidden
  tests (never shown to MyAgent) pass on the branch's code, as they do on the reference.

Candidates validated per bug = `candidates_validated` from the JSON report (every
candidate checked in the sandbox, also those an agent tried before proposing one), or
accepted + rejected from a report without it. Seconds per bug = wall clock of the
`myagent run` process. Prints a table per defect class and totals; `--json OUT` writes
every bug's record. MYAGENT_* variables are ignored, so the bug's own myagent.toml
governs the run.

`--check-corpus` verifies every bug instead: exactly one statement differs between
buggy/ and reference/ (at bug.toml's line), the buggy project fails its visible tests
the way bug.toml's kind says (wrong-result, hang or crash) and passes at least two,
the reference passes the visible and the hidden tests, and the hidden tests catch the
bug too. `--oracle` checks the harness's counting: instead of running MyAgent it commits
each reference fix on a run branch, which must score every bug fixed and identical.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/, for figures.py

from catalog import (
    CORPUS,
    DEFECT_CLASSES,
    Bug,
    corpus_problems,
    diff_problems,
    layout_problems,
    load_corpus,
    minimums_for,
)
from figures import git, myagent_commit, print_grid, shown, stats
from verify import (
    TestRun,
    copy_project,
    export_commit,
    fresh_dir,
    overlay,
    run_pytest,
    with_original_and_hidden_tests,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCRATCH = REPO / "build" / "bench" / "repair"
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Options:
    llm: str
    wall_s: float  # cap on one `myagent run`
    per_test_s: float  # the benchmark's own per-test timeout
    scratch: Path
    jobs: int
    oracle: bool = False  # commit the reference fix instead of running MyAgent


# -- one bug ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BugResult:
    id: str
    defect_class: str
    kind: str
    status: str  # the report's status, or "timeout" / "no-report"
    reason: str
    exit_code: int
    iterations: int
    accepted: int
    rejected: int
    candidates: int  # validated: the report's candidates_validated, else accepted + rejected
    seconds: float  # wall clock of `myagent run`
    duration_s: float | None  # as the JSON report says
    head_changed: bool
    fixed: bool
    identical: bool
    branch_tests: str  # "3 passed, 1 failed (AssertionError)"
    behaviour_tests: str


def new_repository(bug: Bug, target: Path) -> str:
    """buggy/ copied to `target` and committed on main; returns the commit."""
    copy_project(bug.buggy, target)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-qm", f"Buggy project {bug.id}")
    return git(target, "rev-parse", "HEAD")


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("MYAGENT_")}


def run_myagent(project: Path, report: Path, log: Path, opts: Options) -> tuple[int, float, bool]:
    """`myagent run` on `project`: (exit code, wall seconds, stopped by the wall clock)."""
    argv = [sys.executable, "-m", "myagent", "run", str(project), "--llm", opts.llm]
    argv += ["--no-live", "--json-report", str(report)]
    start = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, env=_clean_env(), start_new_session=True
        )
        try:
            code = process.wait(timeout=opts.wall_s)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            code = process.wait()
            timed_out = True
    return code, time.monotonic() - start, timed_out


def _branch_head(project: Path, report: dict[str, Any], base: str) -> str:
    """The run branch's head: from the report, else the newest myagent/* branch, else base."""
    if isinstance(report.get("head"), str) and report["head"]:
        return str(report["head"])
    newest = git(
        project,
        "for-each-ref",
        "--sort=-committerdate",
        "--count=1",
        "--format=%(objectname)",
        "refs/heads/myagent/",
    )
    return newest or base


def apply_reference(bug: Bug, project: Path) -> dict[str, Any]:
    """`--oracle`: commit the reference fix on a run branch, as a perfect agent would."""
    overlay(bug.reference, project)
    git(project, "checkout", "-q", "-b", "myagent/oracle")
    git(project, "commit", "-qam", f"Reference fix of {bug.id}")
    head = git(project, "rev-parse", "HEAD")
    return {
        "status": "oracle",
        "head": head,
        "accepted": 1,
        "rejected": 0,
        "candidates_validated": 1,
        "iterations": 1,
    }


def run_bug(bug: Bug, opts: Options) -> BugResult:
    work = fresh_dir(opts.scratch / "runs" / bug.id)
    project = work / "project"
    base = new_repository(bug, project)
    report: dict[str, Any] = {}
    report_path = work / "report.json"
    if opts.oracle:
        code, seconds, timed_out = 0, 0.0, False
        report = apply_reference(bug, project)
    else:
        code, seconds, timed_out = run_myagent(project, report_path, work / "myagent.log", opts)
        if report_path.exists():
            report = json.loads(report_path.read_text(encoding="utf-8"))
    status = "timeout" if timed_out else str(report.get("status", "no-report"))
    head = _branch_head(project, report, base)
    accepted, rejected = int(report.get("accepted", 0)), int(report.get("rejected", 0))
    # The report's own count also holds candidates an agent checked before proposing one.
    validated = report.get("candidates_validated")
    candidates = int(validated) if isinstance(validated, int) else accepted + rejected

    branch = export_commit(project, head, work / "branch")
    branch_run = run_pytest(branch, per_test_s=opts.per_test_s, wall_s=opts.wall_s)
    # Behaviour-identical needs fixed first; the hidden tests of an unfixed program would
    # only cost time (a hanging bug waits out every per-test timeout).
    behaviour = "not run: not fixed"
    identical = False
    if branch_run.ok:
        tree = export_commit(project, head, work / "hidden")
        behaviour_run = run_pytest(
            with_original_and_hidden_tests(bug, tree),
            per_test_s=opts.per_test_s,
            wall_s=opts.wall_s,
        )
        behaviour, identical = behaviour_run.summary(), behaviour_run.ok
    duration = report.get("duration_s")
    return BugResult(
        id=bug.id,
        defect_class=bug.defect_class,
        kind=bug.kind,
        status=status,
        reason=str(report.get("reason", "")),
        exit_code=code,
        iterations=int(report.get("iterations", 0)),
        accepted=accepted,
        rejected=rejected,
        candidates=candidates,
        seconds=round(seconds, 2),
        duration_s=float(duration) if isinstance(duration, int | float) else None,
        head_changed=head != base,
        fixed=branch_run.ok,
        identical=identical,
        branch_tests=branch_run.summary(),
        behaviour_tests=behaviour,
    )


# -- --check-corpus ---------------------------------------------------------------------


@dataclass(frozen=True)
class BugCheck:
    id: str
    problems: list[str]
    buggy_visible: str
    reference_seconds: float  # time in the reference's visible + hidden tests


def check_bug(bug: Bug, opts: Options) -> BugCheck:
    problems = layout_problems(bug) + diff_problems(bug)
    if problems:
        return BugCheck(bug.id, problems, "not run", 0.0)
    work = fresh_dir(opts.scratch / "check" / bug.id)

    def tests(tree: Path) -> TestRun:
        return run_pytest(tree, per_test_s=opts.per_test_s, wall_s=opts.wall_s)

    buggy = tests(copy_project(bug.buggy, work / "buggy"))
    if buggy.failed < 1:
        problems.append(f"buggy passes its visible tests ({buggy.summary()})")
    if buggy.passed < 2:
        problems.append(f"buggy passes fewer than 2 visible tests ({buggy.summary()})")
    if buggy.failed and buggy.failure_kind() != bug.kind:
        problems.append(f"kind is {bug.kind} but the tests fail as {buggy.failure_kind()}")

    fixed = copy_project(bug.buggy, work / "reference")
    overlay(bug.reference, fixed)
    visible = tests(fixed)
    if not visible.ok:
        problems.append(f"reference fails the visible tests ({visible.summary()})")
    both = tests(with_original_and_hidden_tests(bug, fixed))
    if not both.ok:
        problems.append(f"reference fails visible + hidden tests ({both.summary()})")
    caught = tests(with_original_and_hidden_tests(bug, copy_project(bug.buggy, work / "hidden")))
    hidden_failures = [n for n in caught.errors if "test_hidden.py" in n]
    if not hidden_failures:
        problems.append("no hidden test fails on the buggy program")
    if both.seconds >= 1.0:
        problems.append(f"reference tests take {both.seconds:.2f} s (keep them under 1 s)")
    return BugCheck(bug.id, problems, buggy.summary(), round(both.seconds, 3))


def check_corpus(bugs: Sequence[Bug], corpus_dir: Path, opts: Options) -> int:
    print(f"checking {len(bugs)} bugs (per-test timeout {opts.per_test_s:g} s)", flush=True)
    results = _parallel(bugs, lambda b: check_bug(b, opts), opts.jobs, _print_check)
    failures = [r for r in results if r.problems]
    corpus = corpus_problems(load_corpus(corpus_dir), minimums_for(corpus_dir))
    for line in corpus:
        print(f"corpus: {line}")
    kinds = Counter(b.kind for b in bugs)
    slowest = max(results, key=lambda r: r.reference_seconds)
    print(
        f"\n{len(bugs) - len(failures)}/{len(bugs)} bugs pass the check; "
        f"kinds: {dict(sorted(kinds.items()))}; slowest reference suite "
        f"{slowest.reference_seconds:.2f} s ({slowest.id})"
    )
    return 1 if failures or corpus else 0


def _print_check(done: int, total: int, check: BugCheck) -> None:
    mark = "ok  " if not check.problems else "FAIL"
    print(f"[{done:>2}/{total}] {mark} {check.id:<40} buggy: {check.buggy_visible}", flush=True)
    for problem in check.problems:
        print(f"        - {problem}", flush=True)


# -- figures ------------------------------------------------------------------------------


def summarize(results: Sequence[BugResult]) -> dict[str, Any]:
    return {
        "bugs": len(results),
        "fixed": sum(r.fixed for r in results),
        "identical": sum(r.identical for r in results),
        "candidates": stats([r.candidates for r in results]),
        "seconds": stats([r.seconds for r in results]),
    }


def figures_table(results: Sequence[BugResult]) -> list[list[str]]:
    header = ["defect class", "bugs", "fixed", "behaviour-identical"]
    header += ["candidates median", "mean", "seconds median", "mean"]
    rows = [header]
    groups = [(c, [r for r in results if r.defect_class == c]) for c in DEFECT_CLASSES]
    for name, group in [*groups, ("total", list(results))]:
        if not group:
            continue
        s = summarize(group)
        rows.append(
            [
                name,
                str(s["bugs"]),
                str(s["fixed"]),
                str(s["identical"]),
                f"{s['candidates']['median']:g}",
                f"{s['candidates']['mean']:.1f}",
                f"{s['seconds']['median']:.1f}",
                f"{s['seconds']['mean']:.1f}",
            ]
        )
    return rows


def _print_result(done: int, total: int, r: BugResult) -> None:
    verdict = "identical" if r.identical else "fixed" if r.fixed else "not fixed"
    print(
        f"[{done:>2}/{total}] {r.id:<40} {r.status:<16} {r.candidates:>2} cand. "
        f"{r.seconds:>6.1f} s  {verdict}",
        flush=True,
    )


def run_benchmark(
    bugs: Sequence[Bug], corpus_dir: Path, opts: Options, json_out: Path | None
) -> int:
    what = "the reference fixes (--oracle)" if opts.oracle else f"myagent run --llm {opts.llm}"
    print(
        f"{what} on {len(bugs)} bugs of {shown(corpus_dir)} "
        f"(cap {opts.wall_s:g} s per run, {opts.jobs} at a time)",
        flush=True,
    )
    started = time.monotonic()
    results = _parallel(bugs, lambda b: run_bug(b, opts), opts.jobs, _print_result)
    elapsed = time.monotonic() - started
    print()
    print_grid(figures_table(results))
    statuses = Counter(r.status for r in results)
    reasons = Counter(r.reason for r in results if r.reason)
    print(f"\nrun statuses: {dict(statuses.most_common())}")
    for reason, count in reasons.most_common(3):
        print(f"  {count} x {reason}")
    print(f"whole benchmark: {elapsed:.0f} s")
    if json_out is not None:
        document = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "myagent_commit": myagent_commit(),
            "llm": "oracle" if opts.oracle else opts.llm,
            "corpus": shown(corpus_dir),
            "machine": {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
            },
            "options": {
                "wall_s": opts.wall_s,
                "per_test_s": opts.per_test_s,
                "jobs": opts.jobs,
                "oracle": opts.oracle,
            },
            "elapsed_s": round(elapsed, 1),
            "totals": summarize(results),
            "classes": {
                c: summarize([r for r in results if r.defect_class == c])
                for c in DEFECT_CLASSES
                if any(r.defect_class == c for r in results)
            },
            "statuses": dict(statuses),
            "bugs": [asdict(r) for r in results],
        }
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        print(f"JSON: {json_out}")
    return 0


def _parallel(
    items: Sequence[T],
    work: Callable[[T], R],
    jobs: int,
    progress: Callable[[int, int, R], None],
) -> list[R]:
    """`work` on every item, `jobs` at a time; results in the items' order."""
    results: list[R] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for n, result in enumerate(pool.map(work, items), start=1):
            progress(n, len(items), result)
            results.append(result)
    return results


def select(bugs: Iterable[Bug], only: Sequence[str], limit: int | None) -> list[Bug]:
    chosen = [b for b in bugs if not only or b.id in only]
    unknown = sorted(set(only) - {b.id for b in chosen})
    if unknown:
        raise SystemExit(f"unknown bug id(s): {', '.join(unknown)}")
    return chosen[:limit] if limit is not None else chosen


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--limit", type=int, help="only the first N bugs (sorted by id)")
    parser.add_argument("--only", action="append", default=[], metavar="ID", help="repeatable")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every figure here")
    parser.add_argument("--jobs", type=int, default=1, help="bugs at a time (default 1)")
    parser.add_argument("--llm", default="none", help="passed to myagent run (default none)")
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="wall-clock cap per myagent run, seconds"
    )
    parser.add_argument(
        "--test-timeout", type=float, default=3.0, help="per-test cap in our own pytest runs"
    )
    parser.add_argument("--scratch", type=Path, default=SCRATCH, help="where copies go")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=CORPUS,
        metavar="PATH",
        help="the folder of bugs (default bench/repair/corpus; bench/repair/holdout is the "
        "held-out set)",
    )
    parser.add_argument("--check-corpus", action="store_true", help="verify the corpus only")
    parser.add_argument(
        "--oracle",
        action="store_true",
        help="no MyAgent: commit each reference fix as the run (checks the harness's counting)",
    )
    args = parser.parse_args(argv)
    opts = Options(
        llm=args.llm,
        wall_s=args.timeout,
        per_test_s=args.test_timeout,
        scratch=args.scratch.resolve(),
        jobs=args.jobs,
        oracle=args.oracle,
    )
    corpus_dir: Path = args.corpus.resolve()
    bugs = select(load_corpus(corpus_dir), args.only, args.limit)
    if args.check_corpus:
        return check_corpus(bugs, corpus_dir, opts)
    return run_benchmark(bugs, corpus_dir, opts, args.json)


if __name__ == "__main__":
    sys.exit(main())
