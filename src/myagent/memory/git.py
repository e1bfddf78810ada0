"""Thin, typed wrapper over the git commands MyAgent needs.

Only git itself runs here (never project code): hooks are disabled on every call
(`core.hooksPath=/dev/null`) so a repository's hooks cannot execute outside the
sandbox, and commits never go through the user's checkout.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from myagent.errors import GitError, NotAGitRepositoryError

_SAFE = ["-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false"]
_IDENTITY = ["-c", "user.name=MyAgent", "-c", "user.email=myagent@localhost"]


def git(
    cwd: Path, *args: str, check: bool = True, input_text: str | None = None, strip: bool = True
) -> str:
    """Run one git command in `cwd` and return its stdout (stripped unless `strip=False`)."""
    proc = subprocess.run(
        ["git", *_SAFE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=input_text,
        check=False,
    )
    if check and proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise GitError(f"git {' '.join(args)} failed: {detail[-1] if detail else proc.returncode}")
    return proc.stdout.strip() if strip else proc.stdout


def _porcelain_paths(cwd: Path, *args: str) -> list[str]:
    """Paths from `git status --porcelain -z` (exact, whatever the file names)."""
    out = git(
        cwd,
        "--no-optional-locks",
        "status",
        "--porcelain",
        "-z",
        "--no-renames",
        *args,
        strip=False,
    )
    return [entry[3:] for entry in out.split("\0") if entry]


def repo_root(path: Path) -> Path:
    """The top of the work tree that holds `path`; NotAGitRepositoryError if none."""
    if not path.is_dir():
        raise NotAGitRepositoryError(f"{path} is not a folder")
    proc = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=path, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise NotAGitRepositoryError(
            f"{path} is not a git repository: run `git init` and commit your project first"
        )
    return Path(proc.stdout.strip())


def head_commit(root: Path) -> str:
    sha = git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
    if not sha:
        raise NotAGitRepositoryError(f"{root} has no commits yet: commit your project first")
    return sha


def rev_parse(root: Path, ref: str) -> str | None:
    out = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    return out or None


def dirty_paths(root: Path) -> list[str]:
    """Tracked files with uncommitted changes, and untracked files (not ignored)."""
    paths = _porcelain_paths(root, "--untracked-files=normal")
    return [p for p in paths if not p.startswith(".myagent")]


def exclude_state_dir(root: Path, name: str = ".myagent/") -> None:
    """Add MyAgent's state folder to `.git/info/exclude` (never to the user's .gitignore)."""
    info = Path(git(root, "rev-parse", "--git-common-dir"))
    if not info.is_absolute():
        info = root / info
    exclude = info / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    lines = exclude.read_text().splitlines() if exclude.exists() else []
    if name not in lines:
        exclude.write_text("\n".join([*lines, name]) + "\n")


def add_worktree(root: Path, path: Path, commit: str) -> None:
    """A detached worktree of `commit` at `path` (the user's checkout is untouched)."""
    git(root, "worktree", "add", "--detach", "--force", str(path), commit)


def remove_worktree(root: Path, path: Path) -> None:
    git(root, "worktree", "remove", "--force", str(path), check=False)
    git(root, "worktree", "prune", check=False)


def commit_paths(worktree: Path, paths: Sequence[str], message: str) -> str:
    """Commit the changes to `paths` in `worktree` (detached) and return the new commit.

    Only the named paths are staged, so caches the tools left behind never land."""
    git(worktree, "add", "--all", "--", *paths)
    git(worktree, *_IDENTITY, "commit", "--quiet", "--no-verify", "-m", message)
    return git(worktree, "rev-parse", "HEAD")


def update_branch(root: Path, branch: str, new: str, old: str | None) -> None:
    """Move `branch` to `new`; with `old`, only if it still points there (compare-and-set)."""
    args = ["update-ref", "-m", "myagent", f"refs/heads/{branch}", new]
    if old is not None:
        args.append(old)
    git(root, *args)


def create_branch(root: Path, branch: str, commit: str) -> None:
    git(root, "branch", branch, commit)


def set_ref(root: Path, ref: str, commit: str) -> None:
    git(root, "update-ref", ref, commit)


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    proc = subprocess.run(
        ["git", "merge-base", "--is-ancestor", ancestor, descendant],
        cwd=root,
        capture_output=True,
    )
    return proc.returncode == 0


def first_parent_chain(root: Path, start: str, stop: str) -> list[str]:
    """Commits from `stop` (excluded) to `start` (included), oldest first."""
    out = git(root, "rev-list", "--first-parent", "--reverse", f"{stop}..{start}")
    return out.split()


def changed_files(worktree: Path) -> list[str]:
    """Paths changed, added or deleted in `worktree` relative to its HEAD."""
    return _porcelain_paths(worktree, "--untracked-files=all")


def subject(root: Path, commit: str) -> str:
    return git(root, "log", "-1", "--format=%s", commit)


def ls_tree_paths(root: Path, commit: str, paths: Sequence[str] = ()) -> list[str]:
    return git(root, "ls-tree", "-r", "--name-only", commit, "--", *paths).splitlines()
