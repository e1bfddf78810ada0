"""The project's source modules, found by dotted name and parsed with `ast`.

`ProjectIndex(root, import_roots).module("shop.money")` finds `shop/money.py` or
`shop/__init__.py` under one of the folders the project imports from (the layout's
import roots) and parses it; modules that are not the project's (the standard
library, installed packages) are not found. `import_map(module)` says where each
imported name of a module comes from. Nothing is imported.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from myagent.testgen.units import module_name, parse_source


@dataclass(frozen=True)
class SourceModule:
    """One parsed project module: its root-relative `path`, dotted `name` and tree."""

    path: str  # root-relative
    name: str  # dotted
    tree: ast.Module
    is_package: bool


@dataclass
class ProjectIndex:
    """The project's source files, parsed on demand and looked up by module name."""

    root: Path
    import_roots: tuple[str, ...]
    _cache: dict[str, SourceModule | None] = field(default_factory=dict)

    def module(self, name: str) -> SourceModule | None:
        """The project module `name` ("shop.money"), or None when it is not the
        project's (a library, the standard library) or does not parse."""
        if name not in self._cache:
            self._cache[name] = self._find(name)
        return self._cache[name]

    def module_at(self, path: str) -> SourceModule | None:
        """The project module at the root-relative `path`."""
        name = module_name(path, self.import_roots)
        return None if name is None else self.module(name)

    def _find(self, name: str) -> SourceModule | None:
        relative = name.replace(".", "/")
        for root in self.import_roots:
            base = "" if root in (".", "") else root.strip("/") + "/"
            for candidate, package in (
                (f"{relative}.py", False),
                (f"{relative}/__init__.py", True),
            ):
                tree = parse_source(self.root, base + candidate)
                if tree is not None:
                    return SourceModule(base + candidate, name, tree, package)
        return None


def import_map(module: SourceModule) -> dict[str, tuple[str, str]]:
    """Local name -> (absolute module, imported name or "" for `import x`)."""
    found: dict[str, tuple[str, str]] = {}
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    for statement in ast.walk(module.tree):
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    found[alias.asname] = (alias.name, "")
                else:
                    head = alias.name.split(".")[0]
                    found.setdefault(head, (head, ""))
        elif isinstance(statement, ast.ImportFrom):
            base = statement.module or ""
            if statement.level:
                parts = package.split(".") if package else []
                parts = (
                    parts[: len(parts) - (statement.level - 1)] if statement.level > 1 else parts
                )
                base = ".".join([*parts, *([base] if base else [])])
            for alias in statement.names:
                found[alias.asname or alias.name] = (base, alias.name)
    return found
