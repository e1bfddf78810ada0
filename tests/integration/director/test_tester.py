"""The Tester in real runs: generated tests judged in the sandbox, then by the ratchet."""

from __future__ import annotations

from collections.abc import Sequence

from myagent.agents.tester.agent import Tester
from myagent.agents.tester.generators import LlmTests, PropertyTests
from myagent.director.outcome import RunStatus
from myagent.llm.provider import ChatMessage
from myagent.llm.testing import DeterministicEmbedder, FunctionLLM
from myagent.memory.recall import Recall
from myagent.memory.recall_setup import index_code
from myagent.memory.vector import VectorMemory

PYPROJECT = '[tool.pytest.ini_options]\npythonpath = ["."]\n'

TEXT = '''\
def shout(text: str) -> str:
    return text.upper() + "!"


def normalize_space(text: str) -> str:
    """Runs of whitespace become one space; no space at either end."""
    return " ".join(text.split())
'''

TEXT_TESTS = """\
from text import shout


def test_shout():
    assert shout("hi") == "HI!"
"""

CONFIG = """\
[gates]
tests_pass_rate = 1.0
coverage_line = 1.0
lint_errors = 0
format_issues = 0

[budget]
max_iterations = 3
stall_iterations = 1

[project]
source = ["text.py"]
test_timeout_s = 5
"""


def text_project(make_project, root):
    return make_project(
        root,
        {"text.py": TEXT, "tests/test_text.py": TEXT_TESTS, "myagent.toml": CONFIG,
         "pyproject.toml": PYPROJECT},
    )  # fmt: skip


def added_files(run_git, root, branch):
    return run_git(root, "diff", "--name-only", f"main..{branch}").split()


def test_characterization_tests_cover_an_untested_function_with_no_model(
    tmp_path, make_project, make_director, run_git
):
    root = text_project(make_project, tmp_path / "text")
    director = make_director(root)

    outcome = director.run()

    assert outcome.status == RunStatus.GATES_MET, outcome.reason
    path = "tests/test_text_normalize_space_characterization.py"
    assert added_files(run_git, root, outcome.branch) == [path]
    added = run_git(root, "show", f"{outcome.branch}:{path}")
    assert "normalize_space(" in added and "assert " in added
    assert (
        run_git(root, "show", f"{outcome.branch}:tests/test_text.py").strip() == TEXT_TESTS.strip()
    )
    notes = [
        n
        for a in director.ledger.actions(outcome.run_id)
        if a.action == "diagnose"
        for n in a.details["notes"]
    ]
    assert any(n.startswith(f"tester (characterization) {path}: kept ") for n in notes)


def test_property_tests_cover_an_untested_function(tmp_path, make_project, make_director, run_git):
    root = text_project(make_project, tmp_path / "text")
    director = make_director(root, agents=[Tester(generators=[PropertyTests()])])

    outcome = director.run()

    actions = director.ledger.actions(outcome.run_id)
    notes = [n for a in actions if a.action == "diagnose" for n in a.details["notes"]]
    verdicts = [a.reason for a in actions if a.action == "propose"]
    assert outcome.status == RunStatus.GATES_MET, (outcome.reason, notes, verdicts)
    added = run_git(root, "show", f"{outcome.branch}:tests/test_text_properties.py")
    assert "def test_normalize_space_is_idempotent(text: str) -> None:" in added, notes
    assert "@settings(max_examples=25, deadline=None, derandomize=True, database=None)" in added


GRADES = """\
def grade(score):  # no hints: no property-based test, the model writes them
    if score < 0 or score > 100:
        raise ValueError(f"score out of range: {score}")
    if score >= 50:
        return "pass"
    return "fail"
"""

GRADES_TESTS = """\
from grades import grade


def test_pass():
    assert grade(70) == "pass"
"""

MODEL_TESTS = """```python
import pytest

from grades import grade


def test_fail():
    assert grade(10) == "fail"


def test_out_of_range():
    with pytest.raises(ValueError):
        grade(101)


def test_wrong_guess():
    assert grade(50) == "fail"


def test_already_covered():
    assert grade(99) == "pass"
```"""


def test_model_written_tests_are_kept_only_when_they_pass_and_add_coverage(
    tmp_path, make_project, make_director, run_git
):
    config = CONFIG.replace("text.py", "grades.py")
    root = make_project(
        tmp_path / "grades",
        {"grades.py": GRADES, "tests/test_grades.py": GRADES_TESTS, "myagent.toml": config,
         "pyproject.toml": PYPROJECT},
    )  # fmt: skip
    prompts: list[str] = []

    def answer(messages: Sequence[ChatMessage]) -> str:
        prompts.append(messages[-1].content)
        return MODEL_TESTS

    llm = FunctionLLM(answer)
    memory = VectorMemory.persistent(tmp_path / "vectors", DeterministicEmbedder())
    index_code(memory, root, ("grades.py", "tests"), lambda line: None)
    agents = [Tester(llm, generators=[LlmTests(llm)])]
    director = make_director(root, agents=agents, recall=Recall(memory))

    outcome = director.run()

    assert outcome.status == RunStatus.GATES_MET, outcome.reason
    kept = run_git(root, "show", f"{outcome.branch}:tests/test_grades_llm.py")
    assert "def test_fail()" in kept and "def test_out_of_range()" in kept
    assert "test_wrong_guess" not in kept  # fails on the code as it is
    assert "test_already_covered" not in kept  # adds nothing
    assert "uncovered lines 3, 6" in prompts[0]
    # the project's test was shown as an example, and the ledger says so
    assert "tests/test_grades.py:\n```python\ndef test_pass():" in prompts[0]
    (accepted,) = [a for a in director.ledger.actions(outcome.run_id) if a.accepted]
    assert accepted.details["recalled_from"] == {
        "source": "vector",
        "code_snippets": "tests/test_grades.py::test_pass",
    }


REGISTRY = """\
_SEEN: list[str] = []


def remember(name: str) -> int:
    _SEEN.append(name)
    return len(_SEEN)


def count() -> int:
    return len(_SEEN)
"""

REGISTRY_TESTS = """\
from registry import count


def test_count_starts_at_zero():
    assert count() == 0
"""


def test_tests_that_break_the_suite_through_module_state_are_not_kept(
    tmp_path, make_project, make_director, run_git
):
    """A characterization test of `remember` passes alone, but leaves a name in the
    module's list, and the suite's own test (run after it) then fails."""
    root = make_project(
        tmp_path / "registry",
        {"registry.py": REGISTRY, "tests/test_z_count.py": REGISTRY_TESTS,
         "myagent.toml": CONFIG.replace("text.py", "registry.py"), "pyproject.toml": PYPROJECT},
    )  # fmt: skip
    director = make_director(root, agents=[Tester()])

    outcome = director.run()

    actions = director.ledger.actions(outcome.run_id)
    notes = [n for a in actions if a.action == "diagnose" for n in a.details["notes"]]
    verdicts = [a.reason for a in actions if a.action == "propose"]
    assert outcome.accepted == 0, verdicts
    assert verdicts == []  # nothing that fails with the suite reaches the ratchet
    assert any(
        n.startswith("tester: dropped tests/test_registry")
        and n.endswith(
            "makes tests/test_z_count.py::test_count_starts_at_zero fail when run with the suite"
        )
        for n in notes
    ), notes
