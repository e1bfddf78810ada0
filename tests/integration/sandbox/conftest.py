"""Shared fixtures for the sandbox integration tests.

`bwrap_runner` builds a real `BwrapRunner`. Without bubblewrap the tests that use it
skip with the reason, except under `MYAGENT_REQUIRE_SERVICES=1` (CI), where they fail:
a missing sandbox must never turn the whole adversarial suite silently green.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from myagent.sandbox.bwrap import BwrapRunner
from myagent.sandbox.runner import SandboxPolicy


def require_bwrap() -> None:
    """Skip (or fail, when services are required) if bubblewrap is not installed."""
    if shutil.which("bwrap") is not None:
        return
    reason = "bubblewrap (bwrap) is not installed: apt-get install bubblewrap"
    if os.environ.get("MYAGENT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"MYAGENT_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture
def bwrap_runner() -> Callable[..., BwrapRunner]:
    """`bwrap_runner(**policy_fields)` -> a BwrapRunner with that policy."""
    require_bwrap()

    def make(**fields: object) -> BwrapRunner:
        return BwrapRunner(SandboxPolicy(**fields))  # type: ignore[arg-type]

    return make


@pytest.fixture
def python_paths() -> list[Path]:
    """What the sandbox must make readable to run this test's own interpreter."""
    return [Path(sys.prefix), Path(sys.base_prefix)]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A plain git repository with one file and one commit."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "hello.py").write_text("print('hello')\n")
    run_git(ws, "init", "-q")
    run_git(ws, "add", "hello.py")
    run_git(ws, "commit", "-q", "-m", "init")
    return ws


@pytest.fixture
def git() -> Callable[..., str]:
    """`git(cwd, *args)`: run git on the host, return its stdout."""
    return run_git


def run_git(cwd: Path, *args: str) -> str:
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
