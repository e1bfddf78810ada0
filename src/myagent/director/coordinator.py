"""The Agent Coordinator: hands tasks to agents over the bus and collects candidates.

The agents able to do a task are asked in order until one proposes something: the
agent the planner named first, then the others in registry order. With a
`LearningEngine` that order is re-sorted (stably) by each agent's learned success on
the task's kind, and every outcome teaches it: a candidate the ratchet accepted is a
success of its agent, a rejected one or no candidate at all a failure.
"""

from __future__ import annotations

from collections.abc import Sequence

from myagent.agents.base import Agent, AgentContext
from myagent.bus import MessageBus
from myagent.learning.engine import LearningEngine
from myagent.memory.patterns import Problem
from myagent.protocol import Candidate, MessageType, Task, Verdict

COORDINATOR = "coordinator"


class Coordinator:
    def __init__(
        self, agents: Sequence[Agent], bus: MessageBus, learning: LearningEngine | None = None
    ) -> None:
        self._agents = list(agents)
        self._bus = bus
        self.learning = learning
        self._kinds: dict[str, str] = {}  # candidate id -> task kind, until its verdict

    def agents_for(self, task: Task) -> list[Agent]:
        """The agents to ask for `task`, in order (none when the named agent cannot do it)."""
        able = [a for a in self._agents if a.can_handle(task)]
        if not any(a.name == task.agent for a in able):
            return []
        ordered = sorted(able, key=lambda a: a.name != task.agent)
        if self.learning is None:
            return ordered
        return self.learning.rank_by(Problem.task(task.kind), ordered, lambda a: a.name)

    def agent_for(self, task: Task) -> Agent | None:
        return next(iter(self.agents_for(task)), None)

    def can_handle(self, task: Task) -> bool:
        return self.agent_for(task) is not None

    def learn(self, candidate: Candidate, verdict: Verdict, commit: str | None) -> None:
        """Tell the agent that proposed `candidate` what the ratchet decided."""
        agent = next((a for a in self._agents if a.name == candidate.agent), None)
        if agent is not None:
            agent.learn(candidate, verdict, commit)
        kind = self._kinds.pop(candidate.id, None)
        if self.learning is not None and kind is not None:
            if verdict.accepted:
                self.learning.learn_from_success(Problem.task(kind), candidate.agent)
            else:
                self.learning.learn_from_failure(Problem.task(kind), candidate.agent)

    def propose(self, task: Task, ctx: AgentContext) -> list[Candidate]:
        """Send `task` to its agents in order; return the first candidates proposed."""
        for agent in self.agents_for(task):
            candidates = self._ask(agent, task, ctx)
            if candidates:
                self._kinds.update((c.id, task.kind) for c in candidates)
                return candidates
            if self.learning is not None:
                self.learning.learn_from_failure(Problem.task(task.kind), agent.name)
        return []

    def _ask(self, agent: Agent, task: Task, ctx: AgentContext) -> list[Candidate]:
        self._bus.send(
            MessageType.TASK,
            COORDINATOR,
            agent.name,
            task.model_dump(mode="json"),
            priority=task.priority,
            correlation_id=task.id,
        )
        candidates = agent.propose(task, ctx)
        self._bus.send(
            MessageType.RESULT,
            agent.name,
            COORDINATOR,
            {
                "task": task.id,
                "candidates": [
                    {
                        "id": c.id,
                        "strategy": c.strategy,
                        "summary": c.summary,
                        "files": [e.path for e in c.edits],
                    }
                    for c in candidates
                ],
            },
            priority=task.priority,
            correlation_id=task.id,
        )
        return candidates
