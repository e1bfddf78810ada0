from myagent.agents.analyzer import Analyzer


def test_trends_follow_the_direction_of_each_gate():
    history = [
        {"lint_errors": 10, "coverage_line": 0.6, "type_errors": 1},
        {"lint_errors": 3, "coverage_line": 0.5, "type_errors": 1},
    ]
    trends = {
        t.gate: t
        for t in Analyzer().trends(
            {"lint_errors": 0, "coverage_line": 0.8, "type_errors": 0}, history
        )
    }
    assert trends["lint_errors"].trend == "improving"
    assert trends["coverage_line"].trend == "worsening"
    assert trends["type_errors"].trend == "flat"
    assert trends["lint_errors"].values == (10, 3)
    assert not trends["lint_errors"].met


def test_single_measurement_is_new_and_met_is_evaluated():
    (trend,) = Analyzer().trends({"lint_errors": 0}, [{"lint_errors": 0}])
    assert trend.trend == "new"
    assert trend.met
    assert trend.current == 0
