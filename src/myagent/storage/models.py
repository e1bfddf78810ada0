"""The ledger's run tables as typed SQLAlchemy declarative models.

The schema itself is created by the Alembic migrations in `storage/migrations/`; a
test checks that the migrations and the models agree (`storage.schema` gathers these
with the error graph's and the pattern store's tables). These classes never leave
`myagent.storage`: repositories turn rows into the frozen records of `storage.records`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from myagent.storage.base import Base

RUN_STATUSES = ("running", "gates_met", "budget_exhausted", "stalled", "error")


def _now() -> datetime:
    return datetime.now(UTC)


def _run_fk() -> Mapped[str]:
    return mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)


class Project(Base):
    """A project folder MyAgent works on; runs of the same folder share it."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    root: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=_now)


class Run(Base):
    """One `myagent run`: its branch, its outcome and its counters."""

    __tablename__ = "runs"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in RUN_STATUSES) + ")", name="status"
        ),
    )

    id: Mapped[str] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    branch: Mapped[str]
    base_commit: Mapped[str]
    head_commit: Mapped[str]
    status: Mapped[str] = mapped_column(default="running")
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)
    llm_model: Mapped[str]
    started_at: Mapped[datetime] = mapped_column(default=_now, index=True)
    ended_at: Mapped[datetime | None]
    iterations: Mapped[int] = mapped_column(default=0)
    accepted: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)


class Iteration(Base):
    """One turn of the Director's loop within a run."""

    __tablename__ = "iterations"
    __table_args__ = (UniqueConstraint("run_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = _run_fk()
    number: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=_now)
    ended_at: Mapped[datetime | None]
    score: Mapped[float | None] = mapped_column(Float)
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Action(Base):
    """What an agent did, with the metrics before and after and the ratchet's verdict."""

    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = _run_fk()
    iteration: Mapped[int]
    agent: Mapped[str]
    action: Mapped[str]
    task_id: Mapped[str | None]
    candidate_id: Mapped[str | None]
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    metrics_before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    metrics_after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    accepted: Mapped[bool | None] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(default="")
    created_at: Mapped[datetime] = mapped_column(default=_now)


class Message(Base):
    """An `AgentMessage` as it went over the bus."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = _run_fk()
    type: Mapped[str]
    sender: Mapped[str]
    recipient: Mapped[str]
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    priority: Mapped[int]
    timestamp: Mapped[datetime]
    correlation_id: Mapped[str] = mapped_column(index=True)


class Milestone(Base):
    """The first time a gate was met in a run (at most one row per run and gate)."""

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("run_id", "gate"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = _run_fk()
    gate: Mapped[str]
    value: Mapped[float] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    iteration: Mapped[int]
    commit: Mapped[str]
    reached_at: Mapped[datetime] = mapped_column(default=_now)


class Checkpoint(Base):
    """An accepted change: a commit on the run branch (one row per run and commit)."""

    __tablename__ = "checkpoints"
    __table_args__ = (UniqueConstraint("run_id", "commit"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = _run_fk()
    iteration: Mapped[int]
    commit: Mapped[str]
    parent: Mapped[str]
    summary: Mapped[str] = mapped_column(default="")
    candidate_id: Mapped[str | None]
    created_at: Mapped[datetime] = mapped_column(default=_now)


class Rollback(Base):
    """The run branch moved back; the abandoned head is kept under `preserved_ref`."""

    __tablename__ = "rollbacks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = _run_fk()
    from_commit: Mapped[str]
    to_commit: Mapped[str]
    reason: Mapped[str] = mapped_column(default="")
    preserved_ref: Mapped[str] = mapped_column(default="")
    created_at: Mapped[datetime] = mapped_column(default=_now)


class ScoreHistory(Base):
    """The quality score (0-100) and gate metrics after an iteration (one row each)."""

    __tablename__ = "score_history"
    __table_args__ = (UniqueConstraint("run_id", "iteration"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = _run_fk()
    iteration: Mapped[int]
    score: Mapped[float] = mapped_column(Float)
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=_now)
