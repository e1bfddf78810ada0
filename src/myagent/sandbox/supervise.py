"""Start one process tree, watch it, and bound what it can cost the supervisor.

Both runners (`bwrap.py`, `unsandboxed.py`) start their command through `supervise`:

- rlimits come from `prlimit` as the first program of the command line, so no Python
  code runs between `fork` and `exec` (a `preexec_fn` is unsafe in a threaded host);
- the command runs in a new session, so its process group can be killed as a whole;
- stdout and stderr are read incrementally with a selector and kept up to the cap per
  stream (the rest is read and dropped), so `print('x' * 10**8)` costs the supervisor
  at most the cap, not the output;
- the wall clock is watched through a pidfd; when it runs out the process group and
  the command's direct children get SIGKILL, `run` returns once they are gone, and the
  result says `timed_out=True`. Leftover members of the group are killed as well when
  the command exits on its own.
"""

from __future__ import annotations

import contextlib
import os
import select
import selectors
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from myagent.errors import SandboxError
from myagent.sandbox.runner import SandboxPolicy, SandboxResult

SYSTEM_PATH = "/usr/bin:/bin"
_READ_CHUNK = 65536
_DRAIN_GRACE_S = 1.0  # after the command exits, how long stray holders may keep the pipes
_REAP_WAIT_S = 5.0  # after a timeout kill, how long to wait for the killed children to go
_MIB = 1024 * 1024


def find_tool(name: str) -> str:
    """The absolute path of a system program the runners need, or `SandboxError`."""
    found = shutil.which(name, path=SYSTEM_PATH + ":/usr/sbin:/sbin")
    if found is None:
        raise SandboxError(f"the sandbox needs `{name}` (util-linux), which is not installed")
    return found


def rlimit_argv(prlimit: str, policy: SandboxPolicy) -> list[str]:
    """`prlimit ... --` applying the policy's limits to the command that follows."""
    cpu = policy.cpu_seconds
    return [
        prlimit,
        f"--as={policy.memory_mb * _MIB}",
        f"--cpu={cpu}:{cpu + 5}",  # SIGXCPU at the soft limit, SIGKILL 5 s later
        f"--nproc={policy.max_processes}",
        f"--fsize={policy.file_size_mb * _MIB}",
        f"--nofile={policy.open_files}",
        "--core=0",
        "--",
    ]


def command_env(
    env: Mapping[str, str] | None, readable: Sequence[Path], home: str
) -> dict[str, str]:
    """The whole environment of the command: PATH, HOME, then the caller's `env`.

    PATH puts the `bin` folders of the readable virtualenvs (folders holding a
    `pyvenv.cfg`) before the system folders, so `pytest`/`python` resolve to the venv
    the caller made readable. Values in `env` win over both.
    """
    venv_bins = [str(p / "bin") for p in readable if (p / "pyvenv.cfg").is_file()]
    result = {"PATH": ":".join([*venv_bins, SYSTEM_PATH]), "HOME": home}
    result.update(env or {})
    return result


class _Capture:
    """One output stream, kept up to `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.chunks: list[bytes] = []
        self.size = 0
        self.dropped = False

    def feed(self, data: bytes) -> None:
        room = self.limit - self.size
        if len(data) > room:
            self.dropped = True
            data = data[: max(room, 0)]
        if data:
            self.chunks.append(data)
            self.size += len(data)

    def text(self) -> str:
        return b"".join(self.chunks).decode("utf-8", errors="replace")


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def supervise(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    timeout_s: float,
    max_output_bytes: int,
    pass_fds: Sequence[int] = (),
) -> SandboxResult:
    """Run `argv` (already wrapped by the caller) to completion or to the timeout."""
    if not argv:
        raise ValueError("supervise() needs a non-empty argv")
    start = time.monotonic()
    proc = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        pass_fds=tuple(pass_fds),
    )
    out, err = _Capture(max_output_bytes), _Capture(max_output_bytes)
    try:
        timed_out = _watch(proc, start + timeout_s, out, err)
    finally:
        # On any exit path (including KeyboardInterrupt) nothing may survive us.
        if proc.returncode is None:
            _kill_group(proc.pid)
        proc.wait()
    return SandboxResult(
        returncode=proc.returncode,
        stdout=out.text(),
        stderr=err.text(),
        timed_out=timed_out,
        duration_s=time.monotonic() - start,
        truncated=out.dropped or err.dropped,
    )


def _watch(proc: subprocess.Popen[bytes], deadline: float, out: _Capture, err: _Capture) -> bool:
    """Pump both pipes until the command exits (plus a short drain) or the deadline.

    The exit is seen through a pidfd, which does not reap the process: the group id
    stays reserved while we kill leftovers, so `killpg` can never hit a recycled group.
    """
    assert proc.stdout is not None and proc.stderr is not None
    pidfd = os.pidfd_open(proc.pid)
    timed_out = False
    doomed: list[int] = []
    exited_at: float | None = None
    with selectors.DefaultSelector() as selector:
        for stream, capture in ((proc.stdout, out), (proc.stderr, err)):
            os.set_blocking(stream.fileno(), False)
            selector.register(stream.fileno(), selectors.EVENT_READ, capture)
        selector.register(pidfd, selectors.EVENT_READ, None)
        open_pipes = 2
        try:
            while True:
                now = time.monotonic()
                if exited_at is None:
                    if not timed_out and now >= deadline:
                        timed_out = True
                        doomed = _kill_tree(proc.pid)
                    wait = _DRAIN_GRACE_S if timed_out else deadline - now
                else:
                    wait = exited_at + _DRAIN_GRACE_S - now
                    if open_pipes == 0 or wait <= 0:
                        break
                for key, _ in selector.select(max(wait, 0.0)):
                    if key.data is None:
                        exited_at = time.monotonic()
                        selector.unregister(pidfd)
                        _kill_group(proc.pid)  # leftovers of the group, if any
                        continue
                    data = _read(key.fd)
                    if data is None:
                        continue
                    if data:
                        key.data.feed(data)
                    else:
                        selector.unregister(key.fd)
                        open_pipes -= 1
        finally:
            _await_exit(doomed, _REAP_WAIT_S)
            os.close(pidfd)
            proc.stdout.close()
            proc.stderr.close()
    return timed_out


def _kill_tree(pid: int) -> list[int]:
    """SIGKILL the group of `pid` and its direct children; pidfds of those children.

    A child may have left the group: bubblewrap's PID-1 process does (its death tears
    the sandbox's PID namespace down), so does a `setsid` child of an unsandboxed
    command. Waiting for those pidfds makes `run` return only once they are gone.
    """
    doomed: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            for child in children.read_text().split():
                with contextlib.suppress(OSError):
                    doomed.append(os.pidfd_open(int(child)))
    _kill_group(pid)
    for fd in doomed:
        with contextlib.suppress(ProcessLookupError):
            signal.pidfd_send_signal(fd, signal.SIGKILL)
    return doomed


def _await_exit(pidfds: list[int], limit_s: float) -> None:
    """Wait (at most `limit_s`) until every pidfd reports its process gone; close them."""
    deadline = time.monotonic() + limit_s
    pending = list(pidfds)
    while pending and (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select(pending, [], [], left)
        pending = [fd for fd in pending if fd not in ready]
    for fd in pidfds:
        os.close(fd)


def _read(fd: int) -> bytes | None:
    """Up to one chunk from a non-blocking pipe; None when nothing is there after all."""
    try:
        return os.read(fd, _READ_CHUNK)
    except BlockingIOError:
        return None
