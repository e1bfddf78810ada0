"""How many more iterations each gate needs, and how good that guess was on past runs.

A gate's forecast comes from its values over the measured states (the baseline, then
one per iteration): the progress per iteration is the average step towards the target
over the last `WINDOW` states, and the iterations left are the distance to the target
divided by that progress, rounded up. A gate already met needs 0; a gate that made no
progress in the window gets no number (`iterations_left is None`): at that pace it is
never met.

`forecast_error` measures the method on past runs: at each state of a past run where a
gate was not yet met, it forecasts from the states so far and compares with the number
of iterations the run really took to meet it. Forecasts for gates the run never met
cannot be scored (the truth is unknown) and are counted apart, as are gates met
although no number was forecast.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import mean

from myagent.quality.gates import GATES, is_met

WINDOW = 3  # states: the baseline and two iterations at most


@dataclass(frozen=True)
class Forecast:
    gate: str
    iterations_left: int | None  # 0: met; None: no progress lately
    progress: float | None  # per iteration, towards the target (None: unknown)

    def describe(self) -> str:
        if self.iterations_left == 0:
            return "met"
        if self.iterations_left is None:
            return "no progress" if self.progress is not None else "too early"
        return f"~{self.iterations_left} more"


def forecast(gate: str, target: float, values: Sequence[float | None]) -> Forecast:
    """The forecast for `gate` from its values, oldest first (see the module docstring)."""
    known = [v for v in values if v is not None]
    if known and is_met(gate, target, known[-1]):
        return Forecast(gate, 0, None)
    window = known[-WINDOW:]
    if len(window) < 2:
        return Forecast(gate, None, None)
    sign = 1.0 if GATES[gate].direction == "min" else -1.0
    progress = sign * (window[-1] - window[0]) / (len(window) - 1)
    if progress <= 1e-12:
        return Forecast(gate, None, progress)
    distance = sign * (target - window[-1])
    return Forecast(gate, max(1, math.ceil(distance / progress - 1e-9)), progress)


def forecasts(gates: Mapping[str, float], history: Sequence[Mapping[str, float]]) -> list[Forecast]:
    """A forecast for every gate of `gates` from the run's `history` (metrics per state)."""
    return [
        forecast(gate, target, [state.get(gate) for state in history])
        for gate, target in gates.items()
    ]


@dataclass(frozen=True)
class ForecastError:
    """How the forecasts made on past runs compared with what happened."""

    scored: int  # forecasts with a number, for gates the run then met
    mean_abs: float | None  # mean |forecast - iterations it took|, None when none scored
    exact: int  # forecasts that were right to the iteration
    unmet: int  # forecasts with a number for gates the run never met (not scored)
    missed: int  # forecasts without a number for gates the run met later

    def describe(self) -> str:
        if self.mean_abs is None:
            return "no past forecast could be scored yet"
        return (
            f"off by {self.mean_abs:.2f} iterations on average over {self.scored} past "
            f"forecasts ({self.exact} exact); not scored: {self.unmet} for gates never "
            f"met, {self.missed} without a number for gates met later"
        )


def forecast_error(
    gates: Mapping[str, float], runs: Sequence[Sequence[Mapping[str, float]]]
) -> ForecastError:
    """Score the forecasts the method would have made on each run of `runs` (each a
    history: metrics per state, oldest first)."""
    errors: list[int] = []
    unmet = missed = 0
    for history in runs:
        for gate, target in gates.items():
            values = [state.get(gate) for state in history]
            met_at = next((i for i, v in enumerate(values) if is_met(gate, target, v)), None)
            for now in range(1, len(values) if met_at is None else met_at):
                guess = forecast(gate, target, values[: now + 1]).iterations_left
                if met_at is None:
                    unmet += guess is not None
                elif guess is None:
                    missed += 1
                else:
                    errors.append(abs(guess - (met_at - now)))
    return ForecastError(
        scored=len(errors),
        mean_abs=mean(errors) if errors else None,
        exact=sum(e == 0 for e in errors),
        unmet=unmet,
        missed=missed,
    )
