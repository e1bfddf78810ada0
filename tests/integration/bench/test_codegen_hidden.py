"""The code-generation benchmark's hidden check, in the real sandbox, on real problems.

`check_hidden` must pass a problem's reference solution and fail the stub MyAgent
starts from, a solution that hangs and one that exits before the check has run; the
reference must also pass the visible tests the benchmark writes from the docstring
(`--check-data` does this for every problem).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.integration

CODEGEN = Path(__file__).resolve().parents[3] / "bench" / "codegen"
DATA = Path(__file__).resolve().parents[2] / "data" / "humaneval-dev.jsonl"  # a copy of the set
TASKS = ["HumanEval/0", "HumanEval/78"]  # a doctest prompt and a prose one


def _load(name: str) -> ModuleType:
    if str(CODEGEN) not in sys.path:
        sys.path.insert(0, str(CODEGEN))
    return importlib.import_module(name)


problems = _load("problems")
project = _load("project")
hidden = _load("hidden")
reference = _load("reference")


@pytest.fixture(scope="module")
def real_problems() -> dict[str, Any]:
    if not DATA.is_file():
        pytest.skip(f"the HumanEval dev set is not at {DATA}")
    return {p.task_id: p for p in problems.load_problems(DATA)}


@pytest.mark.parametrize("task_id", TASKS)
def test_the_reference_solution_passes(task_id, real_problems, sandbox):
    problem = real_problems[task_id]
    result = hidden.check_hidden(
        problem, problem.prompt + problem.canonical_solution, runner=sandbox
    )
    assert result == hidden.HiddenResult(True, "passed")


@pytest.mark.parametrize("task_id", TASKS)
def test_the_stub_fails(task_id, real_problems, sandbox):
    problem = real_problems[task_id]
    result = hidden.check_hidden(problem, project.stub_module(problem), runner=sandbox)
    assert not result.passed
    assert "NotImplementedError" in result.detail


@pytest.mark.parametrize("task_id", TASKS)
def test_a_hanging_solution_fails_on_the_timeout(task_id, real_problems, sandbox):
    problem = real_problems[task_id]
    hanging = problem.prompt + "    while True:\n        pass\n"
    result = hidden.check_hidden(problem, hanging, timeout_s=2, runner=sandbox)
    assert result == hidden.HiddenResult(False, "timed out after 2 s")


def test_a_module_that_exits_at_import_does_not_pass(real_problems, sandbox):
    problem = real_problems[TASKS[0]]
    quitter = "import sys\nsys.exit(0)\n" + problem.prompt + problem.canonical_solution
    result = hidden.check_hidden(problem, quitter, runner=sandbox)
    assert not result.passed


@pytest.mark.parametrize("task_id", TASKS)
def test_the_reference_passes_the_visible_tests_written_from_the_docstring(
    task_id, real_problems, sandbox
):
    check = reference.check_reference(real_problems[task_id], sandbox, timeout_s=60)
    assert check.examples >= 2
    assert check.visible_error == ""
    assert check.visible_failures == []
    assert check.ok
