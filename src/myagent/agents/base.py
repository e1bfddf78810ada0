"""The agent interface: an agent turns a `Task` into candidate changes.

Agents only propose. They get a scratch worktree of the current head to work in (they
may change it freely; it is thrown away), the latest `QualityReport`, and what was
already tried in this run. The Director validates every candidate in a fresh worktree
and its ratchet alone decides what is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from myagent.config import ProjectSettings
from myagent.memory import git
from myagent.protocol import Candidate, FileEdit, QualityReport, Task, TestOutcome, Verdict
from myagent.quality.tests_runner import TestsResult
from myagent.sandbox.runner import SandboxRunner

if TYPE_CHECKING:
    from myagent.memory.recall import Recall


@dataclass(frozen=True)
class Attempt:
    """One earlier candidate of this run and the ratchet's verdict on it."""

    task_kind: str
    strategy: str
    accepted: bool
    reason: str


@dataclass(frozen=True)
class ToolEnv:
    """How to run MyAgent's own tools (ruff, ...) inside the sandbox."""

    python: Path
    readable: tuple[Path, ...]


class TestRunner(Protocol):
    """Runs chosen tests of a workspace in the sandbox (the quality monitor does)."""

    def run_tests_only(
        self,
        workspace: Path,
        nodeids: Sequence[str] | None,
        *,
        timeout_s: float | None = None,
        test_timeout_s: float | None = None,
        coverage: bool = False,
    ) -> list[TestOutcome]:
        """Outcomes of the chosen tests; `timeout_s` caps the whole run (sandbox and
        pytest start-up included), `test_timeout_s` each test."""
        ...

    def run_selected(
        self,
        workspace: Path,
        nodeids: Sequence[str] | None,
        *,
        timeout_s: float | None = None,
        test_timeout_s: float | None = None,
        coverage: bool = False,
    ) -> TestsResult:
        """As `run_tests_only`, with the coverage data (per-test contexts) and tool runs."""
        ...


@dataclass
class AgentLog:
    """What an agent did besides proposing: notes for the report, checks it ran."""

    notes: list[str] = field(default_factory=list)
    validated: int = 0  # candidate changes it checked in the sandbox itself
    # candidate id -> the memory that produced it (the ledger's `recalled_from`)
    recalled: dict[str, dict[str, str | int | float | bool]] = field(default_factory=dict)

    def note(self, text: str) -> None:
        self.notes.append(text)


@dataclass(frozen=True)
class AgentContext:
    workspace: Path
    report: QualityReport
    settings: ProjectSettings
    runner: SandboxRunner
    tools: ToolEnv
    source_dirs: tuple[str, ...]
    test_dirs: tuple[str, ...]
    tests: TestRunner
    run_id: str = ""
    attempts: Sequence[Attempt] = field(default_factory=tuple)
    log: AgentLog = field(default_factory=AgentLog)
    # True once the run's time (`max_minutes`) is spent: start no new long step
    out_of_time: Callable[[], bool] = field(default=lambda: False)
    # the project's vector memory (None: off); agents work without it
    recall: Recall | None = None

    def tried(self, strategy: str) -> Attempt | None:
        """The last attempt of `strategy` in this run, if any."""
        return next((a for a in reversed(self.attempts) if a.strategy == strategy), None)


class Agent(Protocol):
    """What every agent provides."""

    name: str

    def can_handle(self, task: Task) -> bool: ...

    def propose(self, task: Task, ctx: AgentContext) -> list[Candidate]: ...

    def learn(self, candidate: Candidate, verdict: Verdict, commit: str | None) -> None:
        """The ratchet's verdict on one of this agent's candidates (to learn from)."""
        ...


# Files tools leave behind; never part of a candidate.
_JUNK_PARTS = {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".hypothesis"}
_JUNK_NAMES = {".coverage"}


def _is_junk(rel: str) -> bool:
    parts = Path(rel).parts
    return bool(_JUNK_PARTS.intersection(parts)) or parts[-1] in _JUNK_NAMES or rel.endswith(".pyc")


def edits_from_worktree(workspace: Path, only: Sequence[str] = ()) -> list[FileEdit]:
    """The changes made in `workspace` since its HEAD, as whole-file edits."""
    edits = []
    for rel in git.changed_files(workspace):
        if _is_junk(rel) or (only and rel not in only):
            continue
        path = workspace / rel
        if path.is_symlink() or (path.exists() and not path.is_file()):
            continue  # never carry a symlink or a folder out of a scratch tree
        content = path.read_text(encoding="utf-8") if path.exists() else None
        edits.append(FileEdit(path=rel, content=content))
    return edits


def reset_worktree(workspace: Path) -> None:
    """Throw away every change in a scratch worktree."""
    git.git(workspace, "checkout", "--", ".")
    git.git(workspace, "clean", "-fdq")
