"""The project's tests: pytest under coverage.py, in the sandbox, one outcome per test.

Command: `PY -m coverage run --rcfile=OUT/coveragerc -m pytest -p
myagent_quality_plugin.pytest_plugin ...` plus the arguments of the project's
`test_command` (which must be a pytest command); without coverage (`coverage=False`)
`PY -m pytest ...`. The plugin (`pytest_plugin.py` and its helpers, copied into the
output folder) records each outcome as it is known, with the traceback of each
failure, and stops a test that runs past `test_timeout_s`; the runner's wall clock
bounds the whole run. With `select`, only the tests those node ids name run, and
each node id gets an outcome (`selected_tests`).

Interpreter: the project's, or MyAgent's when the project's cannot run pytest with
coverage (`pytest_interpreter`; the pytest ToolRun's detail says so).

A test that kills the test process (`os._exit`, a segfault, a hang Python cannot
interrupt) is reported as failed (or TIMEOUT, see `crashed_tests`) from the plugin's
"started" event, and the run resumes with the tests that have no outcome yet (at most
`MAX_ATTEMPTS` runs), appending to the same coverage data: coverage flushes its data
at every context switch, that is after every test, so finished tests keep their
coverage. When the wall clock ends the run, the test running at that moment is
TIMEOUT and the pytest ToolRun is TIMEOUT.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from myagent.config import ProjectConfig
from myagent.protocol import CoverageData, TestOutcome, ToolRun, ToolStatus
from myagent.quality import pytest_plugin
from myagent.quality.coverage_report import coverage_rc, coverage_scope, parse_coverage_json
from myagent.quality.crashed_tests import died_outcome
from myagent.quality.execution import Executed, ToolContext, count, crashed, ok, run_tool
from myagent.quality.layout import Interpreter, ProjectLayout
from myagent.quality.pytest_events import RunEvents, parse_events, summary
from myagent.quality.pytest_interpreter import COVERAGE, PYTEST, choose_interpreter, pytest_args
from myagent.quality.selected_tests import options_only, resolve, targets

__all__ = ["COVERAGE", "PYTEST", "TestsResult", "pytest_args", "run_tests"]
MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class TestsResult:
    """Outcomes, coverage and how pytest and coverage ran."""

    __test__ = False

    tests: list[TestOutcome]
    coverage: CoverageData | None
    runs: list[ToolRun]


class _Run:
    """One measurement of the tests: the files in OUT and the attempts."""

    def __init__(
        self,
        ctx: ToolContext,
        layout: ProjectLayout,
        project: ProjectConfig,
        out: Path,
        select: Sequence[str] | None = None,
        with_coverage: bool = True,
    ) -> None:
        self.ctx, self.layout, self.project, self.out = ctx, layout, project, out
        self.select, self.with_coverage, self.unmatched = select, with_coverage, set[str]()
        self.data_file = out / ".coverage"
        self.rcfile = out / "coveragerc"
        plugin_dir = out / "plugin"
        pytest_plugin.install(plugin_dir)
        scope = coverage_scope(layout.root, layout.source_dirs)
        self.rcfile.write_text(coverage_rc(self.data_file, scope), encoding="utf-8")
        roots = [str(layout.root / r) for r in layout.import_roots]
        env = dict(ctx.env, PYTHONPATH=":".join([str(plugin_dir), *roots]))
        self.ctx = replace(ctx, env=env, writable=(*ctx.writable, out))

    def argv(
        self, python: Path, attempt: int, skip: Sequence[str], args: Sequence[str]
    ) -> list[str]:
        events = self.out / f"events-{attempt}.jsonl"
        argv = [str(python), "-m"]
        if self.with_coverage:
            append = ["--append"] if attempt > 1 else []  # keep the data of earlier runs
            argv += ["coverage", "run", *append, f"--rcfile={self.rcfile}", "-m"]
        argv += ["pytest", "-p", pytest_plugin.PLUGIN_NAME, f"--myagent-out={events}"]
        argv += [f"--myagent-timeout={self.project.test_timeout_s:g}"]
        if self.select is not None:
            select_file = self.out / "select.txt"
            select_file.write_text("".join(f"{n}\n" for n in self.select), encoding="utf-8")
            argv.append(f"--myagent-select={select_file}")
        if skip:
            skip_file = self.out / f"skip-{attempt}.txt"
            skip_file.write_text("".join(f"{n}\n" for n in skip), encoding="utf-8")
            argv.append(f"--myagent-skip={skip_file}")
            # a test module (or folder) that ended the process must not be imported again
            argv += [f"--ignore={self.layout.root / n}" for n in skip if "::" not in n]
        argv += ["-o", f"cache_dir={self.out / 'pytest-cache'}"]  # not in the workspace
        argv += ["--continue-on-collection-errors", "-q", "--color=no"]
        return [*argv, *args]

    def read(self, attempt: int) -> tuple[RunEvents, str]:
        events = self.out / f"events-{attempt}.jsonl"
        hard = events.with_name(events.name + ".faulthandler")
        text = events.read_text(encoding="utf-8", errors="replace") if events.exists() else ""
        hard_text = hard.read_text(encoding="utf-8", errors="replace") if hard.exists() else ""
        return parse_events(text), hard_text

    def tests(
        self, python: Interpreter, args: Sequence[str], timeout_s: float
    ) -> tuple[list[TestOutcome], ToolRun]:
        ctx = replace(self.ctx, readable=(*python.readable, *self.ctx.readable))
        started = time.monotonic()
        outcomes: dict[str, TestOutcome] = {}
        died: list[str] = []
        for attempt in range(1, MAX_ATTEMPTS + 1):
            remaining = timeout_s - (time.monotonic() - started)
            if remaining < 1.0:
                why = f"the test budget ran out; {summary(outcomes.values())}"
                run = ToolRun(tool=PYTEST, status=ToolStatus.TIMEOUT, detail=why)
                break
            argv = self.argv(python.path, attempt, list(outcomes), args)
            executed = run_tool(PYTEST, argv, ctx, remaining)
            events, hard = self.read(attempt)
            outcomes.update(events.results)
            self.unmatched.update(events.unmatched)
            if isinstance(executed, ToolRun) and executed.status is ToolStatus.MISSING:
                run = executed
                break
            if events.running is not None:
                timeout, root = self.project.test_timeout_s, self.layout.root
                outcomes[events.running] = died_outcome(
                    events.running, executed, hard, timeout, root
                )
                died.append(events.running)
            if isinstance(executed, ToolRun):  # the wall clock ran out
                detail = f"{executed.detail}; {summary(outcomes.values())}"
                run = executed.model_copy(update={"detail": detail})
                break
            if events.exitstatus is not None:
                run = self._finished(executed, events, outcomes, died)
                break
            if events.running is None:  # died outside any test
                run = crashed(PYTEST, executed, "pytest did not finish")
                break
        else:
            detail = f"{summary(outcomes.values())}; stopped after {MAX_ATTEMPTS} crashed runs"
            run = ToolRun(tool=PYTEST, status=ToolStatus.OK, detail=detail)
        duration = round(time.monotonic() - started, 3)
        return list(outcomes.values()), run.model_copy(update={"duration_s": duration})

    def _finished(
        self, executed: Executed, events: RunEvents, outcomes: dict[str, TestOutcome],
        died: list[str],
    ) -> ToolRun:  # fmt: skip
        status = events.exitstatus
        if status in (3, 4):
            why = "pytest internal error" if status == 3 else "pytest usage error"
            return crashed(PYTEST, executed, why)
        detail = summary(outcomes.values())
        if status == 2:
            detail += "; pytest was interrupted"
        if died:
            detail += f"; resumed after {count(len(died), 'test')} ended the test process"
        return ok(PYTEST, executed, detail)

    def coverage(
        self, python: Interpreter, timeout_s: float
    ) -> tuple[CoverageData | None, ToolRun]:
        if not self.data_file.exists():
            why = "no coverage data (the test process did not finish)"
            return None, ToolRun(tool=COVERAGE, status=ToolStatus.CRASHED, detail=why)
        report = self.out / "coverage.json"
        argv = [str(python.path), "-m", "coverage", "json", f"--rcfile={self.rcfile}"]
        argv += ["--show-contexts", "-q", "-o", str(report)]
        ctx = replace(self.ctx, readable=(*python.readable, *self.ctx.readable))
        executed = run_tool(COVERAGE, argv, ctx, timeout_s)
        if isinstance(executed, ToolRun):
            return None, executed
        if executed.result.returncode != 0 or not report.exists():
            return None, crashed(COVERAGE, executed)
        try:
            data = parse_coverage_json(report.read_text(encoding="utf-8"), self.layout.root)
        except (ValueError, KeyError, TypeError):
            return None, crashed(COVERAGE, executed, "report is not coverage's JSON")
        detail = f"line {data.line_rate:.1%}, branch {data.branch_rate:.1%}"
        return data, ok(COVERAGE, executed, detail)


def _chosen(
    select: Sequence[str] | None, tests: list[TestOutcome], unmatched: set[str],
    layout: ProjectLayout, why: str,
) -> list[TestOutcome]:  # fmt: skip
    if select is None:
        return tests
    return resolve(select, tests, unmatched, layout.root, why)


def run_tests(
    ctx: ToolContext,
    layout: ProjectLayout,
    project: ProjectConfig,
    out: Path,
    timeout_s: float,
    *,
    select: Sequence[str] | None = None,
    coverage: bool = True,
) -> TestsResult:
    """Run the project's tests within `timeout_s`, under coverage unless `coverage` is
    False; only those that the node ids `select` name when it is given (each of them
    then has an outcome, see `selected_tests`). `out` is a writable folder for
    MyAgent's files (plugin, rcfile, events, coverage data)."""
    started = time.monotonic()
    args = pytest_args(project.test_command)
    if args is None:
        why = f"test_command {' '.join(project.test_command)!r} is not pytest"
        skipped = ToolRun(tool=PYTEST, status=ToolStatus.SKIPPED, detail=why)
        return TestsResult(_chosen(select, [], set(), layout, why), None, [skipped])
    if select is not None:
        paths = targets(select, layout.root)
        if not paths:  # pytest would run every test
            run = ToolRun(tool=PYTEST, status=ToolStatus.SKIPPED, detail="no chosen test exists")
            return TestsResult(_chosen(select, [], set(), layout, ""), None, [run])
        args = [*options_only(args, layout.root), *paths]
    absent = ""
    if select is None and project.tests and not args:
        args = [d for d in layout.test_dirs if (layout.root / d).exists()]
        if not args:  # pytest would stop on a usage error; it collects from the root
            absent = f"configured tests not found: {', '.join(layout.test_dirs)}"
    python, note = choose_interpreter(ctx, layout)
    note = "; ".join(n for n in (absent, note) if n)
    if python is None:
        run = ToolRun(tool=PYTEST, status=ToolStatus.MISSING, detail=note)
        return TestsResult(_chosen(select, [], set(), layout, note), None, [run])
    measure = _Run(ctx, layout, project, out, select, coverage)
    tests, run = measure.tests(python, args, timeout_s - (time.monotonic() - started))
    if note:
        run = run.model_copy(update={"detail": f"{run.detail}; {note}"})
    tests = _chosen(select, tests, measure.unmatched, layout, run.detail)
    if not coverage:
        return TestsResult(tests, None, [run])
    if run.status in (ToolStatus.CRASHED, ToolStatus.MISSING):  # no tests: no coverage
        why = "not measured: pytest did not finish"
        return TestsResult(
            tests, None, [run, ToolRun(tool=COVERAGE, status=run.status, detail=why)]
        )
    coverage_time = max(timeout_s - (time.monotonic() - started), 60.0)
    data, coverage_run = measure.coverage(python, coverage_time)
    return TestsResult(tests, data, [run, coverage_run])
