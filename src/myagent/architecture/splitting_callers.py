"""Which names of a module the rest of the project uses, read with `ast`.

`caller_names`: per project module that imports it (an edge of the import graph), the
names it takes, whatever the form: `from m import a`, `from pkg import m` then `m.a`,
`import pkg.m` then `pkg.m.a`, `import pkg.m as x` then `x.a`, relative ones too.
`other_users`: the same names from every other Python file under the root (tests,
scripts, conftest), which the import graph leaves out but which must keep working.
`patched_names`: the names of the module that any file replaces from outside (a
test's `monkeypatch.setattr(m, "name", ...)`, `mock.patch("pkg.m.name")`, a helper's
`m.name = ...`): code that uses such a name must stay where the patch reaches it.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from myagent.architecture.graph import ImportGraph, ModuleInfo, resolve_relative
from myagent.quality.stubs import MAX_FILE_BYTES

_SKIPPED = frozenset({"__pycache__", "site-packages", "node_modules", "venv", "build", "dist"})


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def caller_names(root: Path, graph: ImportGraph, module: str) -> dict[str, set[str]]:
    """Importing module -> the names it uses from `module` (unreadable ones: none)."""
    used: dict[str, set[str]] = {}
    for importer in sorted({e.importer for e in graph.edges if e.imported == module}):
        if importer != module:
            used[importer] = _uses(root, graph.modules[importer], module)
    return used


def _uses(root: Path, info: ModuleInfo, module: str) -> set[str]:
    package = info.name if info.path.endswith("__init__.py") else info.name.rpartition(".")[0]
    return _uses_in(root / info.path, package, module)


def _parse(path: Path, module: str) -> ast.Module | None:
    """The file's tree, None when it cannot mention `module` or cannot be read."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        source = path.read_bytes()
        if module.rpartition(".")[2].encode() not in source:
            return None
        return ast.parse(source)
    except (OSError, SyntaxError, ValueError, RecursionError):
        return None


def _refs(tree: ast.Module, package: str, module: str) -> tuple[set[str], set[str]]:
    """(names imported from `module`, the local names bound to `module` itself)."""
    names: set[str] = set()
    prefixes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = resolve_relative(node.module, node.level, package)
            for alias in node.names:
                if base == module and alias.name != "*":
                    names.add(alias.name)
                elif f"{base}.{alias.name}" == module:
                    prefixes.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == module or alias.name.startswith(f"{module}."):
                    prefixes.add(alias.asname or module)
    return names, prefixes


def _uses_in(path: Path, package: str, module: str) -> set[str]:
    tree = _parse(path, module)
    if tree is None:
        return set()
    names, prefixes = _refs(tree, package, module)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _dotted(node.value) in prefixes:
            names.add(node.attr)
    return names


def _patches_in(path: Path, package: str, module: str) -> Iterator[tuple[str, int]]:
    """(name, line) of each name of `module` that the file replaces from outside:
    `m.name = ...` (or `+=`), `setattr(m, "name", ...)` and the like (`monkeypatch.setattr`,
    `mock.patch.object`: any call given the module and then a name), and a string
    "<module>.name" (`mock.patch("pkg.m.name")`, `monkeypatch.setattr("pkg.m.name", ...)`)."""
    tree = _parse(path, module)
    if tree is None:
        return
    _, prefixes = _refs(tree, package, module)
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and _dotted(target.value) in prefixes:
                yield target.attr, target.lineno
        if isinstance(node, ast.Call):
            for first, second in pairwise(node.args):
                name = _text(second)
                if name and _dotted(first) in prefixes:
                    yield name.split(".")[0], node.lineno
        text = _text(node)
        if text.startswith(f"{module}."):
            yield text[len(module) + 1 :].split(".")[0], getattr(node, "lineno", 0)


def _text(node: ast.AST) -> str:
    """The value of a string constant ("" for anything else)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return ""


def patched_names(root: Path, graph: ImportGraph, module: str) -> dict[str, str]:
    """Name -> where ("path:line") for every name of `module` that code or tests under
    `root` replace from outside (`_patches_in`): moved code would not see the patch."""
    found: dict[str, str] = {}
    for path, package in _python_files(root, graph):
        for name, line in _patches_in(path, package, module):
            found.setdefault(name, f"{path.relative_to(root).as_posix()}:{line}")
    return found


def _python_files(root: Path, graph: ImportGraph) -> Iterator[tuple[Path, str]]:
    """Every Python file under `root` (skipping venvs and builds), with its package."""
    packages = {info.path: info for info in graph.modules.values()}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED)
        for name in sorted(files):
            path = Path(folder) / name
            if not name.endswith(".py"):
                continue
            info = packages.get(path.relative_to(root).as_posix())
            if info is None:
                yield path, ""
                continue
            package = info.name if name == "__init__.py" else info.name.rpartition(".")[0]
            yield path, package


def other_users(root: Path, graph: ImportGraph, module: str) -> set[str]:
    """The names Python files outside the import graph (tests...) use from `module`."""
    known = {info.path for info in graph.modules.values()}
    names: set[str] = set()
    for path, package in _python_files(root, graph):
        if path.relative_to(root).as_posix() not in known:
            names |= _uses_in(path, package, module)
    return names
