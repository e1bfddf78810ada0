"""LLM budgets hold for the whole run, across a kill and `--resume`.

A Director on a real git project and a real SQLite ledger, with fakes for the rest: a
measurer that always finds one lint error, and an agent that calls a `FunctionLLM`
through the run's `BudgetedLLM` once per task. The first session is killed (an
interrupt escapes the loop, as `kill` leaves it); the resumed session gets a fresh
meter, as a new `myagent run --resume` process does.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from myagent.agents.base import AgentContext, ToolEnv
from myagent.agents.testing import FakeTestRunner, RunRequest
from myagent.bus import MessageBus
from myagent.config import SandboxConfig, load_settings
from myagent.director.llm_record import recorded_usage
from myagent.director.loop import Director, ProjectEnv
from myagent.director.outcome import RunOutcome, RunStatus
from myagent.llm.budget import BudgetedLLM, LlmBudget, UsageMeter
from myagent.llm.provider import ChatMessage, LLMError
from myagent.llm.testing import FunctionLLM
from myagent.memory.ledger import Ledger
from myagent.project import open_ledger
from myagent.protocol import Candidate, QualityReport, Task, TestOutcome, Verdict
from myagent.sandbox.factory import make_runner

MakeProject = Callable[[Path, dict[str, str]], Path]
PROMPT = [ChatMessage("user", "x" * 40)]  # 10 estimated tokens
MAX_TOKENS = 20  # so a call reserves 30 tokens and uses 10 + 1
CONFIG = """\
[gates]
lint_errors = 0

[budget]
max_iterations = 50
stall_iterations = 50
"""


class OneLintError(FakeTestRunner):
    """A measurer that finds one lint error in every tree (and runs no test)."""

    def measure(
        self, workspace: Path, commit: str = "", reference: QualityReport | None = None
    ) -> QualityReport:
        return QualityReport(commit=commit, metrics={"lint_errors": 1.0}, score=50.0)

    def respond(self, run: RunRequest) -> list[TestOutcome]:
        return []


class CallingAgent:
    """Asks the model once per task; after `kill_after` calls it is killed."""

    name = "coder"

    def __init__(self, llm: BudgetedLLM, kill_after: int | None = None) -> None:
        self.llm = llm
        self.kill_after = kill_after

    def can_handle(self, task: Task) -> bool:
        return task.kind == "lint_fix"

    def learn(self, candidate: Candidate, verdict: Verdict, commit: str | None) -> None:
        return None

    def propose(self, task: Task, ctx: AgentContext) -> list[Candidate]:
        try:
            self.llm.complete(PROMPT, max_tokens=MAX_TOKENS)
        except LLMError as exc:
            ctx.log.note(f"llm call failed: {exc}")
        if self.kill_after is not None and self.model.calls >= self.kill_after:
            raise KeyboardInterrupt  # the process dies here, mid-iteration
        return []

    @property
    def model(self) -> FunctionLLM:
        inner = self.llm.inner
        assert isinstance(inner, FunctionLLM)
        return inner


def session(
    root: Path, ledger: Ledger, max_tokens: int, kill_after: int | None, resume: bool
) -> tuple[Director, CallingAgent, UsageMeter, RunOutcome | None]:
    """One `myagent run` process: a fresh meter and model, the same ledger."""
    settings = load_settings(root, environ={}, overrides={"budget": {"max_tokens": max_tokens}})
    meter = UsageMeter()
    budget = LlmBudget(max_tokens=max_tokens, max_seconds=settings.budget.max_minutes * 60)
    llm = BudgetedLLM(FunctionLLM(lambda _: "abc", model="fake"), budget, meter, "coder")
    agent = CallingAgent(llm, kill_after)
    env = ProjectEnv((), (), ToolEnv(python=Path(sys.executable), readable=()))
    director = Director(
        root, settings, ledger, make_runner(SandboxConfig(enabled=False)), OneLintError(),
        [agent], MessageBus(), env, llm_usage=meter,
    )  # fmt: skip
    try:
        outcome = director.run(resume=resume)
    except KeyboardInterrupt:
        outcome = None
    return director, agent, meter, outcome


def test_a_resumed_run_counts_the_tokens_used_before_the_kill(
    tmp_path: Path, make_project: MakeProject
) -> None:
    root = make_project(tmp_path / "p", {"p.py": "x = 1\n", "myagent.toml": CONFIG})
    ledger = open_ledger(root, load_settings(root, environ={}))

    started = time.monotonic()
    _, first, _, killed = session(root, ledger, 10_000, kill_after=3, resume=False)
    first_seconds = time.monotonic() - started

    assert killed is None and first.model.calls == 3
    run = ledger.latest_run(ledger.ensure_project(root, root.name))
    assert run is not None and run.status == "running"  # as a killed run leaves it
    before = recorded_usage(ledger.actions(run.id))  # every call, the last one included
    used = before.total.tokens
    assert before.by_agent["coder"].calls == 3 and used == 3 * 11

    limit = used + 35  # room for one more call (30 reserved, 11 used), not for two
    _, second, meter, outcome = session(root, ledger, limit, kill_after=None, resume=True)

    assert outcome is not None and outcome.run_id == run.id
    assert outcome.status == RunStatus.BUDGET_EXHAUSTED
    assert outcome.reason.startswith(f"LLM token budget spent (max_tokens {limit}")
    assert second.model.calls <= 1  # at most one more call after the resume
    after = recorded_usage(ledger.actions(run.id))
    assert after.total.tokens <= limit  # the whole run stayed within the budget
    assert after.total.calls == 3 + second.model.calls
    reported, recorded = outcome.llm_usage["coder"], after.by_agent["coder"]
    assert (reported.calls, reported.tokens) == (recorded.calls, recorded.tokens)  # whole run
    assert meter.elapsed() >= first_seconds * 0.5  # the first session's time counts too


def test_a_resumed_run_with_the_budget_already_spent_makes_no_call(
    tmp_path: Path, make_project: MakeProject
) -> None:
    root = make_project(tmp_path / "p", {"p.py": "x = 1\n", "myagent.toml": CONFIG})
    ledger = open_ledger(root, load_settings(root, environ={}))
    session(root, ledger, 10_000, kill_after=2, resume=False)
    used = 2 * 11

    _, second, _, outcome = session(root, ledger, used + 5, kill_after=None, resume=True)

    assert outcome is not None and outcome.status == RunStatus.BUDGET_EXHAUSTED
    assert second.model.calls == 0
    assert outcome.llm_total.tokens == used
