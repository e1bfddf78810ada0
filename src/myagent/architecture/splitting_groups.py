"""What a god module is made of and which group of its top-level definitions can move
out (`splitting.split_module` writes the move; `splitting_callers` says who uses what).

A **unit** is a top-level function, class or simple constant (`NAME = ...`), with its
decorators and the comment lines directly above it. A group can move when it is closed
under dependencies: its units use no top-level name that stays, other than names bound
by a plain top-level import (copied into the new module) whose module does not import
the original back. Units before the end of the first import block, sharing a line with
another statement, or bound twice at the top level never move.

Candidates: the dependency closure of the names each importing module uses, and the
connected components of the units' reference graph. Among the groups that can move (a
function or class in it, not every function and class, at least `MIN_LINES` lines),
the best is the first by: the original drops below a god threshold (lines or
definitions), then the larger of the two parts is the smallest, then the fewest moved
names the rest of the original uses, then the names. Units that use `__name__` and the
like stay (their value would change); so does a group whose code uses a name that other
code or tests replace on the module (`m.name = ...`, `monkeypatch.setattr`,
`mock.patch("pkg.m.name")`: the moved code would read its own copy and miss the patch),
or that names a staying definition in a string (a forward reference such as
`TypeVar("T", bound="Env")`). A refusal names the first candidate's problem.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from myagent.architecture.findings import Thresholds
from myagent.architecture.graph import RUNTIME, ImportGraph
from myagent.architecture.usage import bound_names

MIN_LINES = 5  # a group of fewer lines (blank ones between not counted) is not worth a module
_Def = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
_Import = ast.Import | ast.ImportFrom
_SCOPES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
MODULE_DUNDERS = frozenset({"__name__", "__file__", "__spec__", "__package__", "__path__"})


@dataclass(frozen=True)
class Unit:
    name: str
    node: ast.stmt
    start: int  # first line (decorators, comments above), 1-based
    end: int  # last line, inclusive
    definitions: int  # functions, methods and classes in it
    refs: frozenset[str]  # names it loads
    pinned: str = ""  # why it cannot move
    strings: frozenset[str] = frozenset()  # names written in its other strings

    @property
    def lines(self) -> int:
        return self.end - self.start + 1


@dataclass
class Parts:
    """A module's top level, read for splitting."""

    tree: ast.Module
    lines: list[str]
    units: dict[str, Unit] = field(default_factory=dict)
    imports: dict[str, tuple[_Import, bool]] = field(default_factory=dict)  # name -> (stmt, TC)
    staying: set[str] = field(default_factory=set)  # top-level names no unit or import binds
    block_end: int = 0  # last line of the first import block (0: none)


@dataclass(frozen=True)
class Group:
    names: tuple[str, ...]  # in source order
    caller: str  # the importing module using only this part ("" if none)
    key: tuple[int, int, int, tuple[str, ...]]


def loaded_names(node: ast.AST) -> set[str]:
    """Names `node` loads, with those in string annotations."""
    found = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not _stores(n)}
    for child in ast.walk(node):
        notes: list[ast.expr | None] = []
        if isinstance(child, ast.arg | ast.AnnAssign):
            notes.append(child.annotation)
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            notes.append(child.returns)
        for note in (n for n in notes if n is not None):
            for text in (c.value for c in ast.walk(note) if isinstance(c, ast.Constant)):
                if isinstance(text, str):
                    found |= _names_of(text)
    return found


def string_names(node: ast.AST) -> set[str]:
    """Names in any string constant of `node` that reads as an expression: a forward
    reference outside annotations (`TypeVar("T", bound="Env")`, `cast("Env", x)`)."""
    found: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            found |= _names_of(child.value)
    return found


def is_future(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__"


def _stores(name: ast.Name) -> bool:
    return isinstance(name.ctx, ast.Store | ast.Del)


def _names_of(text: str) -> set[str]:
    try:
        parsed = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError):
        return set()
    return {n.id for n in ast.walk(parsed) if isinstance(n, ast.Name)}


def bindings(statement: ast.stmt) -> Iterator[str]:
    """The module-level names `statement` binds (not in functions or comprehensions)."""
    if isinstance(statement, _Import):
        yield from bound_names(statement)
    elif isinstance(statement, _Def):
        yield statement.name
    else:
        for child in ast.iter_child_nodes(statement):
            if isinstance(child, ast.stmt):
                yield from bindings(child)
            elif isinstance(child, ast.expr):
                yield from _expr_bindings(child)


def _expr_bindings(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Name) and _stores(node):
        yield node.id
    elif isinstance(node, ast.NamedExpr):
        yield node.target.id
    if not isinstance(node, _SCOPES):
        for child in ast.iter_child_nodes(node):
            yield from _expr_bindings(child)


def type_checking_body(statement: ast.stmt) -> list[ast.stmt] | None:
    """The body of `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`), when only imports."""
    if not isinstance(statement, ast.If) or statement.orelse:
        return None
    test = statement.test
    name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
    if name != "TYPE_CHECKING" or not all(isinstance(s, _Import) for s in statement.body):
        return None
    return statement.body


def refusal(tree: ast.Module) -> str:
    """Why the module cannot be split at all ("" when it can): `globals()` anywhere, as
    it means the module's namespace; `locals()` only where it means it (module level)."""
    in_functions = {
        id(n)
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for n in ast.walk(f)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            return "it has a star import"
        if isinstance(node, ast.Global):
            return "it has a `global` statement"
        func = node.func if isinstance(node, ast.Call) else None
        if isinstance(func, ast.Name) and func.id == "globals":
            return "it calls globals()"
        if isinstance(func, ast.Name) and func.id == "locals" and id(node) not in in_functions:
            return "it calls locals() at module level"
    dynamic = {"__getattr__", "__dir__"} & {n for s in tree.body for n in bindings(s)}
    return f"it defines {sorted(dynamic)[0]} at module level" if dynamic else ""


def read_parts(source: str, tree: ast.Module) -> Parts:
    parts = Parts(tree, source.splitlines(keepends=True))
    counts: dict[str, int] = {}
    for statement in tree.body:
        for name in bindings(statement):
            counts[name] = counts.get(name, 0) + 1
    first = next((i for i, s in enumerate(tree.body) if isinstance(s, _Import)), None)
    if first is not None:
        run = first
        while run + 1 < len(tree.body) and isinstance(tree.body[run + 1], _Import):
            run += 1
        parts.block_end = tree.body[run].end_lineno or 0
    for index, statement in enumerate(tree.body):
        imports = type_checking_body(statement) or [statement]
        for node in imports:
            if isinstance(node, _Import) and not is_future(node):
                for name in bound_names(node):
                    parts.imports[name] = (node, node is not statement)
        unit = _unit(parts, index, statement, counts)
        if unit is not None and unit.name not in parts.units:  # the first of a name bound twice
            parts.units[unit.name] = unit
    twice = {n for n, c in counts.items() if c > 1}
    for name in twice:
        parts.imports.pop(name, None)
    parts.staying = (set(counts) - set(parts.units) - set(parts.imports)) | MODULE_DUNDERS
    return parts


def _unit(parts: Parts, index: int, statement: ast.stmt, counts: dict[str, int]) -> Unit | None:
    if isinstance(statement, _Def):
        name = statement.name
    elif isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        name = getattr(statement.targets[0], "id", "")
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        name = getattr(statement.target, "id", "")
    else:
        return None
    if not name or (name.startswith("__") and name.endswith("__")):
        return None
    body = parts.tree.body
    start = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", []))])
    before = body[index - 1].end_lineno or 0 if index else 0
    while start - 1 > before and parts.lines[start - 2].lstrip().startswith("#"):
        start -= 1
    end = statement.end_lineno or statement.lineno
    after = body[index + 1].lineno if index + 1 < len(body) else end + 1
    pinned = ""
    if counts.get(name, 0) > 1:
        pinned = f"{name} is bound twice at the top level"
    elif before >= start or after <= end or statement.col_offset:
        pinned = f"{name} shares a line with another statement"
    elif start <= parts.block_end:
        pinned = f"{name} comes before the imports"
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    definitions = sum(isinstance(n, kinds) for n in ast.walk(statement))
    refs = frozenset(loaded_names(statement))
    strings = frozenset(string_names(statement) - refs)
    return Unit(name, statement, start, end, definitions, refs, pinned, strings)


def closure(parts: Parts, names: set[str]) -> set[str]:
    """`names` (units) with every unit they use, recursively."""
    found = names & set(parts.units)
    todo = sorted(found)
    while todo:
        for name in parts.units[todo.pop()].refs & set(parts.units):
            if name not in found:
                found.add(name)
                todo.append(name)
    return found


def components(parts: Parts) -> list[set[str]]:
    neighbours: dict[str, set[str]] = {name: set() for name in parts.units}
    for name, unit in parts.units.items():
        for other in unit.refs & set(parts.units):
            if other != name:
                neighbours[name].add(other)
                neighbours[other].add(name)
    seen: set[str] = set()
    found = []
    for name in sorted(neighbours):
        if name not in seen:
            part = closure_of(neighbours, name)
            seen |= part
            found.append(part)
    return found


def closure_of(neighbours: dict[str, set[str]], start: str) -> set[str]:
    found, todo = {start}, [start]
    while todo:
        for other in neighbours[todo.pop()] - found:
            found.add(other)
            todo.append(other)
    return found


def cyclic_imports(graph: ImportGraph, module: str) -> set[int]:
    """Lines of `module`'s imports of modules that import `module` back at import time."""
    runtime = graph.adjacency(RUNTIME)
    lines = set()
    for edge in graph.edges:
        if edge.importer == module and edge.imported != module:
            seen, todo = {edge.imported}, [edge.imported]
            while todo:
                for target in runtime.get(todo.pop(), set()) - seen:
                    seen.add(target)
                    todo.append(target)
            if module in seen:
                lines.add(edge.line)
    return lines


def problem(
    parts: Parts,
    group: set[str],
    module: str,
    cyclic: set[int],
    patched: Mapping[str, str] | None = None,
) -> str:
    """Why `group` cannot move ("" when it can). `patched`: the module's names that
    code or tests replace from outside, and where (`splitting_callers.patched_names`)."""
    classes_and_functions = {n for n, u in parts.units.items() if isinstance(u.node, _Def)}
    for name in sorted(group, key=lambda n: parts.units[n].start):
        unit = parts.units[name]
        if unit.pinned:
            return unit.pinned
        for ref in sorted(unit.refs):
            if ref in parts.staying:
                return f"{name} uses {ref}, which stays in {module}"
            imported = parts.imports.get(ref)
            if imported and imported[0].lineno in cyclic:
                return f"{name} needs an import of a module that imports {module}"
            where = (patched or {}).get(ref)
            if where:  # moved, it would read its own copy: the patch would miss it
                return f"{name} uses {ref}, which {where} replaces on {module}"
        for ref in sorted(unit.strings):
            if ref in parts.staying or (ref in parts.units and ref not in group):
                return f"{name} names {ref} in a string, and {ref} stays in {module}"
    if not group & classes_and_functions:
        return "only constants"
    if classes_and_functions <= group:
        return "it would move every function and class"
    if sum(parts.units[n].lines for n in group) < MIN_LINES:
        return f"{', '.join(sorted(group))}: too small to move"
    return ""


def choose_group(
    graph: ImportGraph,
    module: str,
    parts: Parts,
    callers: dict[str, set[str]],
    thresholds: Thresholds,
    patched: Mapping[str, str] | None = None,
) -> Group | str:
    """The group to move (see the module docstring), or why none can."""
    used = {c: n & set(parts.units) for c, n in callers.items()}
    candidates = [closure(parts, names) for names in used.values() if names]
    candidates += components(parts)
    cyclic = cyclic_imports(graph, module)
    info = graph.modules[module]
    best: Group | None = None
    reasons = []
    for group in {frozenset(c): c for c in candidates}.values():
        why = problem(parts, group, module, cyclic, patched)
        if why:
            reasons.append(why)
            continue
        moved = sum(parts.units[n].lines for n in group)
        rest_lines = info.lines - moved + len(group)
        rest_defs = info.definitions - sum(parts.units[n].definitions for n in group)
        below = rest_lines < thresholds.god_lines or rest_defs < thresholds.god_definitions
        rest_refs = set().union(*(loaded_names(s) for s in _staying_statements(parts, group)))
        names = tuple(sorted(group, key=lambda n: parts.units[n].start))
        key = (0 if below else 1, max(moved, rest_lines), len(rest_refs & group), names)
        if best is None or key < best.key:
            dominant = [(-len(n), c) for c, n in used.items() if n and n <= group]
            best = Group(names, min(dominant)[1] if dominant else "", key)
    if best is None:
        return f"no group of definitions can move ({reasons[0] if reasons else 'none'})"
    return best


def _staying_statements(parts: Parts, group: set[str]) -> list[ast.stmt]:
    moved = {id(parts.units[n].node) for n in group}
    return [s for s in parts.tree.body if id(s) not in moved and not isinstance(s, _Import)]
