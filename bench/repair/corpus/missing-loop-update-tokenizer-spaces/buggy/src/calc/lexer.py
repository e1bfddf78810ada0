"""The desk calculator's lexer: numbers, operators and parentheses."""

from __future__ import annotations

from dataclasses import dataclass

OPERATORS = "+-*/()"


class LexError(ValueError):
    pass


@dataclass(frozen=True)
class Token:
    kind: str  # "number" or "op"
    text: str


def tokenize(source: str) -> list[Token]:
    tokens = []
    i = 0
    while i < len(source):
        char = source[i]
        if char.isspace():
            continue
        if char.isdigit() or char == ".":
            start = i
            while i < len(source) and (source[i].isdigit() or source[i] == "."):
                i += 1
            tokens.append(Token("number", source[start:i]))
            continue
        if char not in OPERATORS:
            raise LexError(f"unexpected {char!r} at {i}")
        tokens.append(Token("op", char))
        i += 1
    return tokens
