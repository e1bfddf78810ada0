"""Operator templates: a wrong arithmetic, comparison or boolean operator, and `/`
where `//` was meant (or the reverse).

Each swaps one operator node for another, keeping the whitespace around it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Protocol, runtime_checkable

import libcst as cst

from myagent.repair.templates.site import LineSite, Mutation

OperatorTypes = Mapping[type[cst.CSTNode], tuple[Callable[..., cst.CSTNode], ...]]


@runtime_checkable
class Spaced(Protocol):
    """An operator node that owns the whitespace on both of its sides."""

    whitespace_before: cst.BaseParenthesizableWhitespace
    whitespace_after: cst.BaseParenthesizableWhitespace


ARITHMETIC: OperatorTypes = {
    cst.Add: (cst.Subtract, cst.Multiply),
    cst.Subtract: (cst.Add,),
    cst.Multiply: (cst.Add, cst.Power),
    cst.Divide: (cst.Multiply,),
    cst.FloorDivide: (cst.Modulo,),
    cst.Modulo: (cst.FloorDivide,),
    cst.Power: (cst.Multiply,),
    cst.AddAssign: (cst.SubtractAssign, cst.MultiplyAssign),
    cst.SubtractAssign: (cst.AddAssign,),
    cst.MultiplyAssign: (cst.AddAssign,),
}
COMPARISON: OperatorTypes = {
    cst.LessThan: (cst.LessThanEqual, cst.GreaterThan),
    cst.LessThanEqual: (cst.LessThan, cst.GreaterThanEqual),
    cst.GreaterThan: (cst.GreaterThanEqual, cst.LessThan),
    cst.GreaterThanEqual: (cst.GreaterThan, cst.LessThanEqual),
    cst.Equal: (cst.NotEqual,),
    cst.NotEqual: (cst.Equal,),
    cst.Is: (cst.IsNot,),
    cst.IsNot: (cst.Is,),
    cst.In: (cst.NotIn,),
    cst.NotIn: (cst.In,),
}
BOOLEAN: OperatorTypes = {cst.And: (cst.Or,), cst.Or: (cst.And,)}
DIVISION: OperatorTypes = {
    cst.Divide: (cst.FloorDivide,),
    cst.FloorDivide: (cst.Divide,),
    cst.DivideAssign: (cst.FloorDivideAssign,),
    cst.FloorDivideAssign: (cst.DivideAssign,),
}


def _operators(site: LineSite) -> list[cst.CSTNode]:
    """The operator nodes in the region, in source order."""
    found: list[cst.CSTNode] = []
    for node in site.all_nodes():
        if isinstance(
            node,
            cst.BinaryOperation | cst.BooleanOperation | cst.AugAssign | cst.ComparisonTarget,
        ):
            found.append(node.operator)
    return found


def _swap(site: LineSite, table: OperatorTypes) -> Iterator[Mutation]:
    for operator in _operators(site):
        if not isinstance(operator, Spaced):
            continue
        for replacement in table.get(type(operator), ()):
            new = replacement(
                whitespace_before=operator.whitespace_before,
                whitespace_after=operator.whitespace_after,
            )
            yield site.replace(operator, new)


def arith_operator(site: LineSite) -> Iterator[Mutation]:
    """`+` <-> `-`, `+` -> `*`, `*` -> `+`/`**`, `%` <-> `//`, `+=` <-> `-=` ..."""
    return _swap(site, ARITHMETIC)


def comparison_operator(site: LineSite) -> Iterator[Mutation]:
    """`<` <-> `<=`, `<` <-> `>`, `==` <-> `!=`, `is` <-> `is not`, `in` <-> `not in`."""
    return _swap(site, COMPARISON)


def boolean_operator(site: LineSite) -> Iterator[Mutation]:
    """`and` <-> `or`."""
    return _swap(site, BOOLEAN)


def division(site: LineSite) -> Iterator[Mutation]:
    """True division `/` <-> floor division `//` (and `/=` <-> `//=`)."""
    return _swap(site, DIVISION)
