"""`UnsandboxedRunner`: the explicit opt-out (`[sandbox] enabled = false`).

No isolation: the command sees the whole file system and the network, with MyAgent's
uid. What still holds: the rlimits of the policy (RLIMIT_NPROC only for a non-root
uid), a cleared environment (PATH, a throw-away HOME, the caller's `env`), the
output cap, and the wall-clock timeout that SIGKILLs the command's process group and
its direct children. A grandchild that left the group (`setsid`), or anything that
outlives a command exiting on its own outside the group, escapes: only bubblewrap's
PID namespace catches those.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from myagent.sandbox.runner import SandboxPolicy, SandboxResult
from myagent.sandbox.supervise import command_env, find_tool, rlimit_argv, supervise


class UnsandboxedRunner:
    """Runs commands directly on the host, with limits but without isolation."""

    def __init__(self, policy: SandboxPolicy) -> None:
        self.policy = policy
        self._prlimit = find_tool("prlimit")

    @property
    def isolated(self) -> bool:
        """Always False: this is the opt-out."""
        return False

    def run(
        self,
        argv: Sequence[str],
        *,
        workspace: Path,
        timeout_s: float,
        env: Mapping[str, str] | None = None,
        readable: Sequence[Path] = (),
        writable: Sequence[Path] = (),
    ) -> SandboxResult:
        """See `SandboxRunner.run`. `readable` only adds venv `bin` folders to PATH and
        `writable` is ignored: everything the uid may touch is reachable anyway."""
        if not argv:
            raise ValueError("run() needs a non-empty argv")
        with tempfile.TemporaryDirectory(
            prefix="myagent-home-", ignore_cleanup_errors=True
        ) as home:
            return supervise(
                [*rlimit_argv(self._prlimit, self.policy), *argv],
                cwd=workspace,
                env=command_env(env, readable, home),
                timeout_s=timeout_s,
                max_output_bytes=self.policy.max_output_bytes,
            )
