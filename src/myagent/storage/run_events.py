"""What happens in a run: actions, messages, milestones, checkpoints, rollbacks, scores.

The caller owns the session and the transaction; functions return frozen records.
Milestones and checkpoints are recorded once (a repeat is a no-op); a score recorded
again for the same iteration replaces the old one (a resumed run redoes it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from myagent.protocol import AgentMessage
from myagent.storage import models
from myagent.storage.records import (
    ActionRecord,
    CheckpointRecord,
    MessageRecord,
    MilestoneRecord,
    RollbackRecord,
    ScoreRecord,
)
from myagent.storage.repositories import insert_for, now, require_run
from myagent.storage.types import json_object

# --------------------------------------------------------------------------- actions, messages


def insert_action(session: Session, values: Mapping[str, Any]) -> int:
    """Record one agent action (values: the `models.Action` columns); returns its id."""
    require_run(session, str(values["run_id"]))
    action = models.Action(created_at=now(), **values)
    session.add(action)
    session.flush()
    return action.id


def actions(session: Session, run_id: str) -> list[ActionRecord]:
    stmt = select(models.Action).where(models.Action.run_id == run_id).order_by(models.Action.id)
    return [ActionRecord.of(r) for r in session.scalars(stmt)]


def insert_message(session: Session, run_id: str, msg: AgentMessage) -> int:
    """Store a bus message; its payload as pydantic's JSON form (unknown types as str)."""
    require_run(session, run_id)
    payload = msg.model_dump(mode="json", fallback=str)["payload"]
    message = models.Message(
        run_id=run_id,
        type=msg.type.value,
        sender=msg.sender,
        recipient=msg.recipient,
        payload=json_object(payload),
        priority=msg.priority,
        timestamp=msg.timestamp,
        correlation_id=msg.correlation_id,
    )
    session.add(message)
    session.flush()
    return message.id


def messages(
    session: Session, run_id: str, correlation_id: str | None = None
) -> list[MessageRecord]:
    stmt = select(models.Message).where(models.Message.run_id == run_id)
    if correlation_id is not None:
        stmt = stmt.where(models.Message.correlation_id == correlation_id)
    return [MessageRecord.of(r) for r in session.scalars(stmt.order_by(models.Message.id))]


# --------------------------------------------------------------------------- milestones


def insert_milestone_once(session: Session, values: Mapping[str, Any]) -> bool:
    """Insert the milestone unless its gate was already met in that run; True if new."""
    require_run(session, str(values["run_id"]))
    stmt = insert_for(session, models.Milestone).values(reached_at=now(), **values)
    stmt = stmt.on_conflict_do_nothing(index_elements=["run_id", "gate"])
    inserted = session.execute(stmt.returning(models.Milestone.id)).first()
    return inserted is not None


def milestones(session: Session, run_id: str) -> list[MilestoneRecord]:
    stmt = (
        select(models.Milestone)
        .where(models.Milestone.run_id == run_id)
        .order_by(models.Milestone.id)
    )
    return [MilestoneRecord.of(r) for r in session.scalars(stmt)]


# --------------------------------------------------------------------------- checkpoints, rollbacks


def insert_checkpoint_once(session: Session, values: Mapping[str, Any]) -> bool:
    """Record a checkpoint commit; recording the same commit again is a no-op."""
    require_run(session, str(values["run_id"]))
    stmt = insert_for(session, models.Checkpoint).values(created_at=now(), **values)
    stmt = stmt.on_conflict_do_nothing(index_elements=["run_id", "commit"])
    return session.execute(stmt.returning(models.Checkpoint.id)).first() is not None


def checkpoints(session: Session, run_id: str) -> list[CheckpointRecord]:
    stmt = (
        select(models.Checkpoint)
        .where(models.Checkpoint.run_id == run_id)
        .order_by(models.Checkpoint.id)
    )
    return [CheckpointRecord.of(r) for r in session.scalars(stmt)]


def insert_rollback(session: Session, values: Mapping[str, Any]) -> int:
    """Record a rollback (values: the `models.Rollback` columns); returns its id."""
    require_run(session, str(values["run_id"]))
    rollback = models.Rollback(created_at=now(), **values)
    session.add(rollback)
    session.flush()
    return rollback.id


def rollbacks(session: Session, run_id: str) -> list[RollbackRecord]:
    stmt = (
        select(models.Rollback).where(models.Rollback.run_id == run_id).order_by(models.Rollback.id)
    )
    return [RollbackRecord.of(r) for r in session.scalars(stmt)]


# --------------------------------------------------------------------------- score history


def upsert_score(
    session: Session, run_id: str, iteration: int, score: float, metrics: Mapping[str, Any]
) -> None:
    """The score of an iteration; recording it again (after a resume) replaces it."""
    require_run(session, run_id)
    values = {"score": score, "metrics": dict(metrics), "created_at": now()}
    stmt = insert_for(session, models.ScoreHistory).values(
        run_id=run_id, iteration=iteration, **values
    )
    session.execute(stmt.on_conflict_do_update(index_elements=["run_id", "iteration"], set_=values))


def score_history(session: Session, run_id: str) -> list[ScoreRecord]:
    stmt = (
        select(models.ScoreHistory)
        .where(models.ScoreHistory.run_id == run_id)
        .order_by(models.ScoreHistory.iteration)
    )
    return [ScoreRecord.of(r) for r in session.scalars(stmt)]
