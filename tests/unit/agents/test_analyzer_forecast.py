"""The Analyzer's forecasts, their error on past runs, and regressions between runs."""

from myagent.agents.analyzer import Analyzer, PastRun
from myagent.agents.analyzer.forecast import forecast, forecast_error

GATES = {"lint_errors": 0.0, "coverage_line": 0.8}


def test_a_gate_improving_steadily_is_forecast_at_its_recent_pace():
    # 12 -> 8 -> 4 lint errors: 4 a step, 4 left
    assert forecast("lint_errors", 0, [12, 8, 4]).iterations_left == 1
    # coverage 50% -> 60%: 10 points a step, 20 points left
    ahead = forecast("coverage_line", 0.8, [0.5, 0.6])
    assert ahead.iterations_left == 2 and ahead.describe() == "~2 more"
    # only the last three states count: an early jump does not make it look fast
    assert forecast("lint_errors", 0, [100, 10, 9, 8]).iterations_left == 8


def test_met_stalled_and_too_early_gates():
    assert forecast("lint_errors", 0, [3, 0]).describe() == "met"
    stalled = forecast("coverage_line", 0.8, [0.5, 0.6, 0.6, 0.6])
    assert stalled.iterations_left is None and stalled.describe() == "no progress"
    worse = forecast("lint_errors", 0, [1, 2])
    assert worse.iterations_left is None
    assert forecast("lint_errors", 0, [5]).describe() == "too early"
    assert forecast("lint_errors", 0, [None, 5]).describe() == "too early"


def test_forecast_error_compares_each_forecast_with_when_the_gate_was_met():
    runs = [
        # lint: 6 -> 4 -> 2 -> 0, met at state 3. At state 1 the forecast is 2 (right),
        # at state 2 it is 1 (right).
        [{"lint_errors": 6}, {"lint_errors": 4}, {"lint_errors": 2}, {"lint_errors": 0}],
        # lint: 9 -> 8 -> 0: at state 1 the forecast is 8, it took 1: off by 7
        [{"lint_errors": 9}, {"lint_errors": 8}, {"lint_errors": 0}],
        # never met: the forecast at state 1 cannot be scored
        [{"lint_errors": 5}, {"lint_errors": 4}],
        # met although no progress was seen at state 1 (5 -> 5), then at once
        [{"lint_errors": 5}, {"lint_errors": 5}, {"lint_errors": 0}],
    ]
    error = forecast_error({"lint_errors": 0}, runs)
    assert error.scored == 3
    assert error.mean_abs == 7 / 3
    assert error.exact == 2
    assert error.unmet == 1
    assert error.missed == 1
    assert error.describe().startswith("off by 2.33 iterations on average over 3 past")
    assert forecast_error({"lint_errors": 0}, []).describe() == (
        "no past forecast could be scored yet"
    )


def test_regressions_compare_with_the_end_of_a_merged_run_else_with_its_start():
    analyzer = Analyzer()
    past = [
        PastRun("r1", [{"lint_errors": 9, "coverage_line": 0.2}], head="h1"),
        PastRun(
            "r2",
            [{"lint_errors": 5, "coverage_line": 0.5}, {"lint_errors": 0, "coverage_line": 0.9}],
            head="h2",
        ),
    ]
    now = {"lint_errors": 2, "coverage_line": 0.9}
    merged = analyzer.regressions(GATES, past, now, merged=lambda commit: commit == "h2")
    assert [r.describe() for r in merged] == ["lint_errors got worse since run r2 ended: 0 -> 2"]
    # r2's branch was not merged: this run starts from the code r2 started from
    assert analyzer.regressions(GATES, past, now) == []
    worse = analyzer.regressions(GATES, past, {"lint_errors": 6, "coverage_line": 0.4})
    assert [r.describe() for r in worse] == [
        "lint_errors got worse since run r2 started: 5 -> 6",
        "coverage_line got worse since run r2 started: 0.5 -> 0.4",
    ]
    assert analyzer.regressions(GATES, [], {"lint_errors": 2}) == []
