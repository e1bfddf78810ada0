"""Fixtures for the quality-model integration tests: the real sandbox and small projects.

`sandbox` is the runner MyAgent uses (`myagent.sandbox.factory.make_runner`, i.e.
bubblewrap). Without bubblewrap the tests skip with the reason, except under
`MYAGENT_REQUIRE_SERVICES=1` (CI), where they fail. `make_project` writes files into
a fresh git repository under `tmp_path` and commits them.
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


def require_bwrap() -> None:
    """Skip (or fail, when services are required) if bubblewrap is not installed."""
    if shutil.which("bwrap") is not None:
        return
    reason = "bubblewrap (bwrap) is not installed: apt-get install bubblewrap"
    if os.environ.get("MYAGENT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"MYAGENT_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sandbox() -> SandboxRunner:
    """The real bubblewrap runner, smoke-tested once per session."""
    require_bwrap()
    return make_runner(SandboxConfig())


def git(cwd: Path, *args: str) -> str:
    """Run git on the host with a fixed identity and no user or system config."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def write_project(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (dedented) under `root`, then `git init` and commit them."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "--all")
    git(root, "commit", "-q", "-m", "init")
    return root


@pytest.fixture(scope="session")
def make_project() -> MakeProject:
    """`make_project(root, {path: text})` -> root, a git repository with one commit."""
    return write_project


@pytest.fixture(scope="session")
def run_git() -> Callable[..., str]:
    """`run_git(cwd, *args)` -> git's stdout."""
    return git
