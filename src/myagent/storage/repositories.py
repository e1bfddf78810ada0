"""Projects, runs and iterations. The caller owns the session and the transaction.

Every function takes an open `Session` and returns records from `storage.records`
(never ORM rows). Writes a resumed run may repeat are idempotent: they use the
backend's `INSERT ... ON CONFLICT`, which SQLite and PostgreSQL both have.
Actions, messages, milestones, checkpoints, rollbacks and scores: `run_events`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from myagent.errors import StorageError
from myagent.storage import models
from myagent.storage.base import Base
from myagent.storage.records import IterationRecord, ProjectRecord, RunRecord


class UnknownRunError(StorageError, LookupError):
    """A ledger write named a run that does not exist (a bug in the caller)."""


class RunExistsError(StorageError):
    """`start_run` was called with the id of a run that already exists."""


def now() -> datetime:
    return datetime.now(UTC)


def insert_for(session: Session, model: type[Base]) -> SqliteInsert | PgInsert:
    """An INSERT with `on_conflict_*` for the session's backend."""
    if session.get_bind().dialect.name == "postgresql":
        return pg_insert(model)
    return sqlite_insert(model)


# --------------------------------------------------------------------------- projects


def ensure_project(session: Session, root: str, name: str) -> int:
    """The id of the project at `root`, created on first use (safe against races)."""
    stmt = insert_for(session, models.Project).values(root=root, name=name, created_at=now())
    session.execute(stmt.on_conflict_do_nothing(index_elements=["root"]))
    return session.scalars(select(models.Project.id).where(models.Project.root == root)).one()


def find_project(session: Session, root: str) -> ProjectRecord | None:
    row = session.scalars(select(models.Project).where(models.Project.root == root)).first()
    return None if row is None else ProjectRecord.of(row)


def get_project(session: Session, project_id: int) -> ProjectRecord | None:
    row = session.get(models.Project, project_id)
    return None if row is None else ProjectRecord.of(row)


# --------------------------------------------------------------------------- runs


def require_run(session: Session, run_id: str) -> models.Run:
    row = session.get(models.Run, run_id)
    if row is None:
        raise UnknownRunError(f"no run {run_id!r} in the ledger")
    return row


def insert_run(
    session: Session,
    project_id: int,
    run_id: str,
    branch: str,
    base_commit: str,
    llm_model: str,
    config: dict[str, Any],
) -> RunRecord:
    """A new run, status running, its head at `base_commit`."""
    if session.get(models.Run, run_id) is not None:
        raise RunExistsError(f"run {run_id!r} already exists in the ledger")
    if session.get(models.Project, project_id) is None:
        raise StorageError(f"no project {project_id} in the ledger")
    run = models.Run(
        id=run_id,
        project_id=project_id,
        branch=branch,
        base_commit=base_commit,
        head_commit=base_commit,
        status="running",
        config=config,
        llm_model=llm_model,
        started_at=now(),
        iterations=0,
        accepted=0,
        rejected=0,
    )
    session.add(run)
    session.flush()
    return RunRecord.of(run)


def get_run(session: Session, run_id: str) -> RunRecord | None:
    row = session.get(models.Run, run_id)
    return None if row is None else RunRecord.of(row)


def list_runs(session: Session, project_id: int) -> list[RunRecord]:
    stmt = (
        select(models.Run)
        .where(models.Run.project_id == project_id)
        .order_by(models.Run.started_at, models.Run.id)
    )
    return [RunRecord.of(r) for r in session.scalars(stmt)]


def latest_run(session: Session, project_id: int) -> RunRecord | None:
    stmt = (
        select(models.Run)
        .where(models.Run.project_id == project_id)
        .order_by(models.Run.started_at.desc(), models.Run.id.desc())
        .limit(1)
    )
    row = session.scalars(stmt).first()
    return None if row is None else RunRecord.of(row)


def update_run(session: Session, run_id: str, changes: Mapping[str, Any]) -> RunRecord:
    row = require_run(session, run_id)
    for key, value in changes.items():
        setattr(row, key, value)
    session.flush()
    return RunRecord.of(row)


# --------------------------------------------------------------------------- iterations


def begin_iteration(session: Session, run_id: str, number: int) -> None:
    """Start (or, after a resume, restart) iteration `number` of a run."""
    require_run(session, run_id)
    fresh: dict[str, Any] = {"started_at": now(), "ended_at": None, "score": None, "metrics": {}}
    stmt = insert_for(session, models.Iteration).values(run_id=run_id, number=number, **fresh)
    session.execute(stmt.on_conflict_do_update(index_elements=["run_id", "number"], set_=fresh))


def end_iteration(
    session: Session, run_id: str, number: int, score: float | None, metrics: Mapping[str, Any]
) -> None:
    """Close iteration `number` with its score (creates the row if it was never begun)."""
    require_run(session, run_id)
    ended = {"ended_at": now(), "score": score, "metrics": dict(metrics)}
    stmt = insert_for(session, models.Iteration).values(
        run_id=run_id, number=number, started_at=now(), **ended
    )
    session.execute(stmt.on_conflict_do_update(index_elements=["run_id", "number"], set_=ended))


def iterations(session: Session, run_id: str) -> list[IterationRecord]:
    stmt = (
        select(models.Iteration)
        .where(models.Iteration.run_id == run_id)
        .order_by(models.Iteration.number)
    )
    return [IterationRecord.of(r) for r in session.scalars(stmt)]
