from myagent.director.planner import plan
from myagent.protocol import QualityReport, TestOutcome, TestStatus, ToolRun, ToolStatus
from myagent.quality.gates import evaluate


def test_unmet_gates_become_tasks_most_urgent_first():
    gates = evaluate(
        {"lint_errors": 0, "format_issues": 0, "tests_pass_rate": 1.0},
        {"lint_errors": 3, "format_issues": 2, "tests_pass_rate": 0.5},
    )
    tests = [
        TestOutcome(nodeid="t::a", status=TestStatus.PASSED),
        TestOutcome(nodeid="t::b", status=TestStatus.FAILED),
    ]
    result = plan(gates, QualityReport(tests=tests), lambda task: task.agent == "coder")
    assert [t.kind for t in result.tasks] == ["lint_fix", "format"]
    assert result.tasks[0].gate == "lint_errors"
    assert result.unaddressed == [
        "tests_pass_rate: no debugger strategy for 'fix_failing_test' yet"
    ]


def test_met_gates_give_no_task():
    gates = evaluate({"lint_errors": 0}, {"lint_errors": 0})
    assert plan(gates, QualityReport(), lambda task: True).tasks == []


def test_an_unmeasured_gate_says_why():
    gates = evaluate({"type_errors": 0}, {})
    report = QualityReport(tools=[ToolRun(tool="mypy", status=ToolStatus.MISSING)])
    result = plan(gates, report, lambda task: True)
    assert result.tasks == []
    assert result.unaddressed == ["type_errors: not measured (mypy missing)"]


def test_two_coverage_gates_make_one_task():
    gates = evaluate(
        {"coverage_line": 0.9, "coverage_branch": 0.9},
        {"coverage_line": 0.5, "coverage_branch": 0.5},
    )
    assert len(plan(gates, QualityReport(), lambda task: True).tasks) == 1


def test_a_project_without_tests_is_not_a_debugging_task():
    gates = evaluate({"tests_pass_rate": 1.0}, {"tests_pass_rate": 0.0, "tests_total": 0})
    result = plan(gates, QualityReport(), lambda task: True)
    assert result.tasks == []
    assert result.unaddressed == [
        "tests_pass_rate: the project has no tests (pytest collected none)"
    ]
