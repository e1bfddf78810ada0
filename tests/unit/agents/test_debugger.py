"""The Debugger's orchestration with a fake test runner (no sandbox, no model)."""

from __future__ import annotations

from pathlib import Path

from debugger_data import BULK_DISCOUNT, FAILING, PASSING, TASK, failing_report
from debugger_data import workspace as write_workspace

from myagent.agents.base import AgentContext
from myagent.agents.debugger import Debugger
from myagent.agents.testing import FakeTestRunner, RunRequest, unit_context
from myagent.learning.engine import LearningEngine
from myagent.llm.testing import ScriptedLLM
from myagent.memory.ledger import Ledger
from myagent.memory.patterns import PatternStore, Problem
from myagent.protocol import Candidate, LintIssue, TestOutcome, TestStatus, Verdict
from myagent.storage.db import open_database, sqlite_url_for

SOURCE = f"""{BULK_DISCOUNT}

def label(quantity: int) -> str:
    return "bulk" if bulk_discount(quantity) else "retail"
"""


class FakeTests(FakeTestRunner):
    """Judges a workspace by its source text: the boundary must be inclusive."""

    def __init__(self, fixed_when: str) -> None:
        super().__init__()
        self.fixed_when = fixed_when

    @property
    def runs(self) -> list[list[str]]:
        return [c.nodeids or [] for c in self.calls]

    @property
    def limits(self) -> list[tuple[float | None, float | None]]:
        return [(c.timeout_s, c.test_timeout_s) for c in self.calls]

    def respond(self, run: RunRequest) -> list[TestOutcome]:
        text = (run.workspace / "src/d.py").read_text()
        good = self.fixed_when in text and "return 0.1" in text and "return 0.0" in text
        status = TestStatus.PASSED if good else TestStatus.FAILED
        return [TestOutcome(nodeid=n, status=status) for n in run.nodeids or []]


def workspace(tmp_path: Path) -> Path:
    return write_workspace(tmp_path / "ws", SOURCE)


def context(root: Path, tests: FakeTests) -> AgentContext:
    report = failing_report("assert 0.0 == 0.1", ["tests/test_d.py:5"])
    return unit_context(root, tests, report=report)


def test_finds_the_boundary_fix_checks_it_and_proposes_it(tmp_path):
    root = workspace(tmp_path)
    tests = FakeTests(fixed_when="quantity >= 10")
    ctx = context(root, tests)

    (candidate,) = Debugger(parallel=1).propose(TASK, ctx)

    assert candidate.edits[0].path == "src/d.py"
    assert "if quantity >= 10:" in candidate.edits[0].content
    assert candidate.strategy == "template:comparison-operator@src/d.py:2"
    assert candidate.summary.startswith(f"Fix {FAILING}: `>` -> `>=`")
    # the failing test ran first; the passing test that covers line 2 was checked too
    assert tests.runs[-2:] == [[FAILING], [PASSING]]
    # short per-test limits, with room for the sandbox and pytest to start
    assert tests.limits[-1] == (62.0, 2.0)
    assert ctx.log.validated >= 1
    assert ctx.log.notes[0].startswith("suspects (ochiai): src/d.py:3")
    assert (root / "src/d.py").read_text() == SOURCE  # the scratch tree is left as it was


def test_says_what_it_tried_when_nothing_works(tmp_path):
    root = workspace(tmp_path)
    ctx = context(root, FakeTests(fixed_when="no template writes this"))
    assert Debugger(parallel=1, max_checks=10).propose(TASK, ctx) == []
    assert ctx.log.validated == 10
    assert ctx.log.notes[-1].startswith("no fix found: checked 10 fix(es) (template:")
    assert "10 left the failing tests failing" in ctx.log.notes[-1]


def test_a_rejected_fix_is_not_proposed_again(tmp_path):
    root = workspace(tmp_path)
    debugger = Debugger(parallel=1)
    first = debugger.propose(TASK, context(root, FakeTests(fixed_when="quantity >= 10")))[0]
    debugger.learn(first, Verdict(accepted=False, reason="label test broke"), None)
    again = debugger.propose(TASK, context(root, FakeTests(fixed_when="quantity >= 10")))
    assert all(c.edits[0].content != first.edits[0].content for c in again)


def test_the_llm_repairs_what_templates_cannot(tmp_path):
    root = workspace(tmp_path)
    answer = (
        "src/d.py\n<<<<<<< SEARCH\n    if quantity > 10:\n=======\n"
        "    if quantity > 9 and quantity != 0:\n>>>>>>> REPLACE\n"
    )
    llm = ScriptedLLM([answer])
    ctx = context(root, FakeTests(fixed_when="quantity > 9 and quantity != 0"))
    (candidate,) = Debugger(llm=llm, parallel=1, max_checks=400).propose(TASK, ctx)
    assert candidate.strategy.startswith("llm@")
    assert "quantity > 9 and quantity != 0" in candidate.edits[0].content
    llm.assert_consumed()
    prompt = llm.prompts[0][-1].content
    assert FAILING in prompt and "   2|     if quantity > 10:" in prompt


def test_a_garbage_llm_answer_is_a_recorded_failure(tmp_path):
    root = workspace(tmp_path)
    llm = ScriptedLLM(["I think the threshold is wrong."])
    ctx = context(root, FakeTests(fixed_when="never"))
    assert Debugger(llm=llm, parallel=1, max_checks=400).propose(TASK, ctx) == []
    assert any(
        "llm proposal unusable: the answer holds no SEARCH/REPLACE" in n for n in ctx.log.notes
    )


def test_failures_inside_unimplemented_functions_are_left_to_the_coder(tmp_path):
    root = workspace(tmp_path)
    (root / "src/d.py").write_text(
        SOURCE + "\n\ndef todo() -> int:\n    raise NotImplementedError\n"
    )
    tests = FakeTests(fixed_when="quantity >= 10")
    ctx = context(root, tests)
    stub_failure = TestOutcome(
        nodeid="tests/test_d.py::test_todo", status=TestStatus.FAILED,
        error_type="NotImplementedError", frames=["tests/test_d.py:9", "src/d.py:12"],
    )  # fmt: skip
    report = ctx.report.model_copy(
        update={
            "tests": [stub_failure, ctx.report.tests[1]],
            "stubs": [LintIssue(path="src/d.py", line=11, code="not-implemented", message="todo")],
        }
    )
    ctx = AgentContext(**{**ctx.__dict__, "report": report})
    assert Debugger(parallel=1).propose(TASK, ctx) == []
    assert tests.runs == []
    assert ctx.log.notes == [
        "1 failing test(s) stop in unimplemented functions (e.g. tests/test_d.py::test_todo): "
        "left to the Coder's implement_stub task"
    ]


# --------------------------------------------------------------------------- learning


class RecordingTests(FakeTests):
    """`FakeTests` that also records the source of every fix checked against the
    failing test, in order."""

    def __init__(self) -> None:
        super().__init__(fixed_when="quantity >= 10")
        self.tried: list[str] = []

    def respond(self, run: RunRequest) -> list[TestOutcome]:
        if run.nodeids == [FAILING]:
            self.tried.append((run.workspace / "src/d.py").read_text().splitlines()[1].strip())
        return super().respond(run)


def _fix_with(
    tmp_path: Path, engine: LearningEngine | None
) -> tuple[Candidate, Debugger, list[str]]:
    tests = RecordingTests()
    debugger = Debugger(parallel=1, learning=engine)
    (candidate,) = debugger.propose(TASK, context(workspace(tmp_path), tests))
    return candidate, debugger, tests.tried


def _engine(tmp_path: Path) -> LearningEngine:
    db = open_database(sqlite_url_for(tmp_path / ".myagent"))
    return LearningEngine(PatternStore(db, Ledger(db).ensure_project(tmp_path, "demo")))


def test_learning_changes_nothing_without_evidence_for_the_error_type(tmp_path):
    _, _, plain = _fix_with(tmp_path / "a", None)
    engine = _engine(tmp_path)
    engine.learn_from_success(Problem.error("KeyError"), "template:comparison-operator")
    _, _, learning = _fix_with(tmp_path / "b", engine)
    assert learning == plain  # the same fixes in the same order


def test_after_one_fix_the_same_error_type_is_fixed_in_fewer_checks(tmp_path):
    engine = _engine(tmp_path)
    candidate, debugger, cold = _fix_with(tmp_path / "first", engine)
    debugger.learn(candidate, Verdict(accepted=True, reason="tests_pass_rate up"), "c0ffee")
    stats = engine.stats(Problem.error("AssertionError"))
    assert stats.pop("template:comparison-operator").successes == 1
    assert stats and all((s.successes, s.failures) == (0, 1) for s in stats.values())

    again, _, warm = _fix_with(tmp_path / "second", engine)
    assert "if quantity >= 10:" in (again.edits[0].content or "")
    # cold: four patches of the most suspicious line (`return 0.1`) failed first; now the
    # comparison template that fixed this error type is tried first, at the boundary
    assert cold[:4] == ["if quantity > 10:"] * 4 and cold[4:] == ["if quantity >= 10:"]
    assert warm == ["if quantity >= 10:"]
