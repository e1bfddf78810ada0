"""The static tools of the quality model, run concurrently from MyAgent's own venv.

ruff (check and format) looks at the source and test folders; mypy, bandit and radon
at the source folders. They run in `STATIC_WORKERS` threads (each tool is one
sandboxed process; the machines have two cores), mypy first as it is the slowest.
Tools that can write their report to a file do so in MyAgent's output folder, so a
very long report is not cut by the sandbox's output cap. A tool with nothing to
look at is SKIPPED.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from myagent.protocol import LintIssue, ToolRun, ToolStatus
from myagent.quality import bandit_runner, mypy_runner, radon_runner, ruff_runner
from myagent.quality.execution import ToolContext
from myagent.quality.layout import ProjectLayout
from myagent.sandbox.runner import SandboxRunner

STATIC_WORKERS = 2
TOOLS = ("ruff", "ruff-format", "mypy", "bandit", "radon")


@dataclass
class StaticFindings:
    """What the static tools found, and how each ran (by tool name)."""

    lint: list[LintIssue] = field(default_factory=list)
    unformatted: list[str] | None = None
    type_errors: list[LintIssue] = field(default_factory=list)
    security: list[LintIssue] = field(default_factory=list)
    complexity: dict[str, int] = field(default_factory=dict)
    runs: dict[str, ToolRun] = field(default_factory=dict)

    def tool_runs(self) -> list[ToolRun]:
        return [self.runs[name] for name in TOOLS if name in self.runs]


@dataclass(frozen=True)
class StaticPlan:
    """Where and how to run the static tools."""

    runner: SandboxRunner
    layout: ProjectLayout
    out: Path  # writable folder for reports
    mypy_cache: Path
    commands: Mapping[str, Sequence[str]]  # tool -> command, instead of `python -m TOOL`
    timeout_s: float

    def command(self, tool: str) -> list[str]:
        default = [str(self.layout.tool_python), "-m", tool]
        return list(self.commands.get(tool, default))


def _skipped(tool: str, why: str) -> ToolRun:
    return ToolRun(tool=tool, status=ToolStatus.SKIPPED, detail=why)


def run_static(plan: StaticPlan) -> StaticFindings:
    """Run every static tool that has something to look at."""
    layout, found = plan.layout, StaticFindings()
    source = list(layout.source_dirs)
    linted = [p for p in (*source, *layout.test_dirs) if (layout.root / p).exists()]
    readable = layout.tools.readable
    ctx = ToolContext(plan.runner, layout.root, readable=readable, writable=(plan.out,))
    project_python = layout.python.path
    if layout.python.is_own or not project_python.exists():
        mypy_python, mypy_readable = None, readable
    else:
        mypy_python, mypy_readable = project_python, (*readable, *layout.python.readable)
    mypy_ctx = ToolContext(
        plan.runner, layout.root, readable=mypy_readable, writable=(plan.mypy_cache,)
    )
    t = plan.timeout_s

    def ruff_check() -> None:
        found.lint, found.runs["ruff"] = ruff_runner.run_check(
            ctx, plan.command("ruff"), linted, t, plan.out / "ruff.json"
        )

    def ruff_format() -> None:
        found.unformatted, found.runs["ruff-format"] = ruff_runner.run_format(
            ctx, plan.command("ruff"), linted, t
        )

    def mypy() -> None:
        found.type_errors, found.runs["mypy"] = mypy_runner.run_mypy(
            mypy_ctx, plan.command("mypy"), source, t,
            cache_dir=plan.mypy_cache, python_executable=mypy_python,
        )  # fmt: skip

    def bandit() -> None:
        found.security, found.runs["bandit"] = bandit_runner.run_bandit(
            ctx, plan.command("bandit"), source, t, plan.out / "bandit.json"
        )

    def radon() -> None:
        found.complexity, found.runs["radon"] = radon_runner.run_radon(
            ctx, plan.command("radon"), source, t, plan.out / "radon.json"
        )

    jobs: list[Callable[[], None]] = []
    if source:
        jobs += [mypy, bandit, radon]
    else:
        found.runs.update({n: _skipped(n, "no source files found") for n in TOOLS[2:]})
    if linted:
        jobs[1:1] = [ruff_check, ruff_format]
    else:
        found.runs.update({n: _skipped(n, "no Python files found") for n in TOOLS[:2]})
    plan.out.mkdir(parents=True, exist_ok=True)
    plan.mypy_cache.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=STATIC_WORKERS) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()
    return found
