"""Pick the `SandboxRunner` the configuration asks for, and refuse a broken sandbox.

`[sandbox] enabled = true` (the default) means bubblewrap or nothing: if `bwrap` is
missing or cannot start a trivial sandbox on this machine, `make_runner` raises
`SandboxError` with what to do, instead of silently running project code unsandboxed.
Only `enabled = false` gives the `UnsandboxedRunner`.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from myagent.config import SandboxConfig
from myagent.errors import SandboxError
from myagent.sandbox.bwrap import BwrapRunner
from myagent.sandbox.runner import SandboxPolicy, SandboxRunner
from myagent.sandbox.unsandboxed import UnsandboxedRunner

_OPT_OUT = "or set [sandbox] enabled = false in myagent.toml to run project code unsandboxed"
_SMOKE_TIMEOUT_S = 20.0


def policy_from_config(config: SandboxConfig) -> SandboxPolicy:
    """The limits of `config`; the ones it does not name keep `SandboxPolicy` defaults."""
    return SandboxPolicy(
        memory_mb=config.memory_mb,
        max_processes=config.max_processes,
        max_output_bytes=config.max_output_bytes,
    )


def make_runner(config: SandboxConfig) -> SandboxRunner:
    """A smoke-tested `BwrapRunner` when the sandbox is enabled, else the opt-out."""
    policy = policy_from_config(config)
    if not config.enabled:
        return UnsandboxedRunner(policy)
    if shutil.which("bwrap") is None:
        raise SandboxError(
            "bubblewrap (bwrap) is not installed: install it (apt-get install bubblewrap) "
            + _OPT_OUT
        )
    try:
        runner = BwrapRunner(policy)
    except SandboxError as exc:
        raise SandboxError(f"{exc}: install it {_OPT_OUT}") from exc
    _smoke_test(runner)
    return runner


def _smoke_test(runner: BwrapRunner) -> None:
    """Run `true` in a throw-away workspace; raise if bubblewrap cannot start it."""
    with tempfile.TemporaryDirectory(prefix="myagent-smoke-") as folder:
        result = runner.run(["true"], workspace=Path(folder), timeout_s=_SMOKE_TIMEOUT_S)
    if result.returncode != 0 or result.timed_out:
        detail = result.stderr.strip().splitlines()[-1:] or ["no output"]
        why = "timed out" if result.timed_out else detail[0]
        raise SandboxError(
            f"bubblewrap (bwrap) cannot start a sandbox on this machine ({why}): "
            "check that unprivileged user namespaces are enabled, " + _OPT_OUT
        )
