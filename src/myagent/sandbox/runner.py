"""The one way MyAgent executes project code: the `SandboxRunner` interface.

Every subprocess that runs the user's code (tests, generated code, tools that import
project code) goes through a `SandboxRunner`. `make_runner` picks the implementation:
bubblewrap (`myagent.sandbox.bwrap`) by default, or an explicitly opted-out
unsandboxed runner (`myagent.sandbox.unsandboxed`) that still applies rlimits, the
wall-clock timeout and the output cap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class SandboxPolicy:
    """Resource limits applied to every sandboxed process tree."""

    memory_mb: int = 4096  # RLIMIT_AS
    max_processes: int = 256  # RLIMIT_NPROC (effective only for a non-root uid)
    cpu_seconds: int = 900  # RLIMIT_CPU
    file_size_mb: int = 512  # RLIMIT_FSIZE
    open_files: int = 1024  # RLIMIT_NOFILE
    max_output_bytes: int = 4_000_000  # per stream; the rest is dropped
    network: bool = False  # True only for an explicit, approved install step


@dataclass(frozen=True)
class SandboxResult:
    """What one sandboxed command did."""

    returncode: int  # negative: killed by that signal
    stdout: str
    stderr: str
    timed_out: bool  # the wall-clock timeout fired and the whole tree was killed
    duration_s: float
    truncated: bool  # stdout or stderr exceeded max_output_bytes


class SandboxRunner(Protocol):
    """Runs one command on a workspace, isolated, with limits and a timeout."""

    @property
    def isolated(self) -> bool:
        """True when the command really runs in a sandbox (False for the opt-out)."""
        ...

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
        """Run `argv` with the working directory `workspace` (read-write, its `.git`
        read-only). `readable` paths are bound read-only (interpreters, virtualenvs,
        plugin files), `writable` paths read-write (output folders). `env` is the
        whole environment the command sees, besides PATH/HOME set by the runner:
        nothing from MyAgent's own environment leaks in."""
        ...
