"""Validate one candidate: apply it in a fresh worktree, measure, judge, checkpoint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from myagent.agents.base import TestRunner
from myagent.director.ratchet import judge
from myagent.director.test_strength import is_test_file, weakened_tests
from myagent.errors import GitError, UnsafePathError
from myagent.memory import git
from myagent.memory.checkpoints import Checkpoints
from myagent.protocol import Candidate, QualityReport, Task, Verdict


class Measurer(TestRunner, Protocol):
    """The quality model: whole measurements, and runs of chosen tests for agents."""

    def measure(
        self, workspace: Path, commit: str = "", reference: QualityReport | None = None
    ) -> QualityReport: ...


@dataclass(frozen=True)
class Validation:
    verdict: Verdict
    report: QualityReport  # the candidate's measurement (the new baseline when accepted)
    commit: str | None  # the checkpoint when accepted


def _old_content(worktree: Path, path: str) -> str | None:
    try:
        return git.git(worktree, "show", f"HEAD:{path}")
    except GitError:
        return None


def validate(
    candidate: Candidate,
    task: Task,
    baseline: QualityReport,
    head: str,
    checkpoints: Checkpoints,
    monitor: Measurer,
    test_dirs: tuple[str, ...],
    gates: tuple[str, ...],
) -> Validation:
    """Measure `candidate` on top of `head`; commit it on the run branch if accepted."""
    with checkpoints.worktree(head, "cand") as worktree:
        weakened: list[str] = []
        for edit in candidate.edits:
            if is_test_file(edit.path, test_dirs):
                before = _old_content(worktree, edit.path)
                weakened += weakened_tests(edit.path, before, edit.content)
        try:
            Checkpoints.apply(worktree, candidate.edits)
        except UnsafePathError as exc:
            verdict = Verdict(accepted=False, reason=f"unsafe edit refused: {exc}")
            return Validation(verdict=verdict, report=baseline, commit=None)
        report = monitor.measure(worktree, reference=baseline)
        verdict = judge(task, baseline, report, weakened, gates)
        if not verdict.accepted:
            return Validation(verdict=verdict, report=report, commit=None)
        message = f"{candidate.summary}\n\nMyAgent {candidate.agent} ({candidate.strategy}): {verdict.reason}"
        commit = checkpoints.commit(worktree, candidate.edits, message, expected_head=head)
        return Validation(
            verdict=verdict, report=report.model_copy(update={"commit": commit}), commit=commit
        )
