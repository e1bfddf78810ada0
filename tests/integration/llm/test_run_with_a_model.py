"""`myagent run` with a hosted model (a real OpenAI-compatible server on 127.0.0.1).

The bug is one no fix template can repair, so only the model's edit can meet the gate.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

from fake_openai import FakeOpenAI
from rich.console import Console

from myagent.config import load_settings
from myagent.memory.ledger import Ledger
from myagent.project import open_project_database
from myagent.run_command import execute

GREET = '''\
def greet(name: str) -> str:
    """The greeting the tests expect."""
    return "Hi " + name
'''

TESTS = """\
from greet import greet


def test_greet():
    assert greet("Ada") == "Hello, Ada!"
"""

CONFIG = """\
[gates]
tests_pass_rate = 1.0

[budget]
max_iterations = 10
stall_iterations = 9
{budget}

[project]
source = ["greet.py"]
test_timeout_s = 5
"""


def edit(new: str) -> str:
    return (
        f'greet.py\n<<<<<<< SEARCH\n    return "Hi " + name\n=======\n    {new}\n>>>>>>> REPLACE\n'
    )


def buggy_project(
    make_project: Callable[[Path, dict[str, str]], Path], root: Path, budget: str
) -> Path:
    return make_project(
        root,
        {
            "greet.py": GREET,
            "tests/test_greet.py": TESTS,
            "myagent.toml": CONFIG.format(budget=budget),
            "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["."]\n',
        },
    )


def run(root: Path, fake: FakeOpenAI) -> tuple[int, dict[str, object], str]:
    out = io.StringIO()
    report = root / "out" / "report.json"
    overrides: dict[str, dict[str, object]] = {
        "budget": {},
        "llm": {"model": "openai/fake-model", "api_base": fake.api_base, "max_retries": 0},
    }
    code = execute(root, overrides, report, False, False, Console(file=out, width=200))
    return code, json.loads(report.read_text(encoding="utf-8")), out.getvalue()


def llm_actions(root: Path, run_id: str) -> list[dict[str, object]]:
    ledger = Ledger(open_project_database(root, load_settings(root, environ={})))
    return [
        {"agent": a.agent, "iteration": a.iteration, **a.details}
        for a in ledger.actions(run_id)
        if a.action == "llm_usage"
    ]


def test_the_model_fixes_a_bug_no_template_can_and_its_usage_is_reported(
    tmp_path, make_project, require_bwrap, fake_openai
):
    root = buggy_project(make_project, tmp_path / "greet", "")
    fake_openai.reply = edit('return "Hello, " + name + "!"')

    code, data, printed = run(root, fake_openai)

    assert code == 0, printed
    assert data["status"] == "gates_met"
    assert data["llm"] == {
        "model": "openai/fake-model",
        "calls": 1,
        "tokens": 18,
        "cost_usd": 0.0,
        "by_agent": {
            "debugger": {
                "calls": 1,
                "prompt_tokens": 11,
                "completion_tokens": 7,
                "tokens": 18,
                "cost_usd": 0.0,
                "seconds": data["llm"]["by_agent"]["debugger"]["seconds"],  # type: ignore[index]
            }
        },
    }
    assert len(fake_openai.requests) == 1
    assert "Hi " in fake_openai.requests[0]["messages"][1]["content"]  # the suspicious code
    assert "LLM openai/fake-model: 1 call(s), 18 tokens, $0.0000" in printed
    (usage,) = llm_actions(root, str(data["run_id"]))
    assert usage["agent"] == "debugger" and usage["calls"] == 1 and usage["tokens"] == 18


def test_a_token_budget_too_small_for_one_call_ends_the_run_before_any_call(
    tmp_path, make_project, require_bwrap, fake_openai
):
    root = buggy_project(make_project, tmp_path / "greet", "max_tokens = 300")
    fake_openai.reply = edit('return "Hello, " + name + "!"')

    code, data, _ = run(root, fake_openai)

    assert code == 1
    assert data["status"] == "budget_exhausted"
    assert str(data["reason"]).startswith("LLM token budget spent (max_tokens 300")
    assert fake_openai.requests == []  # refused before the call, not after
    assert data["llm"]["calls"] == 0  # type: ignore[index]
    ledger = Ledger(open_project_database(root, load_settings(root, environ={})))
    notes = [n for a in ledger.actions(str(data["run_id"])) for n in a.details.get("notes", [])]
    assert any(n.startswith("llm call failed: LLM token budget spent") for n in notes), notes


def test_no_call_passes_the_token_budget_when_the_model_keeps_missing(
    tmp_path, make_project, require_bwrap, fake_openai
):
    budget = 1900  # room for a few calls of ~230 + 1024 tokens, not for ten
    root = buggy_project(make_project, tmp_path / "greet", f"max_tokens = {budget}")
    fake_openai.reply = edit('return "Hey " + name')  # applies, but the test still fails
    fake_openai.count_tokens = True

    code, data, printed = run(root, fake_openai)

    assert code == 1
    assert data["status"] == "budget_exhausted", printed
    assert str(data["reason"]).startswith(f"LLM token budget spent (max_tokens {budget}")
    assert len(fake_openai.requests) >= 1
    used = 0
    for request, usage in zip(fake_openai.requests, fake_openai.answered, strict=True):
        # the most this call could have used was within what was left
        assert usage["prompt_tokens"] + request["max_tokens"] <= budget - used
        used += usage["total_tokens"]
    llm = data["llm"]
    assert llm["tokens"] == used <= budget  # type: ignore[index]
    assert llm["calls"] == len(fake_openai.requests)  # type: ignore[index]
    actions = llm_actions(root, str(data["run_id"]))
    assert sum(int(a["calls"]) for a in actions) == len(fake_openai.requests)  # type: ignore[call-overload]


AREA_STUB = '''\
import math


def area(r: float) -> float:
    """The area of a circle of radius r."""
    raise NotImplementedError
'''

AREA_TESTS = """\
import math

from shapes import area


def test_area():
    assert area(3.0) == math.pi * 9.0
"""


def test_the_coder_calls_the_runs_model_within_the_same_budget(
    tmp_path, make_project, require_bwrap, fake_openai
):
    config = CONFIG.replace("tests_pass_rate = 1.0", "stubs = 0").replace("greet.py", "shapes.py")
    config = config.format(budget="")
    root = make_project(
        tmp_path / "shapes",
        {"shapes.py": AREA_STUB, "tests/test_shapes.py": AREA_TESTS, "myagent.toml": config,
         "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["."]\n'},
    )  # fmt: skip
    fake_openai.reply = "```python\ndef area(r: float) -> float:\n    return math.pi * r ** 2\n```"

    code, data, printed = run(root, fake_openai)

    assert code == 0, printed
    by_agent = data["llm"]["by_agent"]  # type: ignore[index]
    assert by_agent["coder"]["calls"] == len(fake_openai.requests) >= 1
    assert {a["agent"] for a in llm_actions(root, str(data["run_id"]))} == {"coder"}


def test_an_unknown_model_ends_the_command_with_one_line_and_exit_code_2(
    tmp_path, make_project, real_calls
):
    import subprocess
    import sys

    root = buggy_project(make_project, tmp_path / "greet", "")
    done = subprocess.run(
        [sys.executable, "-m", "myagent", "run", str(root), "--llm", "gpt-nonsense-9000"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and "unknown model 'gpt-nonsense-9000'" in lines[0]
    assert not (root / ".myagent").exists() or not any((root / ".myagent").glob("reports/*"))


CALC = {
    "calc/__init__.py": "",
    "calc/add.py": "def add(a: int, b: int) -> int:\n    return a + b\n",
    "calc/mul.py": "def mul(a: int, b: int) -> int:\n    return a * b\n",
    "calc/app.py": (
        "from calc.add import add\nfrom calc.mul import mul\n\n\n"
        "def double(x: int) -> int:\n    return add(x, x)\n\n\n"
        "def square(x: int) -> int:\n    return mul(x, x)\n"
    ),
    "tests/test_app.py": (
        "from calc.app import double, square\n\n\n"
        "def test_double():\n    assert double(3) == 6\n\n\n"
        "def test_square():\n    assert square(3) == 9\n"
    ),
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["."]\n',
}
APP_WITHOUT_MUL = """calc/app.py
<<<<<<< SEARCH
from calc.add import add
from calc.mul import mul
=======
from calc.add import add
>>>>>>> REPLACE

calc/app.py
<<<<<<< SEARCH
    return mul(x, x)
=======
    return x * x
>>>>>>> REPLACE
"""


def test_the_architect_uses_its_own_model_handle_to_lower_fan_out(
    tmp_path, make_project, require_bwrap, fake_openai
):
    config = CONFIG.replace("tests_pass_rate = 1.0", "tests_pass_rate = 1.0\nmax_fan_out = 1")
    config = config.replace('"greet.py"', '"calc"').format(budget="")
    root = make_project(tmp_path / "calc", {**CALC, "myagent.toml": config})
    fake_openai.reply = APP_WITHOUT_MUL

    code, data, printed = run(root, fake_openai)

    assert code == 0, printed
    assert data["status"] == "gates_met"
    by_agent = data["llm"]["by_agent"]  # type: ignore[index]
    assert set(by_agent) == {"architect"} and by_agent["architect"]["calls"] == 1
    prompt = fake_openai.requests[0]["messages"][1]["content"]
    assert "calc.app imports 2 project modules (calc.add, calc.mul; the target is at most 1)" in (
        prompt
    )
    assert {a["agent"] for a in llm_actions(root, str(data["run_id"]))} == {"architect"}
    import subprocess

    app = subprocess.run(
        ["git", "show", f"{data['head']}:calc/app.py"], cwd=root, capture_output=True, text=True
    ).stdout
    assert app.startswith("from calc.add import add\n\n") and "x * x" in app
