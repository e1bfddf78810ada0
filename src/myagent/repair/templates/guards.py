"""The none-guard template: a missing `None`/empty check before the line.

Subjects are what the line uses that could be `None` or empty: first the containers it
subscripts, then the objects whose attributes it reads, then the other local variables
it reads; each a local variable or an attribute chain on one (`contact.middle`), never
`self`. For the first three subjects, insert before the statement `if x is None:` or
`if not x:` followed by an exit: `continue` inside a loop; in a function that returns
nothing a bare `return`; else `return <default>` for the first two default values (see
`literals.default_values`), or `raise ValueError(...)` when there is none (a return
annotation that excludes `None`).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from myagent.repair.templates.literals import default_values
from myagent.repair.templates.site import NOT_RENAMED, LineSite, Mutation

_SUBJECTS = 3
_DEFAULTS = 2


def _returns_value(site: LineSite) -> bool:
    function = site.function
    if function is None:
        return False
    if function.returns is not None:
        return site.file.code(function.returns.annotation).strip() != "None"
    return any(
        isinstance(node, cst.Return) and node.value is not None
        for node in site.scope_walk(function.body)
    )


def exits(site: LineSite, subject: str) -> list[str]:
    """The statements that leave the current iteration or function early."""
    found: list[str] = []
    loop = site.file.ancestor(site.statement, (cst.For, cst.While, cst.FunctionDef))
    if isinstance(loop, cst.For | cst.While):
        found.append("continue")
    if site.function is not None:
        if not _returns_value(site):
            found.append("return")
        elif values := default_values(site):
            found += [f"return {value}" for value in values[:_DEFAULTS]]
        else:
            found.append(f'raise ValueError(f"unexpected {subject}: {{{subject}!r}}")')
    return found


def _chain(node: cst.BaseExpression, local: set[str]) -> bool:
    """A local variable or an attribute chain on one (`a.b.c`), not on `self`."""
    if isinstance(node, cst.Name):
        return node.value in local
    return isinstance(node, cst.Attribute) and _chain(node.value, local)


def subjects(site: LineSite) -> list[str]:
    """What the line uses that could be None or empty, most likely to crash first."""
    local = set(site.all_locals()) - NOT_RENAMED
    ranked: list[tuple[int, str]] = []
    for node in site.all_nodes():
        if isinstance(node, cst.Subscript) and _chain(node.value, local):
            ranked.append((0, site.file.code(node.value)))
        elif isinstance(node, cst.Attribute) and _chain(node.value, local):
            ranked.append((1, site.file.code(node.value)))
    ranked += [(2, name.value) for name in site.loaded_names()]
    ordered = [code.strip() for _, code in sorted(ranked, key=lambda pair: pair[0])]
    return [s for s in dict.fromkeys(ordered) if "\n" not in s][:_SUBJECTS]


def none_guard(site: LineSite) -> Iterator[Mutation]:
    """Insert `if x is None: <exit>` / `if not x: <exit>` before the line."""
    if not site.in_block(site.statement):
        return
    indent = site.file.module.default_indent
    guards: list[tuple[int, int, int, str]] = []
    for rank, subject in enumerate(subjects(site)):
        for kind, condition in enumerate((f"{subject} is None", f"not {subject}")):
            for order, action in enumerate(exits(site, subject)):
                guards.append((order, rank, kind, f"if {condition}:\n{indent}{action}\n"))
    for *_, code in sorted(guards):
        yield site.insert(site.statement, code)
