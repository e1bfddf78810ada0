"""Where the names a top-level import binds are used, read with `ast`: can it move?

`plan_deferral(source, line)` looks at the top-level import statement on `line` and
says where each name it binds is needed:

- **in function bodies** (any depth below a top-level function or a method of a
  top-level class): the import can move into those functions, as it then runs when
  they are called, not when the module is imported;
- **only in annotations** of functions or of module-level variables: with
  `from __future__ import annotations` (added when missing) they are never evaluated,
  so the import can move under `if TYPE_CHECKING:`;
- **anywhere else** (module level, class bodies, decorators, default values, base
  classes, `__all__`, the annotations of decorated functions, which frameworks read at
  run time, and class-level annotations, which dataclasses and pydantic read): it
  cannot move, and the answer says why.

Conservative on purpose: a name bound twice at the top level, `global`, a star
import, a statement sharing its line with another, a one-line function body: no plan.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

_SAFE_DECORATORS = frozenset(
    {"staticmethod", "classmethod", "property", "abstractmethod", "overload", "override"}
)
_Function = ast.FunctionDef | ast.AsyncFunctionDef
_Import = ast.Import | ast.ImportFrom
MODULE = ""  # the context of a use at import time


@dataclass(frozen=True)
class Deferral:
    """How to move one top-level import statement."""

    line: int
    statement: str  # the statement's source, for messages
    into: tuple[tuple[str, tuple[str, ...]], ...]  # (function qualname, names it needs)
    type_only: tuple[str, ...]  # names needed for annotations (under TYPE_CHECKING)
    needs_future: bool  # `from __future__ import annotations` must be added


def bound_names(node: _Import) -> list[str]:
    names = []
    for alias in node.names:
        if isinstance(node, ast.Import):
            names.append(alias.asname or alias.name.split(".")[0])
        else:
            names.append(alias.asname or alias.name)
    return names


def has_future_annotations(tree: ast.Module) -> bool:
    return any(
        isinstance(s, ast.ImportFrom)
        and s.module == "__future__"
        and any(a.name == "annotations" for a in s.names)
        for s in tree.body
    )


def _top_level_bindings(tree: ast.Module) -> Iterator[str]:
    for statement in tree.body:
        if isinstance(statement, _Import):
            yield from bound_names(statement)
        elif isinstance(statement, _Function | ast.ClassDef):
            yield statement.name
        else:
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
                    yield node.id


def _names_in(node: ast.AST, annotation: bool) -> Iterator[str]:
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            yield child.id
        elif annotation and isinstance(child, ast.Constant) and isinstance(child.value, str):
            try:
                parsed = ast.parse(child.value, mode="eval")
            except SyntaxError:
                continue
            yield from (n.id for n in ast.walk(parsed) if isinstance(n, ast.Name))


class _Uses:
    """Collects (name, context) for every use: MODULE, "@annotation" or a function."""

    def __init__(self, deferred_annotations: bool) -> None:
        self.deferred = deferred_annotations
        self.found: list[tuple[str, str]] = []
        self.globals: set[str] = set()

    def add(self, node: ast.AST | None, context: str, annotation: bool = False) -> None:
        if node is not None:
            self.found.extend((name, context) for name in _names_in(node, annotation))

    def function(self, node: _Function, context: str, qualname: str) -> None:
        for decorator in node.decorator_list:
            self.add(decorator, context)
        args = node.args
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.add(default, context)
        plain = all(_decorator_name(d) in _SAFE_DECORATORS for d in node.decorator_list)
        where = "@annotation" if self.deferred and plain and context == MODULE else context
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        for arg in every:
            if arg is not None:
                self.add(arg.annotation, where, annotation=True)
        self.add(node.returns, where, annotation=True)
        inside = qualname if context == MODULE else context
        for statement in node.body:
            for child in ast.walk(statement):
                if isinstance(child, ast.Global):
                    self.globals.update(child.names)
            self.add(statement, inside)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, _Function):
            self.function(node, MODULE, node.name)
        elif isinstance(node, ast.ClassDef):
            for part in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
                self.add(part, MODULE)
            for child in node.body:
                if isinstance(child, _Function):
                    self.function(child, MODULE, f"{node.name}.{child.name}")
                else:
                    self.add(child, MODULE)
        elif isinstance(node, ast.AnnAssign) and self.deferred:
            self.add(node.annotation, "@annotation", annotation=True)
            self.add(node.target, MODULE)
            self.add(node.value, MODULE)
        elif not isinstance(node, _Import):
            self.add(node, MODULE)


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def _exported(tree: ast.Module) -> set[str]:
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in statement.targets
        ):
            return {
                c.value
                for c in ast.walk(statement.value)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
    return set()


def plan_deferral(source: str, line: int) -> Deferral | str:
    """How to move the top-level import on `line`, or why it cannot move."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return "the file does not parse"
    same_line = [s for s in tree.body if s.lineno == line]
    if len(same_line) != 1 or not isinstance(same_line[0], _Import):
        return f"no single top-level import on line {line}"
    node = same_line[0]
    names = bound_names(node)
    if "*" in names:
        return "a star import cannot move"
    bindings = list(_top_level_bindings(tree))
    if any(bindings.count(n) > 1 for n in names) or set(names) & _exported(tree):
        return f"{', '.join(names)} is bound twice or exported"
    future = has_future_annotations(tree)
    uses = _Uses(deferred_annotations=True)  # annotations deferred, by the import if need be
    for statement in tree.body:
        uses.statement(statement)
    wanted = set(names)
    if wanted & uses.globals:
        return "a function declares the name global"
    into: dict[str, set[str]] = {}
    type_only: set[str] = set()
    for name, context in uses.found:
        if name not in wanted:
            continue
        if context == MODULE:
            return f"{name} is used when the module is imported"
        if context == "@annotation":
            type_only.add(name)
        else:
            into.setdefault(context, set()).add(name)
    if not into and not type_only:
        return f"{', '.join(names)} is not used in this module"
    one_liners = _one_line_functions(tree)
    if one_liners & into.keys():
        return "a function that uses it is written on one line"
    return Deferral(
        line=line,
        statement=ast.unparse(node),
        into=tuple((f, tuple(sorted(n))) for f, n in sorted(into.items())),
        type_only=tuple(sorted(type_only)),
        needs_future=bool(type_only) and not future,
    )


def _one_line_functions(tree: ast.Module) -> set[str]:
    found = set()
    for statement in tree.body:
        members = statement.body if isinstance(statement, ast.ClassDef) else [statement]
        prefix = f"{statement.name}." if isinstance(statement, ast.ClassDef) else ""
        for member in members:
            if isinstance(member, _Function) and member.body[0].lineno == member.lineno:
                found.add(f"{prefix}{member.name}")
    return found
