"""The import-graph step of the quality model: `import_cycles` and `layer_violations`.

Static, in this process: the source files are parsed with `ast` (as for stubs), never
imported, so no project code runs (`myagent.architecture.graph`). Measured when the
gates ask for it (both are on request); `layer_violations` only with layers (or
independent groups) declared in `[architecture]`. Recorded as the ToolRun "imports".
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from myagent.architecture.cycles import find_cycles
from myagent.architecture.graph import RUNTIME, build_graph
from myagent.architecture.layers import check_layers, violation_count
from myagent.protocol import ToolRun, ToolStatus
from myagent.quality.layout import ProjectLayout

IMPORTS = "imports"
IMPORT_GATES = ("import_cycles", "layer_violations")


def measure_imports(
    layout: ProjectLayout, layers: Sequence[str] = (), independent: Sequence[Sequence[str]] = ()
) -> tuple[dict[str, float], ToolRun]:
    """The import metrics of the layout's source, and how the step ran."""
    started = time.monotonic()
    graph = build_graph(layout.root, layout.source_dirs, layout.import_roots, layout.test_dirs)
    cycles = find_cycles(graph.adjacency(RUNTIME))
    metrics = {"import_cycles": float(len(cycles))}
    pairs = len({(e.importer, e.imported) for e in graph.edges})
    detail = f"{len(graph.modules)} modules, {pairs} import edges, {len(cycles)} cycles"
    if layers or independent:
        violations = violation_count(check_layers(graph, layers, independent))
        metrics["layer_violations"] = float(violations)
        detail += f", {violations} layer violations"
    if cycles:
        detail += f" (e.g. {cycles[0].describe()})"
    if graph.unparsed:
        detail += f"; {len(graph.unparsed)} file(s) not parsed"
    duration = round(time.monotonic() - started, 3)
    return metrics, ToolRun(tool=IMPORTS, status=ToolStatus.OK, duration_s=duration, detail=detail)
