"""Start a new run or resume the last one, reconciling git with the ledger.

A run killed between moving its branch and recording the checkpoint leaves a commit
the ledger does not know; resuming records it (as recovered) so git and the ledger
agree again. Worktrees the killed run left behind are removed.

A resumed run goes on with the budgets of the whole run: its iterations, the LLM usage
its earlier sessions recorded (per agent), and the wall time they worked (each session
from its first ledger message to its last; the time between a crash and `--resume`
does not count).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from myagent.agents.base import Attempt
from myagent.config import ProjectSettings
from myagent.director.llm_record import recorded_usage
from myagent.errors import UserError
from myagent.llm.budget import AgentUsage
from myagent.memory import git
from myagent.memory.checkpoints import Checkpoints
from myagent.memory.ledger import Ledger, MessageRecord
from myagent.protocol import MessageType, QualityReport


@dataclass
class RunState:
    """The Director's mutable view of one run."""

    run_id: str
    project_id: int
    base: str
    head: str
    checkpoints: Checkpoints
    iteration: int = 0
    accepted: int = 0
    rejected: int = 0
    validated: int = 0  # candidate changes checked in the sandbox (agents' checks included)
    attempts: list[Attempt] = field(default_factory=list)
    history: list[dict[str, float]] = field(default_factory=list)
    last_report: QualityReport | None = None
    milestones: set[str] = field(default_factory=set)  # gates already recorded as first met
    llm_usage: dict[str, AgentUsage] = field(default_factory=dict)  # earlier sessions, per agent
    earlier_seconds: float = 0.0  # wall time the earlier sessions worked


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


def open_run(root: Path, settings: ProjectSettings, ledger: Ledger, resume: bool) -> RunState:
    state_dir = settings.state_dir(root)
    project_id = ledger.ensure_project(root, root.name)
    if resume:
        return _resume(root, state_dir, ledger, project_id)
    base = git.head_commit(root)
    run_id = new_run_id()
    checkpoints = Checkpoints(root, state_dir, run_id)
    checkpoints.create(base)
    ledger.start_run(
        project_id, run_id, checkpoints.branch, base, settings.llm.model,
        settings.model_dump(mode="json"),
    )  # fmt: skip
    return RunState(run_id, project_id, base, base, checkpoints)


def _resume(root: Path, state_dir: Path, ledger: Ledger, project_id: int) -> RunState:
    run = ledger.latest_run(project_id)
    if run is None:
        raise UserError(f"no run to resume in {root}: start one with `myagent run {root}`")
    checkpoints = Checkpoints(root, state_dir, run.id)
    if not checkpoints.exists():
        raise UserError(f"cannot resume run {run.id}: its branch {checkpoints.branch} is gone")
    checkpoints.clean_stale()
    head = checkpoints.head()
    known = {c.commit for c in ledger.checkpoints(run.id)}
    iterations = ledger.iterations(run.id)
    last_iteration = max((i.number for i in iterations), default=0)
    parent = run.base_commit
    for commit in checkpoints.commits_since(run.base_commit):
        if commit not in known:
            summary = f"recovered after an interrupted run: {git.subject(root, commit)}"
            ledger.record_checkpoint(run.id, last_iteration, commit, parent, summary, None)
        parent = commit
    ledger.update_run(run.id, status="running", head_commit=head)
    history = [dict(s.metrics) for s in ledger.score_history(run.id)]
    actions = ledger.actions(run.id)
    attempts = [
        Attempt(
            str(a.details.get("task", "")),
            str(a.details.get("strategy", "")),
            bool(a.accepted),
            a.reason,
        )
        for a in actions
        if a.action == "propose"
    ]
    return RunState(
        run_id=run.id,
        project_id=project_id,
        base=run.base_commit,
        head=head,
        checkpoints=checkpoints,
        iteration=last_iteration,
        accepted=len(checkpoints.commits_since(run.base_commit)),
        rejected=sum(1 for a in attempts if not a.accepted),
        attempts=attempts,
        history=history,
        milestones={m.gate for m in ledger.milestones(run.id)},
        llm_usage=recorded_usage(actions).by_agent,
        earlier_seconds=worked_seconds(ledger.messages(run.id)),
    )


def worked_seconds(messages: Sequence[MessageRecord]) -> float:
    """The wall time a run's sessions worked: from each session's first message (the
    Director's "run" status) to its last, summed."""
    total = 0.0
    first = last = None
    for message in messages:
        starts = message.type == MessageType.STATUS and message.payload.get("event") == "run"
        if starts or first is None:
            if first is not None and last is not None:
                total += (last - first).total_seconds()
            first = message.timestamp
        last = message.timestamp
    if first is not None and last is not None:
        total += (last - first).total_seconds()
    return max(0.0, total)
