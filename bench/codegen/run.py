"""Benchmark: HumanEval-format problems, the bare model against the MyAgent loop on it.

    .venv/bin/python bench/codegen/run.py [--data FILE] [--llm MODEL] [--limit N]
        [--only ID] [--max-iterations N] [--json OUT] [--keep DIR]
    .venv/bin/python bench/codegen/run.py --check-data      # reference solutions vs harness

For each problem of `--data` (default `../shared/data/humaneval-dev.jsonl` beside the
repository):

1. **bare**: one greedy call of the model (`bare.py`), the reply made a module, checked
   by the hidden test (`hidden.py`). With `--llm none` there is no bare model ("n/a").
2. **loop**: a project with the prompt as a stub and the docstring's examples as its
   only tests (`project.py`), in a scratch folder; then the real CLI in a subprocess,
   `myagent run DIR --llm MODEL --max-iterations N --no-live --json-report FILE`; the
   module at the report's `head` commit (`git show HEAD:solution.py`) is checked by the
   hidden test, outside the project.

The agent sees the prompt only: `test` and `canonical_solution` never reach the project.
Tokens and calls of the loop are the report's `llm` figures; seconds are the wall clock
of the call (bare) or of the `myagent run` process (loop). MYAGENT_* variables are
ignored, so the project's own myagent.toml governs the run. Prints a row per problem and
the totals; `--json OUT` writes every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/, for figures.py

from bare import bare_attempt
from figures import git_or_empty, myagent_commit, print_grid, shown, stats
from hidden import check_hidden, hidden_runner
from problems import Problem, extract_examples, load_problems
from project import MODULE_FILE, build_project
from reference import check_reference

from myagent.errors import MyAgentError
from myagent.llm.factory import make_llm
from myagent.llm.provider import LLM, LLMError
from myagent.sandbox.runner import SandboxRunner

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "humaneval-dev.jsonl"


@dataclass(frozen=True)
class Options:
    llm: str
    max_iterations: int
    wall_s: float  # cap on one `myagent run`
    hidden_timeout_s: float


@dataclass(frozen=True)
class Side:
    """One way of solving one problem: the bare model or the loop."""

    passed: bool
    detail: str  # the hidden check's verdict, or why nothing was checked
    status: str  # bare: "ok" / "llm-error"; loop: the report's status, "timeout", "no-report"
    tokens: int
    calls: int
    seconds: float


@dataclass(frozen=True)
class ProblemResult:
    task_id: str
    entry_point: str
    examples: int
    dropped: int
    bare: Side | None  # None: no model (--llm none)
    loop: Side


# -- one problem --------------------------------------------------------------------------


def run_bare(llm: LLM, problem: Problem, runner: SandboxRunner, work: Path, opts: Options) -> Side:
    """One greedy call, checked; the reply and the module it gave are kept in `work`."""
    try:
        attempt = bare_attempt(llm, problem)
    except LLMError as exc:
        return Side(False, f"model call failed: {exc}", "llm-error", 0, 1, 0.0)
    (work / "bare-reply.md").write_text(attempt.reply, encoding="utf-8")
    (work / "bare-solution.py").write_text(attempt.module_text, encoding="utf-8")
    hidden = check_hidden(problem, attempt.module_text, opts.hidden_timeout_s, runner)
    return Side(hidden.passed, hidden.detail, "ok", attempt.tokens, 1, round(attempt.seconds, 2))


def myagent_command() -> list[str]:
    """The `myagent` script of this interpreter's environment (`.venv/bin/myagent`)."""
    script = Path(sys.executable).parent / "myagent"
    return [str(script)] if script.exists() else [sys.executable, "-m", "myagent"]


def run_myagent(project: Path, report: Path, log: Path, opts: Options) -> tuple[float, bool]:
    """`myagent run` on `project`: (wall seconds, stopped by the wall clock)."""
    argv = [*myagent_command(), "run", str(project), "--llm", opts.llm]
    argv += ["--max-iterations", str(opts.max_iterations), "--max-minutes", f"{opts.wall_s / 60:g}"]
    argv += ["--no-live", "--json-report", str(report)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYAGENT_")}
    start = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        try:
            process.wait(timeout=opts.wall_s + 60)  # MyAgent's own --max-minutes comes first
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            timed_out = True
    return time.monotonic() - start, timed_out


def _last_line(log: Path) -> str:
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return lines[-1].strip()[:300] if lines else "no output"


def run_loop(problem: Problem, work: Path, runner: SandboxRunner, opts: Options) -> Side:
    project = build_project(problem, work / "project")
    base = git_or_empty(project, "rev-parse", "HEAD")
    report_path, log = work / "report.json", work / "myagent.log"
    seconds, timed_out = run_myagent(project, report_path, log, opts)
    report: dict[str, Any] = {}
    if report_path.exists():
        report = json.loads(report_path.read_text(encoding="utf-8"))
    status = "timeout" if timed_out else str(report.get("status", "no-report"))
    head = str(report.get("head") or base)
    module_text = git_or_empty(project, "show", f"{head}:{MODULE_FILE}")
    (work / "loop-solution.py").write_text(module_text, encoding="utf-8")
    llm = report.get("llm")
    if not isinstance(llm, dict):
        llm = {}
    hidden = check_hidden(problem, module_text, opts.hidden_timeout_s, runner)
    detail = hidden.detail
    if not report:
        detail = f"{detail}; no report: {_last_line(log)}"
    elif head == base:
        detail = f"{detail}; nothing accepted ({report.get('reason', '')})"
    return Side(
        passed=hidden.passed,
        detail=detail,
        status=status,
        tokens=int(llm.get("tokens", 0)),
        calls=int(llm.get("calls", 0)),
        seconds=round(seconds, 2),
    )


def run_problem(
    problem: Problem, llm: LLM | None, runner: SandboxRunner, work: Path, opts: Options
) -> ProblemResult:
    work.mkdir(parents=True)
    extraction = extract_examples(problem.prompt, problem.entry_point)
    bare = run_bare(llm, problem, runner, work, opts) if llm is not None else None
    loop = run_loop(problem, work, runner, opts)
    return ProblemResult(
        task_id=problem.task_id,
        entry_point=problem.entry_point,
        examples=len(extraction.examples),
        dropped=len(extraction.dropped),
        bare=bare,
        loop=loop,
    )


# -- figures ------------------------------------------------------------------------------


def summarize_side(sides: Sequence[Side]) -> dict[str, Any]:
    return {
        "problems": len(sides),
        "passed": sum(s.passed for s in sides),
        "pass_at_1": round(sum(s.passed for s in sides) / len(sides), 4) if sides else 0.0,
        "tokens": stats([s.tokens for s in sides]),
        "calls": stats([s.calls for s in sides]),
        "seconds": stats([s.seconds for s in sides]),
    }


def summarize(results: Sequence[ProblemResult]) -> dict[str, Any]:
    bare = [r.bare for r in results if r.bare is not None]
    return {
        "problems": len(results),
        "with_examples": sum(r.examples > 0 for r in results),
        "examples": sum(r.examples for r in results),
        "examples_dropped": sum(r.dropped for r in results),
        "bare": summarize_side(bare) if bare else None,
        "loop": summarize_side([r.loop for r in results]),
    }


def _mark(side: Side | None) -> str:
    return "n/a" if side is None else "pass" if side.passed else "fail"


def results_table(results: Sequence[ProblemResult]) -> list[list[str]]:
    rows = [["problem", "examples", "bare", "tokens", "s", "loop", "status", "tokens", "s"]]
    for r in results:
        bare = r.bare
        rows.append(
            [
                r.task_id,
                str(r.examples),
                _mark(bare),
                "-" if bare is None else str(bare.tokens),
                "-" if bare is None else f"{bare.seconds:.1f}",
                _mark(r.loop),
                r.loop.status,
                str(r.loop.tokens),
                f"{r.loop.seconds:.1f}",
            ]
        )
    return rows


def totals_table(summary: dict[str, Any]) -> list[list[str]]:
    rows = [["", "pass@1", "tokens median", "mean", "seconds median", "mean"]]
    for name in ("bare", "loop"):
        side = summary[name]
        if side is None:
            rows.append([name, "n/a", "-", "-", "-", "-"])
            continue
        rows.append(
            [
                name,
                f"{side['passed']}/{side['problems']} ({100 * side['pass_at_1']:.1f}%)",
                f"{side['tokens']['median']:g}",
                f"{side['tokens']['mean']:.1f}",
                f"{side['seconds']['median']:.1f}",
                f"{side['seconds']['mean']:.1f}",
            ]
        )
    return rows


def write_json(
    out: Path, results: Sequence[ProblemResult], data: Path, opts: Options, elapsed: float
) -> None:
    document = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "myagent_commit": myagent_commit(),
        "llm": opts.llm,
        "data": str(data),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "options": asdict(opts),
        "elapsed_s": round(elapsed, 1),
        "totals": summarize(results),
        "problems": [asdict(r) for r in results],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"JSON: {out}")


# -- the benchmark ------------------------------------------------------------------------


def _print_result(done: int, total: int, r: ProblemResult) -> None:
    bare = "bare n/a " if r.bare is None else f"bare {_mark(r.bare)} {r.bare.seconds:5.1f} s"
    print(
        f"[{done:>2}/{total}] {r.task_id:<16} {r.examples:>2} ex.  {bare}  "
        f"loop {_mark(r.loop)} {r.loop.status:<16} {r.loop.seconds:6.1f} s  {r.loop.detail[:70]}",
        flush=True,
    )


def run_benchmark(
    problems: Sequence[Problem],
    data: Path,
    opts: Options,
    scratch: Path,
    json_out: Path | None,
) -> int:
    llm = make_llm(opts.llm)
    runner = hidden_runner()
    print(
        f"bare {opts.llm} vs myagent run --llm {opts.llm} --max-iterations "
        f"{opts.max_iterations} on {len(problems)} problems of {shown(data)} "
        f"(cap {opts.wall_s:g} s per run)",
        flush=True,
    )
    started = time.monotonic()
    results = []
    for n, problem in enumerate(problems, start=1):
        work = scratch / problem.slug
        if work.exists():
            shutil.rmtree(work)
        result = run_problem(problem, llm, runner, work, opts)
        _print_result(n, len(problems), result)
        results.append(result)
    elapsed = time.monotonic() - started
    summary = summarize(results)
    print()
    print_grid(results_table(results))
    print()
    print_grid(totals_table(summary))
    print(
        f"\nproblems with visible examples: {summary['with_examples']} of {summary['problems']} "
        f"({summary['examples']} examples as tests, {summary['examples_dropped']} dropped)"
    )
    print(f"whole benchmark: {elapsed:.0f} s")
    if json_out is not None:
        write_json(json_out, results, data, opts, elapsed)
    return 0


def check_data(problems: Sequence[Problem], timeout_s: float) -> int:
    """`--check-data`: every reference solution passes the hidden and the visible tests."""
    runner = hidden_runner()
    bad = 0
    for n, problem in enumerate(problems, start=1):
        check = check_reference(problem, runner, timeout_s)
        bad += not check.ok
        mark = "ok  " if check.ok else "FAIL"
        print(f"[{n:>2}/{len(problems)}] {mark} {check.task_id:<16} {check.examples} examples")
        if not check.hidden.passed:
            print(f"        - hidden test: {check.hidden.detail}")
        if check.visible_failures:
            print(f"        - visible tests failed: {', '.join(check.visible_failures)}")
        if check.visible_error:
            print(f"        - visible tests: {check.visible_error}")
    print(f"\n{len(problems) - bad}/{len(problems)} reference solutions pass both")
    return 1 if bad else 0


def select(problems: Sequence[Problem], only: Sequence[str], limit: int | None) -> list[Problem]:
    chosen = [p for p in problems if not only or p.task_id in only]
    unknown = sorted(set(only) - {p.task_id for p in chosen})
    if unknown:
        raise SystemExit(f"unknown task id(s): {', '.join(unknown)}")
    return chosen[:limit] if limit is not None else chosen


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help=f"problems file (default {DEFAULT_DATA})"
    )
    parser.add_argument("--llm", default="local", help="none | local | a LiteLLM model string")
    parser.add_argument("--limit", type=int, help="only the first N problems")
    parser.add_argument("--only", action="append", default=[], metavar="ID", help="repeatable")
    parser.add_argument("--max-iterations", type=int, default=3, help="per myagent run")
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="wall-clock cap per myagent run, seconds"
    )
    parser.add_argument(
        "--hidden-timeout", type=float, default=10.0, help="cap on one hidden check, seconds"
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every figure here")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep the projects here (default: a temp dir)"
    )
    parser.add_argument(
        "--check-data",
        action="store_true",
        help="no model: check the reference solutions against the hidden and visible tests",
    )
    args = parser.parse_args(argv)
    data: Path = args.data.resolve()
    if not data.is_file():
        print(f"error: no problems file at {data} (pass --data FILE)", file=sys.stderr)
        return 2
    problems = select(load_problems(data), args.only, args.limit)
    if args.check_data:
        return check_data(problems, args.hidden_timeout)
    opts = Options(
        llm=args.llm,
        max_iterations=args.max_iterations,
        wall_s=args.timeout,
        hidden_timeout_s=args.hidden_timeout,
    )
    try:
        if args.keep is not None:
            scratch = args.keep.resolve()
            scratch.mkdir(parents=True, exist_ok=True)
            return run_benchmark(problems, data, opts, scratch, args.json)
        with tempfile.TemporaryDirectory(prefix="codegen-bench-") as folder:
            return run_benchmark(problems, data, opts, Path(folder), args.json)
    except MyAgentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
