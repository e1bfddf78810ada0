"""Gate definitions: which metric, which direction, what default target.

A gate listed in `myagent.toml` is enforced; one not listed is measured but not
enforced. `direction="min"` means the value must be at least the target,
`"max"` at most the target.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from myagent.protocol import GateResult

Direction = Literal["min", "max"]


@dataclass(frozen=True)
class GateSpec:
    name: str
    direction: Direction
    default_target: float
    description: str


GATES: dict[str, GateSpec] = {
    g.name: g
    for g in (
        GateSpec(
            "tests_pass_rate", "min", 1.0, "share of collected tests that pass (0 with no tests)"
        ),
        GateSpec("coverage_line", "min", 0.8, "line coverage of the source dirs"),
        GateSpec("coverage_branch", "min", 0.7, "branch coverage of the source dirs"),
        GateSpec("lint_errors", "max", 0, "ruff findings"),
        GateSpec("format_issues", "max", 0, "files ruff format would change"),
        GateSpec("type_errors", "max", 0, "mypy errors"),
        GateSpec("security_high", "max", 0, "bandit findings of high severity"),
        GateSpec("max_complexity", "max", 15, "highest cyclomatic complexity of a function"),
        GateSpec(
            "stubs",
            "max",
            0,
            "functions left unimplemented (NotImplementedError, ... or pass bodies)",
        ),
        GateSpec(
            "requirements_open",
            "max",
            0,
            "requirements of requirements.md (and --goal) not ticked as done",
        ),
        GateSpec("mutation_score", "min", 0.6, "share of mutants the tests kill (sampled)"),
        GateSpec(
            "import_cycles", "max", 0, "groups of modules that import each other at import time"
        ),
        GateSpec(
            "layer_violations",
            "max",
            0,
            "imports against the [architecture] layers of myagent.toml",
        ),
        GateSpec(
            "a11y_violations",
            "max",
            0,
            "accessibility findings in HTML, templates and JSX (static checks and axe-core)",
        ),
        GateSpec(
            "god_modules",
            "max",
            0,
            "modules big, busy and in the middle of everything ([architecture] god_* limits)",
        ),
        GateSpec("max_fan_out", "max", 12, "most project modules a single module imports"),
    )
}

# `requirements_open` is added to a run's gates when there is something open
# (`config.with_requirements_gate`), so `myagent init` does not write it.
# Gates measured only when `[gates]` lists them: `mutation_score` is expensive (the
# covering tests run once per sampled mutant). `import_cycles` and `layer_violations`
# (the Architect's, `myagent.architecture`) are cheap, but new: a project opts in, and
# `layer_violations` needs `[architecture] layers` to measure against; `god_modules` and
# `max_fan_out` (the design review's god modules and coupling) are judgements of taste a
# project opts into.
# `a11y_violations` (the UI Refiner's, `myagent.quality.a11y`) concerns projects with a
# web UI only, and may start Chromium.
ON_REQUEST = frozenset(
    {
        "mutation_score",
        "import_cycles",
        "layer_violations",
        "a11y_violations",
        "god_modules",
        "max_fan_out",
    }
)
DEFAULT_GATES: dict[str, float] = {
    name: spec.default_target
    for name, spec in GATES.items()
    if name not in ("format_issues", "requirements_open", *ON_REQUEST)
}


def is_met(name: str, target: float, value: float | None) -> bool:
    if value is None:
        return False
    if GATES[name].direction == "min":
        return value >= target - 1e-9
    return value <= target + 1e-9


def evaluate(gates: dict[str, float], metrics: dict[str, float]) -> list[GateResult]:
    """Evaluate every configured gate against measured metrics."""
    results = []
    for name, target in gates.items():
        value = metrics.get(name)
        results.append(
            GateResult(
                name=name,
                target=target,
                value=value,
                met=is_met(name, target, value),
                direction=GATES[name].direction,
            )
        )
    return results


def better(name: str, before: float | None, after: float | None) -> bool:
    """True when `after` is strictly better than `before` for this metric."""
    if after is None:
        return False
    if before is None:
        return True
    if GATES[name].direction == "min":
        return after > before + 1e-9
    return after < before - 1e-9


def worse(name: str, before: float | None, after: float | None) -> bool:
    """True when `after` is strictly worse than `before` (a missing value is worse)."""
    if before is None:
        return False
    if after is None:
        return True
    if GATES[name].direction == "min":
        return after < before - 1e-9
    return after > before + 1e-9
