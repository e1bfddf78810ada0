"""The `a11y_violations` metric: the static findings and axe's, merged.

A finding axe and the static check both report (same file, line and rule id) counts
once; the static one is kept (it knows whether it can be fixed mechanically). Recorded
as the ToolRun "a11y" (the static check) and "axe" (SKIPPED when Chromium is missing).
"""

from __future__ import annotations

from collections.abc import Sequence

from myagent.protocol import LintIssue, ToolRun
from myagent.quality.a11y.axe import run_axe
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
    runner: SandboxRunner, layout: ProjectLayout, timeout_s: float = AXE_TIMEOUT_S
) -> tuple[list[LintIssue], list[ToolRun]]:
    """Every accessibility finding of the project, and how the checks ran."""
    static, static_run = check_tree(layout.root)
    axe, axe_run = run_axe(runner, layout.root, layout.tools, timeout_s)
    return merge(static, axe), [static_run, axe_run]
