"""The Quality Monitor: measures one tree and returns one `QualityReport`.

`QualityMonitor(runner, project, gates).measure(workspace, commit)`:

1. detects the layout (`layout.detect_layout`);
2. runs the tests alone first (pytest under coverage, `tests_runner`), within the
   suite budget less a reserve for the static tools;
3. runs ruff (check and format), mypy, bandit and radon concurrently from MyAgent's
   venv (`static_tools`);
4. reads the source files for unfinished functions (`stubs.py`: static, in this
   process, as `ast` never runs project code), recorded as the ToolRun "stubs";
5. only when `mutation_score` is among the gates: runs sampled mutants of the lines the
   passing tests execute (`mutation.py`, at most `[project] max_mutants`), each against
   the tests that execute its line, in this workspace and extra worktrees beside it
   (one per core, at most `MUTATION_PARALLEL`), within what is left of the suite budget
   (at least `static_reserve`); recorded as the ToolRun "mutation", every mutant that
   ran in `mutants` and the survivors in `mutants_survived`. Given a `reference`
   report (the baseline a candidate is judged against), its mutants are drawn first, so
   the two can be compared on the same mutants (`mutation.shared_kills`);
6. only when one of the import gates (`import_cycles`, `layer_violations`,
   `god_modules`, `max_fan_out`) is among the gates: reads the import graph
   (`imports.py`: static, with `ast`, in this process), recorded as the ToolRun
   "imports"; `layer_violations` needs the `architecture` layers;
7. fills `metrics` and the 0-100 `score` (`score.py`).

`run_tests_only(workspace, nodeids)` runs chosen tests alone, fast: the same plugin
(per-test timeout, crashes, tracebacks) in the same sandbox, but no static tools and,
unless asked, no coverage. Each chosen node id comes back with an outcome (ERROR
"not found" when it names no test). `run_selected` is the same with the ToolRuns and
the coverage data.

Every command goes through the `SandboxRunner`; MyAgent's scratch files live in a
temporary folder outside the workspace (bound writable), removed afterwards; mypy's
cache lives as long as the monitor (`cache_dir`), and so does Hypothesis' storage
(`HYPOTHESIS_STORAGE_DIRECTORY`, bound writable): Hypothesis builds a table of the
Unicode characters the first time a test draws text, several seconds under coverage,
and every candidate is measured in a fresh worktree, where it would build it again.

Threads: `run_tests_only`/`run_selected` may run concurrently on *different*
workspaces, on one monitor: each call has its own scratch folder (events, pytest
cache, coverage data, plugin copy), and the sandbox's own state (a staging folder,
memfds) is per call; the monitor itself is only read. Not shared-safe: two calls on
the *same* workspace (the tests themselves write there), and `measure` from two
threads on one monitor, as mypy's cache (`cache_dir`, a SQLite database) is shared:
give each thread its own `cache_dir`. Concurrent sandboxes share the sandbox uid's
process limit (`SandboxPolicy.max_processes`).

Metrics (absent when the tool that produces them did not run to a report):
`tests_pass_rate`, `tests_total`, `tests_failed` (failed + error + timeout),
`coverage_line`, `coverage_branch` (0..1), `lint_errors`, `format_issues`,
`type_errors`, `security_high`, `max_complexity`, `requirements_open` (requirements
not ticked in `[project] requirements` plus an unrecorded `goal`: `requirements.py`),
and `stubs`, always measured (0
with no source files; the "stubs" ToolRun names files that could not be parsed). With
no tests collected, `tests_pass_rate` is 0.0 and the pytest ToolRun says "no tests
collected". `mutation_score` (killed / run mutants) only with its gate, and only when
at least one mutant ran. `a11y_violations` only with its gate: the accessibility
findings of the static checks and of axe-core in headless Chromium, merged
(`myagent.quality.a11y.measure`), recorded as the ToolRuns "a11y" and "axe".
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path

from myagent.config import ArchitectureConfig, ProjectConfig, UiConfig
from myagent.protocol import LintIssue, QualityReport, TestOutcome, TestStatus, ToolRun, ToolStatus
from myagent.quality import bandit_runner, radon_runner, stubs
from myagent.quality.a11y.measure import A11Y_GATE, measure_a11y
from myagent.quality.execution import BASE_ENV, ToolContext
from myagent.quality.imports import IMPORT_GATES, measure_imports
from myagent.quality.layout import ProjectLayout, detect_layout
from myagent.quality.mutation import (
    MutationPlan,
    MutationResult,
    measure_mutation,
    outcomes,
    read_sources,
    survivors,
    tool_run,
)
from myagent.quality.pytest_events import FAILING, pass_rate
from myagent.quality.requirements import open_count
from myagent.quality.score import quality_score
from myagent.quality.static_tools import StaticFindings, StaticPlan, run_static
from myagent.quality.tests_runner import TestsResult, run_tests
from myagent.sandbox.runner import SandboxRunner

_MIN_STATIC_S = 10.0
_STARTUP_S = 1.0  # left to pytest's start when a run's budget caps the per-test limit
MUTATION_GATE = "mutation_score"
MUTATION_PARALLEL = 4  # mutants run at once at most (one worktree each)


def static_reserve(suite_timeout_s: float) -> float:
    """Seconds of the suite budget kept for the static tools after the tests."""
    return min(120.0, suite_timeout_s * 0.25)


class QualityMonitor:
    """Runs the measuring tools on a workspace, in the sandbox (see module docstring)."""

    def __init__(
        self,
        runner: SandboxRunner,
        project: ProjectConfig,
        gates: Mapping[str, float],
        *,
        commands: Mapping[str, Sequence[str]] | None = None,
        cache_dir: Path | None = None,
        architecture: ArchitectureConfig | None = None,
        ui: UiConfig | None = None,
    ) -> None:
        """`commands` replaces the command of a tool ("ruff", "mypy", "bandit",
        "radon"; default `python -m TOOL` with MyAgent's interpreter). `cache_dir`
        keeps mypy's cache between measurements (default: a temporary folder that
        lives as long as this monitor), which makes later type checks much faster."""
        self.runner = runner
        self.project = project
        self.gates = dict(gates)
        self._commands = dict(commands or {})
        self.architecture = architecture or ArchitectureConfig()  # layers for layer_violations
        self.ui = ui or UiConfig()  # the pages axe checks rendered, for a11y_violations
        if cache_dir is None:
            cache_dir = Path(tempfile.mkdtemp(prefix="myagent-mypy-cache-"))
            weakref.finalize(self, shutil.rmtree, cache_dir, ignore_errors=True)
        self.cache_dir = cache_dir
        self.hypothesis_dir = Path(tempfile.mkdtemp(prefix="myagent-hypothesis-"))
        weakref.finalize(self, shutil.rmtree, self.hypothesis_dir, ignore_errors=True)

    def _context(self, layout: ProjectLayout) -> ToolContext:
        """Where the tests run: the layout's root, with Hypothesis' storage kept."""
        env = {**BASE_ENV, "HYPOTHESIS_STORAGE_DIRECTORY": str(self.hypothesis_dir)}
        return ToolContext(self.runner, layout.root, writable=(self.hypothesis_dir,), env=env)

    def measure(
        self, workspace: Path, commit: str = "", reference: QualityReport | None = None
    ) -> QualityReport:
        """Measure the tree at `workspace` (see the module docstring); `reference`: the
        report this one will be compared with (its mutant sample is reused)."""
        started = time.monotonic()
        layout = detect_layout(workspace, self.project)
        budget = self.project.suite_timeout_s
        out = Path(tempfile.mkdtemp(prefix="myagent-quality-"))
        try:
            ctx = self._context(layout)
            test_budget = max(budget - static_reserve(budget), 1.0)
            tests = run_tests(ctx, layout, self.project, out / "tests", test_budget)
            left = budget - (time.monotonic() - started)
            static_budget = max(left, static_reserve(budget), _MIN_STATIC_S)
            static = run_static(
                StaticPlan(
                    runner=self.runner, layout=layout, out=out / "static",
                    mypy_cache=self.cache_dir, commands=self._commands, timeout_s=static_budget,
                )
            )  # fmt: skip
        finally:
            shutil.rmtree(out, ignore_errors=True)
        found, stubs_run = measure_stubs(layout)
        tools = [*tests.runs, *static.tool_runs(), stubs_run]
        a11y: list[LintIssue] | None = None
        if A11Y_GATE in self.gates:  # static checks in this process, axe in the sandbox
            a11y, a11y_runs = measure_a11y(self.runner, layout, self.ui)
            tools.extend(a11y_runs)
        mutation: MutationResult | None = None
        if MUTATION_GATE in self.gates:
            left = budget - (time.monotonic() - started)
            keep = frozenset(m.key for m in reference.mutants) if reference else frozenset()
            mutation, mutation_run = self._mutation(
                layout, tests, max(left, static_reserve(budget)), keep
            )
            tools.append(mutation_run)
        import_metrics: dict[str, float] = {}
        if any(gate in self.gates for gate in IMPORT_GATES):
            import_metrics, imports_run = measure_imports(layout, self.architecture)
            tools.append(imports_run)
        metrics = collect_metrics(tests, static, tools, found)
        metrics["requirements_open"] = float(
            open_count(layout.root, self.project.requirements, self.project.goal)
        )
        if a11y is not None:
            metrics[A11Y_GATE] = float(len(a11y))
        if mutation is not None and mutation.score is not None:
            metrics[MUTATION_GATE] = mutation.score
        metrics.update(import_metrics)
        return QualityReport(
            commit=commit,
            tests=tests.tests,
            coverage=tests.coverage,
            lint=static.lint,
            type_errors=static.type_errors,
            security=static.security,
            complexity=static.complexity,
            stubs=found,
            mutants_survived=survivors(mutation) if mutation is not None else [],
            mutants=outcomes(mutation) if mutation is not None else [],
            a11y=a11y or [],
            tools=tools,
            metrics=metrics,
            score=quality_score(metrics, self.gates),
            duration_s=round(time.monotonic() - started, 3),
        )

    def _mutation(
        self, layout: ProjectLayout, tests: TestsResult, budget_s: float, keep: frozenset[str]
    ) -> tuple[MutationResult | None, ToolRun]:
        """The mutation step (module docstring, step 5): its result (None when no
        mutant ran) and how it ran."""
        if tests.coverage is None:
            return None, tool_run(None, 0, "no coverage data")
        passed = [t for t in tests.tests if t.status == TestStatus.PASSED]
        slowest = max((t.duration_s for t in passed), default=0.1)
        plan = MutationPlan(
            tests=self,
            workspace=layout.root,
            sources=read_sources(layout.root, tests.coverage),
            coverage=tests.coverage,
            passing=frozenset(t.nodeid for t in passed),
            max_mutants=self.project.max_mutants,
            parallel=max(1, min(MUTATION_PARALLEL, os.cpu_count() or 1)),
            per_test_timeout_s=min(self.project.test_timeout_s, max(2.0, 10 * slowest)),
            budget_s=budget_s,
            keep=keep,
        )
        return measure_mutation(plan)

    def run_tests_only(
        self,
        workspace: Path,
        nodeids: Sequence[str] | None,
        *,
        timeout_s: float | None = None,
        test_timeout_s: float | None = None,
        coverage: bool = False,
    ) -> list[TestOutcome]:
        """The outcomes of the tests `nodeids` name (all tests when None); see
        `run_selected`."""
        return self.run_selected(
            workspace,
            nodeids,
            timeout_s=timeout_s,
            test_timeout_s=test_timeout_s,
            coverage=coverage,
        ).tests

    def run_selected(
        self,
        workspace: Path,
        nodeids: Sequence[str] | None,
        *,
        timeout_s: float | None = None,
        test_timeout_s: float | None = None,
        coverage: bool = False,
    ) -> TestsResult:
        """Run only the tests `nodeids` name (all when None) within `timeout_s` seconds
        (default: the suite's budget), under coverage only if `coverage`.

        Each test's limit is `test_timeout_s` (default: the project's), lowered to the
        budget less a second when the budget is shorter, so that a test that hangs comes back as
        TIMEOUT with the line it was stuck at. Every node id in `nodeids` has an outcome
        (`selected_tests`): ERROR "not found" for one that names no test. The
        interpreter is chosen as for `measure`. Safe to call from several threads on
        different workspaces (see the module docstring)."""
        budget = self.project.suite_timeout_s if timeout_s is None else timeout_s
        limit = self.project.test_timeout_s if test_timeout_s is None else test_timeout_s
        per_test = min(limit, max(budget - _STARTUP_S, budget / 2))
        project = self.project.model_copy(update={"test_timeout_s": per_test})
        layout = detect_layout(workspace, self.project)
        out = Path(tempfile.mkdtemp(prefix="myagent-tests-"))
        try:
            ctx = self._context(layout)
            select = None if nodeids is None else list(nodeids)
            return run_tests(
                ctx, layout, project, out / "tests", budget, select=select, coverage=coverage
            )
        finally:
            shutil.rmtree(out, ignore_errors=True)


def measure_stubs(layout: ProjectLayout) -> tuple[list[LintIssue], ToolRun]:
    """The unfinished functions in the layout's source files, and how the scan ran."""
    started = time.monotonic()
    files = stubs.source_files(layout.root, layout.source_dirs, layout.test_dirs)
    scan = stubs.scan_stubs(layout.root, files)
    detail = ""
    if scan.unparsed:
        shown = ", ".join(scan.unparsed[:3]) + (", ..." if len(scan.unparsed) > 3 else "")
        detail = f"{len(scan.unparsed)} file(s) not parsed, skipped: {shown}"
    duration = round(time.monotonic() - started, 3)
    return scan.stubs, ToolRun(
        tool="stubs", status=ToolStatus.OK, duration_s=duration, detail=detail
    )


def _ran(tools: Sequence[ToolRun], name: str) -> bool:
    return any(t.tool == name and t.status is ToolStatus.OK for t in tools)


def _tests_measured(tests: TestsResult, tools: Sequence[ToolRun]) -> bool:
    """pytest reported, or the wall clock stopped it while a test (now TIMEOUT) ran."""
    timed_out = any(t.tool == "pytest" and t.status is ToolStatus.TIMEOUT for t in tools)
    return _ran(tools, "pytest") or (timed_out and bool(tests.tests))


def collect_metrics(
    tests: TestsResult,
    static: StaticFindings,
    tools: Sequence[ToolRun],
    stubs_found: Sequence[LintIssue] | None = None,
) -> dict[str, float]:
    """The report's metrics; a metric is left out when its tool did not report
    (`stubs` when `stubs_found` is None)."""
    metrics: dict[str, float] = {}
    if _tests_measured(tests, tools):
        metrics["tests_pass_rate"] = pass_rate(tests.tests)
        metrics["tests_total"] = float(len(tests.tests))
        metrics["tests_failed"] = float(sum(t.status in FAILING for t in tests.tests))
    if tests.coverage is not None:
        metrics["coverage_line"] = tests.coverage.line_rate
        metrics["coverage_branch"] = tests.coverage.branch_rate
    if _ran(tools, "ruff"):
        metrics["lint_errors"] = float(len(static.lint))
    if _ran(tools, "ruff-format") and static.unformatted is not None:
        metrics["format_issues"] = float(len(static.unformatted))
    if _ran(tools, "mypy"):
        metrics["type_errors"] = float(len(static.type_errors))
    if _ran(tools, "bandit"):
        metrics["security_high"] = float(bandit_runner.high_count(static.security))
    if _ran(tools, "radon"):
        metrics["max_complexity"] = float(radon_runner.max_complexity(static.complexity))
    if stubs_found is not None:
        metrics["stubs"] = float(len(stubs_found))
    return metrics
