"""The Coordinator asks the agents able to do a task in the order of their learned
success on that kind of task, and every verdict teaches it."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from myagent.agents.base import AgentContext
from myagent.bus import MessageBus
from myagent.director.coordinator import Coordinator
from myagent.learning.engine import LearningEngine
from myagent.memory.patterns import Problem
from myagent.protocol import Candidate, FileEdit, Task, Verdict

TASK = Task(kind="refactor", agent="coder", gate="max_complexity")
CTX = cast(AgentContext, object())  # the fake agents never read it
REFACTOR = Problem.task("refactor")


class FakeAgent:
    def __init__(self, name: str, proposes: bool = True) -> None:
        self.name = name
        self.proposes = proposes
        self.asked = 0
        self.verdicts: list[bool] = []

    def can_handle(self, task: Task) -> bool:
        return task.kind == "refactor"

    def propose(self, task: Task, ctx: AgentContext) -> list[Candidate]:
        self.asked += 1
        if not self.proposes:
            return []
        edit = FileEdit(path="m.py", content=f"# by {self.name}\n")
        return [Candidate(task_id=task.id, agent=self.name, summary="split f", edits=[edit])]

    def learn(self, candidate: Candidate, verdict: Verdict, commit: str | None) -> None:
        self.verdicts.append(verdict.accepted)


def _coordinator(agents: list[FakeAgent], engine: LearningEngine | None) -> Coordinator:
    return Coordinator(agents, MessageBus(), learning=engine)  # type: ignore[arg-type]


def test_the_named_agent_goes_first_without_evidence(engine: LearningEngine) -> None:
    coder, architect = FakeAgent("coder"), FakeAgent("architect")
    for learning in (None, engine):
        coordinator = _coordinator([architect, coder], learning)
        assert [a.name for a in coordinator.agents_for(TASK)] == ["coder", "architect"]
    other = Task(kind="refactor", agent="tester", gate="max_complexity")
    assert _coordinator([architect, coder], engine).agents_for(other) == []  # as before


def test_learned_success_reorders_the_agents_and_verdicts_teach_it(
    engine: LearningEngine,
) -> None:
    coder, architect = FakeAgent("coder"), FakeAgent("architect")
    coordinator = _coordinator([coder, architect], engine)
    (first,) = coordinator.propose(TASK, CTX)
    coordinator.learn(first, Verdict(accepted=False, reason="complexity unchanged"), None)
    assert first.agent == "coder" and coder.verdicts == [False]
    engine.learn_from_success(REFACTOR, "architect")
    assert [a.name for a in coordinator.agents_for(TASK)] == ["architect", "coder"]
    (second,) = coordinator.propose(TASK, CTX)
    coordinator.learn(second, Verdict(accepted=True, reason="complexity 18 -> 9"), "abc")
    assert second.agent == "architect" and architect.verdicts == [True]
    stats = engine.stats(REFACTOR)
    assert (stats["coder"].failures, stats["architect"].successes) == (1, 2)


def test_an_agent_with_nothing_to_propose_hands_over_and_counts_a_failure(
    engine: LearningEngine, tmp_path: Path
) -> None:
    coder, architect = FakeAgent("coder", proposes=False), FakeAgent("architect")
    (candidate,) = _coordinator([coder, architect], engine).propose(TASK, CTX)
    assert candidate.agent == "architect" and (coder.asked, architect.asked) == (1, 1)
    assert engine.stats(REFACTOR)["coder"].failures == 1
