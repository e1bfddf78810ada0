"""The testable units of a Python source file, found by reading it with `ast`.

A **unit** is what a test can call directly: a module-level function, or a method of
a class defined at module level (classes nested in classes too: `Outer.Inner.m`).
Everything else belongs to the unit around it: a nested function or a class defined
inside a function is part of its enclosing function (a test reaches it only through
that function); a class body's own statements and all module-level statements belong
to the pseudo-unit `<module>` (importing the module runs them). Functions defined
under a module-level `if`/`try`/`with` are units too.

A unit's lines run from its first decorator (coverage reports a decorated `def` at
that line) to its last line. Nothing is imported or run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from myagent.quality.stubs import MAX_FILE_BYTES, _name

MODULE = "<module>"

UnitKind = Literal[
    "function", "method", "classmethod", "staticmethod", "property", "accessor",
    "constructor", "module",
]  # fmt: skip
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

last_name = _name  # the last name of `a.b.c` or `c`, "" for anything else (as stubs reads it)
_PROPERTIES = frozenset({"property", "cached_property"})
_CONSTRUCTORS = frozenset({"__init__", "__post_init__"})


@dataclass(frozen=True, eq=False)
class Unit:
    """One testable callable (or the module pseudo-unit) of a parsed file.

    `owners` are the classes it is defined in, outermost first (empty for a
    function); `node` is None only for `<module>`. Compared by identity."""

    qualname: str
    kind: UnitKind
    first_line: int
    last_line: int
    node: FunctionNode | None
    owners: tuple[ast.ClassDef, ...] = ()

    @property
    def name(self) -> str:
        return self.qualname.rsplit(".", 1)[-1]

    @property
    def owner(self) -> ast.ClassDef | None:
        """The class the unit is a method of, if any."""
        return self.owners[-1] if self.owners else None

    @property
    def size(self) -> int:
        return self.last_line - self.first_line + 1

    def signature(self) -> str:
        """`def name(params) -> hint` as written (parameters unparsed), "" for `<module>`."""
        if self.node is None:
            return ""
        prefix = "async def" if isinstance(self.node, ast.AsyncFunctionDef) else "def"
        text = f"{prefix} {self.node.name}({ast.unparse(self.node.args)})"
        return text + (f" -> {ast.unparse(self.node.returns)}" if self.node.returns else "")


def decorator_names(node: FunctionNode | ast.ClassDef) -> list[str]:
    """The last name of each decorator: `@functools.cache` -> "cache", `@x.setter`
    -> "setter", `@dataclass(frozen=True)` -> "dataclass"."""
    names = []
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        names.append(last_name(target))
    return names


def units_in(tree: ast.Module) -> list[Unit]:
    """The units of a module, in source order (without `<module>`)."""
    return sorted(_units(tree.body, ()), key=lambda u: u.first_line)


def module_unit(tree: ast.Module) -> Unit:
    """The `<module>` pseudo-unit: the whole file."""
    last = max((getattr(n, "end_lineno", None) or n.lineno for n in tree.body), default=1)
    return Unit(MODULE, "module", 1, last, None)


def _units(body: list[ast.stmt], owners: tuple[ast.ClassDef, ...]) -> Iterator[Unit]:
    for statement in body:
        if isinstance(statement, ast.ClassDef):
            yield from _units(statement.body, (*owners, statement))
        elif isinstance(statement, FunctionNode):
            yield _unit(statement, owners)
        elif isinstance(statement, ast.If | ast.Try | ast.With):
            for block in _blocks(statement):
                yield from _units(block, owners)


def _blocks(statement: ast.If | ast.Try | ast.With) -> Iterator[list[ast.stmt]]:
    yield statement.body
    if isinstance(statement, ast.If | ast.Try):
        yield statement.orelse
    if isinstance(statement, ast.Try):
        yield statement.finalbody
        for handler in statement.handlers:
            yield handler.body


def _unit(node: FunctionNode, owners: tuple[ast.ClassDef, ...]) -> Unit:
    qualname = ".".join([*(c.name for c in owners), node.name])
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    last = node.end_lineno or node.lineno
    return Unit(qualname, _kind(node, bool(owners)), first, last, node, owners)


def _kind(node: FunctionNode, in_class: bool) -> UnitKind:
    if not in_class:
        return "function"
    names = decorator_names(node)
    if "staticmethod" in names:
        return "staticmethod"
    if "classmethod" in names:
        return "classmethod"
    if any(n in _PROPERTIES for n in names):
        return "property"
    if any(n in ("setter", "deleter", "getter") for n in names):
        return "accessor"
    if node.name in _CONSTRUCTORS:
        return "constructor"
    return "method"


def unit_at(units: list[Unit], line: int) -> Unit | None:
    """The unit whose lines hold `line` (units never overlap), or None."""
    for unit in units:
        if unit.first_line <= line <= unit.last_line:
            return unit
    return None


def unreachable_on_import(tree: ast.Module) -> set[int]:
    """Module-level lines importing the module never runs: the bodies of
    `if __name__ == "__main__":` and `if TYPE_CHECKING:`."""
    lines: set[int] = set()
    for statement in tree.body:
        if isinstance(statement, ast.If) and _never_on_import(statement.test):
            end = statement.end_lineno or statement.lineno
            lines.update(range(statement.lineno, end + 1))
    return lines


def _never_on_import(test: ast.expr) -> bool:
    if last_name(test) == "TYPE_CHECKING":
        return True
    return (
        isinstance(test, ast.Compare)
        and last_name(test.left) == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def module_name(path: str, import_roots: tuple[str, ...]) -> str | None:
    """The dotted import name of the file `path` (root-relative), given the folders
    the project imports from (`ProjectLayout.import_roots`): `src/shop/money.py` with
    root "src" -> "shop.money", `shop/__init__.py` with root "." -> "shop". None when
    the file is under none of them or its name is not importable."""
    parts = path.removesuffix(".py").split("/")
    for root in sorted(import_roots, key=len, reverse=True):
        prefix = [] if root in (".", "") else root.strip("/").split("/")
        if parts[: len(prefix)] != prefix:
            continue
        names = parts[len(prefix) :]
        if names and names[-1] == "__init__":
            names = names[:-1]
        if names and all(n.isidentifier() for n in names):
            return ".".join(names)
    return None


def parse_source(root: Path, path: str) -> ast.Module | None:
    """The syntax tree of the root-relative file `path`, or None when it is not a
    parseable regular file inside `root` (of at most `MAX_FILE_BYTES`)."""
    resolved_root = root.resolve()
    try:
        resolved = (resolved_root / path).resolve()
        if not resolved.is_relative_to(resolved_root) or not resolved.is_file():
            return None
        if resolved.stat().st_size > MAX_FILE_BYTES:
            return None
        return ast.parse(resolved.read_bytes(), filename=path)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
