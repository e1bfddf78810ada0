"""Which names of a module the rest of the project uses, read with `ast`.

`caller_names`: per project module that imports it (an edge of the import graph), the
names it takes, whatever the form: `from m import a`, `from pkg import m` then `m.a`,
`import pkg.m` then `pkg.m.a`, `import pkg.m as x` then `x.a`, relative ones too.
`other_users`: the same names from every other Python file under the root (tests,
scripts, conftest), which the import graph leaves out but which must keep working.
"""

from __future__ import annotations

import ast
import os
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


def _uses_in(path: Path, package: str, module: str) -> set[str]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return set()
        source = path.read_bytes()
        if module.rpartition(".")[2].encode() not in source:
            return set()
        tree = ast.parse(source)
    except (OSError, SyntaxError, ValueError, RecursionError):
        return set()
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
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _dotted(node.value) in prefixes:
            names.add(node.attr)
    return names


def other_users(root: Path, graph: ImportGraph, module: str) -> set[str]:
    """The names Python files outside the import graph (tests...) use from `module`."""
    known = {info.path for info in graph.modules.values()}
    names: set[str] = set()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED)
        for name in sorted(files):
            path = Path(folder) / name
            if name.endswith(".py") and path.relative_to(root).as_posix() not in known:
                names |= _uses_in(path, "", module)
    return names
