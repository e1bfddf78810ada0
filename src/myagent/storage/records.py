"""Frozen records the ledger hands out: plain values, never live ORM rows.

Times are aware UTC datetimes. Metrics are `{gate metric: value}`; a metric stored as
null (it was NaN or infinite) reads back as absent, which is how `QualityReport`
spells "not measured".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from myagent.protocol import AgentMessage, MessageType
from myagent.storage import models

RunStatus = Literal["running", "gates_met", "budget_exhausted", "stalled", "error"]
HistoryKind = Literal[
    "run_started", "iteration", "action", "milestone", "checkpoint", "rollback", "run_ended"
]


def metrics_of(raw: dict[str, Any] | None) -> dict[str, float]:
    """Stored metrics as floats, dropping nulls and anything that is not a number."""
    if not raw:
        return {}
    return {
        str(k): float(v)
        for k, v in raw.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    id: int
    root: str
    name: str
    created_at: datetime

    @classmethod
    def of(cls, row: models.Project) -> ProjectRecord:
        return cls(id=row.id, root=row.root, name=row.name, created_at=row.created_at)


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: str
    project_id: int
    branch: str
    base_commit: str
    head_commit: str
    status: RunStatus
    config: dict[str, Any]
    llm_model: str
    started_at: datetime
    ended_at: datetime | None
    iterations: int
    accepted: int
    rejected: int

    @classmethod
    def of(cls, row: models.Run) -> RunRecord:
        status: RunStatus = row.status  # type: ignore[assignment]  # CHECK constraint
        return cls(
            id=row.id,
            project_id=row.project_id,
            branch=row.branch,
            base_commit=row.base_commit,
            head_commit=row.head_commit,
            status=status,
            config=dict(row.config or {}),
            llm_model=row.llm_model,
            started_at=row.started_at,
            ended_at=row.ended_at,
            iterations=row.iterations,
            accepted=row.accepted,
            rejected=row.rejected,
        )


@dataclass(frozen=True, slots=True)
class IterationRecord:
    run_id: str
    number: int
    started_at: datetime
    ended_at: datetime | None
    score: float | None
    metrics: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, row: models.Iteration) -> IterationRecord:
        return cls(
            run_id=row.run_id,
            number=row.number,
            started_at=row.started_at,
            ended_at=row.ended_at,
            score=row.score,
            metrics=metrics_of(row.metrics),
        )


@dataclass(frozen=True, slots=True)
class ActionRecord:
    id: int
    run_id: str
    iteration: int
    agent: str
    action: str
    task_id: str | None
    candidate_id: str | None
    details: dict[str, Any]
    metrics_before: dict[str, float]
    metrics_after: dict[str, float]
    accepted: bool | None
    reason: str
    created_at: datetime

    @classmethod
    def of(cls, row: models.Action) -> ActionRecord:
        return cls(
            id=row.id,
            run_id=row.run_id,
            iteration=row.iteration,
            agent=row.agent,
            action=row.action,
            task_id=row.task_id,
            candidate_id=row.candidate_id,
            details=dict(row.details or {}),
            metrics_before=metrics_of(row.metrics_before),
            metrics_after=metrics_of(row.metrics_after),
            accepted=row.accepted,
            reason=row.reason,
            created_at=row.created_at,
        )


@dataclass(frozen=True, slots=True)
class MessageRecord:
    id: int
    run_id: str
    type: str
    sender: str
    recipient: str
    payload: dict[str, Any]
    priority: int
    timestamp: datetime
    correlation_id: str

    @classmethod
    def of(cls, row: models.Message) -> MessageRecord:
        return cls(
            id=row.id,
            run_id=row.run_id,
            type=row.type,
            sender=row.sender,
            recipient=row.recipient,
            payload=dict(row.payload or {}),
            priority=row.priority,
            timestamp=row.timestamp,
            correlation_id=row.correlation_id,
        )

    def to_message(self) -> AgentMessage:
        """The `AgentMessage` again, for replay (payload as its JSON form)."""
        return AgentMessage(
            type=MessageType(self.type),
            sender=self.sender,
            recipient=self.recipient,
            payload=self.payload,
            priority=self.priority,
            timestamp=self.timestamp,
            correlation_id=self.correlation_id,
        )


@dataclass(frozen=True, slots=True)
class MilestoneRecord:
    run_id: str
    gate: str
    value: float
    target: float
    iteration: int
    commit: str
    reached_at: datetime

    @classmethod
    def of(cls, row: models.Milestone) -> MilestoneRecord:
        return cls(
            run_id=row.run_id,
            gate=row.gate,
            value=row.value,
            target=row.target,
            iteration=row.iteration,
            commit=row.commit,
            reached_at=row.reached_at,
        )


@dataclass(frozen=True, slots=True)
class CheckpointRecord:
    id: int
    run_id: str
    iteration: int
    commit: str
    parent: str
    summary: str
    candidate_id: str | None
    created_at: datetime

    @classmethod
    def of(cls, row: models.Checkpoint) -> CheckpointRecord:
        return cls(
            id=row.id,
            run_id=row.run_id,
            iteration=row.iteration,
            commit=row.commit,
            parent=row.parent,
            summary=row.summary,
            candidate_id=row.candidate_id,
            created_at=row.created_at,
        )


@dataclass(frozen=True, slots=True)
class RollbackRecord:
    id: int
    run_id: str
    from_commit: str
    to_commit: str
    reason: str
    preserved_ref: str
    created_at: datetime

    @classmethod
    def of(cls, row: models.Rollback) -> RollbackRecord:
        return cls(
            id=row.id,
            run_id=row.run_id,
            from_commit=row.from_commit,
            to_commit=row.to_commit,
            reason=row.reason,
            preserved_ref=row.preserved_ref,
            created_at=row.created_at,
        )


@dataclass(frozen=True, slots=True)
class ScoreRecord:
    run_id: str
    iteration: int
    score: float
    metrics: dict[str, float]
    created_at: datetime

    @classmethod
    def of(cls, row: models.ScoreHistory) -> ScoreRecord:
        return cls(
            run_id=row.run_id,
            iteration=row.iteration,
            score=row.score,
            metrics=metrics_of(row.metrics),
            created_at=row.created_at,
        )


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One line of a project's readable history across runs."""

    at: datetime
    run_id: str
    kind: HistoryKind
    iteration: int | None
    summary: str
