"""The code-generation benchmark's harness (bench/codegen/): examples, modules, projects.

Example extraction is checked on inline prompts for each docstring form and on the real
HumanEval prompts (tests/data/humaneval-dev.jsonl, a copy of
../shared/data/humaneval-dev.jsonl); `extract_module` on the reply shapes a model gives; `build_project` on what
the project holds and, above all, what it must never hold: the hidden test and the
reference solution.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from myagent.config import ProjectConfig
from myagent.llm.testing import ScriptedLLM

CODEGEN = Path(__file__).resolve().parents[3] / "bench" / "codegen"
DATA = Path(__file__).resolve().parents[2] / "data" / "humaneval-dev.jsonl"  # a copy of the set


def _load(name: str) -> ModuleType:
    """A module of bench/codegen (they import each other by their plain names)."""
    if str(CODEGEN) not in sys.path:
        sys.path.insert(0, str(CODEGEN))
    return importlib.import_module(name)


problems = _load("problems")
project = _load("project")
bare = _load("bare")

needs_data = pytest.mark.skipif(
    not DATA.is_file(), reason=f"the HumanEval dev set is not at {DATA}"
)


def _problem(prompt: str, entry_point: str, **fields: str) -> Any:
    return problems.Problem(
        task_id=fields.get("task_id", "Test/0"),
        prompt=prompt,
        entry_point=entry_point,
        canonical_solution=fields.get("canonical_solution", "    return 0\n"),
        test=fields.get("test", "def check(candidate):\n    assert candidate(1) == 0\n"),
    )


def _pairs(prompt: str, entry_point: str) -> list[tuple[str, str]]:
    return [(e.expr, e.expected) for e in problems.visible_examples(prompt, entry_point)]


def _real_problems() -> dict[str, Any]:
    return {p.task_id: p for p in problems.load_problems(DATA)}


def _function(module_text: str, name: str) -> Any:
    namespace: dict[str, Any] = {}
    exec(compile(module_text, "<module>", "exec"), namespace)  # our own fixture code
    return namespace[name]


# -- example extraction: each form -------------------------------------------------------

DOCTESTS = '''
from typing import List


def split_words(text: str, sep: str = " ") -> List[str]:
    """Split text.
    >>> split_words("a b")
    ['a', 'b']
    >>> split_words(
    ...     "a,b", ",")  # a comment
    ['a',
     'b']

    >>> split_words("")
    []
    >>> split_words(None)

    >>> x = 1
    >>> split_words("a\\nb", "\\n")
    ['a', 'b']
    """
'''


def test_doctests_give_one_example_each_with_multiline_sources_and_outputs():
    assert _pairs(DOCTESTS, "split_words") == [
        ("split_words('a b')", "['a', 'b']"),
        ("split_words('a,b', ',')", "['a', 'b']"),
        ("split_words('')", "[]"),
        ("split_words(None)", "None"),  # no output: doctest's None
        ("split_words('a\\nb', '\\n')", "['a', 'b']"),  # the escape stays as written
    ]
    extraction = problems.extract_examples(DOCTESTS, "split_words")
    assert extraction.dropped == ["x = 1 -> "]  # a statement, no expected value


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("f(1, 2) == 3", ("f(1, 2)", "3")),
        ("f([1, 2]) ➞ [2, 1] ", ("f([1, 2])", "[2, 1]")),
        ("f('a=>b') => 'x'", ("f('a=>b')", "'x'")),
        ("f(0) ==> True", ("f(0)", "True")),
        ("f(4) -> 0", ("f(4)", "0")),
        ("f(2) should return 4.", ("f(2)", "4")),
        ('f(15)   # returns "db1111db"', ("f(15)", "'db1111db'")),
        ("f(3, 1) => false", ("f(3, 1)", "False")),
        ("f('5 apples', 19) ->19 - 5 = 14", ("f('5 apples', 19)", "14")),
        ("f([1, 2], 5) ➞ False # unbalanced", ("f([1, 2], 5)", "False")),
        ('For n = "AB" the output should be 1.', ("f(n='AB')", "1")),
    ],
)
def test_prose_forms(line, expected):
    prompt = f'def f(*args, **kwargs):\n    """Do f.\n\n    {line}\n    """\n'
    assert _pairs(prompt, "f") == [expected]


def test_input_output_pairs():
    prompt = '''def f(arr):
    """Pick.

    Example 1:
        Input: [4,2,3]
        Output: [2, 1]
        Explanation: whatever.

    Example 2:
        Input: arr = []
        Output: []
    """
'''
    assert _pairs(prompt, "f") == [("f([4, 2, 3])", "[2, 1]"), ("f(arr=[])", "[]")]


def test_examples_that_cannot_be_tests_are_dropped_and_counted():
    prompt = '''def f(s):
    """Do f.
    f(a) => False
    f(n) == f(n - 1) + 1
    g(1) ==> 2
    f(1) == is not clear
    f(2) == 3
    """
'''
    extraction = problems.extract_examples(prompt, "f")
    assert [(e.expr, e.expected) for e in extraction.examples] == [("f(2)", "3")]
    assert len(extraction.dropped) == 4


def test_float_expectations_are_marked_for_approx():
    prompt = '''def f(x):
    """Do f.
    >>> f(1)
    0.5
    >>> f(2)
    [0.0, 1]
    >>> f(3)
    1
    >>> f(4)
    [True, 1.5]
    """
'''
    marks = [e.is_float for e in problems.visible_examples(prompt, "f")]
    assert marks == [True, True, False, False]


def test_only_the_entry_points_docstring_counts():
    prompt = '''def helper(x):
    """>>> helper(1)
    2
    """
    return x + 1


def f(x):
    """No examples here."""
'''
    assert problems.visible_examples(prompt, "f") == []


def test_a_doctest_may_use_the_prompts_helpers_and_imports():
    prompt = '''import math


def poly(xs, x):
    return sum(c * math.pow(x, i) for i, c in enumerate(xs))


def find_zero(xs):
    """Find a zero.
    >>> round(find_zero([1, 2]), 2) # f(x) = 1 + 2x
    -0.5
    >>> round(poly([1, 2], find_zero([1, 2])), 2)
    0.0
    """
'''
    assert _pairs(prompt, "find_zero") == [
        ("round(find_zero([1, 2]), 2)", "-0.5"),
        ("round(poly([1, 2], find_zero([1, 2])), 2)", "0.0"),
    ]


# -- example extraction: the real prompts -------------------------------------------------


@needs_data
def test_most_real_problems_yield_examples():
    loaded = _real_problems()
    with_examples = [
        t for t, p in loaded.items() if problems.visible_examples(p.prompt, p.entry_point)
    ]
    # Measured 77 of 82. The five without: three whose docstrings show no example (38,
    # 41, 50), is_happy's unquoted strings (80), a call of a misspelt name (81).
    assert len(with_examples) >= 77
    for task in ("HumanEval/38", "HumanEval/41", "HumanEval/50", "HumanEval/80", "HumanEval/81"):
        assert task not in with_examples


@needs_data
def test_real_prose_forms_are_read():
    loaded = _real_problems()

    def pairs(task_id: str) -> list[tuple[str, str]]:
        p = loaded[task_id]
        return _pairs(p.prompt, p.entry_point)

    assert ("hex_key(num='AB')", "1") in pairs("HumanEval/78")
    assert ("fruit_distribution('5 apples and 6 oranges', 19)", "8") in pairs("HumanEval/67")
    assert ("pluck([5, 0, 3, 0, 4, 2])", "[0, 1]") in pairs("HumanEval/68")
    assert ("is_simple_power(3, 1)", "False") in pairs("HumanEval/76")
    assert ("will_it_fly([3, 2, 3], 9)", "True") in pairs("HumanEval/72")
    assert ("decimal_to_binary(32)", "'db100000db'") in pairs("HumanEval/79")
    assert ("iscube(-1)", "True") in pairs("HumanEval/77")
    assert ("remove_vowels('abcdef\\nghijklm')", "'bcdf\\nghjklm'") in pairs("HumanEval/51")
    assert len(problems.extract_examples(loaded["HumanEval/80"].prompt, "is_happy").dropped) == 6


@needs_data
def test_every_real_example_is_a_call_of_the_entry_point_that_parses():
    for p in _real_problems().values():
        for example in problems.visible_examples(p.prompt, p.entry_point):
            expr = ast.parse(example.expr, mode="eval")
            ast.parse(example.expected, mode="eval")
            assert p.entry_point in problems.free_names(expr), (p.task_id, example)


# -- extract_module ----------------------------------------------------------------------

PROMPT = '''import math


def helper(x: int) -> int:
    return x * 2


def double_sqrt(x: int) -> float:
    """Twice the square root.
    >>> double_sqrt(4)
    4.0
    """
'''


def test_a_fenced_full_definition_keeps_the_prompts_imports_and_helpers():
    reply = (
        "Sure! Here it is:\n\n```python\ndef double_sqrt(x: int) -> float:\n"
        "    return helper(math.sqrt(x))\n```\nHope this helps."
    )
    module = bare.extract_module(PROMPT, reply, "double_sqrt")
    assert "Sure" not in module and "Hope" not in module
    assert _function(module, "double_sqrt")(9) == 6.0


def test_a_raw_full_definition_cut_mid_line_loses_its_broken_tail():
    reply = "def double_sqrt(x):\n    return 2 * math.sqrt(x)\n\n\nprint(double_sqrt(4)"
    module = bare.extract_module(PROMPT, reply, "double_sqrt")
    assert "print(" not in module
    assert _function(module, "double_sqrt")(4) == 4.0


def test_an_unclosed_fence_still_counts():
    reply = "```python\ndef double_sqrt(x):\n    return 2.0 * math.sqrt(x)\n"
    assert _function(bare.extract_module(PROMPT, reply, "double_sqrt"), "double_sqrt")(1) == 2.0


def test_an_echo_of_the_prompt_is_skipped_for_a_later_implementation():
    reply = (
        "Reply in one ```python code block.\n\n"  # instructions echoed: no fence opens here
        '```python\ndef double_sqrt(x: int) -> float:\n    """Twice the square root."""\n```\n'
        "```python\ndef double_sqrt(x):\n    return 2 * math.sqrt(x)\n```\n"
    )
    assert _function(bare.extract_module(PROMPT, reply, "double_sqrt"), "double_sqrt")(9) == 6.0


@pytest.mark.parametrize(
    "reply",
    [
        "    return helper(math.sqrt(x))\n",  # a continuation of the prompt
        "return helper(math.sqrt(x))",  # a body without its indentation
        "```\nroot = math.sqrt(x)\nreturn helper(root)\n```",  # a fenced body
    ],
)
def test_a_body_alone_is_appended_to_the_prompt(reply):
    module = bare.extract_module(PROMPT, reply, "double_sqrt")
    assert module.startswith(PROMPT)
    assert _function(module, "double_sqrt")(16) == 8.0


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "I cannot help with that.",
        "```python\ndef other(:\n```",
        "def double_sqrt(x:",
        '```python\ndef double_sqrt(x: int) -> float:\n    """Echoed."""\n```',
    ],
)
def test_garbage_gives_the_stub(reply):
    module = bare.extract_module(PROMPT, reply, "double_sqrt")
    assert module == project.stub_module(_problem(PROMPT, "double_sqrt"))
    with pytest.raises(NotImplementedError):
        _function(module, "double_sqrt")(4)


def test_the_bare_attempt_is_one_greedy_call_of_the_prompt_with_its_tokens():
    llm = ScriptedLLM(["```python\ndef double_sqrt(x):\n    return 2 * math.sqrt(x)\n```"])
    attempt = bare.bare_attempt(llm, _problem(PROMPT, "double_sqrt"))
    llm.assert_consumed()
    assert "def double_sqrt(x: int) -> float:" in llm.prompts[0][-1].content
    assert attempt.tokens == attempt.prompt_tokens + attempt.completion_tokens > 0
    assert _function(attempt.module_text, "double_sqrt")(4) == 4.0


# -- build_project -----------------------------------------------------------------------

SECRET_SOLUTION = "    return helper(int(math.sqrt(x))) + 0  # the reference\n"
SECRET_TEST = "def check(candidate):\n    assert candidate(4) == 4.0\n"


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def _assert_nothing_hidden(files: dict[str, str], problem: Any) -> None:
    for name, text in files.items():
        assert problem.canonical_solution.strip() not in text, name
        assert "check(" not in text, name


def test_the_project_holds_the_stub_the_tests_and_the_gates(tmp_path):
    problem = _problem(PROMPT, "double_sqrt", canonical_solution=SECRET_SOLUTION, test=SECRET_TEST)
    root = project.build_project(problem, tmp_path / "p")
    files = _files(root)
    assert set(files) == {
        "solution.py", "tests/test_examples.py", "myagent.toml", ".gitignore"
    }  # fmt: skip
    assert files["solution.py"] == PROMPT + "    raise NotImplementedError\n"
    tests = files["tests/test_examples.py"]
    assert "from solution import double_sqrt" in tests
    assert "assert double_sqrt(4) == pytest.approx(4.0)" in tests
    ast.parse(tests)
    config = tomllib.loads(files["myagent.toml"])
    assert config["gates"] == {"tests_pass_rate": 1.0, "stubs": 0}
    assert ProjectConfig.model_validate(config["project"]).source == ["solution.py"]
    _assert_nothing_hidden(files, problem)
    log = subprocess.run(
        ["git", "log", "--format=%an %s", "main"], cwd=root, capture_output=True, text=True
    )
    assert log.stdout.splitlines() == ["codegen bench Stub of Test/0"]
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True)
    assert status.stdout == b""


def test_a_project_without_examples_has_no_tests_and_only_the_stubs_gate(tmp_path):
    prompt = 'def f(x):\n    """Return something."""\n'
    root = project.build_project(_problem(prompt, "f"), tmp_path / "p")
    tests = (root / "tests" / "test_examples.py").read_text()
    assert "def test_" not in tests
    assert tomllib.loads((root / "myagent.toml").read_text())["gates"] == {"stubs": 0}


def test_build_project_refuses_a_folder_in_use(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "mine.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        project.build_project(_problem(PROMPT, "double_sqrt"), tmp_path / "p")
    assert (tmp_path / "p" / "mine.txt").read_text() == "keep me"


@needs_data
def test_no_real_project_leaks_the_hidden_test_or_the_solution():
    for problem in _real_problems().values():
        files = project.project_files(problem)
        _assert_nothing_hidden(files, problem)
        assert "METADATA" not in "".join(files.values()), problem.task_id
        ast.parse(files["solution.py"])
        ast.parse(files["tests/test_examples.py"])


@needs_data
def test_real_projects_are_git_repositories_without_the_hidden_parts(tmp_path):
    loaded = _real_problems()
    for task_id in ("HumanEval/10", "HumanEval/78"):
        problem = loaded[task_id]
        root = project.build_project(problem, tmp_path / problem.slug)
        _assert_nothing_hidden(_files(root), problem)
        tracked = subprocess.run(
            ["git", "ls-files"], cwd=root, capture_output=True, text=True
        ).stdout.split()
        assert sorted(tracked) == sorted(project.project_files(problem))
