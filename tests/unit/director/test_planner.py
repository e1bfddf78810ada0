from myagent.director.planner import plan
from myagent.protocol import (
    LintIssue,
    QualityReport,
    TestOutcome,
    TestStatus,
    ToolRun,
    ToolStatus,
)
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


STUBS = [
    LintIssue(path="src/inv/invoice.py", line=12, code="not-implemented", message="Invoice.total"),
    LintIssue(path="src/inv/parse.py", line=3, code="ellipsis", message="parse"),
]


def test_unfinished_functions_are_a_coder_task_naming_each_one():
    gates = evaluate({"stubs": 0, "tests_pass_rate": 1.0}, {"stubs": 2, "tests_pass_rate": 1.0})
    report = QualityReport(stubs=STUBS)
    result = plan(gates, report, lambda task: task.kind == "implement_stub")
    [task] = result.tasks
    assert (task.kind, task.agent, task.gate, task.priority) == (
        "implement_stub",
        "coder",
        "stubs",
        10,
    )
    assert task.targets == ["src/inv/invoice.py:12:Invoice.total", "src/inv/parse.py:3:parse"]
    assert task.description == "implement unfinished functions (stubs 2, target 0)"
    assert result.unaddressed == []


def test_without_a_coder_for_stubs_the_gap_is_reported():
    gates = evaluate({"stubs": 0}, {"stubs": 2})
    result = plan(gates, QualityReport(stubs=STUBS), lambda task: task.kind != "implement_stub")
    assert result.tasks == []
    assert result.unaddressed == [
        "stubs: 'implement_stub' needs a model (run with --llm local or a LiteLLM model string)"
    ]


def test_tasks_of_other_gates_name_no_targets():
    gates = evaluate({"lint_errors": 0}, {"lint_errors": 3})
    [task] = plan(gates, QualityReport(stubs=STUBS), lambda task: True).tasks
    assert task.targets == []


def test_stubs_come_before_failing_tests_and_requirements_after():
    gates = evaluate(
        {"tests_pass_rate": 1.0, "stubs": 0, "requirements_open": 0},
        {"tests_pass_rate": 0.5, "stubs": 2, "requirements_open": 1},
    )
    failing = TestOutcome(nodeid="tests/test_a.py::test_a", status=TestStatus.FAILED)
    report = QualityReport(stubs=STUBS, tests=[failing])
    result = plan(gates, report, lambda task: True)
    assert [t.kind for t in result.tasks] == [
        "implement_stub",
        "fix_failing_test",
        "implement_requirement",
    ]


def test_model_only_tasks_say_a_model_is_needed():
    gates = evaluate({"requirements_open": 0}, {"requirements_open": 2})
    result = plan(gates, QualityReport(), lambda task: False)
    assert result.unaddressed == [
        "requirements_open: 'implement_requirement' needs a model (run with --llm local or "
        "a LiteLLM model string)"
    ]


def test_the_design_reviews_god_modules_and_coupling_go_to_the_architect():
    gates = evaluate({"god_modules": 0, "max_fan_out": 12}, {"god_modules": 2, "max_fan_out": 15})
    with_model = plan(gates, QualityReport(), lambda task: task.agent == "architect")
    assert [(t.kind, t.gate) for t in with_model.tasks] == [
        ("split_god_modules", "god_modules"),
        ("reduce_fan_out", "max_fan_out"),
    ]
    assert with_model.tasks[1].description == (
        "make the most coupled module import fewer project modules (max_fan_out 15, target 12)"
    )
    # without a model the Architect has no way to lower fan-out, and the user is told
    no_model = plan(gates, QualityReport(), lambda task: task.kind == "split_god_modules")
    assert [t.kind for t in no_model.tasks] == ["split_god_modules"]
    assert no_model.unaddressed == [
        "max_fan_out: 'reduce_fan_out' needs a model (run with --llm local or a LiteLLM "
        "model string)"
    ]
