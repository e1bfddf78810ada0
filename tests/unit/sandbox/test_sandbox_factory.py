"""`make_runner` refuses a missing or broken bubblewrap unless the user opted out."""

from __future__ import annotations

from pathlib import Path

import pytest

from myagent.config import SandboxConfig
from myagent.errors import SandboxError
from myagent.sandbox import factory
from myagent.sandbox.factory import make_runner, policy_from_config
from myagent.sandbox.runner import SandboxResult
from myagent.sandbox.unsandboxed import UnsandboxedRunner


def test_missing_bwrap_is_refused_with_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no bwrap anywhere
    with pytest.raises(SandboxError) as caught:
        make_runner(SandboxConfig(enabled=True))
    message = str(caught.value)
    assert "bubblewrap (bwrap) is not installed" in message
    assert "apt-get install bubblewrap" in message
    assert "[sandbox] enabled = false" in message
    assert "\n" not in message


def test_opt_out_gives_the_unsandboxed_runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # bwrap is not needed for the opt-out
    runner = make_runner(SandboxConfig(enabled=False))
    assert isinstance(runner, UnsandboxedRunner)
    assert runner.isolated is False


class _BrokenBwrap:
    """Stands in for a BwrapRunner on a machine without user namespaces."""

    def __init__(self, policy: object) -> None:
        self.policy = policy

    def run(self, argv: list[str], **kwargs: object) -> SandboxResult:
        return SandboxResult(
            1, "", "bwrap: setting up uid map: Permission denied\n", False, 0.0, False
        )


def test_a_failing_smoke_test_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(factory.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(factory, "BwrapRunner", _BrokenBwrap)
    with pytest.raises(SandboxError) as caught:
        make_runner(SandboxConfig(enabled=True))
    assert "setting up uid map: Permission denied" in str(caught.value)
    assert "enabled = false" in str(caught.value)


def test_policy_takes_the_configured_limits():
    policy = policy_from_config(
        SandboxConfig(memory_mb=512, max_processes=64, max_output_bytes=20_000)
    )
    assert (policy.memory_mb, policy.max_processes, policy.max_output_bytes) == (512, 64, 20_000)
    assert policy.network is False
