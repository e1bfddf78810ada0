"""The design review: `.myagent/reports/architecture.md`, with a numbered refactoring plan.

Plan items come in a fixed order, most structural first: import cycles (each one item,
named by its shortest cycle), layer violations (one item per importing module), god
modules, complexity hot spots, then highly coupled modules. Each kind has a gate
(`PLAN_GATES`); with that gate in `[gates]`, `myagent run` turns the items into tasks:
cycles, layer violations and god modules for the Architect (codemods, else a model),
high fan-out for the Architect with a model, complexity hot spots for the Coder's
`refactor` task. Without the gate an item stays a proposal for the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from myagent.architecture.findings import Findings
from myagent.sandbox.paths import write_text_safely

REVIEW_FILE = "reports/architecture.md"
PlanKind = Literal["cycle", "layer", "god_module", "complexity", "coupling"]
# the gate that makes a plan item a task of `myagent run`
PLAN_GATES: dict[PlanKind, str] = {
    "cycle": "import_cycles",
    "layer": "layer_violations",
    "god_module": "god_modules",
    "complexity": "max_complexity",
    "coupling": "max_fan_out",
}


@dataclass(frozen=True)
class PlanItem:
    kind: PlanKind
    subject: str  # the cycle path, the importing module, the module or function
    action: str  # one sentence


def plan_items(findings: Findings) -> list[PlanItem]:
    """The refactoring plan, in order (see the module docstring)."""
    items = [
        PlanItem(
            "cycle",
            cycle.describe(),
            f"Break the cycle between {', '.join(cycle.modules)}: defer an import into the "
            "functions that use it (under `if TYPE_CHECKING:` when only annotations need "
            "it), or move what both sides share into a module of its own.",
        )
        for cycle in findings.cycles
    ]
    by_importer: dict[str, list[str]] = {}
    for v in findings.violations:
        by_importer.setdefault(v.importer, []).append(f"{v.imported} (line {v.line}: {v.detail})")
    items += [
        PlanItem(
            "layer",
            importer,
            f"Stop {importer} importing {'; '.join(sorted(set(what)))}: pass the dependency "
            "in from above, or move the shared code down a layer.",
        )
        for importer, what in sorted(by_importer.items())
    ]
    items += [
        PlanItem(
            "god_module",
            m.module,
            f"Split {m.module} ({m.lines} lines, {m.definitions} definitions, imported by "
            f"{m.fan_in}, imports {m.fan_out}) along the groups of callers that use it.",
        )
        for m in findings.god_modules
    ]
    items += [
        PlanItem(
            "complexity",
            s.function,
            f"Split {s.function} (cyclomatic complexity {s.complexity}) into smaller functions.",
        )
        for s in findings.hot_spots[: findings.thresholds.shown]
    ]
    items += [
        PlanItem(
            "coupling",
            m.module,
            f"{m.module} imports {m.fan_out} project modules: check whether it does several jobs.",
        )
        for m in findings.high_fan_out[: findings.thresholds.shown]
    ]
    return items


def _section(title: str, lines: list[str], empty: str) -> list[str]:
    return [f"## {title}", "", *(lines or [empty]), ""]


def render_review(findings: Findings, project: str = "") -> str:
    """The review as Markdown."""
    g, t = findings.graph, findings.thresholds
    head = [
        f"# Design review{f': {project}' if project else ''}",
        "",
        f"- modules: {len(g.modules)}; import edges (module pairs): {findings.edge_count()}",
        f"- import cycles (at import time): {len(findings.cycles)}",
        f"- layer violations: {findings.violation_count if findings.layers else 'no layers declared'}",
        f"- god modules: {len(findings.god_modules)}; complexity hot spots "
        f"(>= {t.hot_complexity}): {len(findings.hot_spots)}",
    ]
    if g.unparsed:
        head.append(f"- not parsed, left out: {', '.join(g.unparsed)}")
    out = [*head, ""]
    cycles = [f"- {c.describe()} ({len(c.modules)} modules)" for c in findings.cycles]
    latent = [f"- {c.describe()}" for c in findings.latent_cycles]
    out += _section("Import cycles", cycles, "None at import time.")
    if latent:
        out += _section(
            "Cycles through deferred or TYPE_CHECKING imports (not counted)", latent, ""
        )
    if findings.layers:
        layers = [f"{i + 1}. {name}" for i, name in enumerate(findings.layers)]
        out += _section("Declared layers (highest first)", layers, "")
        shown = [
            f"- {v.importer}:{v.line} -> {v.imported}: {v.detail}" for v in findings.violations
        ]
        out += _section("Layer violations", shown, "None.")
    elif findings.inferred is not None:
        guess = findings.inferred
        inferred = [f"{i + 1}. {guess.entry(level)}" for i, level in enumerate(guess.levels)]
        if inferred:
            inferred += ["", "To enforce them, confirm and add to `myagent.toml`:", "", "```toml",
                         "[architecture]", findings.inferred.as_toml(), "```"]  # fmt: skip
        inferred += [f"- tangled (import each other): {', '.join(t)}" for t in guess.tangled]
        out += _section("Inferred layers (not enforced)", inferred, "No packages to layer.")
    god = [
        f"- {m.module}: {m.lines} lines, {m.definitions} definitions, in {m.fan_in}, out {m.fan_out}"
        for m in findings.god_modules
    ]
    out += _section("God modules", god, "None.")
    fan_in = [f"- {m.module}: imported by {m.fan_in}" for m in findings.high_fan_in[: t.shown]]
    fan_out = [f"- {m.module}: imports {m.fan_out}" for m in findings.high_fan_out[: t.shown]]
    out += _section(f"High fan-in (>= {t.fan_in})", fan_in, "None.")
    out += _section(f"High fan-out (>= {t.fan_out})", fan_out, "None.")
    spots = [f"- {s.function}: {s.complexity}" for s in findings.hot_spots[: t.shown]]
    out += _section("Complexity hot spots", spots, "None (or radon did not run).")
    plan = [
        f"{i}. {item.action} (gate `{PLAN_GATES[item.kind]}`)"
        for i, item in enumerate(plan_items(findings), start=1)
    ]
    if plan:
        plan += ["", "`myagent run` works on an item when its gate is in `[gates]`."]
    out += _section("Refactoring plan", plan, "Nothing to do.")
    return "\n".join(out).rstrip() + "\n"


def write_review(findings: Findings, state_dir: Path, project: str = "") -> Path:
    """Write the review under the project's state folder; returns its path."""
    state_dir.mkdir(parents=True, exist_ok=True)
    return write_text_safely(state_dir, REVIEW_FILE, render_review(findings, project))
