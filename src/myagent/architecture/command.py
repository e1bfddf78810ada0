"""`myagent architecture PATH`: read the import graph, write and summarise the design review.

The import graph is read statically (no project code runs); the complexity hot spots
come from radon, run in the sandbox as the quality model runs it. Without a sandbox
(bubblewrap missing) the review is written without hot spots and says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from myagent.architecture.findings import Findings, analyze
from myagent.architecture.graph import build_graph
from myagent.architecture.review import plan_items, write_review
from myagent.config import load_settings
from myagent.errors import SandboxError
from myagent.memory import git
from myagent.quality.execution import ToolContext
from myagent.quality.layout import ProjectLayout, detect_layout
from myagent.quality.radon_runner import radon_command, run_radon
from myagent.sandbox.factory import make_runner

RADON_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class ReviewResult:
    path: Path
    findings: Findings
    duration_s: float
    note: str  # why something is missing ("" when nothing is)


def _complexity(layout: ProjectLayout, root: Path) -> tuple[dict[str, int], str]:
    settings = load_settings(root)
    try:
        runner = make_runner(settings.sandbox)
    except SandboxError as exc:
        return {}, f"no complexity hot spots: {exc}"
    ctx = ToolContext(runner, layout.root, readable=layout.tools.readable)
    found, run = run_radon(
        ctx, radon_command(layout.tool_python), list(layout.source_dirs), RADON_TIMEOUT_S
    )
    return found, "" if run.status == "ok" else f"no complexity hot spots: radon {run.status}"


def review_project(path: Path, with_complexity: bool = True) -> ReviewResult:
    """Analyse the project at `path` and write its design review."""
    started = time.monotonic()
    root = git.repo_root(path.resolve())
    settings = load_settings(root)
    layout = detect_layout(root, settings.project)
    graph = build_graph(root, layout.source_dirs, layout.import_roots, layout.test_dirs)
    complexity, note = _complexity(layout, root) if with_complexity else ({}, "")
    arch = settings.architecture
    findings = analyze(graph, complexity, arch.layers, arch.independent)
    written = write_review(findings, settings.state_dir(root), root.name)
    return ReviewResult(written, findings, round(time.monotonic() - started, 2), note)


def show_review(path: Path, console: Console) -> None:
    """Write the review and print its summary."""
    result = review_project(path)
    f = result.findings
    layers = str(f.violation_count) if f.layers else "no layers declared"
    lines = [
        f"modules: {len(f.graph.modules)}, import edges: {f.edge_count()}",
        f"import cycles: {len(f.cycles)}"
        + (f" (e.g. {f.cycles[0].describe()})" if f.cycles else ""),
        f"layer violations: {layers}",
        f"god modules: {len(f.god_modules)}, complexity hot spots: {len(f.hot_spots)}",
        f"plan: {len(plan_items(f))} item(s)",
    ]
    if result.note:
        lines.append(f"note: {result.note}")
    lines.append(f"review: {result.path} ({result.duration_s:g}s)")
    for line in lines:
        console.print(line, highlight=False, markup=False, soft_wrap=True)
