"""The Coder's prompt gets the project's code recalled by the requirement's meaning, and
an implemented requirement is remembered with its commit (deterministic embedder,
scripted model, fake test runner)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from coder_data import APPLY_ANSWER, DOUBLE, NEW_TEST, requirements

from myagent.agents.base import AgentContext
from myagent.agents.coder.agent import Coder
from myagent.agents.coder.jobs import Job
from myagent.agents.coder.prompts import PromptLimits, build_messages, related_code
from myagent.agents.testing import FakeTestRunner, RunRequest, unit_context
from myagent.llm.testing import DeterministicEmbedder, ScriptedLLM
from myagent.memory.recall import Recall, RecalledCode
from myagent.memory.vector import Document, VectorMemory
from myagent.protocol import Task, TestOutcome, TestStatus, Verdict

REQUIREMENTS = requirements("`apply(x)` returns the price of x with the discount")
DISCOUNT = "def discount_price(price: float) -> float:\n    return price * 0.9"


class FakeTests(FakeTestRunner):
    """The new test passes once `apply` exists; it fails without it."""

    def respond(self, run: RunRequest) -> list[TestOutcome]:
        good = "def apply" in (run.workspace / "calc.py").read_text()
        ids = list(run.nodeids or [NEW_TEST])
        status = TestStatus.PASSED if good else TestStatus.ERROR
        return [TestOutcome(nodeid=n, status=status) for n in ids]


def memory_with_code(tmp_path: Path) -> VectorMemory:
    memory = VectorMemory.persistent(tmp_path / "vectors", DeterministicEmbedder())
    memory.upsert(
        "code_snippets",
        [
            Document("shop/prices.py::discount_price", DISCOUNT,
                     {"path": "shop/prices.py", "qualname": "discount_price"}),
            Document("tests/test_prices.py::test_discount", "def test_discount():\n    ...",
                     {"path": "tests/test_prices.py", "qualname": "test_discount"}),
            Document("calc.py::double", DOUBLE, {"path": "calc.py", "qualname": "double"}),
        ],
    )  # fmt: skip
    return memory


def context(tmp_path: Path, recall: Recall | None) -> AgentContext:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "calc.py").write_text(DOUBLE)
    (root / "requirements.md").write_text(REQUIREMENTS)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "i"],
                   cwd=root, check=True)  # fmt: skip
    return unit_context(root, FakeTests(), source_dirs=("calc.py",), run_id="run-1", recall=recall)


def test_the_prompt_shows_related_code_from_other_files() -> None:
    job = Job(kind="implement_requirement", key="requirement:x", instruction="Add apply",
              files=("calc.py",))  # fmt: skip
    related = [RecalledCode("shop/prices.py::discount_price", "shop/prices.py",
                            "discount_price", DISCOUNT, 0.7)]  # fmt: skip
    messages = build_messages(job, "edit", lambda p: DOUBLE, "calc.py:\n  def double", [],
                              PromptLimits(), (), related)  # fmt: skip
    prompt = messages[-1].content
    assert "Related code elsewhere in the project (recalled by meaning):" in prompt
    assert f"shop/prices.py (discount_price):\n```python\n{DISCOUNT}\n```" in prompt
    assert prompt.index("Map of the repository") < prompt.index("Related code")
    assert related_code(None, job, ["tests"], PromptLimits()) == []


def test_a_requirement_gets_recalled_code_and_is_remembered_once_accepted(
    tmp_path: Path,
) -> None:
    memory = memory_with_code(tmp_path)
    ctx = context(tmp_path, Recall(memory))
    llm = ScriptedLLM(["1. add apply", APPLY_ANSWER])
    coder = Coder(llm)
    task = Task(kind="implement_requirement", agent="coder", gate="requirements_open")

    (candidate,) = coder.propose(task, ctx)

    prompt = llm.prompts[1][-1].content
    assert "shop/prices.py (discount_price)" in prompt  # recalled by the requirement's words
    assert "tests/test_prices.py" not in prompt.split("Related code")[1].split("Current")[0]
    origin = ctx.log.recalled[candidate.id]
    assert origin["source"] == "vector"
    assert "shop/prices.py::discount_price" in str(origin["code_snippets"])
    assert memory.count("requirements") == 0  # not before the ratchet accepts it
    coder.learn(candidate, Verdict(accepted=True, reason="better"), "f" * 40)
    (stored,) = memory.get("requirements")
    assert stored.text.startswith("`apply(x)` returns the price")
    assert stored.metadata == {"run_id": "run-1", "candidate_id": candidate.id, "commit": "f" * 40}


def test_without_a_vector_memory_the_prompt_has_no_recalled_code(tmp_path: Path) -> None:
    ctx = context(tmp_path, None)
    llm = ScriptedLLM(["1. add apply", APPLY_ANSWER])
    task = Task(kind="implement_requirement", agent="coder", gate="requirements_open")
    (_candidate,) = Coder(llm).propose(task, ctx)
    assert "Related code" not in llm.prompts[1][-1].content
    assert ctx.log.recalled == {}
