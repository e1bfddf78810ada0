"""What the Architect finds in an import graph: cycles, layer violations, god modules,
highly coupled modules and complexity hot spots.

Thresholds (`Thresholds`, defaults below) are deliberately plain:

- a **god module** has at least `god_lines` lines, `god_definitions` functions,
  methods and classes, and is both imported by (`god_fan_in`) and imports
  (`god_fan_out`) many project modules: big, busy and in the middle of everything;
- **high fan-in** / **high fan-out**: imported by / importing at least `fan_in` /
  `fan_out` project modules (imports that run, at import time or in a function);
- a **complexity hot spot**: a function whose cyclomatic complexity (radon, from the
  quality report) is at least `hot_complexity` (radon ranks 11 and up C to F).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from myagent.architecture.cycles import Cycle, find_cycles
from myagent.architecture.graph import DEPENDS, RUNTIME, ImportGraph
from myagent.architecture.layers import (
    InferredLayers,
    LayerViolation,
    check_layers,
    infer_layers,
    violation_count,
)
from myagent.config import ArchitectureConfig


@dataclass(frozen=True)
class Thresholds:
    god_lines: int = 500
    god_definitions: int = 30
    god_fan_in: int = 5
    god_fan_out: int = 8
    fan_in: int = 15
    fan_out: int = 12
    hot_complexity: int = 11  # radon's rank C and worse
    shown: int = 10  # entries listed per kind in the review


def thresholds_for(arch: ArchitectureConfig) -> Thresholds:
    """The thresholds with the god-module limits of `[architecture]`."""
    return Thresholds(
        god_lines=arch.god_lines,
        god_definitions=arch.god_definitions,
        god_fan_in=arch.god_fan_in,
        god_fan_out=arch.god_fan_out,
    )


@dataclass(frozen=True)
class Coupling:
    module: str
    fan_in: int
    fan_out: int
    lines: int
    definitions: int


@dataclass(frozen=True)
class HotSpot:
    function: str  # "path:qualname"
    complexity: int


@dataclass(frozen=True)
class Findings:
    graph: ImportGraph
    cycles: list[Cycle]  # at import time: the `import_cycles` metric
    latent_cycles: list[Cycle]  # only through function or TYPE_CHECKING imports
    layers: tuple[str, ...]  # declared, highest first (empty: none declared)
    violations: list[LayerViolation]
    inferred: InferredLayers | None  # when no layers are declared
    god_modules: list[Coupling]
    high_fan_in: list[Coupling]
    high_fan_out: list[Coupling]
    hot_spots: list[HotSpot]
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def violation_count(self) -> int:
        return violation_count(self.violations)

    def edge_count(self) -> int:
        return len({(e.importer, e.imported) for e in self.graph.edges})


def coupling(graph: ImportGraph) -> list[Coupling]:
    """Fan-in and fan-out of every module (imports that run), by module name."""
    out = graph.adjacency(DEPENDS)
    into: dict[str, set[str]] = {name: set() for name in graph.modules}
    for source, targets in out.items():
        for target in targets:
            into[target].add(source)
    return [
        Coupling(name, len(into[name]), len(out[name]), info.lines, info.definitions)
        for name, info in sorted(graph.modules.items())
    ]


def is_god(m: Coupling, t: Thresholds) -> bool:
    return (
        m.lines >= t.god_lines
        and m.definitions >= t.god_definitions
        and m.fan_in >= t.god_fan_in
        and m.fan_out >= t.god_fan_out
    )


def hot_spots(complexity: Mapping[str, int], threshold: int) -> list[HotSpot]:
    spots = [HotSpot(f, c) for f, c in complexity.items() if c >= threshold]
    return sorted(spots, key=lambda s: (-s.complexity, s.function))


def analyze(
    graph: ImportGraph,
    complexity: Mapping[str, int] | None = None,
    layers: Sequence[str] = (),
    independent: Sequence[Sequence[str]] = (),
    thresholds: Thresholds | None = None,
) -> Findings:
    """Everything the design review reports on `graph` (see the module docstring)."""
    t = thresholds or Thresholds()
    cycles = find_cycles(graph.adjacency(RUNTIME))
    runtime_sets = {c.modules for c in cycles}
    every_kind = graph.adjacency(frozenset({"module", "function", "type_checking"}))
    latent = [c for c in find_cycles(every_kind) if c.modules not in runtime_sets]
    modules = coupling(graph)
    god = [m for m in modules if is_god(m, t)]
    violations = check_layers(graph, layers, independent) if layers or independent else []
    return Findings(
        graph=graph,
        cycles=cycles,
        latent_cycles=latent,
        layers=tuple(layers),
        violations=violations,
        inferred=None if layers else infer_layers(graph),
        god_modules=god,
        high_fan_in=sorted(
            (m for m in modules if m.fan_in >= t.fan_in), key=lambda m: (-m.fan_in, m.module)
        ),
        high_fan_out=sorted(
            (m for m in modules if m.fan_out >= t.fan_out), key=lambda m: (-m.fan_out, m.module)
        ),
        hot_spots=hot_spots(complexity or {}, t.hot_complexity),
        thresholds=t,
    )
