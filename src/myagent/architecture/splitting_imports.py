"""The import lines of a split (`splitting`): which imports each part keeps, and where
the re-export goes, written as ruff's isort would write them.

isort's order, as ruff applies it by default: sections (future, standard library, third
party, first party, local) separated by one blank line; in a section `import x` lines
before `from x import y` lines; `from` lines by module (relative ones furthest first),
case-insensitive and in natural order (`a2` before `a10`); names by kind (CONSTANTS,
Classes, the rest), then the same way; `from m import a as a` (the explicit re-export
mypy and ruff accept) each on its own line; a line longer than `WRAP_AT` wrapped with
one name a line and a trailing comma, which ruff keeps whatever the line length.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from myagent.architecture.splitting_groups import Parts, type_checking_body

WRAP_AT = 88  # ruff's default line length
_Import = ast.Import | ast.ImportFrom
_NaturalKey = tuple[tuple[int, int], ...]


def _natural(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(
        (ord("0"), int(t)) if t.isdigit() else (ord(t), 0) for t in re.findall(r"\d+|\D", text)
    )


def member_key(name: str) -> tuple[int, tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """How ruff's isort orders imported names: constants, classes, the rest."""
    kind = 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2
    return kind, _natural(name.lower()), _natural(name)


def _alias(alias: ast.alias) -> str:
    return f"{alias.name} as {alias.asname}" if alias.asname else alias.name


def format_import(node: _Import, aliases: Sequence[ast.alias], indent: str = "") -> str:
    """`node` importing only `aliases`, wrapped one name a line when long (as ruff does)."""
    names = [_alias(a) for a in aliases]
    if isinstance(node, ast.Import):
        return f"{indent}import {', '.join(names)}\n"
    head = f"{indent}from {'.' * node.level}{node.module or ''} import "
    if len(head) + len(", ".join(names)) <= WRAP_AT:
        return f"{head}{', '.join(names)}\n"
    inner = "".join(f"{indent}    {n},\n" for n in names)
    return f"{head}(\n{inner}{indent})\n"


def binds(node: _Import, alias: ast.alias) -> str:
    if isinstance(node, ast.Import):
        return alias.asname or alias.name.split(".")[0]
    return alias.asname or alias.name


def import_statements(parts: Parts) -> list[tuple[_Import, int, ast.If | None]]:
    """Every top-level import (and in TYPE_CHECKING), with its section number and block."""
    found: list[tuple[_Import, int, ast.If | None]] = []
    section = 0
    previous: ast.stmt | None = None
    for statement in parts.tree.body:
        block = type_checking_body(statement)
        nodes = block if block is not None else [statement]
        for node in nodes:
            if not isinstance(node, _Import):
                previous = None
                continue
            gap = parts.lines[previous.end_lineno or 0 : node.lineno - 1] if previous else [""]
            section += any(not line.strip() for line in gap)
            guard = statement if isinstance(statement, ast.If) else None
            found.append((node, section, guard))
            previous = node
    return found


def narrow(node: _Import, freed: set[str], needed: set[str], edits: dict[int, str]) -> None:
    """Drop the names only moved code used; make those other modules import explicit."""
    keep = [a for a in node.names if binds(node, a) not in freed - needed or a.asname == a.name]
    export = [
        a
        for a in keep
        if binds(node, a) in freed and not a.asname and not isinstance(node, ast.Import)
    ]
    if len(keep) == len(node.names) and not export:
        return
    indent = " " * node.col_offset
    plain = [a for a in keep if a not in export]
    pieces = [
        (member_key(a.name), format_import(node, [ast.alias(a.name, a.name)], indent))
        for a in export
    ]
    if plain:
        pieces.append((member_key(plain[0].name), format_import(node, plain, indent)))
    edits.update(dict.fromkeys(range(node.lineno - 1, node.end_lineno or 0), ""))
    edits[node.lineno - 1] = "".join(text for _, text in sorted(pieces))


def _from_key(
    level: int, module: str
) -> tuple[int, tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    return -level, _natural(module.lower()), _natural(module)


def reexport(parts: Parts, names: list[str], target: str, first_party: set[str]) -> tuple[int, str]:
    """Where (0-based line to insert before) and what the re-export lines are."""
    text = "".join(_reexport_line(target, n) for n in names)
    block = [
        (n, s) for n, s, g in import_statements(parts) if g is None and n.lineno <= parts.block_end
    ]
    relative = target.startswith(".")

    def ours(node: _Import) -> bool:
        if isinstance(node, ast.ImportFrom) and node.level:
            return relative
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
        return not relative and any((m or "").split(".")[0] in first_party for m in modules)

    mine = _from_key(1 if relative else 0, target.lstrip("."))
    section = next((s for n, s in block if ours(n)), None)
    if section is not None:
        nodes = [n for n, s in block if s == section]
        later = [
            n
            for n in nodes
            if isinstance(n, ast.ImportFrom) and _from_key(n.level, n.module or "") > mine
        ]
        if later:
            return _first_line(parts, later[0]), text
        return nodes[-1].end_lineno or 0, text
    if block:
        relatives = [n for n, _ in block if isinstance(n, ast.ImportFrom) and n.level]
        if relatives and not relative:
            return _first_line(parts, relatives[0]), text + "\n"
        return parts.block_end, "\n" + text
    body = parts.tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        return body[0].end_lineno or 0, "\n" + text
    return 0, text + "\n"


def _reexport_line(target: str, name: str) -> str:
    line = f"from {target} import {name} as {name}"
    if len(line) <= WRAP_AT:
        return line + "\n"
    return f"from {target} import (\n    {name} as {name},\n)\n"


def _first_line(parts: Parts, node: ast.stmt) -> int:
    """0-based index of `node`'s first line, with the comment lines directly above."""
    index = node.lineno - 1
    while index > 0 and parts.lines[index - 1].lstrip().startswith("#"):
        index -= 1
    return index
