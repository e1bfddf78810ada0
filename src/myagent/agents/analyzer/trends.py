"""Per-gate trends over the iterations of a run.

From the score history (one metrics dict per measured state, oldest first): for every
configured gate, where it stands and where it is heading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from myagent.quality.gates import GATES, better, is_met, worse

Trend = Literal["improving", "worsening", "flat", "new"]


@dataclass(frozen=True)
class GateTrend:
    gate: str
    target: float
    values: tuple[float | None, ...]  # one per measured state, oldest first
    trend: Trend
    met: bool

    @property
    def current(self) -> float | None:
        return self.values[-1] if self.values else None

    @property
    def first(self) -> float | None:
        return self.values[0] if self.values else None


def gate_trends(gates: dict[str, float], history: Sequence[dict[str, float]]) -> list[GateTrend]:
    """Every gate's values over `history` and their direction."""
    result = []
    for gate, target in gates.items():
        values = tuple(metrics.get(gate) for metrics in history)
        result.append(
            GateTrend(
                gate=gate,
                target=target,
                values=values,
                trend=_trend(gate, values),
                met=is_met(gate, target, values[-1] if values else None),
            )
        )
    return result


def _trend(gate: str, values: tuple[float | None, ...]) -> Trend:
    if len(values) < 2:
        return "new"
    first, last = values[0], values[-1]
    if gate in GATES and better(gate, first, last):
        return "improving"
    if gate in GATES and worse(gate, first, last):
        return "worsening"
    return "flat"
