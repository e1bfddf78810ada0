"""What "the user's work is safe" means, as something a test can compare."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

RunGit = Callable[..., str]
_REFS = ("--format=%(refname) %(objectname)", "refs/heads/", "refs/tags/")
_USER_BRANCHES = (
    "--exclude=refs/heads/myagent/",
    "--format=%(refname) %(objectname)",
    "refs/heads/",
)


def settle_index(run_git: RunGit, root: Path) -> None:
    """Age the working files and refresh the index, so no entry is "racily clean".

    Otherwise any `git status` (the user's or MyAgent's) may legitimately rewrite the
    index to record fresh stat data, and a byte comparison would prove nothing."""
    past = time.time() - 120
    for path in root.rglob("*"):
        if ".git" not in path.relative_to(root).parts and path.is_file():
            os.utime(path, (past, past))
    run_git(root, "update-index", "-q", "--refresh")


def snapshot(run_git: RunGit, root: Path) -> dict[str, object]:
    """Everything of the user's checkout MyAgent must leave byte-identical."""
    files = {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {".git", ".myagent"} & set(p.relative_to(root).parts)
    }
    git_dir = root / ".git"
    return {
        "HEAD file": (git_dir / "HEAD").read_bytes(),
        "index file": hashlib.sha256((git_dir / "index").read_bytes()).hexdigest(),
        "branch": run_git(root, "branch", "--show-current"),
        "head": run_git(root, "rev-parse", "HEAD"),
        "user branches": [
            line
            for line in run_git(root, "for-each-ref", *_REFS).splitlines()
            if not line.startswith("refs/heads/myagent/")
        ],
        "status": run_git(root, "status", "--porcelain=v1", "--untracked-files=all"),
        "staged": run_git(root, "diff", "--cached", "--binary"),
        "unstaged": run_git(root, "diff", "--binary"),
        "stash": run_git(root, "stash", "list"),
        "worktrees": run_git(root, "worktree", "list", "--porcelain"),
        "files": files,
    }


def run_branches(run_git: RunGit, root: Path) -> list[str]:
    """The `myagent/<run-id>` branches of the project."""
    out = run_git(root, "for-each-ref", "--format=%(refname:short)", "refs/heads/myagent/")
    return out.split()
