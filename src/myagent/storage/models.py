"""The ledger schema as typed SQLAlchemy declarative models.

The schema itself is created by the Alembic migrations in `storage/migrations/`; a
test checks that the migrations and these models agree. These classes never leave
`myagent.storage`: repositories turn rows into the frozen records of `storage.records`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from myagent.storage.types import CleanText, UtcDateTime

RUN_STATUSES = ("running", "gates_met", "budget_exhausted", "stalled", "error")

# Deterministic constraint names, so later migrations can refer to them on both backends.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base: every model shares one metadata with the naming convention."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {str: CleanText(), datetime: UtcDateTime(), dict[str, Any]: JSON()}


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


# The error knowledge graph's tables live in their own module; importing it here puts
# them on `Base.metadata`, which the migrations and their check compare against.
from myagent.storage import error_graph_models as _error_graph_models  # noqa: E402, F401
from myagent.storage import pattern_models as _pattern_models  # noqa: E402, F401
