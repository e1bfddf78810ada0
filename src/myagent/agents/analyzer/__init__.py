"""The Analyzer: trends, forecasts and regressions of the quality gates.

- trends (`trends.py`): each gate's values over the run's iterations and their
  direction;
- forecasts (`forecast.py`): the iterations each gate still needs at its recent pace,
  with the method's error measured on the project's past runs;
- regressions (`regressions.py`): gates worse at the start of this run than where the
  previous run left them.

The Director calls it after the baseline and after every iteration; the live view
and the HTML report show what it says.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from myagent.agents.analyzer.forecast import Forecast, ForecastError, forecast_error, forecasts
from myagent.agents.analyzer.past_runs import PastRun, past_runs
from myagent.agents.analyzer.regressions import Regression, regressions
from myagent.agents.analyzer.trends import GateTrend, gate_trends

__all__ = [
    "Analyzer",
    "Forecast",
    "ForecastError",
    "GateTrend",
    "PastRun",
    "Regression",
    "past_runs",
]


class Analyzer:
    """Per-gate analysis of the measurements (the Analyzer agent's side of the loop)."""

    name = "analyzer"

    def trends(
        self, gates: dict[str, float], history: Sequence[dict[str, float]]
    ) -> list[GateTrend]:
        return gate_trends(gates, history)

    def forecasts(
        self, gates: dict[str, float], history: Sequence[dict[str, float]]
    ) -> list[Forecast]:
        return forecasts(gates, history)

    def forecast_error(self, gates: dict[str, float], past: Sequence[PastRun]) -> ForecastError:
        return forecast_error(gates, [run.history for run in past])

    def regressions(
        self,
        gates: dict[str, float],
        past: Sequence[PastRun],
        baseline: dict[str, float],
        merged: Callable[[str], bool] = lambda commit: False,
    ) -> list[Regression]:
        """Gates worse in `baseline` than in the last of `past`: than at its end when
        `merged(its head)`, else than at its start (`regressions.py`)."""
        if not past:
            return []
        last = past[-1]
        if last.head and merged(last.head):
            return regressions(gates, last.last, baseline, last.run_id, "ended")
        return regressions(gates, last.first, baseline, last.run_id, "started")
