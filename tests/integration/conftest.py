"""Small projects the integration folders share.

`clamp_files`: a `clamp` that returns `low` above the range (one of its three tests
fails). `tests_gate_project(root, files, source=..., max_iterations=3)` writes `files`
with a `myagent.toml` whose only gate is a passing test suite, and commits them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

CLAMP_BUGGY = '''\
def clamp(value: int, low: int, high: int) -> int:
    """Clamp value into [low, high]."""
    if value < low:
        return low
    if value > high:
        return low
    return value
'''

CLAMP_TESTS = """\
from clamp import clamp


def test_inside():
    assert clamp(5, 0, 10) == 5


def test_below():
    assert clamp(-3, 0, 10) == 0


def test_above():
    assert clamp(42, 0, 10) == 10
"""

TESTS_GATE_CONFIG = """\
[gates]
tests_pass_rate = 1.0

[budget]
max_iterations = {max_iterations}
stall_iterations = 1

[project]
source = ["{source}"]
test_timeout_s = 5
"""

TestsGateProject = Callable[..., Path]


@pytest.fixture
def clamp_files() -> dict[str, str]:
    """{path: text} of the buggy clamp project (a fresh dict each test)."""
    return {"clamp.py": CLAMP_BUGGY, "tests/test_clamp.py": CLAMP_TESTS}


@pytest.fixture(scope="session")
def tests_gate_project(make_project: Callable[[Path, dict[str, str]], Path]) -> TestsGateProject:
    """`tests_gate_project(root, files, source=..., max_iterations=3)` -> root, committed."""

    def make(root: Path, files: dict[str, str], *, source: str, max_iterations: int = 3) -> Path:
        config = TESTS_GATE_CONFIG.format(max_iterations=max_iterations, source=source)
        return make_project(
            root,
            {
                **files,
                "myagent.toml": config,
                "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["."]\n',
            },
        )

    return make
