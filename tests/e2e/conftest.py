"""Fixtures for the end-to-end tests: `python -m myagent ...` on small git projects.

Every test drives the CLI in a subprocess, as a user would, on projects built in its
own `tmp_path` (no shared state, so the tests run in parallel under pytest-xdist).
Tests that run the quality tools depend on `require_bwrap` (`tests/conftest.py`): they
skip with the reason where bubblewrap is missing, and fail instead under
`MYAGENT_REQUIRE_SERVICES=1`. PostgreSQL works the same way (`pg_database_url`).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
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


def skip_or_fail(reason: str) -> None:
    """Skip with `reason`, or fail when services are required (as in CI)."""
    if os.environ.get("MYAGENT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"MYAGENT_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_database_url() -> Iterator[str]:
    """A ledger URL on a fresh PostgreSQL schema (dropped afterwards), or a skip."""
    from sqlalchemy import create_engine, make_url
    from sqlalchemy.pool import NullPool

    url = make_url(os.environ.get("MYAGENT_TEST_DATABASE_URL") or PG_DEFAULT_URL)
    if "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as exc:
        engine.dispose()
        first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["?"])[0]
        skip_or_fail(f"PostgreSQL at {url.render_as_string()} is unreachable: {first}")
    schema = f"myagent_e2e_{uuid.uuid4().hex[:12]}"
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        engine.dispose()
