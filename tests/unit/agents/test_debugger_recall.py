"""The Debugger recalls accepted fixes of similar past errors from the vector memory,
tries them first (validated like any other fix), records where its candidate came
from, and writes what it learned back (deterministic embedder, fake test runner)."""

from __future__ import annotations

from pathlib import Path

from debugger_data import BULK_DISCOUNT, FAILING, TASK, failing_report, workspace

from myagent.agents.base import AgentContext
from myagent.agents.debugger import Debugger
from myagent.agents.testing import FakeTestRunner, RunRequest, unit_context
from myagent.llm.testing import DeterministicEmbedder
from myagent.memory.recall import Recall
from myagent.memory.vector import VectorMemory
from myagent.protocol import TestOutcome, TestStatus, Verdict


class FakeTests(FakeTestRunner):
    """Passes once the boundary is inclusive."""

    def respond(self, run: RunRequest) -> list[TestOutcome]:
        good = "quantity >= 10" in (run.workspace / "src/d.py").read_text()
        status = TestStatus.PASSED if good else TestStatus.FAILED
        return [TestOutcome(nodeid=n, status=status) for n in run.nodeids or []]


def context(tmp_path: Path, name: str, message: str, recall: Recall) -> AgentContext:
    root = workspace(tmp_path / name, BULK_DISCOUNT)
    report = failing_report(message, ["tests/test_d.py:5", "src/d.py:2"])
    return unit_context(root, FakeTests(), report=report, run_id="run-1", recall=recall)


def test_a_fix_learned_in_one_run_is_recalled_first_in_the_next(tmp_path: Path) -> None:
    memory = VectorMemory.persistent(tmp_path / "vectors", DeterministicEmbedder())
    recall = Recall(memory)
    first = context(tmp_path, "one", "assert 0.0 == 0.1", recall)
    debugger = Debugger(parallel=1)
    (candidate,) = debugger.propose(TASK, first)
    assert candidate.strategy.startswith("template:comparison-operator")
    assert first.log.recalled == {}  # nothing to recall yet
    debugger.learn(candidate, Verdict(accepted=True, reason="better"), "c" * 40)
    (stored,) = memory.metadata("solutions").values()
    assert (stored["run_id"], stored["candidate_id"], stored["commit"]) == (
        "run-1", candidate.id, "c" * 40,
    )  # fmt: skip
    assert memory.count("error_patterns") == 1

    second = context(tmp_path, "two", "assert 0.0 == 0.1 (ten items are bulk)", recall)
    tests = second.tests
    assert isinstance(tests, FakeTests)
    (again,) = Debugger(parallel=1).propose(TASK, second)  # a new run: no error graph

    assert "if quantity >= 10:" in (again.edits[0].content or "")
    assert "recalled fix (similar error" in again.summary
    origin = second.log.recalled[again.id]
    assert origin["source"] == "vector"
    assert str(origin["vector_hit"]).startswith("solutions/")
    assert any(
        n.startswith("recalled 1 solution(s) of similar past errors") for n in second.log.notes
    )
    assert second.log.validated == 1  # the recalled fix was the first one checked
    assert tests.calls[0].nodeids == [FAILING]


def test_without_a_vector_memory_the_debugger_works_as_before(tmp_path: Path) -> None:
    memory = VectorMemory.persistent(tmp_path / "vectors", DeterministicEmbedder())
    ctx = context(tmp_path, "one", "assert 0.0 == 0.1", Recall(memory))
    ctx = AgentContext(**{**ctx.__dict__, "recall": None})
    (candidate,) = Debugger(parallel=1).propose(TASK, ctx)
    assert candidate.strategy.startswith("template:comparison-operator")
    assert ctx.log.recalled == {}
