"""The explicit opt-out still kills on timeout, caps output and clears the environment."""

from __future__ import annotations

import json
import resource
import sys
import textwrap
import time
import uuid
from pathlib import Path

import psutil
import pytest

from myagent.config import SandboxConfig
from myagent.sandbox.bwrap import BwrapRunner
from myagent.sandbox.factory import make_runner
from myagent.sandbox.runner import SandboxPolicy
from myagent.sandbox.unsandboxed import UnsandboxedRunner

pytestmark = pytest.mark.integration


def _alive(marker: str) -> list[psutil.Process]:
    return [
        proc
        for proc in psutil.process_iter(["cmdline"])
        if any(marker in part for part in proc.info["cmdline"] or ())
    ]


def test_timeout_kills_the_whole_process_group(tmp_path: Path):
    seconds = f"300.{uuid.uuid4().int % 10**9:09d}"
    code = textwrap.dedent(f"""
        import subprocess
        subprocess.Popen(["sleep", "{seconds}"], stdout=subprocess.DEVNULL)
        print("started", flush=True)
        while True:
            pass
    """)
    start = time.monotonic()
    result = UnsandboxedRunner(SandboxPolicy()).run(
        [sys.executable, "-c", code], workspace=tmp_path, timeout_s=1.5
    )
    assert result.timed_out and result.returncode == -9
    assert "started" in result.stdout
    assert time.monotonic() - start < 1.5 + 3
    assert _alive(seconds) == []


def test_output_is_capped(tmp_path: Path):
    result = UnsandboxedRunner(SandboxPolicy(max_output_bytes=100_000)).run(
        [sys.executable, "-c", "print('x' * 10**7)"], workspace=tmp_path, timeout_s=30
    )
    assert result.returncode == 0
    assert result.truncated and result.stdout == "x" * 100_000


def test_environment_is_cleared_and_limits_apply(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SECRET_KEY", "do-not-leak")
    code = (
        "import json, os, resource; print(json.dumps([sorted(os.environ), os.environ['HOME'],"
        " os.getcwd(), resource.getrlimit(resource.RLIMIT_AS)[0]]))"
    )
    result = UnsandboxedRunner(SandboxPolicy(memory_mb=1024)).run(
        [sys.executable, "-c", code],
        workspace=tmp_path,
        timeout_s=30,
        env={"GIVEN": "yes"},
        readable=[Path(sys.prefix)],
    )
    names, home, cwd, address_space = json.loads(result.stdout)
    assert set(names) <= {"PATH", "HOME", "GIVEN", "LC_CTYPE"} and "GIVEN" in names
    assert "do-not-leak" not in result.stdout
    assert home != str(Path.home()) and not Path(home).exists()  # a throw-away HOME
    assert cwd == str(tmp_path)
    assert address_space == 1024 * 1024 * 1024
    assert resource.getrlimit(resource.RLIMIT_AS)[0] != address_space  # not MyAgent's own


def test_a_missing_program_is_a_result_not_an_exception(tmp_path: Path):
    result = UnsandboxedRunner(SandboxPolicy()).run(
        ["no-such-program-xyz"], workspace=tmp_path, timeout_s=10
    )
    assert result.returncode == 127
    assert "no-such-program-xyz" in result.stderr


def test_make_runner_gives_a_working_bwrap_runner(bwrap_runner: object, tmp_path: Path):
    runner = make_runner(SandboxConfig(enabled=True, memory_mb=1024))
    assert isinstance(runner, BwrapRunner) and runner.isolated
    assert runner.policy.memory_mb == 1024
    result = runner.run(["sh", "-c", "echo ok; id -u"], workspace=tmp_path, timeout_s=10)
    assert result.stdout.split()[0] == "ok" and result.stdout.split()[1] != "0"


def test_undecodable_output_is_replaced_not_fatal(tmp_path: Path):
    code = "import sys; sys.stdout.buffer.write(b'ok \\xff\\xfe end')"
    result = UnsandboxedRunner(SandboxPolicy()).run(
        [sys.executable, "-c", code], workspace=tmp_path, timeout_s=10
    )
    assert result.stdout == "ok \ufffd\ufffd end"
