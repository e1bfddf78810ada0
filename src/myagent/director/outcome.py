"""What a run produced: the values the CLI, the JSON report and the HTML report read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from myagent.llm.budget import AgentUsage
from myagent.protocol import GateResult, QualityReport


class RunStatus(StrEnum):
    RUNNING = "running"
    GATES_MET = "gates_met"
    BUDGET_EXHAUSTED = "budget_exhausted"
    STALLED = "stalled"
    ERROR = "error"


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    status: RunStatus
    reason: str  # one line: why the run stopped
    iterations: int
    gates: list[GateResult]
    branch: str
    base: str
    head: str
    accepted: int
    rejected: int
    duration_s: float  # the run's working time, earlier sessions (before --resume) included
    report: QualityReport
    unaddressed: list[str] = field(default_factory=list)
    validated: int = 0  # candidate changes checked in the sandbox, in this invocation
    llm_model: str = "none"
    llm_usage: dict[str, AgentUsage] = field(default_factory=dict)  # per agent, whole run

    @property
    def llm_total(self) -> AgentUsage:
        return sum(self.llm_usage.values(), AgentUsage())

    @property
    def llm_calls(self) -> int:
        return self.llm_total.calls

    @property
    def llm_tokens(self) -> int:
        return self.llm_total.tokens

    @property
    def llm_cost_usd(self) -> float:
        return self.llm_total.cost_usd

    def to_json(self) -> dict[str, Any]:
        """The `--json-report` document (ARCHITECTURE.md section 5)."""
        return {
            "run_id": self.run_id,
            "status": self.status.value,
            "reason": self.reason,
            "iterations": self.iterations,
            "gates": {
                g.name: {"target": g.target, "value": g.value, "met": g.met} for g in self.gates
            },
            "score": self.report.score,
            "branch": self.branch,
            "base": self.base,
            "head": self.head,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "candidates_validated": self.validated,
            "duration_s": round(self.duration_s, 3),
            "unaddressed": self.unaddressed,
            "tools": {
                t.tool: {"status": t.status.value, "detail": t.detail} for t in self.report.tools
            },
            "llm": {
                "model": self.llm_model,
                "calls": self.llm_calls,
                "tokens": self.llm_tokens,
                "cost_usd": round(self.llm_cost_usd, 6),
                "by_agent": {name: u.to_json() for name, u in sorted(self.llm_usage.items())},
            },
        }
