"""Host-side preparation when MyAgent runs as root and the sandbox as a plain uid.

Two problems appear only then, and both are solved here:

1. **Writing the workspace.** The sandboxed uid must write the workspace and the
   `writable` folders. They are MyAgent's own scratch worktrees, so before each run
   `grant_group_access` gives them to the sandbox *group* (`chgrp` + `g+rw`, `g+x` on
   folders and on files the owner may execute) and keeps the *owner* as it is. Changing
   the owner instead (`chown`) would make host-side `git` refuse the worktree
   ("detected dubious ownership"). Symbolic links are never followed, `.git` at the top
   is left alone (it is mounted read-only anyway), files with several hard links are
   skipped (they could alias a file outside the workspace).
2. **Reaching bind sources.** bubblewrap resolves every bind source as the sandbox uid,
   which cannot traverse a `0700` folder such as `/root` (home of the machine's pyenv
   interpreters) or pytest's `/tmp/pytest-of-root`. `Staging` lists mount points in a
   fresh `0711` folder; `stage_argv` is a command prefix that, still as root, enters a
   private mount namespace (`unshare --mount`), bind-mounts each source on its mount
   point (visible in that namespace only), then `exec`s the rest (setpriv, bwrap).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from types import TracebackType

# Positional parameters only: paths are never interpolated into the script text.
_STAGE_SCRIPT = (
    'set -eu; while [ "$1" != "--" ]; do "$0" --rbind -- "$1" "$2"; shift 2; done; shift; exec "$@"'
)


def grant_group_access(root: Path, gid: int) -> None:
    """Make `root` (a resolved folder or file) and everything under it group-`gid` and
    group-writable (see the module docstring)."""
    parent = os.open(root.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _grant(parent, root.name, gid, os.stat(root.name, dir_fd=parent, follow_symlinks=False))
    finally:
        os.close(parent)
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames, dirfd in os.fwalk(root, follow_symlinks=False):
        if dirpath == str(root):
            dirnames[:] = [name for name in dirnames if name != ".git"]
            filenames = [name for name in filenames if name != ".git"]
        for name in (*dirnames, *filenames):
            try:
                st = os.stat(name, dir_fd=dirfd, follow_symlinks=False)
            except FileNotFoundError:
                continue
            _grant(dirfd, name, gid, st)


def _grant(dirfd: int, name: str, gid: int, st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        wanted = st.st_mode | stat.S_IRWXG
    elif stat.S_ISREG(st.st_mode) and st.st_nlink == 1:
        wanted = st.st_mode | stat.S_IRGRP | stat.S_IWGRP
        if st.st_mode & stat.S_IXUSR:
            wanted |= stat.S_IXGRP
    else:
        return  # symlinks, sockets, fifos, hard-linked files: left as they are
    if st.st_gid != gid:
        os.chown(name, -1, gid, dir_fd=dirfd, follow_symlinks=False)
    if stat.S_IMODE(wanted) != stat.S_IMODE(st.st_mode):
        # `name` was just seen not to be a symlink, and nothing sandboxed runs now.
        os.chmod(name, stat.S_IMODE(wanted), dir_fd=dirfd)


class Staging:
    """Mount points through which the sandbox uid reaches root-only bind sources."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="myagent-sandbox-", dir="/tmp"))
        self.folder.chmod(0o711)  # traversable, not listable
        self._points: dict[Path, Path] = {}

    def point(self, source: Path) -> Path:
        """The staged path that will show `source` (a folder or a file)."""
        if source not in self._points:
            target = self.folder / str(len(self._points))
            if source.is_dir():
                target.mkdir(mode=0o755)
            else:
                target.touch(mode=0o644)
            self._points[source] = target
        return self._points[source]

    def argv(self, unshare: str, sh: str, mount: str) -> list[str]:
        """The prefix that mounts every staged source, then runs what follows `--`."""
        pairs = [str(p) for item in self._points.items() for p in item]
        return [
            unshare, "--mount", "--propagation", "private", "--",
            sh, "-c", _STAGE_SCRIPT, mount, *pairs, "--",
        ]  # fmt: skip

    def close(self) -> None:
        """Remove the (empty, unmounted on the host) mount points.

        Never a recursive delete: if a mount had leaked to the host namespace, rmdir
        fails instead of deleting the mounted interpreter.
        """
        for target in self._points.values():
            if target.is_dir():
                target.rmdir()
            else:
                target.unlink()
        self.folder.rmdir()

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
