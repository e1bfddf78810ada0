"""A problem's project for MyAgent: the prompt as a stub, its docstring's examples as tests.

`build_project(problem, dest)` writes `project_files(problem)` to `dest` and commits
them on `main` of a new git repository (identity set in the repository's own config):

- `solution.py`: the prompt exactly (imports, helper functions, the signature and the
  docstring) with `raise NotImplementedError` as the entry point's body;
- `tests/test_examples.py`: one test per example of the docstring (`problems.py`), one
  `assert` each, `pytest.approx` where the expected value is a float; when no example
  could be extracted, a file that says so and holds no test;
- `myagent.toml`: the gates `stubs = 0` and, when there are tests, `tests_pass_rate =
  1.0`, nothing else enforced (a project without tests could never meet the test gate,
  so MyAgent works from the stubs gate alone there); `solution.py` is the source;
  there is no `requirements.md`: the stub is the task, and a requirement in prose would
  add a second gate (`requirements_open`) for the same work;
- `.gitignore`.

Only the prompt reaches the project: never the problem's `test` or `canonical_solution`.
"""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

from problems import Example, Problem, extract_examples, free_names, module_names

MODULE = "solution"
MODULE_FILE = f"{MODULE}.py"
TEST_FILE = "tests/test_examples.py"
STUB_BODY = "raise NotImplementedError"
GITIGNORE = "__pycache__/\n.pytest_cache/\n.mypy_cache/\n.ruff_cache/\n.coverage\n.myagent/\n"


def stub_module(problem: Problem) -> str:
    """The prompt with `raise NotImplementedError` as the entry point's body."""
    prompt = problem.prompt if problem.prompt.endswith("\n") else problem.prompt + "\n"
    return f"{prompt}{body_indent(problem)}{STUB_BODY}\n"


def body_indent(problem: Problem) -> str:
    """The indentation of the entry point's body (its docstring), four spaces by default."""
    for node in ast.parse(problem.prompt).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if node.name == problem.entry_point and node.body:
            return " " * node.body[0].col_offset
    return "    "


def examples_test_file(problem: Problem, examples: list[Example]) -> str:
    """`tests/test_examples.py`: one test a docstring example."""
    header = f'"""The examples of the docstring of `{problem.entry_point}`, one test each."""\n'
    if not examples:
        return header.replace("one test each", "none could be read as a test") + "\n"
    known = module_names(ast.parse(problem.prompt))
    used = {problem.entry_point}
    for example in examples:
        for text in (example.expr, example.expected):
            used |= free_names(ast.parse(text, mode="eval")) & known
    lines = [header]
    if any(e.is_float for e in examples):
        lines.append("import pytest\n")
    lines.append(f"from {MODULE} import {', '.join(sorted(used))}\n")
    for number, example in enumerate(examples, start=1):
        expected = f"pytest.approx({example.expected})" if example.is_float else example.expected
        lines.append(
            f"\ndef test_example_{number}() -> None:\n    assert {example.expr} == {expected}\n"
        )
    return "\n".join(lines)


def config_toml(has_tests: bool) -> str:
    gates = "tests_pass_rate = 1.0\nstubs = 0\n" if has_tests else "stubs = 0\n"
    return (
        "# Written by bench/codegen: implement the function in solution.py.\n"
        "# The gates listed are the gates enforced.\n"
        f"[gates]\n{gates}\n"
        "[project]\n"
        f'source = ["{MODULE_FILE}"]\n'
        'tests = ["tests"]\n'
        "test_timeout_s = 10\n"
    )


def project_files(problem: Problem) -> dict[str, str]:
    """Every file of the project, by relative path."""
    examples = extract_examples(problem.prompt, problem.entry_point).examples
    return {
        MODULE_FILE: stub_module(problem),
        TEST_FILE: examples_test_file(problem, examples),
        "myagent.toml": config_toml(bool(examples)),
        ".gitignore": GITIGNORE,
    }


def build_project(problem: Problem, dest: Path) -> Path:
    """The project for `problem` at `dest` (a new or empty folder), committed on main."""
    dest.mkdir(parents=True, exist_ok=True)
    if any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    for relative, text in project_files(problem).items():
        path = dest / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _git(dest, "init", "-q", "-b", "main")
    _git(dest, "config", "user.name", "codegen bench")
    _git(dest, "config", "user.email", "bench@localhost")
    _git(dest, "add", "--all")
    _git(dest, "commit", "-q", "-m", f"Stub of {problem.task_id}")
    return dest


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()
