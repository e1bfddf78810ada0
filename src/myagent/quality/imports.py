"""The import-graph step of the quality model: `import_cycles`, `layer_violations`,
`god_modules` and `max_fan_out`.

Static, in this process: the source files are parsed with `ast` (as for stubs), never
imported, so no project code runs (`myagent.architecture.graph`). Measured when the
gates ask for it (all four are on request); `layer_violations` only with layers (or
independent groups) declared in `[architecture]`; god modules by the limits of
`[architecture]` (`architecture.findings.is_god`); fan-out counts the project modules a
module imports where the import runs (at import time or in a function). Recorded as the
ToolRun "imports".
"""

from __future__ import annotations

import time

from myagent.architecture.cycles import find_cycles
from myagent.architecture.findings import coupling, is_god, thresholds_for
from myagent.architecture.graph import RUNTIME, build_graph
from myagent.architecture.layers import check_layers, violation_count
from myagent.config import ArchitectureConfig
from myagent.protocol import ToolRun, ToolStatus
from myagent.quality.layout import ProjectLayout

IMPORTS = "imports"
IMPORT_GATES = ("import_cycles", "layer_violations", "god_modules", "max_fan_out")


def measure_imports(
    layout: ProjectLayout, arch: ArchitectureConfig | None = None
) -> tuple[dict[str, float], ToolRun]:
    """The import metrics of the layout's source, and how the step ran."""
    started = time.monotonic()
    arch = arch or ArchitectureConfig()
    graph = build_graph(layout.root, layout.source_dirs, layout.import_roots, layout.test_dirs)
    cycles = find_cycles(graph.adjacency(RUNTIME))
    modules = coupling(graph)
    limits = thresholds_for(arch)
    god = [m.module for m in modules if is_god(m, limits)]
    fan_out = max((m.fan_out for m in modules), default=0)
    metrics = {
        "import_cycles": float(len(cycles)),
        "god_modules": float(len(god)),
        "max_fan_out": float(fan_out),
    }
    pairs = len({(e.importer, e.imported) for e in graph.edges})
    detail = (
        f"{len(graph.modules)} modules, {pairs} import edges, {len(cycles)} cycles, "
        f"{len(god)} god modules, fan-out up to {fan_out}"
    )
    if arch.layers or arch.independent:
        violations = violation_count(check_layers(graph, arch.layers, arch.independent))
        metrics["layer_violations"] = float(violations)
        detail += f", {violations} layer violations"
    if cycles:
        detail += f" (e.g. {cycles[0].describe()})"
    if graph.unparsed:
        detail += f"; {len(graph.unparsed)} file(s) not parsed"
    duration = round(time.monotonic() - started, 3)
    return metrics, ToolRun(tool=IMPORTS, status=ToolStatus.OK, duration_s=duration, detail=detail)
