"""The Tester's model-written tests get the project's tests of similar functions as
examples, recalled from the vector memory (deterministic embedder, scripted model)."""

from __future__ import annotations

from pathlib import Path

from myagent.agents.base import AgentContext
from myagent.agents.tester.generators import LlmTests, ModuleTarget, example_tests
from myagent.agents.testing import unit_context
from myagent.llm.testing import DeterministicEmbedder, ScriptedLLM
from myagent.memory.recall import Recall
from myagent.memory.vector import Document, VectorMemory
from myagent.testgen.gaps import FunctionGap

SOURCE = "def median(values: list[float]) -> float:\n    ordered = sorted(values)\n    return ordered[len(ordered) // 2]\n"
EXAMPLE = "def test_mean_of_two_values():\n    assert mean([1.0, 3.0]) == 2.0"
ANSWER = "```python\nfrom stats import median\n\n\ndef test_median():\n    assert median([3.0, 1.0, 2.0]) == 2.0\n```"
GAP = FunctionGap("stats.py", "median", "function", 1, 3, "def median(values: list[float]) -> float:",
                  (2, 3), (), 0.5, 0.0)  # fmt: skip
TARGET = ModuleTarget("stats.py", "stats", SOURCE, (GAP,))


def context(tmp_path: Path, recall: Recall | None) -> AgentContext:
    return unit_context(tmp_path, source_dirs=(".",), recall=recall)


def recall_with_tests(tmp_path: Path) -> Recall:
    memory = VectorMemory.persistent(tmp_path / "vectors", DeterministicEmbedder())
    memory.upsert(
        "code_snippets",
        [
            Document("tests/test_stats.py::test_mean_of_two_values", EXAMPLE,
                     {"path": "tests/test_stats.py", "qualname": "test_mean_of_two_values"}),
            Document("stats.py::mean", "def mean(values: list[float]) -> float:\n    return sum(values) / len(values)",
                     {"path": "stats.py", "qualname": "mean"}),
        ],
    )  # fmt: skip
    return Recall(memory)


def test_llm_tests_show_tests_of_similar_functions_as_examples(tmp_path: Path) -> None:
    ctx = context(tmp_path, recall_with_tests(tmp_path))
    llm = ScriptedLLM([ANSWER])

    (generated,) = LlmTests(llm).generate(TARGET, ctx)

    assert "def test_median" in generated.content
    # the examples it was shown, for the ledger's `recalled_from`
    assert generated.recalled == ("tests/test_stats.py::test_mean_of_two_values",)
    prompt = llm.prompts[0][-1].content
    assert "Tests of similar functions in this project (follow their style):" in prompt
    assert f"tests/test_stats.py:\n```python\n{EXAMPLE}\n```" in prompt
    assert "def mean(values" not in prompt  # source code is not an example test
    (example,) = example_tests(TARGET, ctx, k=1)
    assert example.qualname == "test_mean_of_two_values"


def test_without_a_vector_memory_the_prompt_has_no_examples(tmp_path: Path) -> None:
    llm = ScriptedLLM([ANSWER])
    (generated,) = LlmTests(llm).generate(TARGET, context(tmp_path, None))
    assert "Tests of similar functions" not in llm.prompts[0][-1].content
    assert generated.recalled == ()
    assert example_tests(TARGET, context(tmp_path, None)) == []
