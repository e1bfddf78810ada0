"""The Coder with a scripted model and a fake test runner (no sandbox, no real model)."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from coder_data import APPLY_ANSWER, DOUBLE, NEW_TEST, NEW_TEST_FILE, edit_block, requirements

from myagent.agents.base import AgentContext
from myagent.agents.coder.agent import Coder, CoderOptions
from myagent.agents.testing import FakeTestRunner, RunRequest, unit_context
from myagent.llm.budget import BudgetExhaustedError
from myagent.llm.provider import ChatMessage, Completion
from myagent.llm.testing import ScriptedLLM
from myagent.protocol import (
    CoverageData,
    LintIssue,
    QualityReport,
    Task,
    TestOutcome,
    TestStatus,
    Verdict,
)

SOURCE = f'''def add(a: int, b: int) -> int:
    """The sum of a and b."""
    raise NotImplementedError


{DOUBLE}'''
TESTS = "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n"
FAILING = "tests/test_calc.py::test_add"
PASSING = "tests/test_calc.py::test_double"
STUB_TASK = Task(kind="implement_stub", agent="coder", gate="stubs", targets=["calc.py:1:add"])
GOOD = "```python\ndef add(a: int, b: int) -> int:\n    return a + b\n```"
WRONG = "```python\ndef add(a: int, b: int) -> int:\n    return a - b\n```"


class FakeTests(FakeTestRunner):
    """`add` passes when the source returns a + b; new test files pass when the source
    defines `apply`; everything else passes."""

    @property
    def runs(self) -> list[list[str] | None]:
        return [c.nodeids for c in self.calls]

    def respond(self, run: RunRequest) -> list[TestOutcome]:
        source = (run.workspace / "calc.py").read_text()
        ids = list(run.nodeids) if run.nodeids is not None else [FAILING, PASSING]
        if run.nodeids is None:
            ids += [
                f"{p.relative_to(run.workspace)}::test_new"
                for p in run.workspace.glob("tests/test_new*.py")
            ]

        def status(nodeid: str) -> TestStatus:
            if nodeid == FAILING:
                good = "return a + b" in source
                return TestStatus.PASSED if good else TestStatus.FAILED
            if "test_new" in nodeid:
                return TestStatus.PASSED if "def apply" in source else TestStatus.ERROR
            return TestStatus.PASSED

        return [
            TestOutcome(
                nodeid=n,
                status=status(n),
                message="" if status(n) == TestStatus.PASSED else "assert -1 == 5",
                traceback="" if status(n) == TestStatus.PASSED else "E   assert -1 == 5",
            )
            for n in ids
        ]


def workspace(tmp_path: Path, requirements: str = "") -> Path:
    root = tmp_path / "ws"
    (root / "tests").mkdir(parents=True)
    (root / "calc.py").write_text(SOURCE)
    (root / "tests/test_calc.py").write_text(TESTS)
    if requirements:
        (root / "requirements.md").write_text(requirements)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"],
        cwd=root,
        check=True,
    )
    return root


def context(root: Path, tests: FakeTests) -> AgentContext:
    report = QualityReport(
        tests=[
            TestOutcome(nodeid=FAILING, status=TestStatus.FAILED, error_type="NotImplementedError",
                        frames=["tests/test_calc.py:5", "calc.py:3"]),
            TestOutcome(nodeid=PASSING, status=TestStatus.PASSED, duration_s=0.01),
        ],
        coverage=CoverageData(covered_by={"calc.py:3": [FAILING], "calc.py:7": [PASSING]}),
        stubs=[LintIssue(path="calc.py", line=1, code="not-implemented", message="add")],
    )  # fmt: skip
    return unit_context(root, tests, report=report, source_dirs=("calc.py",))


def test_implements_a_stub_checks_it_and_proposes_it(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    tests = FakeTests()
    llm = ScriptedLLM([GOOD])
    ctx = context(root, tests)
    (candidate,) = Coder(llm).propose(STUB_TASK, ctx)
    assert candidate.agent == "coder"
    assert candidate.strategy == "llm-rewrite:stub:calc.py:add"
    assert candidate.summary == "Implement calc.py:add"
    [edit] = candidate.edits
    assert edit.path == "calc.py" and "return a + b" in (edit.content or "")
    assert '    """The sum of a and b."""\n    return a + b\n' in (edit.content or "")
    assert tests.runs == [[FAILING]]  # the failing test that goes through calc.py
    assert (root / "calc.py").read_text() == SOURCE  # the scratch tree is reset
    prompt = llm.prompts[0][-1].content
    assert "Implement `add` in calc.py" in prompt
    assert "def add(a: int, b: int) -> int:" in prompt  # the file and the map
    assert ctx.log.validated == 1


def test_failures_go_back_into_the_next_attempt(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    llm = ScriptedLLM(["I am not sure.", WRONG, GOOD])
    ctx = context(root, FakeTests())
    (candidate,) = Coder(llm).propose(STUB_TASK, ctx)
    assert "return a + b" in (candidate.edits[0].content or "")
    second, third = llm.prompts[1][-1].content, llm.prompts[2][-1].content
    assert "unusable answer" in second and "no definition of add" in second
    assert "still fail" in third and "assert -1 == 5" in third
    assert any("still fail" in note for note in ctx.log.notes)


def test_the_same_answer_again_switches_to_edit_blocks_then_gives_up(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    llm = ScriptedLLM([WRONG, WRONG, "no blocks here", "nothing", WRONG, WRONG])
    coder = Coder(llm, CoderOptions(attempts=6))
    ctx = context(root, FakeTests())
    assert coder.propose(STUB_TASK, ctx) == []
    systems = [p[0].content for p in llm.prompts]
    assert "rewrite one function" in systems[0] and "rewrite one function" in systems[1]
    assert "edit blocks" in systems[2]
    assert any("switching to edit" in n for n in ctx.log.notes)
    assert any("gave up stub:calc.py:add" in n for n in ctx.log.notes)
    # given up for the run: the next task proposes nothing and calls no model
    calls = len(llm.prompts)
    assert coder.propose(STUB_TASK, context(root, FakeTests())) == []
    assert len(llm.prompts) == calls


def test_answers_that_edit_existing_tests_are_refused(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    cheat = edit_block("tests/test_calc.py", "    assert add(2, 3) == 5\n", "    assert True\n")
    llm = ScriptedLLM([cheat, cheat])
    coder = Coder(llm, CoderOptions(attempts=1))
    task = Task(kind="fix_types", agent="coder", gate="type_errors")
    ctx = context(root, FakeTests())
    ctx = AgentContext(
        **{
            **ctx.__dict__,
            "report": ctx.report.model_copy(
                update={"type_errors": [LintIssue(path="calc.py", line=6, code="x", message="bad")]}
            ),
        }
    )
    assert coder.propose(task, ctx) == []
    assert any("edits an existing test (tests/test_calc.py): refused" in n for n in ctx.log.notes)


def test_the_ratchets_verdict_becomes_feedback(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    other = edit_block(
        "calc.py", "    raise NotImplementedError\n", "    return a + b  # the sum\n"
    )
    llm = ScriptedLLM([GOOD, GOOD, other])
    coder = Coder(llm)
    (first,) = coder.propose(STUB_TASK, context(root, FakeTests()))
    coder.learn(first, Verdict(accepted=False, reason="type_errors got worse: 0 -> 1"), None)
    (second,) = coder.propose(STUB_TASK, context(root, FakeTests()))
    assert "rejected your change: type_errors got worse: 0 -> 1" in llm.prompts[1][-1].content
    # the rejected change itself is not proposed again: the Coder switches to edit blocks
    assert "ratchet already rejected" in llm.prompts[2][-1].content
    assert "edit blocks" in llm.prompts[2][0].content
    assert "# the sum" in (second.edits[0].content or "")


REQUIREMENTS = requirements("`apply(x)` returns `double(x) + 1`")


def test_implements_a_requirement_with_tests_and_ticks_it(tmp_path: Path) -> None:
    root = workspace(tmp_path, REQUIREMENTS)
    tests = FakeTests()
    plan = "1. add `apply` to calc.py\n2. add tests/test_new_apply.py\nThat is all."
    llm = ScriptedLLM([plan, APPLY_ANSWER])
    task = Task(kind="implement_requirement", agent="coder", gate="requirements_open")
    ctx = context(root, tests)
    (candidate,) = Coder(llm).propose(task, ctx)
    files = {e.path: e.content for e in candidate.edits}
    assert set(files) == {"calc.py", NEW_TEST_FILE, "requirements.md"}
    assert "- [x] `apply(x)` returns" in (files["requirements.md"] or "")
    # the whole suite with the change, then the new test without it (it must fail there)
    assert tests.runs == [None, [NEW_TEST]]
    assert "List the small steps" in llm.prompts[0][0].content  # planned first
    prompt = llm.prompts[1][-1].content
    assert "Implement this requirement (section: Requirements)" in prompt
    assert "Current content of calc.py" in prompt  # the file defining `double`
    assert "Plan, step by step:\n1. add `apply` to calc.py\n2. add tests/" in prompt
    assert "coder: plan for requirement:" in ctx.log.notes[0]


def test_a_requirement_without_new_tests_is_sent_back(tmp_path: Path) -> None:
    root = workspace(tmp_path, REQUIREMENTS)
    only_code = APPLY_ANSWER.split(NEW_TEST_FILE)[0]
    llm = ScriptedLLM(["no plan, sorry", only_code, APPLY_ANSWER])
    task = Task(kind="implement_requirement", agent="coder", gate="requirements_open")
    (candidate,) = Coder(llm).propose(task, context(root, FakeTests()))
    assert "Plan, step by step" not in llm.prompts[1][-1].content  # an empty plan is left out
    assert "no new test file" in llm.prompts[2][-1].content
    assert len(candidate.edits) == 3


class _Spent:
    model = "spent"

    def complete(
        self, messages: Sequence[ChatMessage], *, max_tokens: int = 1024, temperature: float = 0.0
    ) -> Completion:
        raise BudgetExhaustedError("max_tokens (100) reached")


def test_a_spent_budget_stops_the_task_at_once(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    ctx = context(root, FakeTests())
    assert Coder(_Spent()).propose(STUB_TASK, ctx) == []
    assert ctx.log.notes == ["coder: max_tokens (100) reached"]


def test_without_a_model_only_mechanical_tasks_are_handled() -> None:
    assert not Coder(None).can_handle(STUB_TASK)
    assert Coder(ScriptedLLM([])).can_handle(STUB_TASK)
    lint = Task(kind="lint_fix", agent="coder", gate="lint_errors")
    assert Coder(None).can_handle(lint)


def test_high_severity_security_findings_are_a_job_per_file(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    fix = edit_block("calc.py", "    return 2 * x\n", "    return x + x\n")
    llm = ScriptedLLM([fix])
    task = Task(kind="fix_security", agent="coder", gate="security_high")
    ctx = context(root, FakeTests())
    findings = [
        LintIssue(path="calc.py", line=7, code="HIGH", message="B602 shell=True"),
        LintIssue(path="calc.py", line=7, code="LOW", message="B101 assert used"),
    ]
    ctx = AgentContext(**{**ctx.__dict__, "report": ctx.report.model_copy(update={
        "security": findings})})  # fmt: skip
    (candidate,) = Coder(llm).propose(task, ctx)
    assert candidate.summary == "Fix security findings in calc.py"
    prompt = llm.prompts[0][-1].content
    assert "calc.py:7: HIGH B602 shell=True" in prompt and "B101" not in prompt
