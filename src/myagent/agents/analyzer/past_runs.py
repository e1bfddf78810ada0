"""The histories of a project's earlier runs, read from the ledger."""

from __future__ import annotations

from dataclasses import dataclass

from myagent.memory.ledger import Ledger


@dataclass(frozen=True)
class PastRun:
    run_id: str
    history: list[dict[str, float]]  # metrics per measured state, oldest first
    base: str = ""  # the commit it started from
    head: str = ""  # the commit it ended on (its branch)

    @property
    def first(self) -> dict[str, float]:
        return self.history[0] if self.history else {}

    @property
    def last(self) -> dict[str, float]:
        return self.history[-1] if self.history else {}


def past_runs(ledger: Ledger, project_id: int, current: str) -> list[PastRun]:
    """Every run of the project started before `current` that measured something,
    oldest first (`current` itself left out)."""
    runs = sorted(ledger.list_runs(project_id), key=lambda r: r.started_at)
    ids = [r.id for r in runs]
    if current in ids:
        runs = runs[: ids.index(current)]
    found = []
    for run in runs:
        history = [dict(s.metrics) for s in ledger.score_history(run.id)]
        if history:
            found.append(PastRun(run.id, history, run.base_commit, run.head_commit))
    return found
