"""Shared fixtures for the sandbox integration tests.

`bwrap_runner` builds a real `BwrapRunner`. Without bubblewrap the tests that use it
skip with the reason, except under `MYAGENT_REQUIRE_SERVICES=1` (CI), where they fail:
a missing sandbox must never turn the whole adversarial suite silently green.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from myagent.sandbox.bwrap import BwrapRunner
from myagent.sandbox.runner import SandboxPolicy


@pytest.fixture
def bwrap_runner(require_bwrap: None) -> Callable[..., BwrapRunner]:
    """`bwrap_runner(**policy_fields)` -> a BwrapRunner with that policy."""

    def make(**fields: object) -> BwrapRunner:
        return BwrapRunner(SandboxPolicy(**fields))  # type: ignore[arg-type]

    return make


@pytest.fixture
def python_paths() -> list[Path]:
    """What the sandbox must make readable to run this test's own interpreter."""
    return [Path(sys.prefix), Path(sys.base_prefix)]


@pytest.fixture
def workspace(tmp_path: Path, run_git: Callable[..., str]) -> Path:
    """A plain git repository with one file and one commit."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "hello.py").write_text("print('hello')\n")
    run_git(ws, "init", "-q")
    run_git(ws, "add", "hello.py")
    run_git(ws, "commit", "-q", "-m", "init")
    return ws


@pytest.fixture
def git(run_git: Callable[..., str]) -> Callable[..., str]:
    """`git(cwd, *args)`: run git on the host, return its stdout."""
    return run_git
