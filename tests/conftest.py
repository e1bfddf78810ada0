"""Fixtures shared by every test folder.

Services and tools: a test that needs bubblewrap (or PostgreSQL, see
`tests/integration/storage/conftest.py`) skips with the reason on a machine without it,
except under `MYAGENT_REQUIRE_SERVICES=1` (CI), where the missing service is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from myagent.config import SandboxConfig
from myagent.sandbox.factory import make_runner
from myagent.sandbox.runner import SandboxRunner

MakeProject = Callable[[Path, dict[str, str]], Path]


def skip_or_fail(reason: str) -> None:
    """Skip with `reason`, or fail when services are required (CI)."""
    if os.environ.get("MYAGENT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"MYAGENT_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def require_bwrap() -> None:
    """Depend on this fixture in tests that need bubblewrap."""
    if shutil.which("bwrap") is None:
        skip_or_fail("bubblewrap (bwrap) is not installed: apt-get install bubblewrap")


@pytest.fixture(scope="session")
def sandbox(require_bwrap: None) -> SandboxRunner:
    """The real bubblewrap runner MyAgent uses, smoke-tested once per session."""
    return make_runner(SandboxConfig())


def git_env(cwd: Path) -> dict[str, str]:
    """An environment for host git with a fixed identity and no user or system config."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def _run_git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=git_env(cwd), capture_output=True, text=True, check=True
    )
    return done.stdout


def _write_project(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    _run_git(root, "init", "-q", "-b", "main")
    _run_git(root, "add", "--all")
    _run_git(root, "commit", "-q", "-m", "init")
    return root


@pytest.fixture(scope="session")
def run_git() -> Callable[..., str]:
    """`run_git(cwd, *args)` -> git's stdout (host git, fixed identity)."""
    return _run_git


@pytest.fixture(scope="session")
def make_project() -> MakeProject:
    """`make_project(root, {path: text})` -> root: files (dedented), `git init`, one commit."""
    return _write_project
