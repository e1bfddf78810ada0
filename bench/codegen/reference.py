"""`--check-data`: the reference solutions against the harness, to check the harness.

For each problem, the prompt completed by its `canonical_solution` must pass the hidden
check (`hidden.py`) and every visible test that `project.py` writes from the docstring
(pytest in the sandbox, in a temporary folder). A visible test the reference fails is a
wrong example in the docstring or a misreading by `problems.py`: either way the agent
would be told something false. This reads `canonical_solution`, which only the
benchmark's own process ever does; nothing here reaches a project MyAgent works on.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hidden import HiddenResult, check_hidden, python_path
from problems import Problem, extract_examples
from project import MODULE_FILE, TEST_FILE, examples_test_file

from myagent.quality.layout import tool_readable_paths
from myagent.sandbox.runner import SandboxRunner

_FAILED = re.compile(r"^FAILED \S+::(?P<test>\w+)", re.M)


@dataclass(frozen=True)
class ReferenceCheck:
    task_id: str
    examples: int
    hidden: HiddenResult
    visible_failures: list[str]  # the visible tests the reference fails ("test_example_2")
    visible_error: str  # pytest could not run the tests at all (empty when it could)

    @property
    def ok(self) -> bool:
        return self.hidden.passed and not self.visible_failures and not self.visible_error


def reference_module(problem: Problem) -> str:
    return problem.prompt + problem.canonical_solution


def check_reference(problem: Problem, runner: SandboxRunner, timeout_s: float) -> ReferenceCheck:
    module = reference_module(problem)
    hidden = check_hidden(problem, module, timeout_s=timeout_s, runner=runner)
    examples = extract_examples(problem.prompt, problem.entry_point).examples
    failures: list[str] = []
    error = ""
    if examples:
        failures, error = _visible_failures(problem, module, runner, timeout_s)
    return ReferenceCheck(problem.task_id, len(examples), hidden, failures, error)


def _visible_failures(
    problem: Problem, module: str, runner: SandboxRunner, timeout_s: float
) -> tuple[list[str], str]:
    examples = extract_examples(problem.prompt, problem.entry_point).examples
    with tempfile.TemporaryDirectory(prefix="codegen-reference-") as folder:
        workspace = Path(folder)
        (workspace / MODULE_FILE).write_text(module, encoding="utf-8")
        tests = workspace / TEST_FILE
        tests.parent.mkdir()
        tests.write_text(examples_test_file(problem, examples), encoding="utf-8")
        argv = [python_path(), "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider"]
        result = runner.run(
            [*argv, "tests"],
            workspace=workspace,
            timeout_s=timeout_s,
            env={"PYTHONPATH": str(workspace.resolve()), "PYTHONDONTWRITEBYTECODE": "1"},
            readable=tool_readable_paths(),
        )
    if result.timed_out:
        return [], f"pytest timed out after {timeout_s:g} s"
    failures = _FAILED.findall(result.stdout)
    if result.returncode not in (0, 1) or (result.returncode == 1 and not failures):
        tail = (result.stdout + result.stderr).strip().splitlines()[-1:] or ["no output"]
        return [], f"pytest exit {result.returncode}: {tail[0]}"
    return failures, ""
