"""The project's internal import graph, read statically with `ast` (never imported).

Modules are named from their path below the import root that holds them
(`src/pkg/a/b.py` under `src` -> `pkg.a.b`, `pkg/a/__init__.py` -> `pkg.a`). Every
`import` and `from ... import` statement of a module is resolved, relative ones
against the module's package, to the longest name that is a module of the project:
`from pkg.a import b` is an edge to `pkg.a.b` when that is a module, else to `pkg.a`.
Imports of anything outside the project's source are left out; so are the implicit
imports of parent packages (as grimp does), which would make every package that
imports its submodules look cyclic.

Each edge has a kind, as it matters for cycles and layers:

- `"module"`: runs when the module is imported (top level, also inside `if`/`try`);
- `"function"`: inside a function body, runs when the function is called;
- `"type_checking"`: inside `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`), never runs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from myagent.quality.stubs import MAX_FILE_BYTES, source_files

EdgeKind = Literal["module", "function", "type_checking"]


@dataclass(frozen=True)
class ImportEdge:
    """One import statement of `importer` that reaches the project module `imported`."""

    importer: str
    imported: str
    line: int
    kind: EdgeKind


@dataclass(frozen=True)
class ModuleInfo:
    name: str
    path: str  # root-relative
    lines: int
    definitions: int  # functions, methods and classes


@dataclass(frozen=True)
class ImportGraph:
    modules: dict[str, ModuleInfo]
    edges: tuple[ImportEdge, ...]
    unparsed: tuple[str, ...] = ()  # files that could not be read or parsed
    root: Path = Path()  # the tree it was read from

    def targets(self, module: str, kinds: frozenset[EdgeKind]) -> set[str]:
        return {e.imported for e in self.edges if e.importer == module and e.kind in kinds}

    def adjacency(self, kinds: frozenset[EdgeKind]) -> dict[str, set[str]]:
        """Module -> the modules it imports through edges of `kinds` (no self loops)."""
        adjacent: dict[str, set[str]] = {name: set() for name in self.modules}
        for edge in self.edges:
            if edge.kind in kinds and edge.importer != edge.imported:
                adjacent[edge.importer].add(edge.imported)
        return adjacent

    def edges_between(self, importer: str, imported: str) -> list[ImportEdge]:
        return [e for e in self.edges if e.importer == importer and e.imported == imported]


RUNTIME: frozenset[EdgeKind] = frozenset({"module"})
DEPENDS: frozenset[EdgeKind] = frozenset({"module", "function"})


@dataclass
class _Reader:
    modules: dict[str, ModuleInfo] = field(default_factory=dict)
    trees: dict[str, ast.Module] = field(default_factory=dict)
    unparsed: list[str] = field(default_factory=list)


def module_name(rel: str, import_roots: Sequence[str]) -> str:
    """The dotted name of the file `rel` below the deepest import root holding it."""
    path = Path(rel)
    roots = sorted((Path(r) for r in import_roots), key=lambda p: -len(p.parts))
    for root in roots:
        if path.is_relative_to(root):  # "." holds every relative path
            path = path.relative_to(root)
            break
    parts = list(path.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def build_graph(
    root: Path,
    source_dirs: Sequence[str],
    import_roots: Sequence[str],
    test_dirs: Sequence[str] = (),
) -> ImportGraph:
    """The import graph of the source files under `source_dirs` (see the docstring)."""
    reader = _Reader()
    packages: set[str] = set()
    for rel in source_files(root, source_dirs, test_dirs):
        if rel.endswith(".pyi"):
            continue
        name = module_name(rel, import_roots)
        tree, lines = _parse(root / rel)
        if tree is None or not name:
            reader.unparsed.append(rel)
            continue
        if rel.endswith("__init__.py"):
            packages.add(name)
        reader.trees[name] = tree
        reader.modules[name] = ModuleInfo(name, rel, lines, _definitions(tree))
    edges: list[ImportEdge] = []
    for name, tree in reader.trees.items():
        package = name if name in packages else name.rpartition(".")[0]
        for node, kind in _imports(tree):
            for target in _targets(node, package, reader.modules):
                edges.append(ImportEdge(name, target, node.lineno, kind))
    return ImportGraph(reader.modules, tuple(edges), tuple(reader.unparsed), root)


def _parse(path: Path) -> tuple[ast.Module | None, int]:
    try:
        if path.is_symlink() or path.stat().st_size > MAX_FILE_BYTES:
            return None, 0
        source = path.read_bytes()
        return ast.parse(source), source.count(b"\n") + 1
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None, 0


def _definitions(tree: ast.Module) -> int:
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return sum(isinstance(node, kinds) for node in ast.walk(tree))


def is_type_checking(test: ast.expr) -> bool:
    """`TYPE_CHECKING` or `typing.TYPE_CHECKING` (any `X.TYPE_CHECKING`)."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


_Import = ast.Import | ast.ImportFrom


def _imports(node: ast.AST, kind: EdgeKind = "module") -> Iterator[tuple[_Import, EdgeKind]]:
    """Every import statement in or under `node`, with the kind of edge it makes."""
    if isinstance(node, _Import):
        yield node, kind
        return
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        kind = "type_checking" if kind == "type_checking" else "function"
    elif isinstance(node, ast.If) and is_type_checking(node.test):
        for statement in node.body:
            yield from _imports(statement, "type_checking")
        for statement in node.orelse:
            yield from _imports(statement, kind)
        return
    for child in ast.iter_child_nodes(node):
        yield from _imports(child, kind)


def resolve_relative(module: str | None, level: int, package: str) -> str | None:
    """The absolute name `from .{level}module` means in `package`; None if it escapes."""
    if level == 0:
        return module
    parts = package.split(".") if package else []
    if level - 1 > len(parts) or (level - 1 == len(parts) and not module):
        return None
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _longest_module(name: str, modules: dict[str, ModuleInfo]) -> str | None:
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def _targets(node: _Import, package: str, modules: dict[str, ModuleInfo]) -> set[str]:
    found: set[str] = set()
    if isinstance(node, ast.Import):
        for alias in node.names:
            target = _longest_module(alias.name, modules)
            if target is not None:
                found.add(target)
        return found
    base = resolve_relative(node.module, node.level, package)
    if base is None:
        return found
    for alias in node.names:
        full = f"{base}.{alias.name}" if alias.name != "*" else base
        target = _longest_module(full, modules)
        if target is not None:
            found.add(target)
    return found
