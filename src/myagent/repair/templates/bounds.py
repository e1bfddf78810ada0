"""The off-by-one template: +1 and -1 on a bound.

Bounds are subscript indices (not string keys, nor keys of a name the file assigns a
dict literal), slice bounds that are present, the start and stop of `range(...)`, the
integer operands (`10`, `n - 1`) of an ordering comparison, a value assigned or
returned that is a local variable, `len(...)` or `x ± k` (`lo = mid`), and the local
variables multiplied or floor-divided (`page * size`). Integer literals are folded
(`3` -> `4`), an existing `± k` is adjusted (`n - 1` + 1 -> `n`), anything else gets
`+ 1` / `- 1`, parenthesized inside another operation (`(page - 1) * size`).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from myagent.repair.templates.expressions import atom, int_value, shifted
from myagent.repair.templates.site import LineSite, Mutation

_STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)
_SCALING = (cst.Multiply, cst.FloorDivide)
_ORDERING = (cst.LessThan, cst.LessThanEqual, cst.GreaterThan, cst.GreaterThanEqual)


def _is_numeric_bound(node: cst.BaseExpression) -> bool:
    """An integer literal or `expr ± integer`."""
    if int_value(node) is not None:
        return True
    return (
        isinstance(node, cst.BinaryOperation)
        and isinstance(node.operator, cst.Add | cst.Subtract)
        and int_value(node.right) is not None
    )


def _dict_names(site: LineSite) -> set[str]:
    """Names the file assigns a dict literal or comprehension to."""
    found: set[str] = set()
    for node in site.walk(site.file.module):
        targets: list[cst.BaseExpression] = []
        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Dict | cst.DictComp):
            targets = [t.target for t in node.targets]
        elif isinstance(node, cst.AnnAssign) and isinstance(node.value, cst.Dict | cst.DictComp):
            targets = [node.target]
        found.update(t.value for t in targets if isinstance(t, cst.Name))
    return found


def bounds(site: LineSite) -> Iterator[cst.BaseExpression]:
    """The bound expressions in the region, in source order."""
    dicts: set[str] | None = None
    for node in site.all_nodes():
        if isinstance(node, cst.Subscript):
            if isinstance(node.value, cst.Name):
                dicts = _dict_names(site) if dicts is None else dicts
                if node.value.value in dicts:
                    continue
            for element in node.slice:
                yield from _element_bounds(element)
        elif isinstance(node, cst.Call) and _is_range(node):
            yield from (arg.value for arg in node.args[:2])
        elif isinstance(node, cst.Comparison):
            yield from _comparison_bounds(node)
        elif isinstance(node, cst.Assign | cst.Return) and node.value is not None:
            if _is_shiftable(site, node.value):
                yield node.value
        elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, _SCALING):
            yield from (o for o in (node.left, node.right) if _is_local(site, o))


def _is_local(site: LineSite, node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value in site.all_locals()


def _is_shiftable(site: LineSite, node: cst.BaseExpression) -> bool:
    """A local variable, `len(...)` or `expr ± integer`."""
    if isinstance(node, cst.Call):
        return isinstance(node.func, cst.Name) and node.func.value == "len"
    return _is_local(site, node) or (_is_numeric_bound(node) and int_value(node) is None)


def _element_bounds(element: cst.SubscriptElement) -> Iterator[cst.BaseExpression]:
    index = element.slice
    if isinstance(index, cst.Index) and index.star is None:
        if not isinstance(index.value, _STRINGS):
            yield index.value
    elif isinstance(index, cst.Slice):
        yield from (b for b in (index.lower, index.upper) if b is not None)


def _is_range(call: cst.Call) -> bool:
    return (
        isinstance(call.func, cst.Name)
        and call.func.value == "range"
        and 1 <= len(call.args) <= 3
        and all(arg.keyword is None and not arg.star for arg in call.args)
    )


def _comparison_bounds(comparison: cst.Comparison) -> Iterator[cst.BaseExpression]:
    targets = comparison.comparisons
    if not any(isinstance(t.operator, _ORDERING) for t in targets):
        return
    for operand in (comparison.left, *(t.comparator for t in targets)):
        if _is_numeric_bound(operand):
            yield operand


def off_by_one(site: LineSite) -> Iterator[Mutation]:
    """`a[i]` -> `a[i + 1]`/`a[i - 1]`, `range(n)` -> `range(n + 1)`, `x < 10` -> `x < 11` ..."""
    for bound in bounds(site):
        inside = isinstance(site.file.parent(bound), cst.BinaryOperation | cst.UnaryOperation)
        for delta in (1, -1):
            new = shifted(bound, delta)
            yield site.replace(bound, atom(new) if inside else new)
