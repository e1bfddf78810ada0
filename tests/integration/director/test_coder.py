"""The Coder in real runs: a scripted model, the real sandbox, tools, ratchet and ledger."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from myagent.agents.registry import default_agents
from myagent.config import load_settings
from myagent.director.outcome import RunStatus
from myagent.llm.provider import ChatMessage
from myagent.llm.testing import FunctionLLM

PYPROJECT = '[tool.pytest.ini_options]\npythonpath = ["."]\n'

SHAPES = '''\
import math


def area(r: float) -> float:
    """The area of a circle of radius r."""
    raise NotImplementedError


def perimeter(r: float) -> float:
    return 2 * math.pi * r
'''

SHAPES_TESTS = """\
import math

from shapes import area, perimeter


def test_area():
    assert area(3.0) == math.pi * 9.0


def test_perimeter():
    assert perimeter(1.0) == 2 * math.pi
"""

GATES = """\
[gates]
tests_pass_rate = 1.0
stubs = 0

[budget]
max_iterations = 3
stall_iterations = 1

[project]
source = ["shapes.py"]
test_timeout_s = 5
"""


def _last_user(messages: Sequence[ChatMessage]) -> str:
    return messages[-1].content


def agents_with(root: Path, llm: FunctionLLM) -> list[object]:
    settings = load_settings(root, environ={})
    return list(default_agents(settings, None, coder_llm=llm))


def test_the_coder_implements_a_stub_before_the_debugger_looks_at_its_test(
    tmp_path, make_project, make_director, run_git
):
    root = make_project(
        tmp_path / "shapes",
        {"shapes.py": SHAPES, "tests/test_shapes.py": SHAPES_TESTS, "myagent.toml": GATES,
         "pyproject.toml": PYPROJECT},
    )  # fmt: skip
    answers = iter(
        [
            "def area(r: float) -> float:\n    return 2 * math.pi * r\n",  # wrong: fed back
            "```python\ndef area(r: float) -> float:\n    return math.pi * r ** 2\n```",
        ]
    )
    llm = FunctionLLM(lambda messages: next(answers))
    director = make_director(root, agents=agents_with(root, llm))

    outcome = director.run()

    assert outcome.status == RunStatus.GATES_MET, outcome.reason
    shapes = run_git(root, "show", f"{outcome.branch}:shapes.py")
    assert '    """The area of a circle of radius r."""\n    return math.pi * r ** 2\n' in shapes
    assert llm.calls == 2
    actions = director.ledger.actions(outcome.run_id)
    accepted = [a for a in actions if a.agent == "coder" and a.accepted]
    assert [a.details.get("strategy") for a in accepted] == ["llm-rewrite:stub:shapes.py:area"]
    notes = [n for a in actions if a.action == "diagnose" for n in a.details["notes"]]
    assert not [a for a in actions if a.agent == "debugger" and a.action == "propose"]
    assert any("1 of 1 test(s) still fail" in n for n in notes)  # the first try, checked


CALC = """\
def double(x: int) -> int:
    return 2 * x
"""

CALC_TESTS = """\
from calc import double


def test_double():
    assert double(3) == 6
"""

REQUIREMENT_ANSWER = """\
calc.py
<<<<<<< SEARCH
def double(x: int) -> int:
    return 2 * x
=======
def double(x: int) -> int:
    return 2 * x


def cube(x: int) -> int:
    return x ** 3
>>>>>>> REPLACE

tests/test_cube.py
<<<<<<< SEARCH
=======
from calc import cube


def test_cube():
    assert cube(2) == 8
    assert cube(-1) == -1
>>>>>>> REPLACE
"""


def test_the_coder_implements_a_goal_with_tests_and_records_it(
    tmp_path, make_project, make_director, run_git
):
    config = GATES.replace("stubs = 0", "requirements_open = 0").replace("shapes.py", "calc.py")
    config = config.replace("test_timeout_s = 5", 'test_timeout_s = 5\ngoal = "Add `cube(x)`"')
    root = make_project(
        tmp_path / "calc",
        {"calc.py": CALC, "tests/test_calc.py": CALC_TESTS, "myagent.toml": config,
         "pyproject.toml": PYPROJECT},
    )  # fmt: skip
    prompts: list[str] = []

    def answer(messages: Sequence[ChatMessage]) -> str:
        prompts.append(_last_user(messages))
        if "List the small steps" in messages[0].content:
            return "- add `cube` to calc.py\n- test it in tests/test_cube.py"
        return REQUIREMENT_ANSWER

    director = make_director(root, agents=agents_with(root, FunctionLLM(answer)))
    outcome = director.run()

    assert outcome.status == RunStatus.GATES_MET, outcome.reason
    assert "Implement this requirement (section: goal):\nAdd `cube(x)`" in prompts[1]
    assert "def double(x: int) -> int:" in prompts[1]  # the repository map
    assert "1. add `cube` to calc.py\n2. test it" in prompts[1]  # the plan
    assert "- [x] Add `cube(x)`" in run_git(root, "show", f"{outcome.branch}:requirements.md")
    assert "def test_cube" in run_git(root, "show", f"{outcome.branch}:tests/test_cube.py")
    assert {g.name: g.value for g in outcome.gates}["requirements_open"] == 0


GRADE = '''\
def grade(score: int) -> str:
    """A letter for a score out of 100."""
    if score >= 90:
        return "A"
    elif score >= 80:
        return "B"
    elif score >= 70:
        return "C"
    elif score >= 60:
        return "D"
    elif score >= 50:
        return "E"
    return "F"
'''

GRADE_TESTS = """\
import pytest

from grades import grade


@pytest.mark.parametrize(
    ("score", "letter"),
    [(95, "A"), (90, "A"), (85, "B"), (70, "C"), (65, "D"), (50, "E"), (10, "F")],
)
def test_grade(score, letter):
    assert grade(score) == letter
"""

REFACTORED = '''```python
BANDS = ((90, "A"), (80, "B"), (70, "C"), (60, "D"), (50, "E"))


def grade(score: int) -> str:
    """A letter for a score out of 100."""
    return next((letter for low, letter in BANDS if score >= low), "F")
```'''


def test_the_coder_refactors_an_over_complex_function(
    tmp_path, make_project, make_director, run_git
):
    config = GATES.replace("stubs = 0", "max_complexity = 4").replace("shapes.py", "grades.py")
    root = make_project(
        tmp_path / "grades",
        {"grades.py": GRADE, "tests/test_grades.py": GRADE_TESTS, "myagent.toml": config,
         "pyproject.toml": PYPROJECT},
    )  # fmt: skip
    llm = FunctionLLM(lambda messages: REFACTORED)
    director = make_director(root, agents=agents_with(root, llm))

    outcome = director.run()

    assert outcome.status == RunStatus.GATES_MET, outcome.reason
    refactored = run_git(root, "show", f"{outcome.branch}:grades.py")
    assert "BANDS = " in refactored and "elif" not in refactored
    assert {g.name: g.value for g in outcome.gates}["max_complexity"] <= 4
