"""Layers: declared in `myagent.toml`, checked against the import graph, or inferred.

`[architecture] layers` lists module names from the highest layer to the lowest
(`["myagent.cli", "myagent.director", "myagent.agents", "myagent.quality"]`). A module
belongs to the layer naming it or a package above it. A higher layer may import a
lower one, never the reverse. One entry may name several siblings, as in
import-linter: `"a | b"` form one layer and are independent (neither imports the
other); `"a : b"` form one layer and may import each other.
`independent` lists more groups of modules that must not import each other.

What counts: imports that run, at import time or inside a function (both are real
dependencies); imports under `if TYPE_CHECKING:` are for the type checker only and
never violate a layer. `layer_violations` is the number of (importer, imported)
module pairs that break a rule.

Without declared layers, `infer_layers` proposes some from the graph: the packages
one level below the project's top package (or the top-level modules), each placed
one layer above the highest layer it imports. They are shown in the design review
for the user to confirm (and copy into `myagent.toml`), never enforced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from myagent.architecture.cycles import components
from myagent.architecture.graph import DEPENDS, ImportGraph

RuleKind = Literal["layer", "independent"]


@dataclass(frozen=True)
class LayerViolation:
    importer: str
    imported: str
    line: int
    rule: RuleKind
    detail: str  # "myagent.quality (layer 4) imports myagent.director (layer 2)"


@dataclass(frozen=True)
class InferredLayers:
    levels: tuple[tuple[str, ...], ...]  # highest layer first
    tangled: tuple[tuple[str, ...], ...]  # packages that import each other

    def entry(self, level: tuple[str, ...]) -> str:
        """One level as a layer entry: independent siblings, unless some are tangled."""
        tangled = any(set(group) <= set(level) for group in self.tangled)
        return (" : " if tangled else " | ").join(level)

    def as_toml(self) -> str:
        entries = ", ".join(f'"{self.entry(level)}"' for level in self.levels)
        return f"layers = [{entries}]"


def parse_layers(layers: Sequence[str]) -> list[tuple[str, ...]]:
    """Each layer entry as its member names ("a | b" -> ("a", "b"))."""
    return [
        tuple(p.strip() for p in entry.replace(":", "|").split("|") if p.strip())
        for entry in layers
    ]


def _independent(entry: str) -> bool:
    return ":" not in entry


def _member(module: str, names: Sequence[str]) -> str | None:
    """The longest of `names` that is `module` or a package above it."""
    found = [n for n in names if module == n or module.startswith(n + ".")]
    return max(found, key=len, default=None)


def _position(module: str, layers: list[tuple[str, ...]]) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    for index, members in enumerate(layers):
        member = _member(module, members)
        if member is not None and (best is None or len(member) > len(best[1])):
            best = (index, member)
    return best


def check_layers(
    graph: ImportGraph, layers: Sequence[str], independent: Sequence[Sequence[str]] = ()
) -> list[LayerViolation]:
    """Every import that breaks a declared layer or independence rule, one per line."""
    parsed = parse_layers(layers)
    siblings_free = [_independent(entry) for entry in layers]
    found: list[LayerViolation] = []
    for edge in graph.edges:
        if edge.kind not in DEPENDS or edge.importer == edge.imported:
            continue
        a, b = _position(edge.importer, parsed), _position(edge.imported, parsed)
        if (
            a is not None
            and b is not None
            and a[1] != b[1]
            and (a[0] > b[0] or (a[0] == b[0] and siblings_free[a[0]]))
        ):
            detail = (
                f"{a[1]} (layer {a[0] + 1}) imports {b[1]} (layer {b[0] + 1})"
                if a[0] > b[0]
                else f"{a[1]} imports {b[1]}, independent in layer {a[0] + 1}"
            )
            found.append(LayerViolation(edge.importer, edge.imported, edge.line, "layer", detail))
            continue
        for group in independent:
            x, y = _member(edge.importer, group), _member(edge.imported, group)
            if x is not None and y is not None and x != y:
                detail = f"{x} imports {y}, declared independent"
                found.append(
                    LayerViolation(edge.importer, edge.imported, edge.line, "independent", detail)
                )
                break
    return found


def violation_count(violations: Sequence[LayerViolation]) -> int:
    """The `layer_violations` metric: distinct (importer, imported) pairs."""
    return len({(v.importer, v.imported) for v in violations})


def _container(module: str, depth: int) -> str:
    return ".".join(module.split(".")[:depth])


def infer_layers(graph: ImportGraph) -> InferredLayers:
    """Layers read from the graph (see the module docstring)."""
    names = sorted(graph.modules)
    tops = {n.split(".")[0] for n in names}
    depth = 2 if len(tops) == 1 and any("." in n for n in names) else 1
    containers = sorted({_container(n, depth) for n in names if n.count(".") >= depth - 1})
    deps: dict[str, set[str]] = {c: set() for c in containers}
    for edge in graph.edges:
        a, b = _container(edge.importer, depth), _container(edge.imported, depth)
        if edge.kind in DEPENDS and a != b and a in deps and b in deps:
            deps[a].add(b)
    groups = components(deps)
    group_of = {member: i for i, group in enumerate(groups) for member in group}
    level: dict[int, int] = {}
    for i, group in enumerate(groups):  # Tarjan yields every component after its imports
        below = {group_of[d] for m in group for d in deps[m]} - {i}
        level[i] = 1 + max((level[j] for j in below), default=-1)
    height = max(level.values(), default=-1)
    levels = tuple(
        tuple(sorted(m for i, g in enumerate(groups) if level[i] == h for m in g))
        for h in range(height, -1, -1)
    )
    tangled = tuple(tuple(g) for g in groups if len(g) > 1)
    return InferredLayers(levels=levels, tangled=tangled)
