"""`BwrapRunner`: project code in a bubblewrap sandbox (security.md 4.3).

What the command sees:

- its own user, PID, IPC, UTS, cgroup and network namespaces (`--unshare-all`; the
  network stays shared only when `policy.network` is set, for an approved install);
  no further user namespaces (`--disable-userns`), a new session (no TIOCSTI), and it
  dies with the supervisor (`--die-with-parent`);
- a read-only root holding only `/usr` (+ the `/bin`, `/lib*` symlinks), a few
  `/etc` files (TLS certificates, alternatives, loader cache, hosts, time zone), a
  two-line `/etc/passwd` and `/etc/group`, fresh `/proc` and `/dev`, a size-capped
  tmpfs on `/tmp` with `HOME=/tmp/home`: never `/` nor the real `$HOME`;
- the `readable` paths read-only and the `writable` ones read-write, each at its
  absolute path and, if different, at its resolved path (a venv's `bin/python`
  symlink keeps working); the workspace read-write at its resolved path, which is
  also the working directory, so paths reported inside are valid outside; the
  workspace's `.git` (a folder, or the file of a `git worktree`) read-only;
- the environment `PATH`, `HOME` and the caller's `env`, nothing else: even bwrap
  itself is started with a bare `PATH`, as `/proc/1/environ` is readable inside.

Limits: rlimits from `SandboxPolicy` through `prlimit`; the wall clock, process-group
kill and output cap of `supervise`. Killing bwrap (`--unshare-pid`) tears the PID
namespace down, so nothing started inside, `setsid` or not, survives it.

As root the command runs as `sandbox_uid` (default 65534, `nobody`), via
`setpriv --reuid --regid --clear-groups --no-new-privs` before bwrap, because
RLIMIT_NPROC does not apply to root; bind sources are reached through `access.Staging`
and the workspace and `writable` folders are given to the sandbox group by
`access.grant_group_access` before each run. Not as root, bwrap runs as the caller.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from myagent.errors import SandboxError
from myagent.sandbox.access import Staging, grant_group_access
from myagent.sandbox.runner import SandboxPolicy, SandboxResult
from myagent.sandbox.supervise import (
    SYSTEM_PATH,
    command_env,
    find_tool,
    rlimit_argv,
    supervise,
)

SANDBOX_HOME = "/tmp/home"  # noqa: S108 (a path inside the sandbox's own tmpfs)
_ETC_FILES = (
    "ssl", "alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
    "localtime", "hosts", "host.conf", "nsswitch.conf", "protocols", "services", "mime.types",
)  # fmt: skip
_ETC_NETWORK_FILES = ("resolv.conf", "gai.conf")
_TOP_LINKS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
_MIB = 1024 * 1024


@dataclass(frozen=True)
class _Bind:
    source: Path  # resolved host path
    dest: Path  # absolute path inside the sandbox
    writable: bool


class BwrapRunner:
    """Runs commands in a bubblewrap sandbox; see the module docstring."""

    def __init__(
        self, policy: SandboxPolicy, *, sandbox_uid: int = 65534, sandbox_gid: int = 65534
    ) -> None:
        """`sandbox_uid`/`sandbox_gid` apply only when MyAgent runs as root. Concurrent
        sandboxes sharing one uid share its RLIMIT_NPROC budget: give each its own."""
        if sandbox_uid == 0 or sandbox_gid == 0:
            raise SandboxError("the sandbox uid and gid must not be 0 (root)")
        self.policy = policy
        self._as_root = os.geteuid() == 0
        self._uid = sandbox_uid if self._as_root else os.getuid()
        self._gid = sandbox_gid if self._as_root else os.getgid()
        bwrap = shutil.which("bwrap")
        if bwrap is None:
            raise SandboxError("bubblewrap (bwrap) is not installed")
        self._bwrap = bwrap
        self._prlimit = find_tool("prlimit")
        if self._as_root:
            self._root_tools = [find_tool(n) for n in ("unshare", "sh", "mount", "setpriv")]

    @property
    def isolated(self) -> bool:
        """Always True: commands run inside bubblewrap."""
        return True

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
        """See `SandboxRunner.run`. Raises `SandboxError` if a path is missing or is `/`
        (infrastructure trouble); whatever the command does is data in the result."""
        if not argv:
            raise ValueError("run() needs a non-empty argv")
        ws = _existing(workspace)
        if not ws.is_dir() or ws == Path.home().resolve():
            raise SandboxError(f"workspace {ws} must be a folder other than $HOME")
        binds = _plan_binds(ws, readable, writable)
        fds = [_memfd("passwd", self._passwd()), _memfd("group", self._group())]
        limits = rlimit_argv(self._prlimit, self.policy)
        try:
            if not self._as_root:
                inner = self._bwrap_args(ws, binds, fds, env, readable)
                return self._supervise([*limits, *inner, "--", *argv], fds, timeout_s)
            for folder in dict.fromkeys([ws, *(b.source for b in binds if b.writable)]):
                grant_group_access(folder, self._gid)
            with Staging() as staging:
                staged = [replace(b, source=staging.point(b.source)) for b in binds]
                inner = self._bwrap_args(ws, staged, fds, env, readable)
                unshare, sh, mount, setpriv = self._root_tools
                drop = [setpriv, f"--reuid={self._uid}", f"--regid={self._gid}",
                        "--clear-groups", "--no-new-privs", "--"]  # fmt: skip
                stage = staging.argv(unshare, sh, mount)
                return self._supervise(
                    [*limits, *stage, *drop, *inner, "--", *argv], fds, timeout_s
                )
        finally:
            for fd in fds:
                os.close(fd)

    def _supervise(self, argv: list[str], fds: list[int], timeout_s: float) -> SandboxResult:
        result = supervise(
            argv,
            cwd=Path("/"),
            env={"PATH": SYSTEM_PATH},  # bwrap's own environment, readable as /proc/1
            timeout_s=timeout_s,
            max_output_bytes=self.policy.max_output_bytes,
            pass_fds=fds,
        )
        # bwrap reports a command killed by signal N as exit status 128 + N.
        if not result.timed_out and 128 < result.returncode < 128 + 65:
            result = replace(result, returncode=128 - result.returncode)
        return result

    def _bwrap_args(
        self,
        ws: Path,
        binds: Sequence[_Bind],
        fds: Sequence[int],
        env: Mapping[str, str] | None,
        readable: Sequence[Path],
    ) -> list[str]:
        args = [self._bwrap, "--unshare-all", "--unshare-user", "--disable-userns",
                "--die-with-parent", "--new-session", "--clearenv",
                "--hostname", "myagent-sandbox"]  # fmt: skip
        if self.policy.network:
            args.append("--share-net")
        args += ["--ro-bind", "/usr", "/usr"]
        for name in _TOP_LINKS:
            top = Path("/", name)
            if top.is_symlink():
                args += ["--symlink", str(top.readlink()), str(top)]
            elif top.is_dir():
                args += ["--ro-bind", str(top), str(top)]
        etc = _ETC_FILES + (_ETC_NETWORK_FILES if self.policy.network else ())
        for name in etc:
            args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
        args += ["--ro-bind-data", str(fds[0]), "/etc/passwd"]
        args += ["--ro-bind-data", str(fds[1]), "/etc/group"]
        args += ["--proc", "/proc", "--dev", "/dev"]
        args += ["--size", str(self.policy.file_size_mb * _MIB), "--tmpfs", "/tmp"]  # noqa: S108
        args += ["--dir", SANDBOX_HOME]
        for bind in binds:
            flag = "--bind" if bind.writable else "--ro-bind"
            args += [flag, str(bind.source), str(bind.dest)]
        args += ["--remount-ro", "/", "--chdir", str(ws)]
        for key, value in command_env(env, readable, SANDBOX_HOME).items():
            args += ["--setenv", key, value]
        return args

    def _passwd(self) -> str:
        return (
            "root:x:0:0:root:/nonexistent:/usr/sbin/nologin\n"
            f"sandbox:x:{self._uid}:{self._gid}:MyAgent sandbox:{SANDBOX_HOME}:/usr/sbin/nologin\n"
        )

    def _group(self) -> str:
        return f"root:x:0:\nsandbox:x:{self._gid}:\n"


def _existing(path: Path) -> Path:
    try:
        resolved = path.resolve(strict=True)
    except (FileNotFoundError, RuntimeError) as exc:
        raise SandboxError(f"sandbox path {path} does not exist") from exc
    if resolved == Path("/"):
        raise SandboxError("the sandbox never binds the whole file system (/)")
    return resolved


def _plan_binds(ws: Path, readable: Sequence[Path], writable: Sequence[Path]) -> list[_Bind]:
    """Every bind, parents before children, so a deeper bind is never hidden."""
    binds: list[_Bind] = []
    for paths, rw in ((readable, False), (writable, True)):
        for path in paths:
            source = _existing(path)
            for dest in dict.fromkeys((Path(os.path.normpath(path.absolute())), source)):
                binds.append(_Bind(source, dest, rw))
    binds.append(_Bind(ws, ws, True))
    git = ws / ".git"
    try:
        mode = git.lstat().st_mode
    except FileNotFoundError:
        mode = 0
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):  # never a symlink planted inside
        binds.append(_Bind(git, git, False))
    return sorted(binds, key=lambda b: len(b.dest.parts))


def _memfd(name: str, content: str) -> int:
    fd = os.memfd_create(name, 0)  # not CLOEXEC: handed to bwrap through pass_fds
    os.write(fd, content.encode())
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
