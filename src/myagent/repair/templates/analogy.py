"""Statements seen as instances of a pattern: their text, their skeleton, how to
rename them, and their opposite (`min_x` -> `max_x`, `"<"` -> `">"`, `-=` -> `+=`).

The opposite of an identifier swaps each of its `_`-separated words that has an
opposite in `WORD_PAIRS` (case kept); the opposite of a string swaps such words and the
brackets of `SYMBOL_PAIRS` inside it (`"&lt;"` -> `"&gt;"`). Templates swap one pair
at a time (`families`), so `min_y` mirrors to `max_y` and to `min_x`, not `max_x`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import libcst as cst

from myagent.repair.templates.site import LineSite

WORD_PAIRS = (
    ("min", "max"), ("minimum", "maximum"), ("lo", "hi"), ("low", "high"),
    ("lower", "upper"), ("start", "end"), ("first", "last"), ("left", "right"),
    ("top", "bottom"), ("x", "y"), ("width", "height"), ("row", "col"), ("rows", "cols"),
    ("source", "target"), ("src", "dst"), ("sender", "recipient"), ("debit", "credit"),
    ("undo", "redo"), ("open", "close"), ("opened", "closed"),
    ("add", "remove"), ("added", "removed"), ("increment", "decrement"), ("inc", "dec"),
    ("enable", "disable"), ("enabled", "disabled"), ("show", "hide"), ("before", "after"),
    ("prev", "next"), ("old", "new"), ("input", "output"), ("up", "down"), ("lt", "gt"),
    ("le", "ge"), ("encode", "decode"), ("head", "tail"), ("north", "south"),
    ("east", "west"), ("horizontal", "vertical"), ("on", "off"), ("read", "write"),
    ("request", "response"), ("buy", "sell"), ("deposit", "withdraw"), ("lock", "unlock"),
    ("front", "back"), ("inner", "outer"), ("forward", "backward"), ("plus", "minus"),
)  # fmt: skip
SYMBOL_PAIRS = (("<=", ">="), ("<", ">"), ("(", ")"), ("[", "]"), ("{", "}"))


def _pairs(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for one, other in pairs:
        found.setdefault(one, other)
        found.setdefault(other, one)
    return found


OPPOSITES: Mapping[str, str] = {**_pairs(WORD_PAIRS), **_pairs(SYMBOL_PAIRS)}
_TOKEN = re.compile(r"[A-Za-z]+|<=|>=|[<>()\[\]{}]")


def _swap(token: str, opposites: Mapping[str, str]) -> str:
    other = opposites.get(token.lower())
    if other is None or not token:
        return token
    if token.isupper() and len(token) > 1:
        return other.upper()
    return other.capitalize() if token[0].isupper() else other


def opposite_identifier(name: str, opposites: Mapping[str, str] = OPPOSITES) -> str:
    """`min_x` -> `max_x`, `_undo` -> `_redo`, `MAX_SIZE` -> `MIN_SIZE`."""
    return "_".join(_swap(part, opposites) for part in name.split("_"))


def opposite_text(text: str, opposites: Mapping[str, str] = OPPOSITES) -> str:
    """`"&lt;"` -> `"&gt;"`, `"<"` -> `">"`, `"left"` -> `"right"`."""
    return _TOKEN.sub(lambda m: _swap(m.group(0), opposites), text)


def families(site: LineSite, node: cst.CSTNode) -> list[dict[str, str]]:
    """Each pair of opposites (`min`/`max`, `x`/`y`, `<`/`>`) that `node` uses a side
    of, as a two-way mapping, in order of first use."""
    tokens: list[str] = []
    for child in site.walk(node):
        if isinstance(child, cst.Name):
            tokens += child.value.split("_")
        elif isinstance(child, cst.SimpleString):
            tokens += _TOKEN.findall(child.raw_value)
    found: dict[tuple[str, str], dict[str, str]] = {}
    for token in tokens:
        other = OPPOSITES.get(token.lower())
        if other is not None:
            pair = tuple(sorted((token.lower(), other)))
            found.setdefault((pair[0], pair[1]), {pair[0]: pair[1], pair[1]: pair[0]})
    return list(found.values())


class Rename(cst.CSTTransformer):
    """Rename identifiers (and string literals spelling a renamed identifier)."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        super().__init__()
        self.mapping = mapping

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(
            value=self.mapping.get(updated_node.value, updated_node.value)
        )

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        raw = updated_node.raw_value
        if raw not in self.mapping:
            return updated_node
        quote = updated_node.quote
        return updated_node.with_changes(
            value=f"{updated_node.prefix}{quote}{self.mapping[raw]}{quote}"
        )


class Opposite(cst.CSTTransformer):
    """Swap the words of identifiers and strings for their `opposites`; with
    `operators`, also `+` <-> `-` and `+=` <-> `-=`."""

    def __init__(self, opposites: Mapping[str, str] = OPPOSITES, *, operators: bool) -> None:
        super().__init__()
        self.opposites = opposites
        self.operators = operators

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(
            value=opposite_identifier(updated_node.value, self.opposites)
        )

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        raw = opposite_text(updated_node.raw_value, self.opposites)
        quote = updated_node.quote
        return updated_node.with_changes(value=f"{updated_node.prefix}{quote}{raw}{quote}")

    def leave_AddAssign(
        self, original_node: cst.AddAssign, updated_node: cst.AddAssign
    ) -> cst.BaseAugOp:
        if not self.operators:
            return updated_node
        return cst.SubtractAssign(updated_node.whitespace_before, updated_node.whitespace_after)

    def leave_SubtractAssign(
        self, original_node: cst.SubtractAssign, updated_node: cst.SubtractAssign
    ) -> cst.BaseAugOp:
        if not self.operators:
            return updated_node
        return cst.AddAssign(updated_node.whitespace_before, updated_node.whitespace_after)

    def leave_Add(self, original_node: cst.Add, updated_node: cst.Add) -> cst.BaseBinaryOp:
        if not self.operators:
            return updated_node
        return cst.Subtract(updated_node.whitespace_before, updated_node.whitespace_after)

    def leave_Subtract(
        self, original_node: cst.Subtract, updated_node: cst.Subtract
    ) -> cst.BaseBinaryOp:
        if not self.operators:
            return updated_node
        return cst.Add(updated_node.whitespace_before, updated_node.whitespace_after)


class Blank(cst.CSTTransformer):
    """Every identifier becomes `_`: what is left is the statement's skeleton."""

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return updated_node.with_changes(value="_")


def copyable(site: LineSite, statement: cst.BaseStatement) -> bool:
    """A simple statement on one line that does something (no docstring, no `pass`)."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    if site.file.first_line(statement) != site.file.last_line(statement):
        return False
    inert = (cst.Pass, cst.Expr)
    return not all(
        isinstance(s, inert)
        and (isinstance(s, cst.Pass) or isinstance(s.value, cst.SimpleString | cst.Ellipsis))
        for s in statement.body
    )


def text(
    site: LineSite, statement: cst.BaseStatement, transformer: cst.CSTTransformer | None = None
) -> str:
    """The code of a one-line simple statement without comments, transformed."""
    assert isinstance(statement, cst.SimpleStatementLine)
    parts: list[str] = []
    for small in statement.body:
        node = small.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        if transformer is not None:
            changed = node.visit(transformer)
            assert isinstance(changed, cst.BaseSmallStatement)
            node = changed
        parts.append(site.file.code(node).strip())
    return "; ".join(parts)


def skeleton(site: LineSite, statement: cst.BaseStatement) -> str:
    """The statement's text with every identifier blanked."""
    return text(site, statement, Blank())


def names(site: LineSite, statement: cst.CSTNode) -> list[str]:
    """Every identifier in the statement, in source order."""
    return [n.value for n in site.walk(statement) if isinstance(n, cst.Name)]
