"""Name templates: a wrong variable, swapped arguments, a wrong method of the same
object.

- wrong-variable: a local variable read or assigned on the line -> another local of
  the same function (parameters and names bound on an earlier line, the most recently
  bound first); `self.a` -> `self.b` for another attribute the class assigns on `self`.
- swap-arguments: two positional arguments of a call trade places; the operands of a
  non-commutative operator (`-`, `/`, `//`, `%`, `**`, `<<`, `>>`) trade places.
- method-swap: `append` <-> `extend`, `keys`/`values`/`items`, `remove` <-> `discard`,
  `lower` <-> `upper`, `startswith` <-> `endswith`, `get` <-> `pop`, `min` <-> `max`,
  `any` <-> `all` ...
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

import libcst as cst

from myagent.repair.templates.expressions import atom
from myagent.repair.templates.site import LineSite, Mutation

METHOD_GROUPS: tuple[tuple[str, ...], ...] = (
    ("append", "extend"),
    ("keys", "values", "items"),
    ("remove", "discard"),
    ("lower", "upper"),
    ("startswith", "endswith"),
    ("lstrip", "rstrip", "strip"),
    ("find", "rfind"),
    ("index", "rindex"),
    ("split", "rsplit"),
    ("floor", "ceil"),
    ("min", "max"),
    ("add", "update"),
    ("get", "pop"),
)
BUILTIN_GROUPS: tuple[tuple[str, ...], ...] = (("min", "max"), ("any", "all"))
_NON_COMMUTATIVE = (
    cst.Subtract,
    cst.Divide,
    cst.FloorDivide,
    cst.Modulo,
    cst.Power,
    cst.LeftShift,
    cst.RightShift,
)


def _alternatives(name: str, groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    for group in groups:
        if name in group:
            return tuple(n for n in group if n != name)
    return ()


def wrong_variable(site: LineSite) -> Iterator[Mutation]:
    """Replace one variable (or `self` attribute) on the line by another one."""
    candidates = site.nearest_locals()
    names = [
        node
        for node in site.nodes(cst.Name)
        if site.name_role(node) in ("load", "store") and node.value in candidates
    ]
    for other in candidates:  # the most recently bound replacements first
        for node in names:
            if other != node.value:
                yield site.replace(node, node.with_changes(value=other))
    attributes = _self_attributes(site)
    for attribute in site.nodes(cst.Attribute):
        if _is_self(attribute.value) and attribute.attr.value in attributes:
            for other in attributes:
                if other != attribute.attr.value:
                    yield site.replace(attribute.attr, attribute.attr.with_changes(value=other))


def _is_self(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "self"


def _self_attributes(site: LineSite) -> list[str]:
    """The attributes the enclosing class assigns on `self`, in order of appearance."""
    klass = site.file.ancestor(site.statement, cst.ClassDef)
    if not isinstance(klass, cst.ClassDef):
        return []
    found: dict[str, None] = {}
    for method in klass.body.body:
        if not isinstance(method, cst.FunctionDef):
            continue
        for node in site.scope_walk(method.body):
            targets: list[cst.BaseExpression] = []
            if isinstance(node, cst.AssignTarget | cst.AugAssign | cst.AnnAssign):
                targets.append(node.target)
            for target in targets:
                if isinstance(target, cst.Attribute) and _is_self(target.value):
                    found.setdefault(target.attr.value)
    return list(found)


def swap_arguments(site: LineSite) -> Iterator[Mutation]:
    """Swap two positional arguments of a call, or the operands of `a - b`-like
    operators."""
    for node in site.all_nodes():
        if isinstance(node, cst.Call):
            positional = [a for a in node.args if a.keyword is None and not a.star]
            for first, second in combinations(range(len(positional)), 2):
                args = list(node.args)
                i, j = args.index(positional[first]), args.index(positional[second])
                args[i] = positional[first].with_changes(value=positional[second].value)
                args[j] = positional[second].with_changes(value=positional[first].value)
                yield site.replace(node, node.with_changes(args=args))
        elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, _NON_COMMUTATIVE):
            swapped = node.with_changes(left=atom(node.right), right=atom(node.left))
            yield site.replace(node, swapped)


def method_swap(site: LineSite) -> Iterator[Mutation]:
    """Call another method of the same object (or the sibling builtin)."""
    for node in site.nodes(cst.Call):
        func = node.func
        if isinstance(func, cst.Attribute):
            for other in _alternatives(func.attr.value, METHOD_GROUPS):
                yield site.replace(func.attr, func.attr.with_changes(value=other))
        elif isinstance(func, cst.Name) and func.value not in site.all_locals():
            for other in _alternatives(func.value, BUILTIN_GROUPS):
                yield site.replace(func, func.with_changes(value=other))
