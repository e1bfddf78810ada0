"""A fake `TestRunner` for unit tests of agents: no sandbox, no pytest.

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

from myagent.protocol import TestOutcome
from myagent.quality.tests_runner import TestsResult


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
