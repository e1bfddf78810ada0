"""What a template sees of one suspicious line: its statement, the nodes it may mutate,
the enclosing function and the names bound in it.

The statement is the innermost statement whose lines include the suspicious line. For
a simple statement line every node of it may be mutated; for a compound statement only
its header (`if`/`while` test, `for` target and iterable, `with` items), never its body.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

import libcst as cst

from myagent.repair.templates.source import Edit, SourceFile, scope_walk, short, walk

N = TypeVar("N", bound=cst.CSTNode)

NOT_RENAMED = frozenset({"self", "cls", "_"})
LOOPS = (cst.For, cst.While)


@dataclass(frozen=True)
class Mutation:
    """One change a template proposes at a line."""

    description: str
    edit: Edit


def header(statement: cst.BaseStatement) -> tuple[cst.CSTNode, ...]:
    """The nodes of `statement` that sit on its first line(s): all of a simple
    statement line, the header expressions of a compound statement."""
    if isinstance(statement, cst.SimpleStatementLine):
        return (statement,)
    if isinstance(statement, cst.If | cst.While):
        return (statement.test,)
    if isinstance(statement, cst.For):
        return (statement.target, statement.iter)
    if isinstance(statement, cst.With):
        return tuple(statement.items)
    return ()


def target_names(target: cst.BaseExpression) -> Iterator[cst.Name]:
    """The names an assignment target binds."""
    if isinstance(target, cst.Name):
        yield target
    elif isinstance(target, cst.Tuple | cst.List):
        for element in target.elements:
            yield from target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from target_names(target.value)


def bindings(node: cst.CSTNode) -> Iterator[cst.Name]:
    """The names a node binds directly (assignment, loop, `with`, walrus, `except`)."""
    if isinstance(node, cst.AssignTarget | cst.AnnAssign | cst.AugAssign | cst.For | cst.NamedExpr):
        yield from target_names(node.target)
    elif isinstance(node, cst.AsName):
        yield from target_names(node.name)


def parameters(function: cst.FunctionDef) -> list[str]:
    """A function's parameter names, in order."""
    params = function.params
    found = [p.name.value for p in (*params.posonly_params, *params.params)]
    if isinstance(params.star_arg, cst.Param):
        found.append(params.star_arg.name.value)
    found += [p.name.value for p in params.kwonly_params]
    if params.star_kwarg is not None:
        found.append(params.star_kwarg.name.value)
    return found


class LineSite:
    """One suspicious line of one file, as templates see it."""

    def __init__(self, file: SourceFile, line: int, statement: cst.BaseStatement) -> None:
        self.file = file
        self.line = line
        self.statement = statement
        self.region = header(statement)
        found = file.ancestor(statement, cst.FunctionDef)
        self.function = found if isinstance(found, cst.FunctionDef) else None

    @property
    def where(self) -> str:
        name = self.function.name.value if self.function else "<module>"
        return f"{name} ({self.file.path}:{self.line})"

    def walk(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        """`source.walk` over this file's nodes."""
        return walk(node, self.file.children)

    def scope_walk(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        """`source.scope_walk` over this file's nodes."""
        return scope_walk(node, self.file.children)

    @cached_property
    def _region_nodes(self) -> list[cst.CSTNode]:
        return [n for root in self.region for n in self.walk(root)]

    def all_nodes(self) -> list[cst.CSTNode]:
        """The nodes of the mutable region, in source order."""
        return self._region_nodes

    def nodes(self, kind: type[N]) -> list[N]:
        """The nodes of type `kind` in the mutable region, in source order."""
        return [n for n in self.all_nodes() if isinstance(n, kind)]

    # ------------------------------------------------------------------ mutations

    def replace(self, old: cst.CSTNode, new: cst.CSTNode) -> Mutation:
        """Replace `old` by `new`, described as "`old` -> `new` in f (path:line)"."""
        edit = self.file.replace(old, new)
        before, after = short(self.file.code(old)), short(self.file.code(new))
        if self.file.code(self.statement).count(before) > 1:  # ambiguous: show the line
            before, after = self.file.changed_lines(edit)
        return Mutation(f"`{before}` -> `{after}` in {self.where}", edit)

    def insert(self, anchor: cst.BaseStatement, code: str, *, after: bool = False) -> Mutation:
        """Insert `code` as statement(s) next to `anchor` (in an indented block)."""
        edit = self.file.insert(anchor, code, after=after)
        side = "after" if after else "before"
        anchor_code = short(self.file.code(anchor).strip().splitlines()[0], 40)
        return Mutation(f"insert `{short(code)}` {side} `{anchor_code}` in {self.where}", edit)

    def in_block(self, statement: cst.BaseStatement) -> bool:
        """Whether `statement` sits on its own lines in an indented block (or the
        module), so that statements can be inserted next to it."""
        return isinstance(self.file.parent(statement), cst.IndentedBlock | cst.Module)

    # ------------------------------------------------------------------ scope

    @cached_property
    def parameters(self) -> list[str]:
        if self.function is None:
            return []
        return [p for p in parameters(self.function) if p not in NOT_RENAMED]

    @cached_property
    def _bound(self) -> dict[str, int]:
        """Each name bound in the function body -> the first line binding it."""
        first: dict[str, int] = {}
        if self.function is None:
            return first
        for node in self.scope_walk(self.function.body):
            for name in bindings(node):
                line = self.file.first_line(name)
                if name.value not in first or line < first[name.value]:
                    first[name.value] = line
        return first

    def locals_before(self, line: int | None = None) -> list[str]:
        """Parameters, then names the function binds on a line before `line` (default:
        the site's line), in order of first binding; never `self`, `cls` or `_`."""
        limit = self.line if line is None else line
        params = self.parameters
        bound = sorted(
            (first, name)
            for name, first in self._bound.items()
            if first < limit and name not in params and name not in NOT_RENAMED
        )
        return [*params, *(name for _, name in bound)]

    def nearest_locals(self) -> list[str]:
        """`locals_before()`, the most recently bound first (parameters last)."""
        params = set(self.parameters)
        return sorted(
            self.locals_before(),
            key=lambda name: (name in params, -self._bound.get(name, 0)),
        )

    @cached_property
    def _all_locals(self) -> list[str]:
        return [*self.parameters, *(n for n in self._bound if n not in self.parameters)]

    def all_locals(self) -> list[str]:
        """Parameters and every name the function binds."""
        return self._all_locals

    def enclosing(self, kind: type[N] | tuple[type[N], ...]) -> N | None:
        """The nearest node of `kind` around the statement (itself included), inside
        the enclosing function."""
        node: cst.CSTNode | None = self.statement
        while node is not None and node is not self.function:
            if isinstance(node, kind):
                return node
            node = self.file.parent(node)
        return None

    def loaded_names(self, roots: Sequence[cst.CSTNode] | None = None) -> list[cst.Name]:
        """The local variables read in `roots` (default: the region), in source order:
        not attributes, keywords, called names or bound targets."""
        found: list[cst.Name] = []
        local = set(self.all_locals())
        for root in self.region if roots is None else roots:
            for node in self.walk(root):
                if (
                    isinstance(node, cst.Name)
                    and node.value in local
                    and self.name_role(node) == "load"
                ):
                    found.append(node)
        return found

    def name_role(self, name: cst.Name) -> str:
        """What a name does: "load", "store", "call" or "other" (an attribute, a keyword,
        a definition, an import)."""
        parent = self.file.parent(name)
        if parent is None:
            return "load"
        if isinstance(parent, cst.Attribute) and parent.attr is name:
            return "other"
        if isinstance(parent, cst.Call) and parent.func is name:
            return "call"
        if isinstance(parent, cst.Arg) and parent.keyword is name:
            return "other"
        if isinstance(parent, cst.Param | cst.FunctionDef | cst.ClassDef | cst.ImportAlias):
            return "other"
        if isinstance(parent, cst.Global | cst.Nonlocal | cst.NameItem):
            return "other"
        if any(name is b for b in bindings(parent)):
            return "store"
        grand = self.file.parent(parent)
        if isinstance(parent, cst.Element) and grand is not None:
            holder = self.file.parent(grand)
            if holder is not None and any(name is b for b in bindings(holder)):
                return "store"
        return "load"
