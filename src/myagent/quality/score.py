"""The quality score: one number from 0 to 100 for a report's metrics.

Each enforced gate (those in `myagent.toml`'s `[gates]`; when none are given, all gates
at their default targets but `mutation_score`, which is measured only when listed) has
a weight and earns a share of it between 0 and 1:

| gate             | weight | share earned                                      |
|------------------|-------:|---------------------------------------------------|
| tests_pass_rate  |     30 | value / target, at most 1                         |
| coverage_line    |     15 | value / target, at most 1                         |
| coverage_branch  |     10 | value / target, at most 1                         |
| lint_errors      |     10 | 1 at or under target, else 1 / (1 + excess / 10)  |
| format_issues    |      5 | 1 at or under target, else 1 / (1 + excess / 5)   |
| type_errors      |     10 | 1 at or under target, else 1 / (1 + excess / 10)  |
| security_high    |     10 | 1 at or under target, else 1 / (1 + excess / 1)   |
| max_complexity   |     10 | 1 at or under target, else 1 / (1 + excess / 10)  |
| stubs            |      5 | 1 at or under target, else 1 / (1 + excess / 2)   |
| requirements_open|     10 | 1 at or under target, else 1 / (1 + excess / 1)   |
| mutation_score   |     10 | value / target, at most 1                         |
| import_cycles    |      5 | 1 at or under target, else 1 / (1 + excess / 1)   |
| layer_violations |      5 | 1 at or under target, else 1 / (1 + excess / 2)   |
| a11y_violations  |      5 | 1 at or under target, else 1 / (1 + excess / 5)   |
| god_modules      |      5 | 1 at or under target, else 1 / (1 + excess / 1)   |
| max_fan_out      |      5 | 1 at or under target, else 1 / (1 + excess / 4)   |

`excess` is how far the value is over its target: 10 lint errors over the target
halve that gate's share, one high-severity security finding halves its share, two
unfinished functions halve the stubs share. A "min" gate with target 0 is always
fully earned once measured.

The weights of the default gates (all but `format_issues`, `requirements_open`,
`mutation_score`, `import_cycles`, `layer_violations`, `a11y_violations`, `god_modules`
and `max_fan_out`) sum to 100, those of every gate to 150. `stubs` and `mutation_score`
came later with weights of their own rather than taking from the others, so the scores
of projects that list their gates without them did not move; only the ratio of weights
matters, as the sums below are over the enforced gates.

    score = 100 * sum(weight * share) / sum(weight)   over the enforced gates

A metric that was not measured (its tool missing, crashed or timed out) earns 0, and
`score_parts` shows it as `value=None`. The score is rounded to one decimal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from myagent.quality.gates import GATES, ON_REQUEST

WEIGHTS: dict[str, float] = {
    "tests_pass_rate": 30,
    "coverage_line": 15,
    "coverage_branch": 10,
    "lint_errors": 10,
    "format_issues": 5,
    "type_errors": 10,
    "security_high": 10,
    "max_complexity": 10,
    "stubs": 5,
    "requirements_open": 10,
    "mutation_score": 10,
    "import_cycles": 5,
    "layer_violations": 5,
    "a11y_violations": 5,
    "god_modules": 5,
    "max_fan_out": 5,
}
# For "max" gates: how far over the target halves the share.
HALF_AT: dict[str, float] = {
    "lint_errors": 10,
    "format_issues": 5,
    "type_errors": 10,
    "security_high": 1,
    "max_complexity": 10,
    "stubs": 2,
    "requirements_open": 1,
    "import_cycles": 1,
    "layer_violations": 2,
    "a11y_violations": 5,
    "god_modules": 1,
    "max_fan_out": 4,
}


@dataclass(frozen=True)
class ScorePart:
    """What one gate contributes to the score."""

    gate: str
    weight: float
    target: float
    value: float | None  # None: not measured, earns nothing
    share: float  # 0..1 of the weight earned

    @property
    def points(self) -> float:
        return self.weight * self.share


def share(gate: str, target: float, value: float | None) -> float:
    """The share (0..1) of a gate's weight that `value` earns against `target`."""
    if value is None:
        return 0.0
    if GATES[gate].direction == "min":
        if target <= 0:
            return 1.0
        return max(0.0, min(1.0, value / target))
    excess = value - target
    if excess <= 1e-9:
        return 1.0
    return 1.0 / (1.0 + excess / HALF_AT[gate])


def score_parts(metrics: Mapping[str, float], gates: Mapping[str, float]) -> list[ScorePart]:
    """Each enforced gate's part of the score (when none are given: all gates but those
    measured only on request, at their default targets)."""
    enforced = dict(gates) or {
        name: spec.default_target for name, spec in GATES.items() if name not in ON_REQUEST
    }
    return [
        ScorePart(
            gate=name,
            weight=WEIGHTS[name],
            target=target,
            value=metrics.get(name),
            share=share(name, target, metrics.get(name)),
        )
        for name, target in enforced.items()
    ]


def quality_score(metrics: Mapping[str, float], gates: Mapping[str, float]) -> float:
    """The 0-100 score of `metrics` against the enforced `gates` (see module docstring)."""
    parts = score_parts(metrics, gates)
    total = sum(p.weight for p in parts)
    if total <= 0:
        return 0.0
    return round(100.0 * sum(p.points for p in parts) / total, 1)
