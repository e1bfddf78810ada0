"""Turn gate gaps into prioritised tasks.

Each unmet gate maps to one kind of task and the agent that does it. A gate no
registered agent can work on is reported as unaddressed, so the user sees why the run
stops short. Some tasks name what to work on in `targets` (`TARGETS`): the stubs
task lists each unfinished function as "path:line:qualname".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from myagent.protocol import GateResult, QualityReport, Task


@dataclass(frozen=True)
class TaskKind:
    kind: str
    agent: str
    priority: int
    description: str
    needs_model: bool = False  # only an LLM strategy exists for it


# gate -> what to do about it. Priority 10 is most urgent.
GATE_TASKS: dict[str, TaskKind] = {
    "tests_pass_rate": TaskKind("fix_failing_test", "debugger", 9, "make the failing tests pass"),
    "security_high": TaskKind(
        "fix_security", "coder", 8, "remove high-severity findings", needs_model=True
    ),
    "lint_errors": TaskKind("lint_fix", "coder", 7, "fix lint findings"),
    "type_errors": TaskKind("fix_types", "coder", 6, "fix type errors", needs_model=True),
    "coverage_line": TaskKind("raise_coverage", "tester", 5, "cover untested lines"),
    "coverage_branch": TaskKind("raise_coverage", "tester", 5, "cover untested branches"),
    "mutation_score": TaskKind(
        "raise_mutation_score", "tester", 5, "check the behaviours mutants showed unchecked"
    ),
    "max_complexity": TaskKind(
        "refactor", "coder", 4, "split over-complex functions", needs_model=True
    ),
    # before the Debugger: a test failing in a missing function needs the function
    "stubs": TaskKind(
        "implement_stub", "coder", 10, "implement unfinished functions", needs_model=True
    ),
    "requirements_open": TaskKind(
        "implement_requirement", "coder", 4, "implement the open requirements", needs_model=True
    ),
    "format_issues": TaskKind("format", "coder", 3, "format the code"),
    # codemods first (moved imports), a model for the rest
    "import_cycles": TaskKind("break_import_cycles", "architect", 6, "break the import cycles"),
    "layer_violations": TaskKind(
        "fix_layer_violations", "architect", 5, "make the imports respect the layers"
    ),
    # the design review's god modules (a codemod splits them, else a model) and coupling
    "god_modules": TaskKind("split_god_modules", "architect", 3, "split the god modules"),
    "max_fan_out": TaskKind(
        "reduce_fan_out",
        "architect",
        3,
        "make the most coupled module import fewer project modules",
        needs_model=True,
    ),
    "a11y_violations": TaskKind(
        "fix_accessibility", "ui_refiner", 4, "fix accessibility findings in the UI"
    ),
}


def _stub_targets(report: QualityReport) -> list[str]:
    return [f"{s.path}:{s.line}:{s.message}" for s in report.stubs]


# gate -> the task's targets, read from the report (gates not listed: no targets)
TARGETS: dict[str, Callable[[QualityReport], list[str]]] = {
    "stubs": _stub_targets,
}


def targets_for(gate: str, report: QualityReport) -> list[str]:
    """What a task for `gate` should work on, from `report` (empty when not named)."""
    targets = TARGETS.get(gate)
    return targets(report) if targets is not None else []


@dataclass(frozen=True)
class Plan:
    tasks: list[Task]
    unaddressed: list[str]  # "gate: why" for gaps no agent can work on


def plan(
    gates: list[GateResult], report: QualityReport, can_handle: Callable[[Task], bool]
) -> Plan:
    """Tasks for every unmet gate an agent can handle, most urgent first."""
    tasks: list[Task] = []
    unaddressed: list[str] = []
    seen_kinds: set[str] = set()
    for gate in gates:
        if gate.met:
            continue
        if gate.value is None:
            tool = ", ".join(f"{t.tool} {t.status}" for t in report.tools if t.status != "ok")
            unaddressed.append(f"{gate.name}: not measured ({tool or 'no tool result'})")
            continue
        if gate.name == "tests_pass_rate" and not report.tests:
            unaddressed.append("tests_pass_rate: the project has no tests (pytest collected none)")
            continue
        kind = GATE_TASKS.get(gate.name)
        if kind is None:
            unaddressed.append(f"{gate.name}: no agent works on this gate yet")
            continue
        if kind.kind in seen_kinds:
            continue
        task = Task(
            kind=kind.kind,
            agent=kind.agent,
            gate=gate.name,
            priority=kind.priority,
            description=f"{kind.description} ({gate.name} {gate.value:g}, target {gate.target:g})",
            targets=targets_for(gate.name, report),
        )
        if can_handle(task):
            tasks.append(task)
            seen_kinds.add(kind.kind)
        elif kind.needs_model:
            unaddressed.append(
                f"{gate.name}: '{kind.kind}' needs a model (run with --llm local or a "
                "LiteLLM model string)"
            )
        else:
            unaddressed.append(f"{gate.name}: no {kind.agent} strategy for '{kind.kind}' yet")
    tasks.sort(key=lambda t: -t.priority)
    return Plan(tasks=tasks, unaddressed=unaddressed)
