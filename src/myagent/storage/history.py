"""A project's history across runs, as readable one-line entries in time order."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from myagent.storage import models
from myagent.storage.records import HistoryEntry, HistoryKind

# Order of entries that share a timestamp: a run starts before anything happens in it.
_KIND_ORDER: dict[HistoryKind, int] = {
    "run_started": 0,
    "action": 1,
    "checkpoint": 2,
    "rollback": 3,
    "milestone": 4,
    "iteration": 5,
    "run_ended": 6,
}


def _short(sha: str) -> str:
    return sha[:10]


def describe_origin(origin: Mapping[str, object]) -> str:
    """One line for a candidate's `recalled_from` (the memory that produced it):
    "vector: vector_hit=solutions/..., similarity=0.83"."""
    source = origin.get("source", "memory")
    rest = ", ".join(f"{k}={v}" for k, v in origin.items() if k != "source" and v not in ("", 0))
    return f"{source}: {rest}" if rest else str(source)


def _verdict(accepted: bool | None) -> str:
    return {True: "accepted", False: "rejected", None: "recorded"}[accepted]


def _run_entries(run: models.Run) -> list[HistoryEntry]:
    started = (
        f"run {run.id} started on {run.branch} from {_short(run.base_commit)} (llm {run.llm_model})"
    )
    out = [HistoryEntry(run.started_at, run.id, "run_started", None, started)]
    if run.ended_at is not None:
        ended = (
            f"run {run.id} ended: {run.status} after {run.iterations} iterations "
            f"({run.accepted} accepted, {run.rejected} rejected), head {_short(run.head_commit)}"
        )
        out.append(HistoryEntry(run.ended_at, run.id, "run_ended", run.iterations, ended))
    return out


def project_history(
    session: Session, project_id: int, limit: int | None = None
) -> list[HistoryEntry]:
    """Runs, iterations, actions, milestones, checkpoints and rollbacks of a project.

    With `limit`, only the latest `limit` entries (still oldest first).
    """
    run_ids = select(models.Run.id).where(models.Run.project_id == project_id)
    entries: list[HistoryEntry] = []
    for run in session.scalars(select(models.Run).where(models.Run.project_id == project_id)):
        entries.extend(_run_entries(run))
    for it in session.scalars(
        select(models.Iteration).where(
            models.Iteration.run_id.in_(run_ids), models.Iteration.ended_at.is_not(None)
        )
    ):
        score = "no score" if it.score is None else f"score {it.score:.1f}"
        at: datetime = it.ended_at or it.started_at
        text = f"iteration {it.number} ended, {score}"
        entries.append(HistoryEntry(at, it.run_id, "iteration", it.number, text))
    actions = select(models.Action).where(models.Action.run_id.in_(run_ids))
    for act in session.scalars(actions.order_by(models.Action.id)):
        text = f"{act.agent}: {act.action} {_verdict(act.accepted)}"
        if act.reason:
            text += f" ({act.reason})"
        recalled = act.details.get("recalled_from")
        if isinstance(recalled, dict) and recalled:
            text += f" · recalled from {describe_origin(recalled)}"
        entries.append(HistoryEntry(act.created_at, act.run_id, "action", act.iteration, text))
    for ms in session.scalars(select(models.Milestone).where(models.Milestone.run_id.in_(run_ids))):
        text = f"gate {ms.gate} met: {ms.value:g} (target {ms.target:g}) at {_short(ms.commit)}"
        entries.append(HistoryEntry(ms.reached_at, ms.run_id, "milestone", ms.iteration, text))
    for cp in session.scalars(
        select(models.Checkpoint).where(models.Checkpoint.run_id.in_(run_ids))
    ):
        text = f"checkpoint {_short(cp.commit)}: {cp.summary}".rstrip(": ")
        entries.append(HistoryEntry(cp.created_at, cp.run_id, "checkpoint", cp.iteration, text))
    for rb in session.scalars(select(models.Rollback).where(models.Rollback.run_id.in_(run_ids))):
        text = f"rollback {_short(rb.from_commit)} -> {_short(rb.to_commit)}: {rb.reason}"
        if rb.preserved_ref:
            text += f" (kept as {rb.preserved_ref})"
        entries.append(HistoryEntry(rb.created_at, rb.run_id, "rollback", None, text))
    entries.sort(key=lambda e: (e.at, _KIND_ORDER[e.kind]))
    if limit is not None:
        return entries[max(0, len(entries) - limit) :]
    return entries
