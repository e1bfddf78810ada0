"""Fakes for unit tests of agents: a `TestRunner` with no sandbox and no pytest, and
an `AgentContext` built around it (`unit_context`).

Subclass `FakeTestRunner` and say what one run gives in `respond`; every call is
recorded in `calls`:

    class AllPass(FakeTestRunner):
        def respond(self, run: RunRequest) -> list[TestOutcome]:
            return [TestOutcome(nodeid=n, status=TestStatus.PASSED) for n in run.nodeids or []]

`run_tests_only` and `run_selected` both end in `respond`, so a fake answers the same
whichever an agent calls; a plain list of outcomes is a result with no coverage data.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from myagent.agents.base import AgentContext, ToolEnv
from myagent.config import ProjectSettings
from myagent.protocol import QualityReport, TestOutcome
from myagent.quality.tests_runner import TestsResult
from myagent.sandbox.runner import SandboxPolicy, SandboxRunner
from myagent.sandbox.unsandboxed import UnsandboxedRunner


@dataclass(frozen=True)
class RunRequest:
    """One call of the runner, as the agent made it."""

    workspace: Path
    nodeids: list[str] | None  # None: the whole suite
    timeout_s: float | None
    test_timeout_s: float | None
    coverage: bool


@dataclass
class FakeTestRunner(ABC):
    """A `TestRunner` whose runs are answered by `respond` (see the module docstring)."""

    calls: list[RunRequest] = field(default_factory=list, init=False)

    @abstractmethod
    def respond(self, run: RunRequest) -> TestsResult | Sequence[TestOutcome]:
        """What the run `run` gives."""

    def run_selected(
        self,
        workspace: Path,
        nodeids: Sequence[str] | None,
        *,
        timeout_s: float | None = None,
        test_timeout_s: float | None = None,
        coverage: bool = False,
    ) -> TestsResult:
        chosen = None if nodeids is None else list(nodeids)
        run = RunRequest(workspace, chosen, timeout_s, test_timeout_s, coverage)
        self.calls.append(run)
        answer = self.respond(run)
        if isinstance(answer, TestsResult):
            return answer
        return TestsResult(tests=list(answer), coverage=None, runs=[])

    def run_tests_only(
        self,
        workspace: Path,
        nodeids: Sequence[str] | None,
        *,
        timeout_s: float | None = None,
        test_timeout_s: float | None = None,
        coverage: bool = False,
    ) -> list[TestOutcome]:
        return self.run_selected(
            workspace,
            nodeids,
            timeout_s=timeout_s,
            test_timeout_s=test_timeout_s,
            coverage=coverage,
        ).tests


class NoTests(FakeTestRunner):
    """For agents that must not run tests: any run fails the test."""

    def respond(self, run: RunRequest) -> list[TestOutcome]:
        raise AssertionError(f"this agent should run no tests (asked for {run.nodeids})")


def unit_context(
    workspace: Path,
    tests: FakeTestRunner | None = None,
    *,
    report: QualityReport | None = None,
    settings: ProjectSettings | None = None,
    runner: SandboxRunner | None = None,
    source_dirs: tuple[str, ...] = ("src",),
    test_dirs: tuple[str, ...] = ("tests",),
    **extra: Any,
) -> AgentContext:
    """An `AgentContext` for a unit test: project code runs unsandboxed, the tools'
    interpreter is `python3`, default settings, and no test may run unless `tests` is
    given; `extra` sets the other fields (`run_id`, `attempts`, `recall`, ...)."""
    return AgentContext(
        workspace=workspace,
        report=report or QualityReport(),
        settings=settings or ProjectSettings(),
        runner=runner or UnsandboxedRunner(SandboxPolicy()),
        tools=ToolEnv(python=Path("python3"), readable=()),
        source_dirs=source_dirs,
        test_dirs=test_dirs,
        tests=tests or NoTests(),
        **extra,
    )
