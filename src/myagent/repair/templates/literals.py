"""Value templates: a wrong constant or literal, a wrong return value.

- wrong-literal: an integer `n` -> `n + 1`, `n - 1`, `0`, `1`; a float likewise;
  `True` <-> `False`; a string -> another string literal of the same function.
- return-value: `return e` -> `return <default>` (from the return annotation, the
  literals the function returns elsewhere, `None` unless annotated as never None;
  without an annotation also `0`, `False`, `True`, `[]`, `""`), -> an operand of `e`
  when it is `a op b`, -> the object of `e` when it is `obj.attr`, -> `self` in a
  method, -> another local variable; a bare `return` -> `return <local>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst

from myagent.repair.templates.expressions import int_literal, int_value
from myagent.repair.templates.site import LineSite, Mutation

_STRING_ALTERNATIVES = 4
_ANNOTATION_DEFAULTS = {
    "int": "0",
    "float": "0.0",
    "str": '""',
    "bool": "False",
    "list": "[]",
    "List": "[]",
    "dict": "{}",
    "Dict": "{}",
    "set": "set()",
    "Set": "set()",
    "tuple": "()",
    "Tuple": "()",
}
_LITERALS = (cst.Integer, cst.Float, cst.SimpleString, cst.List, cst.Dict, cst.Tuple)
_FALLBACK = ("None", "0", "False", "True", "[]", '""')
_OPTIONAL = re.compile(r"\bNone\b|\bOptional\[")


def _numbers(value: float, is_int: bool) -> list[str]:
    """`value` ± 1, 0 and 1 (never negative for floats), without `value` itself."""
    options = [value + 1, value - 1, 0, 1]
    if is_int:
        rendered = [str(int(v)) for v in options if v != value]
    else:
        rendered = [repr(float(v)) for v in options if v != value and v >= 0]
    return list(dict.fromkeys(rendered))


def _is_docstring(node: cst.CSTNode, site: LineSite) -> bool:
    return isinstance(site.file.parent(node), cst.Expr)


def _strings(site: LineSite, current: cst.SimpleString) -> list[cst.SimpleString]:
    """Other string literals of the function (or module), distinct values, same prefix."""
    scope: cst.CSTNode = site.function.body if site.function else site.file.module
    seen = {current.evaluated_value}
    found: list[cst.SimpleString] = []
    for node in site.scope_walk(scope):
        if (
            isinstance(node, cst.SimpleString)
            and node.prefix.lower() == current.prefix.lower()
            and node.evaluated_value not in seen
            and not _is_docstring(node, site)
        ):
            seen.add(node.evaluated_value)
            found.append(node)
    return found[:_STRING_ALTERNATIVES]


def wrong_literal(site: LineSite) -> Iterator[Mutation]:
    """Change one literal on the line."""
    inner_of_minus: set[int] = set()
    for node in site.all_nodes():
        if id(node) in inner_of_minus:
            continue
        value = int_value(node)
        if isinstance(node, cst.UnaryOperation) and value is not None:
            inner_of_minus.add(id(node.expression))
        if value is not None and isinstance(node, cst.BaseExpression):
            for text in _numbers(value, is_int=True):
                yield site.replace(node, int_literal(int(text), node))
        elif isinstance(node, cst.Float) and isinstance(node.evaluated_value, float):
            for text in _numbers(node.evaluated_value, is_int=False):
                yield site.replace(node, node.with_changes(value=text))
        elif isinstance(node, cst.Name) and node.value in ("True", "False"):
            other = "False" if node.value == "True" else "True"
            yield site.replace(node, node.with_changes(value=other))
        elif isinstance(node, cst.SimpleString) and not _is_docstring(node, site):
            for string in _strings(site, node):
                yield site.replace(node, string.with_changes(lpar=node.lpar, rpar=node.rpar))


def default_values(site: LineSite) -> list[str]:
    """Values the function plausibly returns by default: from its return annotation,
    the literals it returns elsewhere, then `None`."""
    found: list[str] = []
    function = site.function
    annotation = return_annotation(site)
    if annotation is not None:
        base = annotation.split("[", 1)[0].strip()
        if base in _ANNOTATION_DEFAULTS:
            found.append(_ANNOTATION_DEFAULTS[base])
    if function is not None:
        for node in site.scope_walk(function.body):
            if isinstance(node, cst.Return) and node.value is not None:
                value = node.value
                if isinstance(value, _LITERALS) or int_value(value) is not None:
                    found.append(site.file.code(value).strip())
                elif isinstance(value, cst.Name) and value.value in ("True", "False", "None"):
                    found.append(value.value)
    if annotation is None or _OPTIONAL.search(annotation):
        found.append("None")
    return list(dict.fromkeys(found))


def return_annotation(site: LineSite) -> str | None:
    """The code of the enclosing function's return annotation, if it has one."""
    if site.function is None or site.function.returns is None:
        return None
    return site.file.code(site.function.returns.annotation).strip()


def return_value(site: LineSite) -> Iterator[Mutation]:
    """Return something else."""
    for node in site.nodes(cst.Return):
        value = node.value
        current = site.file.code(value).strip() if value is not None else ""
        options: list[str] = []
        if value is None:
            options += site.locals_before()
        else:
            options += default_values(site)
            if return_annotation(site) is None:
                options += _FALLBACK
            if isinstance(value, cst.BinaryOperation):
                options += [site.file.code(value.left).strip(), site.file.code(value.right).strip()]
            if isinstance(value, cst.Attribute):
                options.append(site.file.code(value.value).strip())
            if site.function is not None and site.function.params.params:
                first = site.function.params.params[0].name.value
                options += ["self"] if first == "self" else []
            options += site.locals_before()
        for option in dict.fromkeys(options):
            if option != current and "\n" not in option:
                replacement = cst.parse_expression(option)
                whitespace = cst.SimpleWhitespace(" ")
                if value is None:
                    new = node.with_changes(value=replacement, whitespace_after_return=whitespace)
                else:
                    new = node.with_changes(value=replacement)
                yield site.replace(node, new)
