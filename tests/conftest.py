"""Fixtures shared by every test folder.

Services and tools: a test that needs bubblewrap (`require_bwrap`, `sandbox`) or
PostgreSQL (`pg_admin`, `pg_url`) skips with the reason on a machine without it, except
under `MYAGENT_REQUIRE_SERVICES=1` (CI), where the missing service is a failure.
PostgreSQL: `MYAGENT_TEST_DATABASE_URL` or postgresql+psycopg://postgres@127.0.0.1:5432/test;
each test gets a fresh schema, dropped afterwards, so runs repeat and run in parallel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url
from sqlalchemy.pool import NullPool

from myagent.config import SandboxConfig
from myagent.sandbox.factory import make_runner
from myagent.sandbox.runner import SandboxRunner

MakeProject = Callable[[Path, dict[str, str]], Path]


def skip_or_fail(reason: str) -> None:
    """Skip with `reason`, or fail when services are required (CI)."""
    if os.environ.get("MYAGENT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"MYAGENT_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def allow_minilm() -> Iterator[None]:
    """The `memory` extra's MiniLM may be loaded and called in this module (skipped
    without the extra, a failure in CI); the unit tests' guard is lifted meanwhile."""
    from myagent.llm.testing import block_real_calls, real_calls_blocked
    from myagent.memory.embedders import MISSING_EXTRA, memory_extra_installed

    if not memory_extra_installed():
        skip_or_fail(MISSING_EXTRA)
    with real_calls_blocked():
        block_real_calls(False)
        yield


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


PG_DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_admin_url() -> str:
    return os.environ.get("MYAGENT_TEST_DATABASE_URL") or PG_DEFAULT_URL


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    """An engine on the test PostgreSQL database, or a skip (fail when required)."""
    url = make_url(_pg_admin_url())
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
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(pg_admin: Engine) -> Iterator[str]:
    """The URL of a fresh, empty schema of the test database (dropped after the test)."""
    schema = f"myagent_test_{uuid.uuid4().hex[:12]}"
    with pg_admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = pg_admin.url.update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with pg_admin.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
