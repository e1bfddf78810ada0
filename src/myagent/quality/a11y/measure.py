"""The `a11y_violations` metric: the static findings and axe's, merged.

A finding axe and the static check both report (same file, line and rule id) counts
once; the static one is kept (it knows whether it can be fixed mechanically). A
finding axe makes on a rendered page (`[ui] pages`) merges the same way when
`source_map` places it at a template's line. Recorded as the ToolRun "a11y" (the
static check) and "axe" (SKIPPED when Chromium is missing; its detail counts the
rendered pages and the renders that failed, which are not findings).
"""

from __future__ import annotations

from collections.abc import Sequence

from myagent.config import UiConfig
from myagent.protocol import LintIssue, ToolRun
from myagent.quality.a11y.axe import find_chromium, run_axe
from myagent.quality.a11y.rendered import Rendering, render_pages
from myagent.quality.a11y.static import check_tree
from myagent.quality.layout import ProjectLayout
from myagent.sandbox.runner import SandboxRunner

A11Y_GATE = "a11y_violations"
AXE_TIMEOUT_S = 180.0


def merge(static: Sequence[LintIssue], axe: Sequence[LintIssue]) -> list[LintIssue]:
    """Both lists, an axe finding left out where the static check has the same one."""
    seen = {(i.path, i.line, i.code) for i in static}
    extra = [i for i in axe if (i.path, i.line, i.code) not in seen]
    return sorted([*static, *extra], key=lambda i: (i.path, i.line, i.code))


def measure_a11y(
    runner: SandboxRunner,
    layout: ProjectLayout,
    ui: UiConfig | None = None,
    timeout_s: float = AXE_TIMEOUT_S,
) -> tuple[list[LintIssue], list[ToolRun]]:
    """Every accessibility finding of the project, and how the checks ran. The pages
    of `ui.pages` are rendered (in the sandbox) only when Chromium can check them."""
    static, static_run = check_tree(layout.root)
    rendering = Rendering()
    if ui is not None and ui.pages and find_chromium() is not None:
        rendering = render_pages(runner, layout, ui.pages)
    axe, axe_run = run_axe(runner, layout.root, layout.tools, timeout_s, rendering)
    return merge(static, axe), [static_run, axe_run]
