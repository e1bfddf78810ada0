"""Small builders for expressions that templates put into the tree."""

from __future__ import annotations

import libcst as cst

ATOMS = (
    cst.Name,
    cst.Attribute,
    cst.Call,
    cst.Subscript,
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.FormattedString,
    cst.List,
    cst.Tuple,
    cst.Dict,
    cst.Set,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
    cst.GeneratorExp,
    cst.Ellipsis,
)
ARITHMETIC_OPERATORS = (
    cst.Add,
    cst.Subtract,
    cst.Multiply,
    cst.Divide,
    cst.FloorDivide,
    cst.Modulo,
    cst.Power,
    cst.MatrixMultiply,
)


def int_value(node: cst.CSTNode) -> int | None:
    """The value of an integer literal, `-literal` included; None for anything else."""
    if isinstance(node, cst.Integer):
        value = node.evaluated_value
        return value if isinstance(value, int) else None
    if (
        isinstance(node, cst.UnaryOperation)
        and isinstance(node.operator, cst.Minus)
        and isinstance(node.expression, cst.Integer)
    ):
        inner = int_value(node.expression)
        return None if inner is None else -inner
    return None


def int_literal(value: int, like: cst.BaseExpression | None = None) -> cst.BaseExpression:
    """An integer literal for `value` (a unary minus for negatives), keeping the
    parentheses of `like`."""
    lpar = like.lpar if like is not None else ()
    rpar = like.rpar if like is not None else ()
    if value >= 0:
        return cst.Integer(str(value), lpar=lpar, rpar=rpar)
    return cst.UnaryOperation(cst.Minus(), cst.Integer(str(-value)), lpar=lpar, rpar=rpar)


def is_parenthesized(node: cst.BaseExpression) -> bool:
    return bool(node.lpar)


def parenthesize(node: cst.BaseExpression) -> cst.BaseExpression:
    """`node` wrapped in parentheses."""
    return node.with_changes(
        lpar=[cst.LeftParen(), *node.lpar], rpar=[*node.rpar, cst.RightParen()]
    )


def atom(node: cst.BaseExpression) -> cst.BaseExpression:
    """`node`, parenthesized unless it already binds tighter than any operator."""
    if isinstance(node, ATOMS) or is_parenthesized(node):
        return node
    return parenthesize(node)


def operand(node: cst.BaseExpression) -> cst.BaseExpression:
    """`node` as the left operand of `+`/`-`: arithmetic stays bare, the rest is
    parenthesized."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, ARITHMETIC_OPERATORS):
        return node
    if isinstance(node, cst.UnaryOperation) and not isinstance(node.operator, cst.Not):
        return node
    return atom(node)


def conjunct(node: cst.BaseExpression) -> cst.BaseExpression:
    """`node` as an operand of `and` (parenthesized where `and` would bind wrongly)."""
    loose = isinstance(node, cst.IfExp | cst.Lambda | cst.NamedExpr) or (
        isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or)
    )
    return atom(node) if loose else node


def negated(node: cst.BaseExpression) -> cst.BaseExpression:
    """`not node` (parenthesized where `not` would bind wrongly)."""
    inner = node
    if isinstance(node, cst.BooleanOperation | cst.IfExp | cst.Lambda | cst.NamedExpr):
        inner = atom(node)
    return cst.UnaryOperation(cst.Not(), inner)


def shifted(node: cst.BaseExpression, delta: int) -> cst.BaseExpression:
    """`node + delta`, folded: `3` -> `4`, `n - 1` (+1) -> `n`, `i` (-1) -> `i - 1`."""
    value = int_value(node)
    if value is not None:
        return int_literal(value + delta, node)
    if (
        isinstance(node, cst.BinaryOperation)
        and not node.lpar
        and isinstance(node.operator, cst.Add | cst.Subtract)
        and isinstance(node.right, cst.Integer)
    ):
        right = int_value(node.right)
        if right is not None:
            offset = (right if isinstance(node.operator, cst.Add) else -right) + delta
            if offset == 0:
                return node.left
            operator = cst.Add() if offset > 0 else cst.Subtract()
            return node.with_changes(
                operator=operator.with_changes(
                    whitespace_before=node.operator.whitespace_before,
                    whitespace_after=node.operator.whitespace_after,
                ),
                right=cst.Integer(str(abs(offset))),
            )
    operator = cst.Add() if delta > 0 else cst.Subtract()
    return cst.BinaryOperation(operand(node), operator, cst.Integer(str(abs(delta))))
