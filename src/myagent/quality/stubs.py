"""Unfinished functions ("stubs") in a project's source, found by reading it with `ast`.

Static only: the files are parsed, never imported or run. A **stub** is a function
or method (sync or async) whose body, after an optional docstring, is only one of:

- `raise NotImplementedError` or `raise NotImplementedError(...)` -> code "not-implemented";
- `...` -> code "ellipsis";
- `pass`, or nothing at all (a docstring alone is valid Python that does nothing)
  -> code "pass".

Each stub is a `LintIssue`: `path` workspace-relative, `line` the `def` line, `code`
the kind above, `message` the qualified name (`parse`, `Invoice.total`,
`outer.inner` for a nested function).

Not stubs, as the empty body is what they are meant to have:

- functions decorated with `abstractmethod` (`abc.abstractmethod`, `abstractmethod`, and
  the old `abstractproperty`/`abstractclassmethod`/`abstractstaticmethod`);
- `overload` signatures (`typing.overload`, `overload`, any `X.overload`);
- methods of a class that lists `Protocol` among its bases (`Protocol`,
  `typing.Protocol`, `Protocol[T]`);
- anything in a `.pyi` stub file;
- a `def` whose line carries the pragma `# myagent: allow-stub`, or whose previous line
  (before the decorators, if any) is that pragma as a comment: an intentional no-op.

A file that cannot be parsed (a syntax error, null bytes, too deeply nested), is not a
regular file, is a link out of the project or is over `MAX_FILE_BYTES` is skipped:
that is a lint or type problem, not a stub. `scan_stubs` lists those files in
`unparsed`; `find_stubs` returns the stubs alone.

`source_files` expands a layout's source paths (packages, folders, modules) to the
Python files to read, leaving out test files, hidden folders and caches.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from myagent.protocol import LintIssue

StubKind = Literal["not-implemented", "ellipsis", "pass"]

MAX_FILE_BYTES = 2_000_000
PRAGMA = re.compile(r"#\s*myagent:\s*allow-stub\b")
_ABSTRACT = frozenset(
    {"abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod"}
)
_SKIPPED_DIRS = frozenset({"__pycache__", "site-packages", "node_modules", "tests", "test"})

_Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class StubScan:
    """The stubs found, and the files that were skipped because they could not be read."""

    stubs: list[LintIssue] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)  # workspace-relative paths


def find_stubs(root: Path, source_files: Sequence[str]) -> list[LintIssue]:
    """The stubs in `source_files` (paths relative to `root`), in file and line order."""
    return scan_stubs(root, source_files).stubs


def scan_stubs(root: Path, source_files: Sequence[str]) -> StubScan:
    """`find_stubs`, also naming the files that could not be parsed."""
    scan = StubScan()
    resolved_root = root.resolve()
    for rel in source_files:
        if rel.endswith(".pyi"):
            continue
        parsed = _parse(resolved_root, rel)
        if parsed is None:
            scan.unparsed.append(rel)
            continue
        tree, lines = parsed
        scan.stubs.extend(
            LintIssue(path=rel, line=node.lineno, code=kind, message=name)
            for node, name, kind in _stubs_in(tree)
            if not _has_pragma(node, lines)
        )
    return scan


def source_files(
    root: Path, source_dirs: Sequence[str], test_dirs: Sequence[str] = ()
) -> list[str]:
    """The `.py` files (root-relative, sorted) under `source_dirs`, each a folder or a
    module, leaving out `test_dirs`, test files (`test_*.py`, `*_test.py`,
    `conftest.py`), folders named `tests`/`test`, hidden folders and caches."""
    root = root.resolve()
    excluded = {(root / t).resolve() for t in test_dirs}
    found: set[str] = set()
    for entry in source_dirs:
        path = (root / entry).resolve()
        if path in excluded or not path.is_relative_to(root):
            continue
        files = [path] if path.is_file() else _walk(path, excluded)
        found.update(f.relative_to(root).as_posix() for f in files if _is_source_file(f.name))
    return sorted(found)


def _walk(folder: Path, excluded: set[Path]) -> Iterator[Path]:
    """The files under `folder`, without the folders `source_files` leaves out."""
    for current, dirs, files in os.walk(folder):  # does not follow links to folders
        here = Path(current)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in _SKIPPED_DIRS
            and not d.endswith(".egg-info")
            and (here / d) not in excluded
        )
        yield from (here / f for f in sorted(files))


def _is_source_file(name: str) -> bool:
    return (
        name.endswith(".py")
        and not name.startswith("test_")
        and not name.endswith("_test.py")
        and name != "conftest.py"
    )


def _parse(root: Path, rel: str) -> tuple[ast.Module, list[str]] | None:
    """The file's syntax tree and lines, or None when it is not a readable, parseable
    source file inside `root`."""
    path = root / rel
    try:
        resolved = path.resolve()
        if not resolved.is_relative_to(root) or not resolved.is_file():
            return None
        if resolved.stat().st_size > MAX_FILE_BYTES:
            return None
        source = resolved.read_bytes()
        tree = ast.parse(source, filename=rel)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    text = source.decode("utf-8", errors="replace")
    return tree, re.split(r"\r\n|\r|\n", text)  # line breaks as the parser counts them


def _stubs_in(
    node: ast.AST, prefix: str = "", in_protocol: bool = False
) -> Iterator[tuple[_Function, str, StubKind]]:
    """Every stub function under `node`: (def node, qualified name, kind)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ClassDef):
            yield from _stubs_in(child, f"{prefix}{child.name}.", _is_protocol(child))
        elif isinstance(child, _Function):
            name = f"{prefix}{child.name}"
            kind = stub_kind(child.body)
            if kind is not None and not in_protocol and not _is_exempt(child):
                yield child, name, kind
            yield from _stubs_in(child, f"{name}.")
        else:
            yield from _stubs_in(child, prefix, in_protocol)


def stub_kind(body: list[ast.stmt]) -> StubKind | None:
    """The kind of stub this function body is, or None for a real body."""
    if body and _is_docstring(body[0]):
        body = body[1:]
    if not body:
        return "pass"
    if len(body) > 1:
        return None
    statement = body[0]
    if isinstance(statement, ast.Pass):
        return "pass"
    if (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and statement.value.value is Ellipsis
    ):
        return "ellipsis"
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        exc = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        if _name(exc) == "NotImplementedError":
            return "not-implemented"
    return None


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _name(node: ast.expr) -> str:
    """The last name of `a.b.c` or `c`; "" for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_exempt(function: _Function) -> bool:
    """Abstract methods and overload signatures are meant to have no body."""
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = _name(target)
        if name in _ABSTRACT or name == "overload":
            return True
    return False


def _is_protocol(cls: ast.ClassDef) -> bool:
    for base in cls.bases:
        target = base.value if isinstance(base, ast.Subscript) else base
        if _name(target) == "Protocol":
            return True
    return False


def _has_pragma(function: _Function, lines: Sequence[str]) -> bool:
    """The pragma on the `def` line, or as a comment on the line before the function."""
    def_line = function.lineno
    first = min([def_line, *(d.lineno for d in function.decorator_list)])
    if 0 < def_line <= len(lines) and PRAGMA.search(lines[def_line - 1]):
        return True
    if 1 < first <= len(lines) + 1:
        before = lines[first - 2].strip()
        return before.startswith("#") and PRAGMA.search(before) is not None
    return False
