from myagent.director.ratchet import judge
from myagent.protocol import (
    MutantOutcome,
    QualityReport,
    Task,
    TestOutcome,
    TestStatus,
    ToolRun,
    ToolStatus,
)

LINT = Task(kind="lint_fix", agent="coder", gate="lint_errors")


def report(metrics: dict[str, float], tests: dict[str, TestStatus] | None = None, tools=None):
    outcomes = [TestOutcome(nodeid=n, status=s) for n, s in (tests or {}).items()]
    return QualityReport(metrics=metrics, tests=outcomes, tools=tools or [])


PASS = TestStatus.PASSED


def test_accepts_when_target_improves_and_nothing_worse():
    before = report({"lint_errors": 5, "coverage_line": 0.5}, {"t::a": PASS})
    after = report({"lint_errors": 2, "coverage_line": 0.5}, {"t::a": PASS})
    verdict = judge(LINT, before, after, [])
    assert verdict.accepted
    assert verdict.reason == "lint_errors improved: 5 -> 2"
    assert verdict.metrics_before["lint_errors"] == 5
    assert verdict.metrics_after["lint_errors"] == 2


def test_rejects_a_test_that_stopped_passing():
    before = report({"lint_errors": 5}, {"t::a": PASS, "t::b": PASS})
    after = report({"lint_errors": 0}, {"t::a": PASS, "t::b": TestStatus.FAILED})
    verdict = judge(LINT, before, after, [])
    assert not verdict.accepted
    assert "t::b" in verdict.reason and "failed" in verdict.reason


def test_rejects_a_skipped_or_timed_out_test():
    for status in (TestStatus.SKIPPED, TestStatus.TIMEOUT):
        before = report({"lint_errors": 5}, {"t::a": PASS})
        after = report({"lint_errors": 0}, {"t::a": status})
        assert not judge(LINT, before, after, []).accepted


def test_rejects_a_deleted_test_even_if_it_was_failing():
    before = report({"lint_errors": 5}, {"t::a": PASS, "t::b": TestStatus.FAILED})
    after = report({"lint_errors": 0}, {"t::a": PASS})
    verdict = judge(LINT, before, after, [])
    assert not verdict.accepted
    assert verdict.reason == "test disappeared: t::b"


def test_rejects_a_weakened_test():
    before = report({"lint_errors": 5}, {"t::a": PASS})
    after = report({"lint_errors": 0}, {"t::a": PASS})
    verdict = judge(LINT, before, after, ["tests/t.py::test_a (2 -> 1 checks)"])
    assert not verdict.accepted
    assert "weakened" in verdict.reason


def test_rejects_any_gate_metric_getting_worse():
    before = report({"lint_errors": 5, "coverage_line": 0.8})
    after = report({"lint_errors": 0, "coverage_line": 0.79})
    verdict = judge(LINT, before, after, [])
    assert not verdict.accepted
    assert verdict.reason.startswith("coverage_line got worse")


def test_rejects_a_metric_that_is_no_longer_measured():
    before = report({"lint_errors": 5, "type_errors": 0})
    after = report({"lint_errors": 0})
    assert not judge(LINT, before, after, []).accepted


def test_rejects_a_tool_that_stopped_running():
    ok = [ToolRun(tool="mypy", status=ToolStatus.OK)]
    crashed = [ToolRun(tool="mypy", status=ToolStatus.CRASHED, detail="boom")]
    before = report({"lint_errors": 5}, tools=ok)
    after = report({"lint_errors": 0}, tools=crashed)
    verdict = judge(LINT, before, after, [])
    assert not verdict.accepted
    assert verdict.reason == "mypy no longer runs (crashed: boom)"


def test_rejects_when_the_target_does_not_improve():
    before = report({"lint_errors": 5})
    after = report({"lint_errors": 5})
    verdict = judge(LINT, before, after, [])
    assert not verdict.accepted
    assert verdict.reason == "lint_errors did not improve: 5 -> 5"


def test_a_min_gate_improves_upwards():
    task = Task(kind="raise_coverage", agent="tester", gate="coverage_line")
    before = report({"coverage_line": 0.5})
    assert judge(task, before, report({"coverage_line": 0.6}), []).accepted
    assert not judge(task, before, report({"coverage_line": 0.4}), []).accepted


def coverage_report(lint: int, rate: float, total: int, covered: int):
    from myagent.protocol import CoverageData

    data = CoverageData(line_rate=rate, lines_total=total, lines_covered=covered)
    return QualityReport(metrics={"lint_errors": lint, "coverage_line": rate}, coverage=data)


def test_deleting_covered_lines_is_not_a_coverage_regression():
    before = coverage_report(5, 80 / 102, 102, 80)  # 22 lines uncovered
    after = coverage_report(0, 78 / 100, 100, 78)  # two covered imports removed: still 22
    assert judge(LINT, before, after, []).accepted


def test_leaving_more_lines_uncovered_is_a_coverage_regression():
    before = coverage_report(5, 80 / 102, 102, 80)
    after = coverage_report(0, 80 / 104, 104, 80)  # two new untested lines
    verdict = judge(LINT, before, after, [])
    assert not verdict.accepted
    assert verdict.reason.startswith("coverage_line got worse")


def test_only_enforced_gates_can_block():
    before = report({"lint_errors": 5, "format_issues": 0})
    after = report({"lint_errors": 0, "format_issues": 1})
    assert not judge(LINT, before, after, []).accepted  # every gate by default
    assert judge(LINT, before, after, [], gates=("lint_errors",)).accepted


def test_rejects_a_new_test_that_fails_in_the_whole_suite_without_a_pass_rate_gate():
    cov = Task(kind="raise_coverage", agent="tester", gate="coverage_line")
    before = report({"coverage_line": 0.5}, {"t::a": PASS})
    after = report({"coverage_line": 0.9}, {"t::a": PASS, "t::new": TestStatus.FAILED})
    verdict = judge(cov, before, after, [], gates=["coverage_line"])
    assert not verdict.accepted
    assert verdict.reason == "new test does not pass: t::new (failed)"


def test_new_tests_must_pass_even_when_the_project_had_none():
    cov = Task(kind="raise_coverage", agent="tester", gate="tests_pass_rate")
    before = report({"tests_pass_rate": 0.0})
    after = report({"tests_pass_rate": 0.83}, {"t::a": PASS, "t::b": TestStatus.ERROR})
    assert not judge(cov, before, after, []).accepted


def mutated(metrics: dict[str, float], kills: dict[str, bool], tests=None) -> QualityReport:
    outcomes = [
        MutantOutcome(key=k, path="m.py", line=1, operator="op", killed=v) for k, v in kills.items()
    ]
    return report(metrics, tests).model_copy(update={"mutants": outcomes})


MUTATION = Task(kind="raise_mutation_score", agent="tester", gate="mutation_score")
COVERAGE = Task(kind="raise_coverage", agent="tester", gate="coverage_line")


def test_new_mutants_of_newly_covered_lines_do_not_count_against_a_candidate():
    before = mutated({"coverage_line": 0.5, "mutation_score": 0.8}, {"a": True, "b": False})
    # the sample now holds mutants of new lines, and some survive: the score falls
    after = mutated(
        {"coverage_line": 0.9, "mutation_score": 0.5},
        {"a": True, "b": False, "c": False, "d": True},
    )
    verdict = judge(COVERAGE, before, after, [], gates=["coverage_line", "mutation_score"])
    assert verdict.accepted, verdict.reason


def test_a_mutant_of_the_same_sample_that_now_survives_is_a_regression():
    before = mutated({"coverage_line": 0.5, "mutation_score": 0.5}, {"a": True, "b": False})
    after = mutated(
        {"coverage_line": 0.9, "mutation_score": 0.67}, {"a": False, "b": True, "c": True}
    )
    verdict = judge(COVERAGE, before, after, [], gates=["coverage_line", "mutation_score"])
    assert verdict.accepted  # 1 -> 1 killed of the same 2: not worse
    after = mutated(
        {"coverage_line": 0.9, "mutation_score": 0.67}, {"a": False, "b": False, "c": True}
    )
    verdict = judge(COVERAGE, before, after, [], gates=["coverage_line", "mutation_score"])
    assert not verdict.accepted
    assert verdict.reason == "mutation_score got worse: 1 -> 0 of the same 2 mutants killed"


def test_raising_the_mutation_score_is_judged_on_the_same_mutants():
    before = mutated({"mutation_score": 0.5}, {"a": True, "b": False})
    after = mutated({"mutation_score": 0.5}, {"a": True, "b": True, "c": False, "d": False})
    verdict = judge(MUTATION, before, after, [], gates=["mutation_score"])
    assert verdict.accepted
    assert verdict.reason == "mutation_score improved: 1 -> 2 of the same 2 mutants killed"
    same = mutated({"mutation_score": 0.75}, {"a": True, "b": False, "c": True, "d": True})
    assert not judge(MUTATION, before, same, [], gates=["mutation_score"]).accepted


def test_a_file_that_failed_to_collect_and_now_runs_its_tests_did_not_disappear():
    before = report({"lint_errors": 3}, {"tests/test_a.py": TestStatus.ERROR, "t::b": PASS})
    after = report(
        {"lint_errors": 0},
        {"tests/test_a.py::test_one": PASS, "tests/test_a.py::test_two": PASS, "t::b": PASS},
    )
    assert judge(LINT, before, after, []).accepted
    gone = report({"lint_errors": 0}, {"t::b": PASS})
    assert judge(LINT, before, gone, []).reason == "test disappeared: tests/test_a.py"
