"""The Agent Coordinator: hands tasks to agents over the bus and collects candidates."""

from __future__ import annotations

from collections.abc import Sequence

from myagent.agents.base import Agent, AgentContext
from myagent.bus import MessageBus
from myagent.protocol import Candidate, MessageType, Task, Verdict

COORDINATOR = "coordinator"


class Coordinator:
    def __init__(self, agents: Sequence[Agent], bus: MessageBus) -> None:
        self._agents = list(agents)
        self._bus = bus

    def agent_for(self, task: Task) -> Agent | None:
        return next((a for a in self._agents if a.name == task.agent and a.can_handle(task)), None)

    def can_handle(self, task: Task) -> bool:
        return self.agent_for(task) is not None

    def learn(self, candidate: Candidate, verdict: Verdict, commit: str | None) -> None:
        """Tell the agent that proposed `candidate` what the ratchet decided."""
        agent = next((a for a in self._agents if a.name == candidate.agent), None)
        if agent is not None:
            agent.learn(candidate, verdict, commit)

    def propose(self, task: Task, ctx: AgentContext) -> list[Candidate]:
        """Send `task` to its agent and return the candidates it proposes."""
        agent = self.agent_for(task)
        if agent is None:
            return []
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
