"""Checkpoints: every accepted change is a commit on the run's branch `myagent/<run-id>`.

The user's checked-out branch and working files are never touched: candidates are
built in detached worktrees under the state folder, and the run branch is moved with
a compare-and-set `update-ref`. A rollback moves the branch back and keeps the
rolled-back head reachable under `refs/myagent/rolled-back/<run-id>/<n>`, so nothing
is ever deleted.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from myagent.errors import GitError
from myagent.memory import git
from myagent.protocol import FileEdit, new_id
from myagent.sandbox.paths import delete_safely, write_text_safely


def run_branch(run_id: str) -> str:
    return f"myagent/{run_id}"


class Checkpoints:
    """Git side of a run: its branch, its scratch worktrees, its checkpoints."""

    def __init__(self, root: Path, state_dir: Path, run_id: str) -> None:
        self.root = root
        self.run_id = run_id
        self.branch = run_branch(run_id)
        self.worktrees = state_dir / "worktrees" / run_id

    # ------------------------------------------------------------------ branch
    def create(self, base_commit: str) -> None:
        git.create_branch(self.root, self.branch, base_commit)

    def head(self) -> str:
        sha = git.rev_parse(self.root, f"refs/heads/{self.branch}")
        if sha is None:
            raise GitError(f"branch {self.branch} is missing")
        return sha

    def exists(self) -> bool:
        return git.rev_parse(self.root, f"refs/heads/{self.branch}") is not None

    # ------------------------------------------------------------------ worktrees
    @contextmanager
    def worktree(self, commit: str, label: str = "wt") -> Iterator[Path]:
        """A fresh detached worktree of `commit`, removed afterwards."""
        self.worktrees.mkdir(parents=True, exist_ok=True)
        path = self.worktrees / f"{label}-{new_id()}"
        git.add_worktree(self.root, path, commit)
        try:
            yield path
        finally:
            git.remove_worktree(self.root, path)
            shutil.rmtree(path, ignore_errors=True)

    def clean_stale(self) -> None:
        """Remove worktrees a killed run left behind."""
        if self.worktrees.exists():
            for path in self.worktrees.iterdir():
                git.remove_worktree(self.root, path)
                shutil.rmtree(path, ignore_errors=True)
        git.git(self.root, "worktree", "prune", check=False)

    # ------------------------------------------------------------------ commits
    @staticmethod
    def apply(worktree: Path, edits: list[FileEdit]) -> None:
        """Write a candidate's edits into a worktree (paths checked, no symlinks)."""
        for edit in edits:
            if edit.content is None:
                delete_safely(worktree, edit.path)
            else:
                write_text_safely(worktree, edit.path, edit.content)

    def commit(
        self, worktree: Path, edits: list[FileEdit], message: str, expected_head: str
    ) -> str:
        """Commit the edited paths and move the run branch there (compare-and-set)."""
        new = git.commit_paths(worktree, [e.path for e in edits], message)
        git.update_branch(self.root, self.branch, new, expected_head)
        return new

    def rollback(self, to_commit: str, number: int) -> tuple[str, str]:
        """Move the branch back to `to_commit`; return (old head, preserved ref)."""
        old = self.head()
        if not git.is_ancestor(self.root, to_commit, old):
            raise GitError(f"{to_commit[:12]} is not a checkpoint of {self.branch}")
        preserved = f"refs/myagent/rolled-back/{self.run_id}/{number}"
        git.set_ref(self.root, preserved, old)
        git.update_branch(self.root, self.branch, to_commit, old)
        return old, preserved

    def commits_since(self, base: str) -> list[str]:
        return git.first_parent_chain(self.root, self.head(), base)
