"""Fixtures for the end-to-end tests: `python -m myagent ...` on small git projects.

Every test drives the CLI in a subprocess, as a user would, on projects built in its
own `tmp_path` (no shared state, so the tests run in parallel under pytest-xdist).
Tests that run the quality tools depend on `require_bwrap` (`tests/conftest.py`): they
skip with the reason where bubblewrap is missing, and fail instead under
`MYAGENT_REQUIRE_SERVICES=1`. PostgreSQL works the same way (`pg_url`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_process import MyAgent, Result, run_cli

MakeProject = Callable[[Path, dict[str, str]], Path]  # the `make_project` fixture


@pytest.fixture
def myagent(tmp_path: Path) -> MyAgent:
    """`myagent(*args, env=None)` -> Result of `python -m myagent ARGS`, run in tmp_path."""

    def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
        return run_cli(tmp_path, *args, env=env)

    return run


@pytest.fixture
def project(tmp_path: Path, make_project: MakeProject) -> Callable[..., Path]:
    """`project(files, name="calc")` -> a git project under tmp_path, all committed on main."""

    def make(files: dict[str, str], name: str = "calc") -> Path:
        return make_project(tmp_path / name, files)

    return make
