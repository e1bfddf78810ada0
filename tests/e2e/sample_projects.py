"""The small projects the end-to-end tests run MyAgent on.

A src-layout package `calc` with `ops.py`, its tests and a `myagent.toml` that enforces
only fast gates with a small budget, so one `myagent run` takes a few seconds.
"""

from __future__ import annotations

FAST_CONFIG = """\
[gates]
tests_pass_rate = 1.0
lint_errors = 0

[budget]
max_iterations = 3
max_minutes = 5
stall_iterations = 2
"""

TESTS_OK = """\
from calc.ops import add, show


def test_add() -> None:
    assert add(2, 3) == 5


def test_show() -> None:
    assert show(1) == '{"a": 1}'
"""

# Each test takes a while, so a run can be interrupted in the middle of a measurement.
TESTS_SLOW = """\
import time

from calc.ops import add


def test_add_slowly() -> None:
    time.sleep(1.5)
    assert add(2, 3) == 5
"""

# Two unused imports: ruff's safe fixes remove both in one accepted candidate.
OPS_LINT = """\
import json
import os
import sys


def add(a: int, b: int) -> int:
    return a + b


def show(a: int) -> str:
    return json.dumps({"a": a})
"""

# One safe fix (the unused import) and one unsafe-only fix (the unused variable): the
# Coder needs two iterations, `ruff-fix` then `ruff-fix-unsafe`.
OPS_TWO_STEPS = """\
import json
import os


def add(a: int, b: int) -> int:
    doubled = a * 2
    return a + b


def show(a: int) -> str:
    return json.dumps({"a": a})
"""

# An unused import (fixed in iteration 1) and a branch: cyclomatic complexity 2, above
# a `max_complexity = 1` gate that no agent works on with --llm none (no refactoring).
OPS_LINT_AND_COMPLEX = """\
import json
import os


def add(a: int, b: int) -> int:
    if a < 0:
        return b + a
    return a + b


def show(a: int) -> str:
    return json.dumps({"a": a})
"""

OPS_CLEAN = """\
import json


def add(a: int, b: int) -> int:
    return a + b


def show(a: int) -> str:
    return json.dumps({"a": a})
"""


def calc_files(ops: str, tests: str | None = TESTS_OK, config: str = FAST_CONFIG) -> dict[str, str]:
    """The files of the `calc` project: `ops.py`, its tests (none if None), the config."""
    files = {"src/calc/__init__.py": "", "src/calc/ops.py": ops, "myagent.toml": config}
    if tests is not None:
        files["tests/test_ops.py"] = tests
    return files


def with_budget(max_iterations: int, stall_iterations: int = 2, extra: str = "") -> str:
    """FAST_CONFIG's gates with another budget (and `extra` TOML appended)."""
    return (
        "[gates]\ntests_pass_rate = 1.0\nlint_errors = 0\n\n"
        f"[budget]\nmax_iterations = {max_iterations}\nmax_minutes = 5\n"
        f"stall_iterations = {stall_iterations}\n{extra}"
    )
