"""MyAgent's own loop on a subject: `myagent run --llm none` and what its ledger says.

The run is the test-generation benchmark's (`myagent_arm.run_myagent`: the real CLI in
its own process group, MYAGENT_* variables left out, killed at its minutes plus a
grace); the project's myagent.toml (`arch_subjects.config_toml`) makes the Architect's
`split_god_modules` the only task. Without a model the Architect has only its codemod
(`split-module:<module>`); what it could not propose it notes in the ledger.

Read back from the run's ledger (`project.ledger.actions(run_id)`): every candidate
proposed (action "propose": `details["strategy"]`, the files, the ratchet's verdict and
reason, the metrics before and after), the Architect's notes, the baseline measurement.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from myagent_arm import MyAgentRun, run_myagent

from myagent.architecture.findings import Findings, analyze, thresholds_for
from myagent.architecture.graph import build_graph
from myagent.config import load_settings
from myagent.project import open_ledger
from myagent.protocol import QualityReport
from myagent.quality.layout import detect_layout
from myagent.quality.monitor import QualityMonitor
from myagent.quality.pytest_events import FAILING
from myagent.sandbox.factory import make_runner
from myagent.storage.records import ActionRecord

REPORT = "myagent-report.json"  # where run_myagent has `myagent run` write its JSON report
ARCHITECT = "architect"


@dataclass(frozen=True)
class Proposal:
    """One candidate the Architect proposed, and the ratchet's verdict."""

    iteration: int
    strategy: str  # "split-module:click.core"
    accepted: bool | None  # None: not validated (out of time)
    reason: str
    summary: str
    files: tuple[str, ...]
    tests_before: tuple[int, int]  # (collected, failing) in the measurement it was judged on
    tests_after: tuple[int, int]
    god_before: float | None  # the god_modules metric
    god_after: float | None


@dataclass(frozen=True)
class DirectorResult:
    run: MyAgentRun
    run_id: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    baseline_tests: tuple[int, int]  # (collected, failing), the run's baseline measurement
    proposals: tuple[Proposal, ...]
    notes: tuple[str, ...]  # the Architect's
    unaddressed: tuple[str, ...] = ()


def _tests(metrics: Mapping[str, float]) -> tuple[int, int]:
    return int(metrics.get("tests_total", 0)), int(metrics.get("tests_failed", 0))


def proposals_of(actions: Sequence[ActionRecord]) -> list[Proposal]:
    """The Architect's "propose" actions of a run, in order."""
    return [
        Proposal(
            iteration=a.iteration,
            strategy=str(a.details.get("strategy", "")),
            accepted=a.accepted,
            reason=a.reason,
            summary=str(a.details.get("summary", "")),
            files=tuple(str(f) for f in a.details.get("files", [])),
            tests_before=_tests(a.metrics_before),
            tests_after=_tests(a.metrics_after),
            god_before=a.metrics_before.get("god_modules"),
            god_after=a.metrics_after.get("god_modules"),
        )
        for a in actions
        if a.action == "propose" and a.agent == ARCHITECT
    ]


def architect_notes(actions: Sequence[ActionRecord]) -> list[str]:
    """The Architect's notes ("no codemod for ...", "did not work: ..."), in order; its
    design review's path left out."""
    notes: list[str] = []
    for a in actions:
        found = a.details.get("notes", []) if a.agent == ARCHITECT else []
        notes += [str(n) for n in found if "design review" not in str(n)]
    return notes


def baseline_tests(actions: Sequence[ActionRecord]) -> tuple[int, int]:
    """(collected, failing) in the run's first measurement."""
    first = next((a for a in actions if a.action == "measure"), None)
    return _tests(first.metrics_after) if first is not None else (0, 0)


def read_findings(tree: Path) -> Findings:
    """The Architect's findings on `tree` (its own myagent.toml), as it reads them."""
    settings = load_settings(tree, environ={})
    layout = detect_layout(tree, settings.project)
    graph = build_graph(layout.root, layout.source_dirs, layout.import_roots, layout.test_dirs)
    return analyze(graph, thresholds=thresholds_for(settings.architecture))


def sandbox_baseline(tree: Path, cache: Path) -> QualityReport:
    """MyAgent's measurement of `tree` with its own myagent.toml, as the Director's
    baseline is measured (the tests under coverage in the sandbox, the static tools, the
    import graph); `cache`: mypy's."""
    settings = load_settings(tree, environ={})
    monitor = QualityMonitor(
        make_runner(settings.sandbox), settings.project, settings.gates,
        cache_dir=cache, architecture=settings.architecture,
    )  # fmt: skip
    return monitor.measure(tree)


def failing_tests(report: QualityReport) -> list[str]:
    """The node ids of the tests that failed, errored or timed out in `report`."""
    return sorted(t.nodeid for t in report.tests if t.status in FAILING)


def load_average() -> tuple[float, float, float]:
    """`os.getloadavg()`, to 2 places."""
    one, five, fifteen = os.getloadavg()
    return round(one, 2), round(five, 2), round(fifteen, 2)


def run_director(project: Path, minutes: float, cap_grace_s: float, work: Path) -> DirectorResult:
    """`myagent run --llm none` on `project`, read back (see the module docstring)."""
    work.mkdir(parents=True, exist_ok=True)
    load_before = load_average()
    run = run_myagent(project, minutes, cap_grace_s, work)
    load_after = load_average()
    report: dict[str, Any] = {}
    if (work / REPORT).exists():
        report = json.loads((work / REPORT).read_text(encoding="utf-8"))
    run_id = str(report.get("run_id", ""))
    actions: list[ActionRecord] = []
    if run_id:
        actions = open_ledger(project, load_settings(project, environ={})).actions(run_id)
    return DirectorResult(
        run=run,
        run_id=run_id,
        load_before=load_before,
        load_after=load_after,
        baseline_tests=baseline_tests(actions),
        proposals=tuple(proposals_of(actions)),
        notes=tuple(architect_notes(actions)),
        unaddressed=tuple(str(u) for u in report.get("unaddressed", [])),
    )
