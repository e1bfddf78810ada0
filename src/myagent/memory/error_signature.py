"""Normalised error signatures: the identity of an error node in the error knowledge graph.

Two occurrences of "the same" error rarely have the same text: the numbers, the quoted
values, the object addresses and the temporary paths change from run to run, and an
edit above the failing line moves its line number. A signature keeps what identifies
the error and masks the rest:

* `error_type`: the exception class (`builtins.` dropped).
* `message_pattern`: the first non-empty line of the message, without a leading
  `"<error_type>: "`, with literals masked, in this order:
  hex addresses (`0x7f3a...`) -> `<addr>`; quoted strings (`'x'`, `"x"`, `b'x'`) ->
  `<str>`, except built-in type names (`'int'`, `'NoneType'`), which say what went
  wrong rather than with which value; absolute project paths -> relative; the
  temporary part of a path (`/tmp/pytest-of-u/pytest-3/test_a0/`, a
  `.myagent/worktrees/<id>/` scratch tree) -> `<tmp>/`; UUIDs and hex ids of 8+
  characters with a digit (commit shas, object ids) -> `<addr>`; numbers (`-3`, `1.5`,
  `1e-05`, `10_000`, `3.11.2`) -> `<num>`; runs of whitespace -> one space; a trailing
  period dropped; at most `PATTERN_LIMIT` characters.
* `location`: `"path:function"` of the innermost frame in the project's source (not
  tests, not installed or standard-library code), never the line number, so the
  signature survives edits; the path is relative to the project path it lies in.

`key` is a stable hash of the three. `patch_key_of` is the same idea for a fix: a hash
of a unified diff's changed lines, so one fix is counted once across occurrences.
"""

from __future__ import annotations

import builtins
import hashlib
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

PATTERN_LIMIT = 300
_HASH_CHARS = 24

_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]+\b")
_QUOTED = re.compile(r"""(?<!\w)(?:[bBrRuUfF]{1,2})?(['"])((?:\\.|(?!\1)[^\\\n])*)\1""")
_PATH = re.compile(r"""(?<![\w.<>])(?:/[^\s/'"`,;:()\[\]{}<>]+)+/?""")
_WORKTREE = re.compile(r"^.*?/\.myagent/worktrees/[^/]+")
# Recognised in messages, never written to.
_TEMP_ROOTS = ("/tmp/", "/var/tmp/", "/var/folders/", "/private/", "/dev/shm/")  # noqa: S108
_GENERATED = re.compile(r"^(?:pytest-of-.+|pytest-\d+|tmp[\w.-]*|T|[\w.-]*\d|.*[0-9a-f]{8,}.*)$")
_UUID = re.compile(
    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
)
_HEX_ID = re.compile(r"\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b")
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:[._]\d+)*(?:[eE][-+]?\d+)?")
_SPACE = re.compile(r"\s+")
_LIBRARY = re.compile(r"(?:^|/)(?:site-packages|dist-packages|lib/python\d[\d.]*)/|^<")
_TEST_DIRS = frozenset({"tests", "test", "testing"})
_TYPE_NAMES = frozenset(
    {n for n in dir(builtins) if isinstance(getattr(builtins, n), type)}
    | {"NoneType", "function", "method", "module", "generator", "coroutine", "ellipsis"}
    | {"builtin_function_or_method", "method-wrapper", "dict_keys", "dict_values"}
)


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:_HASH_CHARS]


@dataclass(frozen=True, slots=True)
class ErrorSignature:
    """What identifies an error across occurrences (see the module docstring)."""

    error_type: str
    message_pattern: str
    location: str
    key: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        key = _hash(self.error_type, self.message_pattern, self.location)
        object.__setattr__(self, "key", key)

    def __str__(self) -> str:
        where = f" at {self.location}" if self.location else ""
        return f"{self.error_type}: {self.message_pattern}{where}"


# --------------------------------------------------------------------------- messages


def _quoted(match: re.Match[str]) -> str:
    return match.group(0) if match.group(2) in _TYPE_NAMES else "<str>"


def mask_path(path: str) -> str:
    """`path` with its temporary part (a temp folder, a scratch worktree) as `<tmp>`."""
    worktree = _WORKTREE.match(path)
    if worktree:
        return "<tmp>" + path[worktree.end() :]
    if not path.startswith(_TEMP_ROOTS):
        return path
    parts = path.split("/")
    generated = [i for i, part in enumerate(parts[:-1]) if part and _GENERATED.match(part)]
    if not generated:
        return path
    return "/".join(["<tmp>", *parts[generated[-1] + 1 :]])


def _relative(path: str, roots: Sequence[str]) -> str:
    for root in roots:
        if path.startswith(root + "/"):
            return path[len(root) + 1 :]
    return path


def mask_message(message: str, error_type: str = "", project_paths: Sequence[str] = ()) -> str:
    """The message pattern of `message` (see the module docstring for the rules)."""
    line = next((ln.strip() for ln in message.splitlines() if ln.strip()), "")
    if error_type and line.startswith(f"{error_type}:"):
        line = line[len(error_type) + 1 :].strip()
    roots = sorted((_norm(p) for p in project_paths if p.startswith("/")), key=len, reverse=True)
    line = _ADDRESS.sub("<addr>", line)
    line = _QUOTED.sub(_quoted, line)
    line = _PATH.sub(lambda m: mask_path(_relative(m.group(0), roots)), line)
    line = _UUID.sub("<addr>", line)
    line = _HEX_ID.sub("<addr>", line)
    line = _NUMBER.sub("<num>", line)
    line = _SPACE.sub(" ", line).strip()
    if line.endswith(".") and not line.endswith(".."):
        line = line[:-1].rstrip()
    return line[:PATTERN_LIMIT]


# --------------------------------------------------------------------------- frames


def _norm(path: str) -> str:
    return posixpath.normpath(path.replace("\\", "/"))


def split_frame(frame: str) -> tuple[str, int | None]:
    """`"path:line"` -> `(path, line)`; a frame without a line number -> `(path, None)`."""
    path, sep, line = frame.rpartition(":")
    if sep and line.strip().isdigit():
        return _norm(path), int(line)
    return _norm(frame), None


def is_library_path(path: str) -> bool:
    """Installed packages, the standard library, and `<frozen ...>`/`<string>` code."""
    return bool(_LIBRARY.search(path))


def is_test_path(path: str) -> bool:
    """A test module or anything under a tests folder (pytest's naming conventions)."""
    *folders, name = path.split("/")
    return (
        bool(_TEST_DIRS.intersection(folders))
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


def _in_project(path: str, project_paths: Sequence[str]) -> str | None:
    """`path` relative to the project path it lies in, or None if it lies in none."""
    for root in sorted((_norm(p) for p in project_paths), key=len, reverse=True):
        if root == ".":
            return None if path.startswith(("/", "../")) else path
        if path.startswith(root + "/"):
            return path[len(root) + 1 :]
        marker = f"/{root.lstrip('/')}/"
        if not root.startswith("/") and marker in path:
            return path[path.rindex(marker) + len(marker) :]
    return None


def _location_path(frames: Sequence[str], project_paths: Sequence[str]) -> tuple[str, str]:
    """(frame, displayed path) of the innermost project frame, else of the innermost
    frame outside libraries (a test), else of the innermost frame; ("", "") if none."""
    parsed = [(frame, split_frame(frame)[0]) for frame in frames if frame.strip()]
    for frame, path in reversed(parsed):
        if is_library_path(path) or is_test_path(path):
            continue
        if not project_paths:
            return frame, mask_path(path)
        relative = _in_project(path, project_paths)
        if relative is not None:
            return frame, relative
    for frame, path in reversed(parsed):
        if not is_library_path(path):
            return frame, _in_project(path, project_paths) or mask_path(path)
    if parsed:
        return parsed[-1][0], mask_path(parsed[-1][1])
    return "", ""


def signature_of(
    error_type: str,
    message: str,
    frames: Sequence[str],
    function_of: Callable[[str], str | None] | None = None,
    project_paths: Sequence[str] = (),
) -> ErrorSignature:
    """The signature of one error occurrence.

    `frames` are `"path:line"`, innermost last. `function_of(frame)` names the function
    enclosing that frame (None if unknown: the location is then the path alone).
    `project_paths` are the project's source folders (absolute, or relative to the
    frames' paths); when empty, any frame outside tests and libraries counts.
    """
    kind = error_type.strip()
    for prefix in ("builtins.", "exceptions."):
        kind = kind.removeprefix(prefix)
    frame, path = _location_path(frames, project_paths)
    function = function_of(frame) if (function_of is not None and frame) else None
    location = f"{path}:{function}" if (path and function) else path
    return ErrorSignature(kind, mask_message(message, kind, project_paths), location)


# --------------------------------------------------------------------------- fixes


def patch_key_of(diff: str) -> str:
    """A hash of a unified diff's changed lines (headers, hunk positions, context and
    whitespace ignored), so the same fix has the same key wherever it was made."""
    changed: list[str] = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")) or not line.startswith(("+", "-")):
            continue
        body = _SPACE.sub(" ", line[1:]).strip()
        if body:
            changed.append(line[0] + body)
    return _hash(*changed)
