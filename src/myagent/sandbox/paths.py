"""Host-side file access inside a workspace that sandboxed code could have booby-trapped.

MyAgent itself (not sandboxed) writes model-proposed files into a workspace where
sandboxed code ran before. That code may have planted a symbolic link
(`notes.txt -> /etc/passwd`, `pkg -> /root/.ssh`): a naive write would follow it out of
the workspace (the CVE-2026-39861 pattern). So:

- `safe_join` accepts only a relative path of plain names: no absolute path, no `..`,
  no NUL byte, no name over 255 bytes or path over 4096, no `.git` (git metadata is
  privileged: a hook written there would run on the host), no symbolic link on the way,
  and the result must be inside the resolved root (`is_relative_to`, never
  `str.startswith`, which `"/srv/ws-evil".startswith("/srv/ws")` fools);
- `write_text_safely` and `delete_safely` do not trust a check made earlier: they walk
  down from the root with directory file descriptors opened `O_DIRECTORY|O_NOFOLLOW`,
  so a link swapped in after the check still cannot redirect them. Writes go to a
  fresh temporary file that replaces the target atomically (`rename` never follows a
  link, and a planted FIFO or hard link is replaced, not written through).

Every refusal raises `UnsafePathError`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path, PurePosixPath

from myagent.errors import UnsafePathError

NAME_MAX = 255  # bytes in one file name (Linux)
PATH_MAX = 4096  # bytes in a whole path (Linux)
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def _names(relative: str) -> tuple[str, ...]:
    """The plain names of `relative`, or `UnsafePathError`."""
    if "\x00" in relative:
        raise UnsafePathError(f"unsafe path {relative!r}: contains a NUL byte")
    try:
        size = len(os.fsencode(relative))
    except UnicodeEncodeError:
        raise UnsafePathError(f"unsafe path {relative!r}: not encodable") from None
    if size > PATH_MAX:
        raise UnsafePathError(f"unsafe path {relative[:40]!r}...: longer than {PATH_MAX} bytes")
    if PurePosixPath(relative).is_absolute():
        raise UnsafePathError(f"unsafe path {relative!r}: absolute, expected workspace-relative")
    names = tuple(name for name in relative.split("/") if name not in ("", "."))
    if not names:
        raise UnsafePathError(f"unsafe path {relative!r}: names the workspace itself")
    for name in names:
        if name == "..":
            raise UnsafePathError(f"unsafe path {relative!r}: contains '..'")
        if name == ".git":
            raise UnsafePathError(f"unsafe path {relative!r}: inside git metadata (.git)")
        if len(os.fsencode(name)) > NAME_MAX:
            raise UnsafePathError(f"unsafe path {relative[:40]!r}...: a name over {NAME_MAX} bytes")
    return names


def safe_join(root: Path, relative: str) -> Path:
    """`root / relative` after the checks of the module docstring; `root` is trusted."""
    base = root.resolve(strict=True)
    current = base
    for name in _names(relative):
        current = current / name
        if current.is_symlink():
            raise UnsafePathError(f"unsafe path {relative!r}: {current} is a symbolic link")
    if not current.resolve().is_relative_to(base):
        raise UnsafePathError(f"unsafe path {relative!r}: resolves outside {base}")
    return current


def write_text_safely(root: Path, relative: str, content: str, encoding: str = "utf-8") -> Path:
    """Atomically write `content` to `root/relative`, creating parent folders.

    Refuses (UnsafePathError) a symbolic link anywhere, including the target itself;
    keeps the permission bits of a file it replaces. Returns the written path.
    """
    target = safe_join(root, relative)
    *parents, name = _names(relative)
    dirfd = _walk(root.resolve(strict=True), parents, create=True)
    try:
        try:
            old = os.stat(name, dir_fd=dirfd, follow_symlinks=False)
        except FileNotFoundError:
            old = None
        if old is not None and stat.S_ISLNK(old.st_mode):
            raise UnsafePathError(f"unsafe path {relative!r}: the target is a symbolic link")
        temp = f".myagent-{secrets.token_hex(8)}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(temp, flags, 0o644, dir_fd=dirfd)
        try:
            with os.fdopen(fd, "w", encoding=encoding) as handle:
                handle.write(content)
                if old is not None and stat.S_ISREG(old.st_mode):
                    os.fchmod(handle.fileno(), stat.S_IMODE(old.st_mode) & 0o777)
            os.replace(temp, name, src_dir_fd=dirfd, dst_dir_fd=dirfd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=dirfd)
            raise
    finally:
        os.close(dirfd)
    return target


def delete_safely(root: Path, relative: str) -> None:
    """Delete the file `root/relative` without following a link in its folders.

    A symbolic link as the last name is removed itself (unlink never follows it).
    Raises FileNotFoundError if it is missing, IsADirectoryError for a folder.
    """
    *parents, name = _names(relative)
    dirfd = _walk(root.resolve(strict=True), parents, create=False)
    try:
        os.unlink(name, dir_fd=dirfd)
    finally:
        os.close(dirfd)


def _walk(base: Path, names: list[str], *, create: bool) -> int:
    """A descriptor of `base/names...`, each step opened without following links."""
    fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for name in names:
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o777, dir_fd=fd)
            try:
                next_fd = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise UnsafePathError(
                        f"unsafe path: {name!r} under {base} is a symbolic link or not a folder"
                    ) from None
                raise
            os.close(fd)
            fd = next_fd
    except BaseException:
        os.close(fd)
        raise
    return fd
