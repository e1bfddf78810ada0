"""The documented 0-100 quality score."""

from __future__ import annotations

import pytest

from myagent.quality.gates import DEFAULT_GATES, GATES, ON_REQUEST
from myagent.quality.score import WEIGHTS, quality_score, score_parts, share

PERFECT = {
    "tests_pass_rate": 1.0,
    "coverage_line": 0.9,
    "coverage_branch": 0.8,
    "lint_errors": 0,
    "format_issues": 0,
    "type_errors": 0,
    "security_high": 0,
    "max_complexity": 5,
    "stubs": 0,
}


def test_weights_cover_every_gate_and_the_default_gates_weigh_100():
    assert set(WEIGHTS) == set(GATES)
    assert sum(WEIGHTS[g] for g in DEFAULT_GATES) == 100
    # with the optional format_issues, requirements_open and mutation_score
    # and the Architect's import_cycles, layer_violations, god_modules, max_fan_out and the
    # UI Refiner's a11y_violations
    assert sum(WEIGHTS.values()) == 150
    assert "mutation_score" not in DEFAULT_GATES
    assert "import_cycles" not in DEFAULT_GATES and "layer_violations" not in DEFAULT_GATES
    assert "god_modules" not in DEFAULT_GATES and "max_fan_out" not in DEFAULT_GATES


def test_meeting_every_gate_scores_100():
    assert quality_score(PERFECT, DEFAULT_GATES) == 100.0


def test_nothing_measured_scores_0():
    assert quality_score({}, DEFAULT_GATES) == 0.0


def test_a_missing_tool_loses_its_gates_share_and_shows_as_unmeasured():
    metrics = {k: v for k, v in PERFECT.items() if k != "type_errors"}
    gates = dict(DEFAULT_GATES)
    expected = 100 * (sum(WEIGHTS[g] for g in gates) - WEIGHTS["type_errors"])
    assert quality_score(metrics, gates) == pytest.approx(
        expected / sum(WEIGHTS[g] for g in gates), abs=0.05
    )
    part = next(p for p in score_parts(metrics, gates) if p.gate == "type_errors")
    assert part.value is None and part.points == 0


def test_only_enforced_gates_count():
    gates = {"lint_errors": 0.0}
    assert quality_score({"lint_errors": 0, "tests_pass_rate": 0.0}, gates) == 100.0
    assert quality_score({"lint_errors": 10}, gates) == 50.0


def test_no_gates_configured_means_every_gate_at_its_default_but_those_on_request():
    parts = score_parts(PERFECT, {})
    assert [p.gate for p in parts] == [g for g in GATES if g not in ON_REQUEST]
    assert {"mutation_score", "import_cycles", "layer_violations"} <= ON_REQUEST
    assert all(p.target == GATES[p.gate].default_target for p in parts)


def test_the_mutation_score_counts_only_when_listed_and_earns_value_over_target():
    gates = dict(DEFAULT_GATES, mutation_score=0.6)
    assert share("mutation_score", 0.6, 0.3) == 0.5
    assert share("mutation_score", 0.6, 0.9) == 1.0
    assert quality_score(dict(PERFECT, mutation_score=0.9), gates) == 100.0
    # half the mutation share lost: 5 of 110 points
    assert quality_score(dict(PERFECT, mutation_score=0.3), gates) == pytest.approx(
        100 * 105 / 110, abs=0.05
    )
    # not measured (no mutant ran) earns nothing
    assert quality_score(PERFECT, gates) == pytest.approx(100 * 100 / 110, abs=0.05)


def test_shares_follow_the_documented_table():
    assert share("tests_pass_rate", 1.0, 0.5) == 0.5
    assert share("coverage_line", 0.8, 0.4) == 0.5
    assert share("coverage_line", 0.8, 0.95) == 1.0
    assert share("coverage_line", 0.0, 0.0) == 1.0
    assert share("lint_errors", 0, 10) == 0.5
    assert share("format_issues", 0, 5) == 0.5
    assert share("security_high", 0, 1) == 0.5
    assert share("max_complexity", 15, 25) == 0.5
    assert share("max_complexity", 15, 15) == 1.0
    assert share("type_errors", 0, None) == 0.0
    assert share("stubs", 0, 2) == 0.5
    assert share("stubs", 0, 0) == 1.0


def test_an_unfinished_function_costs_a_little_of_the_default_score():
    one_stub = dict(PERFECT, stubs=1)
    assert quality_score(one_stub, DEFAULT_GATES) == pytest.approx(100 - 5 / 3, abs=0.05)
    assert quality_score(one_stub, {k: v for k, v in DEFAULT_GATES.items() if k != "stubs"}) == 100


def test_the_score_rises_when_a_metric_improves():
    worse = dict(PERFECT, tests_pass_rate=0.5, lint_errors=20)
    better = dict(worse, lint_errors=3)
    assert quality_score(worse, DEFAULT_GATES) < quality_score(better, DEFAULT_GATES) < 100
