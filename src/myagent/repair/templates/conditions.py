"""Condition templates: a negated, too weak or too strong condition.

Conditions are the tests of `if`/`elif`/`while`, of conditional expressions, of
comprehension filters and of `assert`, and a boolean expression returned as is.

- negate-condition: `c` -> `not c`, `not c` -> `c`, on the whole condition and on each
  operand of an `and`/`or`.
- weaken-condition: drop one operand of an `and`; `x` -> `x is not None`; add an
  escape in front: `not x or c`, `x is None or c`.
- strengthen-condition: drop one operand of an `or`; `x is not None` -> `x`; add a
  guard in front: `x is not None and c`, `x and c`, `k in d and c` (for `d[k]` in c),
  `i < len(a) and c` (for `a[i]` in c).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from myagent.repair.templates.expressions import atom, conjunct, negated
from myagent.repair.templates.site import LineSite, Mutation

_GUARDED_NAMES = 3  # names that get a guard added, per condition


def conditions(site: LineSite) -> list[cst.BaseExpression]:
    """The conditions in the region, in source order."""
    if isinstance(site.statement, cst.If | cst.While):
        return [site.statement.test]
    found: list[cst.BaseExpression] = []
    for node in site.all_nodes():
        if isinstance(node, cst.IfExp | cst.CompIf | cst.Assert):
            found.append(node.test)
        elif isinstance(node, cst.Return) and _is_boolean(node.value):
            assert node.value is not None
            found.append(node.value)
    return found


def _is_boolean(node: cst.BaseExpression | None) -> bool:
    """A boolean expression: `and`/`or`, a comparison or `not`."""
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.operator, cst.Not)
    return isinstance(node, cst.BooleanOperation | cst.Comparison)


def _operands(condition: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The leaves of the `and`/`or` tree of `condition` (not the condition itself)."""
    if not isinstance(condition, cst.BooleanOperation):
        return []
    leaves: list[cst.BaseExpression] = []
    for side in (condition.left, condition.right):
        leaves.extend(_operands(side) if isinstance(side, cst.BooleanOperation) else [side])
    return leaves


def _boolean_nodes(
    site: LineSite, condition: cst.BaseExpression, kind: type[cst.CSTNode]
) -> list[cst.BooleanOperation]:
    return [
        n
        for n in site.walk(condition)
        if isinstance(n, cst.BooleanOperation) and isinstance(n.operator, kind)
    ]


def _toggle(site: LineSite, node: cst.BaseExpression) -> Mutation:
    """`not c` -> `c` (keeping parentheses), anything else -> `not c`."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
        inner = node.expression
        lpar, rpar = [*node.lpar, *inner.lpar], [*inner.rpar, *node.rpar]
        return site.replace(node, inner.with_changes(lpar=lpar, rpar=rpar))
    return site.replace(node, negated(node))


def negate_condition(site: LineSite) -> Iterator[Mutation]:
    """Negate the condition, or one operand of it."""
    for condition in conditions(site):
        yield _toggle(site, condition)
        for leaf in _operands(condition):
            yield _toggle(site, leaf)


def _drop_operands(
    site: LineSite, condition: cst.BaseExpression, kind: type[cst.CSTNode]
) -> Iterator[Mutation]:
    for node in _boolean_nodes(site, condition, kind):
        for kept in (node.left, node.right):
            yield site.replace(node, kept if not node.lpar else atom(kept))


def _is_none_check(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """`x` of `x is not None`, else None."""
    if (
        isinstance(node, cst.Comparison)
        and len(node.comparisons) == 1
        and isinstance(node.comparisons[0].operator, cst.IsNot)
        and isinstance(node.comparisons[0].comparator, cst.Name)
        and node.comparisons[0].comparator.value == "None"
    ):
        return node.left
    return None


def weaken_condition(site: LineSite) -> Iterator[Mutation]:
    """Drop a conjunct; a truthiness test becomes a `None` test."""
    for condition in conditions(site):
        yield from _drop_operands(site, condition, cst.And)
        for leaf in [condition, *_operands(condition)]:
            if isinstance(leaf, cst.Name) and leaf.value not in ("True", "False", "None"):
                yield site.replace(leaf, cst.parse_expression(f"{leaf.value} is not None"))
        names = dict.fromkeys(n.value for n in site.loaded_names([condition]))
        for name in list(names)[:_GUARDED_NAMES]:
            for escape in (f"not {name}", f"{name} is None"):
                either = cst.BooleanOperation(
                    cst.parse_expression(escape), cst.Or(), atom_or(condition)
                )
                yield site.replace(condition, either)


def strengthen_condition(site: LineSite) -> Iterator[Mutation]:
    """Drop a disjunct, a `None` test becomes a truthiness test, or add a guard."""
    for condition in conditions(site):
        yield from _drop_operands(site, condition, cst.Or)
        for leaf in [condition, *_operands(condition)]:
            checked = _is_none_check(leaf)
            if checked is not None:
                yield site.replace(leaf, checked)
        for guard in _guards(site, condition):
            guarded = cst.BooleanOperation(
                cst.parse_expression(guard), cst.And(), conjunct(condition)
            )
            yield site.replace(condition, guarded)


def atom_or(node: cst.BaseExpression) -> cst.BaseExpression:
    """`node` as the right operand of `or`."""
    loose = isinstance(node, cst.IfExp | cst.Lambda | cst.NamedExpr)
    return atom(node) if loose else node


def _guards(site: LineSite, condition: cst.BaseExpression) -> list[str]:
    """Guards that may be missing in front of `condition`, most specific first."""
    guards: list[str] = []
    for node in site.walk(condition):
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name):
            container = node.value.value
            index = node.slice[0].slice if len(node.slice) == 1 else None
            if isinstance(index, cst.Index) and isinstance(
                index.value, cst.Name | cst.SimpleString
            ):
                key = site.file.code(index.value)
                guards.append(f"{key} in {container}")
                if isinstance(index.value, cst.Name):
                    guards.append(f"{key} < len({container})")
    names = list(dict.fromkeys(n.value for n in site.loaded_names([condition])))
    for name in names[:_GUARDED_NAMES]:
        guards += [f"{name} is not None", name]
    return list(dict.fromkeys(guards))
