"""The Project Ledger: the Director's record of projects, runs and everything in them.

Every write is its own short transaction and is acknowledged only when its COMMIT has
returned, so a run killed with `kill -9` loses nothing a call has returned for. Writes
that a resumed run may repeat (iteration start/end, score, milestone, checkpoint) are
idempotent. Reads return frozen records, never ORM objects.

One `Ledger` may be used from any thread, one call at a time; several processes may
share one database (SQLite serialises writers, readers never wait in WAL mode).

    db = open_database(database_url(settings.state_dir(root), settings.database_url))
    ledger = Ledger(db)
    project_id = ledger.ensure_project(root, root.name)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, get_args

from myagent.protocol import AgentMessage
from myagent.storage import repositories as repo
from myagent.storage import run_events as events
from myagent.storage.db import Database
from myagent.storage.history import project_history
from myagent.storage.records import (
    ActionRecord,
    CheckpointRecord,
    HistoryEntry,
    HistoryKind,
    IterationRecord,
    MessageRecord,
    MilestoneRecord,
    ProjectRecord,
    RollbackRecord,
    RunRecord,
    RunStatus,
    ScoreRecord,
)
from myagent.storage.repositories import RunExistsError, UnknownRunError
from myagent.storage.types import json_object

__all__ = [
    "ActionRecord",
    "CheckpointRecord",
    "HistoryEntry",
    "HistoryKind",
    "IterationRecord",
    "Ledger",
    "MessageRecord",
    "MilestoneRecord",
    "ProjectRecord",
    "RollbackRecord",
    "RunExistsError",
    "RunRecord",
    "RunStatus",
    "ScoreRecord",
    "UnknownRunError",
]

_STATUSES: frozenset[str] = frozenset(get_args(RunStatus))


class Ledger:
    """Facade over the ledger database; see the module docstring."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------------ projects
    def ensure_project(self, root: Path, name: str) -> int:
        """The id of the project at `root` (resolved path), created on first use."""
        with self._db.writing() as s:
            return repo.ensure_project(s, str(root.resolve()), name)

    def find_project(self, root: Path) -> ProjectRecord | None:
        """The project at `root`, if MyAgent has worked on it before (creates nothing)."""
        with self._db.reading() as s:
            return repo.find_project(s, str(root.resolve()))

    def get_project(self, project_id: int) -> ProjectRecord | None:
        with self._db.reading() as s:
            return repo.get_project(s, project_id)

    # ------------------------------------------------------------------ runs
    def start_run(
        self,
        project_id: int,
        run_id: str,
        branch: str,
        base_commit: str,
        llm_model: str,
        config: Mapping[str, Any],
    ) -> RunRecord:
        """Record a new run (status running, head at `base_commit`).

        Raises `RunExistsError` if `run_id` is taken: a resumed run uses `get_run`.
        """
        with self._db.writing() as s:
            return repo.insert_run(
                s, project_id, run_id, branch, base_commit, llm_model, json_object(config)
            )

    def get_run(self, run_id: str) -> RunRecord | None:
        with self._db.reading() as s:
            return repo.get_run(s, run_id)

    def latest_run(self, project_id: int) -> RunRecord | None:
        """The most recently started run of a project."""
        with self._db.reading() as s:
            return repo.latest_run(s, project_id)

    def list_runs(self, project_id: int) -> list[RunRecord]:
        """A project's runs, oldest first."""
        with self._db.reading() as s:
            return repo.list_runs(s, project_id)

    def update_run(
        self,
        run_id: str,
        *,
        head_commit: str | None = None,
        status: RunStatus | None = None,
        ended: bool = False,
        iterations: int | None = None,
        accepted: int | None = None,
        rejected: int | None = None,
    ) -> RunRecord:
        """Change the given fields of a run; `ended=True` stamps `ended_at` now."""
        if status is not None and status not in _STATUSES:
            raise ValueError(f"unknown run status {status!r} (one of {sorted(_STATUSES)})")
        given = {
            "head_commit": head_commit,
            "status": status,
            "iterations": iterations,
            "accepted": accepted,
            "rejected": rejected,
        }
        changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
        if ended:
            changes["ended_at"] = repo.now()
        with self._db.writing() as s:
            return repo.update_run(s, run_id, changes)

    # ------------------------------------------------------------------ iterations
    def begin_iteration(self, run_id: str, number: int) -> None:
        """Start iteration `number`; calling it again (after a resume) restarts it."""
        with self._db.writing() as s:
            repo.begin_iteration(s, run_id, number)

    def end_iteration(
        self, run_id: str, number: int, score: float | None, metrics: Mapping[str, float]
    ) -> None:
        """Close iteration `number` with the score and gate metrics measured after it."""
        with self._db.writing() as s:
            repo.end_iteration(s, run_id, number, score, json_object(metrics))

    def iterations(self, run_id: str) -> list[IterationRecord]:
        with self._db.reading() as s:
            return repo.iterations(s, run_id)

    # ------------------------------------------------------------------ actions, messages
    def record_action(
        self,
        run_id: str,
        iteration: int,
        agent: str,
        action: str,
        details: Mapping[str, Any],
        metrics_before: Mapping[str, float],
        metrics_after: Mapping[str, float],
        accepted: bool | None,
        reason: str,
        task_id: str | None = None,
        candidate_id: str | None = None,
    ) -> int:
        """Record what an agent did and the verdict; returns the action's id."""
        values = {
            "run_id": run_id,
            "iteration": iteration,
            "agent": agent,
            "action": action,
            "task_id": task_id,
            "candidate_id": candidate_id,
            "details": json_object(details),
            "metrics_before": json_object(metrics_before),
            "metrics_after": json_object(metrics_after),
            "accepted": accepted,
            "reason": reason,
        }
        with self._db.writing() as s:
            return events.insert_action(s, values)

    def actions(self, run_id: str) -> list[ActionRecord]:
        with self._db.reading() as s:
            return events.actions(s, run_id)

    def record_message(self, run_id: str, msg: AgentMessage) -> int:
        """Record one bus message of a run; returns its ledger id."""
        with self._db.writing() as s:
            return events.insert_message(s, run_id, msg)

    def message_recorder(self, run_id: str) -> Callable[[AgentMessage], None]:
        """A bus handler that records every message of `run_id` (`bus.subscribe(...)`)."""

        def record(msg: AgentMessage) -> None:
            self.record_message(run_id, msg)

        return record

    def messages(self, run_id: str, correlation_id: str | None = None) -> list[MessageRecord]:
        """A run's messages in the order they were recorded."""
        with self._db.reading() as s:
            return events.messages(s, run_id, correlation_id)

    # ------------------------------------------------------------------ milestones
    def record_milestone(
        self, run_id: str, gate: str, value: float, target: float, iteration: int, commit: str
    ) -> bool:
        """Record that `gate` is met; only the first time per run counts. True if new."""
        values = {
            "run_id": run_id,
            "gate": gate,
            "value": value,
            "target": target,
            "iteration": iteration,
            "commit": commit,
        }
        with self._db.writing() as s:
            return events.insert_milestone_once(s, values)

    def milestones(self, run_id: str) -> list[MilestoneRecord]:
        with self._db.reading() as s:
            return events.milestones(s, run_id)

    # ------------------------------------------------------------------ checkpoints, rollbacks
    def record_checkpoint(
        self,
        run_id: str,
        iteration: int,
        commit: str,
        parent: str,
        summary: str,
        candidate_id: str | None,
    ) -> None:
        """Record an accepted commit; recording the same commit again is a no-op."""
        values = {
            "run_id": run_id,
            "iteration": iteration,
            "commit": commit,
            "parent": parent,
            "summary": summary,
            "candidate_id": candidate_id,
        }
        with self._db.writing() as s:
            events.insert_checkpoint_once(s, values)

    def checkpoints(self, run_id: str) -> list[CheckpointRecord]:
        """A run's checkpoints, oldest first."""
        with self._db.reading() as s:
            return events.checkpoints(s, run_id)

    def record_rollback(
        self, run_id: str, from_commit: str, to_commit: str, reason: str, preserved_ref: str
    ) -> int:
        """Record that the run branch moved back from `from_commit` to `to_commit`."""
        values = {
            "run_id": run_id,
            "from_commit": from_commit,
            "to_commit": to_commit,
            "reason": reason,
            "preserved_ref": preserved_ref,
        }
        with self._db.writing() as s:
            return events.insert_rollback(s, values)

    def rollbacks(self, run_id: str) -> list[RollbackRecord]:
        with self._db.reading() as s:
            return events.rollbacks(s, run_id)

    # ------------------------------------------------------------------ scores, history
    def record_score(
        self, run_id: str, iteration: int, score: float, metrics: Mapping[str, float]
    ) -> None:
        """The quality score after `iteration` (recording it again replaces it)."""
        with self._db.writing() as s:
            events.upsert_score(s, run_id, iteration, score, json_object(metrics))

    def score_history(self, run_id: str) -> list[ScoreRecord]:
        """A run's scores by iteration."""
        with self._db.reading() as s:
            return events.score_history(s, run_id)

    def history(self, project_id: int, limit: int | None = None) -> list[HistoryEntry]:
        """A project's readable history across runs, oldest first (the latest `limit`)."""
        with self._db.reading() as s:
            return project_history(s, project_id, limit)
