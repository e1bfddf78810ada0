"""One `[ui] pages` entry: which project callable renders a page, with which arguments.

An entry is `"module:callable"` or `"module:callable(<literal args>)"`, e.g.
`"webshop.pages:catalog_page"` or `"webshop.pages:checkout_page(1250)"`. The module is
a dotted import path, the callable a dotted attribute path in it (`Views.home`), the
arguments positional Python literals (numbers, strings, tuples, lists, dicts, sets,
`True`/`False`/`None`), each read with `ast.literal_eval`: nothing is evaluated.
The callable is called with them and must return the HTML of one page as a `str`.

This module only reads the text (the config validates with it); `rendered` runs the
callable, in the sandbox.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

_DOTTED = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"
_ENTRY = re.compile(rf"\s*({_DOTTED})\s*:\s*({_DOTTED})\s*(?:\((.*)\))?\s*", re.DOTALL)


@dataclass(frozen=True)
class PageEntry:
    """A parsed entry; `args` is the argument text, as written between the parentheses."""

    text: str  # the entry as configured, stripped
    module: str
    callable: str
    args: str

    def values(self) -> tuple[object, ...]:
        return literal_args(self.args)


def literal_args(args: str) -> tuple[object, ...]:
    """The positional literals of `args` ("1250, 'EUR'"); ValueError when they are not.
    Read as the arguments of a call (`f(ARGS)`), each one with `ast.literal_eval`."""
    why = f"arguments ({args}) are not positional Python literals"
    try:
        call = ast.parse(f"f({args})", mode="eval").body
        if not isinstance(call, ast.Call) or call.keywords:
            raise ValueError(why)
        return tuple(ast.literal_eval(arg) for arg in call.args)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise ValueError(why) from None


def parse_page_entry(text: str) -> PageEntry:
    """The entry `text` read (module docstring); ValueError with a one-line reason."""
    found = _ENTRY.fullmatch(text)
    if found is None:
        raise ValueError(
            f"{text!r} is not 'module:callable' or 'module:callable(literal args)',"
            " e.g. 'webshop.pages:checkout_page(1250)'"
        )
    module, name, args = found.group(1), found.group(2), found.group(3) or ""
    literal_args(args)
    return PageEntry(text=text.strip(), module=module, callable=name, args=args)
