"""Split a god module in two: a group of its top-level definitions moves, verbatim, into
a new sibling module, and the original re-exports every moved name, so each existing
import of it keeps working and nothing imports the original back (no cycle).

Which group moves (`splitting_groups`): the candidates are the dependency closure of
the names each importing module uses and the connected components of the module's
internal references; a group can move only when it uses no top-level name that stays,
other than plain imports. The first by these wins: the original drops below a god
threshold (lines or definitions); the larger of the two parts is the smallest; the
rest of the original uses the fewest moved names; the names, sorted.

The new module `<stem>_<suffix>.py` (suffix: the last name of the importing module that
uses only the moved part and most of it, else the largest moved definition, in
snake_case) gets a docstring, `from __future__ import annotations` when the original
has it, the original's imports it needs, narrowed to the names it uses (in their
original order and sections, a `TYPE_CHECKING` block too), then the definitions. The
original loses the moved definitions and the imports only they used (unless another
module or a test imports that name from it: then it stays, as `from m import x as x`),
and gets `from <new> import name as name` lines (relative when it has relative
imports), placed where ruff's isort sorts them in its first import block (not after
the last import: that would break isort's order). `__all__` stays as it is.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from myagent.architecture.breaking import Fix
from myagent.architecture.findings import Thresholds
from myagent.architecture.graph import ImportGraph
from myagent.architecture.splitting_callers import caller_names, other_users, patched_names
from myagent.architecture.splitting_groups import (
    Group,
    Parts,
    bindings,
    choose_group,
    is_future,
    loaded_names,
    read_parts,
    refusal,
    type_checking_body,
)
from myagent.architecture.splitting_imports import (
    WRAP_AT,
    binds,
    format_import,
    import_statements,
    member_key,
    narrow,
    reexport,
)
from myagent.architecture.usage import has_future_annotations

_Import = ast.Import | ast.ImportFrom


def split_module(
    root: Path, graph: ImportGraph, module: str, thresholds: Thresholds | None = None
) -> Fix | str:
    """New contents of the module and of a new sibling module holding a group of its
    top-level definitions, or why it cannot be split safely."""
    info = graph.modules.get(module)
    if info is None:
        return f"{module} is not in the import graph"
    if info.path.endswith("__init__.py"):
        return f"{module} is a package's __init__.py"
    try:
        source = (root / info.path).read_text(encoding="utf-8")
        tree = ast.parse(source)
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError):
        return f"{info.path} cannot be read or parsed"
    why = refusal(tree)
    if why:
        return f"{module} cannot be split safely: {why}"
    parts = read_parts(source, tree)
    callers = caller_names(root, graph, module)
    patched = patched_names(root, graph, module)
    group = choose_group(graph, module, parts, callers, thresholds or Thresholds(), patched)
    if isinstance(group, str):
        return f"{module}: {group}"
    largest = max(group.names, key=lambda n: (parts.units[n].lines, [-ord(c) for c in n]))
    stem, package = module.rpartition(".")[2], module.rpartition(".")[0]
    new_stem = f"{stem}_{snake_case(group.caller.rpartition('.')[2] or largest)}"
    new_path = str(PurePosixPath(info.path).with_name(f"{new_stem}.py"))
    new_module = f"{package}.{new_stem}" if package else new_stem
    if (root / new_path).exists() or new_module in graph.modules:
        return f"{new_path} already exists"
    relative = any(isinstance(n, ast.ImportFrom) and n.level for n in ast.walk(tree))
    target = f".{new_stem}" if relative else new_module
    first_party = {name.split(".")[0] for name in graph.modules}
    needed_by_callers = set().union(*callers.values(), other_users(root, graph, module))
    files = {
        info.path: _original(parts, group, target, first_party, needed_by_callers),
        new_path: _new_module(parts, group, module),
    }
    for path, text in files.items():
        try:
            ast.parse(text)
        except SyntaxError as exc:  # a bug here, but the project's problem is data
            return f"the split {path} would not parse ({exc.msg}, line {exc.lineno})"
    return Fix(files=files, moved=(f"{module} -> {new_module}: {', '.join(group.names)}",))


def snake_case(name: str) -> str:
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    return re.sub(r"_+", "_", words).strip("_") or "part"


def _new_module(parts: Parts, group: Group, module: str) -> str:
    units = [parts.units[n] for n in group.names]
    needed = set().union(*(u.refs for u in units)) & set(parts.imports)
    guards = {parts.imports[n][0] for n in needed if parts.imports[n][1]}
    statements = import_statements(parts)
    guard = next((g for s, _, g in statements if g is not None and s in guards), None)
    if guard is not None:
        needed |= loaded_names(guard.test) & set(parts.imports)
    chunks = [_docstring(module, group.names)]
    if has_future_annotations(parts.tree):
        chunks.append("from __future__ import annotations\n")
    for inside in (False, True):
        text, section = "", None
        for node, number, in_guard in statements:
            aliases = [a for a in node.names if binds(node, a) in needed]
            if (in_guard is not None) != inside or not aliases or is_future(node):
                continue
            text += "\n" if section is not None and number != section else ""
            section = number
            if len(aliases) == len(node.names):
                text += "".join(parts.lines[node.lineno - 1 : node.end_lineno])
            else:
                text += format_import(node, aliases, " " * node.col_offset)
        if text and guard is not None and inside:
            text = parts.lines[guard.lineno - 1] + text
        if text:
            chunks.append(text)
    body = "\n".join(chunks)
    for index, unit in enumerate(units):
        if index == 0:
            gap = (
                2
                if isinstance(unit.node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                else 1
            )
        else:
            between = parts.lines[units[index - 1].end : unit.start - 1]
            plain = all(not line.strip() for line in between) and len(between) <= 2
            gap = len(between) if plain else 2
        text = "".join(parts.lines[unit.start - 1 : unit.end])
        body += "\n" * gap + (text if text.endswith("\n") else text + "\n")
    return body


def _docstring(module: str, names: Sequence[str]) -> str:
    one = f'"""{", ".join(names)}: split out of `{module}`, which re-exports them."""\n'
    if len(one) <= WRAP_AT + 1:
        return one
    text = f"Split out of `{module}`, which re-exports every name it defines: {', '.join(names)}."
    return f'"""{textwrap.fill(text, width=WRAP_AT - 3)}\n"""\n'


def _original(
    parts: Parts, group: Group, target: str, first_party: set[str], needed_by_callers: set[str]
) -> str:
    lines = [*parts.lines[:-1], parts.lines[-1].rstrip("\n") + "\n"] if parts.lines else []
    edits: dict[int, str] = {}  # 0-based line -> its new text ("" deletes it)
    for name in group.names:
        unit = parts.units[name]
        edits.update(dict.fromkeys(range(unit.start - 1, unit.end), ""))
    moved = {id(parts.units[n].node) for n in group.names}
    staying = [
        s
        for s in parts.tree.body
        if id(s) not in moved and not isinstance(s, _Import) and type_checking_body(s) is None
    ]
    used = set().union(*(loaded_names(s) for s in staying))
    for statement in staying:
        if "__all__" in set(bindings(statement)):
            used |= {str(c.value) for c in ast.walk(statement) if isinstance(c, ast.Constant)}
    freed = set().union(*(parts.units[n].refs for n in group.names)) - used
    statements = import_statements(parts)
    guards: dict[ast.If, list[_Import]] = {}
    for node, _, guard in statements:
        if guard is not None:
            guards.setdefault(guard, []).append(node)
    for guard, nodes in guards.items():
        if all(binds(n, a) in freed - needed_by_callers for n in nodes for a in n.names):
            edits.update(dict.fromkeys(range(guard.lineno - 1, guard.end_lineno or 0), ""))
            freed |= loaded_names(guard.test) - used
        else:
            freed -= loaded_names(guard.test)
            for node in nodes:
                narrow(node, freed, needed_by_callers, edits)
    for node, _, guard in statements:
        if guard is None and not is_future(node):
            narrow(node, freed, needed_by_callers, edits)
    at, text = reexport(parts, sorted(group.names, key=member_key), target, first_party)
    out = [text if i == at else "" for i in range(len(lines) + 1)]
    for index, line in enumerate(lines):
        out[index] += edits.get(index, line)
    return _tidy("".join(out))


def _tidy(text: str) -> str:
    """No runs of more than two blank lines (one inside the first import block), and the
    blank lines after that block as ruff's isort wants them (two before a definition)."""
    lines = text.splitlines(keepends=True)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    strings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant | ast.JoinedStr) and node.end_lineno:
            strings.update(range(node.lineno, node.end_lineno))  # 0-based lines after the first
    imports = [i for i, s in enumerate(tree.body) if isinstance(s, _Import)]
    block: tuple[int, int] = (0, 0)
    after = -1
    if imports:
        last = imports[0]
        while last + 1 < len(tree.body) and isinstance(tree.body[last + 1], _Import):
            last += 1
        block = (tree.body[imports[0]].lineno - 1, tree.body[last].end_lineno or 0)
        if last + 1 < len(tree.body):
            following = tree.body[last + 1]
            definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
            after = 2 if isinstance(following, definition) else 1
    out: list[str] = []
    run = 0  # blank lines waiting
    for index, line in enumerate(lines):
        if not line.strip() and index not in strings:
            run += 1
            continue
        start = index - run
        if start == block[1] and after >= 0:
            run = after
        elif block[0] <= start < block[1]:
            run = min(run, 1)
        out.extend(["\n"] * min(run, 2))
        out.append(line)
        run = 0
    return "".join(out).lstrip("\n")
