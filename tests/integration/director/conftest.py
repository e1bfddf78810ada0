"""A small real project and a Director assembled as `myagent run` assembles it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from myagent.agents.base import Agent, AgentContext
from myagent.agents.registry import default_agents
from myagent.bus import MessageBus
from myagent.config import load_settings
from myagent.director.loop import Director
from myagent.memory.recall import Recall
from myagent.project import open_project
from myagent.protocol import Candidate, FileEdit, Task, Verdict

CALC = """\
import os
from typing import List


def add(a: int, b: int) -> int:
    return a + b


def mean(values: List[float]) -> float:
    return sum(values) / len(values)
"""

TESTS = """\
from calc import add, mean


def test_add():
    assert add(2, 3) == 5
    assert add(-1, 1) == 0


def test_mean():
    assert mean([1.0, 3.0]) == 2.0
"""

CONFIG = """\
[gates]
tests_pass_rate = 1.0
lint_errors = 0
type_errors = 0

[budget]
max_iterations = 4
stall_iterations = 2

[project]
source = ["calc.py"]
"""


@pytest.fixture
def project(tmp_path: Path, make_project: Callable[[Path, dict[str, str]], Path]) -> Path:
    """A git project with lint findings (an unused import, old typing) and passing tests."""
    return make_project(
        tmp_path / "calc",
        {
            "calc.py": CALC,
            "tests/test_calc.py": TESTS,
            "myagent.toml": CONFIG,
            "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["."]\n',
        },
    )


class ScriptedAgent:
    """An agent that proposes fixed edits for one task kind (to probe the ratchet)."""

    def __init__(self, name: str, kind: str, edits: list[FileEdit], strategy: str) -> None:
        self.name = name
        self.kind = kind
        self.edits = edits
        self.strategy = strategy
        self.calls = 0
        self.verdicts: list[Verdict] = []

    def can_handle(self, task: Task) -> bool:
        return task.kind == self.kind

    def learn(self, candidate: Candidate, verdict: Verdict, commit: str | None) -> None:
        self.verdicts.append(verdict)

    def propose(self, task: Task, ctx: AgentContext) -> list[Candidate]:
        self.calls += 1
        return [
            Candidate(
                task_id=task.id,
                agent=self.name,
                summary=f"scripted {self.strategy}",
                edits=self.edits,
                strategy=self.strategy,
            )
        ]


MakeDirector = Callable[..., Director]


@pytest.fixture
def make_director(require_bwrap: None) -> MakeDirector:
    """`make_director(root, agents=None, bus=None, recall=None)` -> a Director on the real
    sandbox, tools and ledger (with `recall`: the vector memory the agents recall from)."""

    def make(
        root: Path,
        agents: Sequence[Agent] | None = None,
        bus: MessageBus | None = None,
        recall: Recall | None = None,
    ) -> Director:
        settings = load_settings(root, environ={})
        project = open_project(root, settings)
        return Director(
            root,
            settings,
            project.ledger,
            project.runner,
            project.monitor,
            list(agents) if agents is not None else default_agents(settings, project.error_graph),
            bus or MessageBus(),
            project.env,
            recall=recall,
        )

    return make


@pytest.fixture
def scripted() -> type[ScriptedAgent]:
    """The ScriptedAgent class: `scripted(name, kind, edits, strategy)`."""
    return ScriptedAgent
