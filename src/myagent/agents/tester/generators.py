"""The Tester's test generators, behind one interface.

A generator gets a `ModuleTarget` (one source module, its dotted name and the gaps the
suite leaves in it) and returns pytest files (`GeneratedFile`: content and, when the
generator has one, a file name), or nothing. It does not judge its tests: `keep.py`
does, for every generator alike.

* `CharacterizationTests`: calls each function with a gap, in the sandbox, with
  boundary and generated arguments, and asserts what it returned or raised
  (`testgen.characterize`); one file per function;
* `PropertyTests`: Hypothesis properties from type hints and names (`testgen.properties`),
  for the module's functions that have gaps;
* `LlmTests`: a model writes tests for the functions with gaps, from their source, the
  uncovered lines and the module's docstrings (only with a model); with a vector memory,
  the project's tests of similar functions are shown as examples (`example_tests`);
* `PynguinTests` (`pynguin_tests.py`): search-based tests by Pynguin, run in the
  sandbox, when a Pynguin installation is configured or on PATH.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from myagent.agents.base import AgentContext, reset_worktree
from myagent.agents.coder.splice import extract_code
from myagent.llm.budget import BudgetExhaustedError
from myagent.llm.provider import LLM, ChatMessage, LLMError
from myagent.memory.recall import RecalledCode
from myagent.quality.execution import ToolContext
from myagent.quality.layout import detect_layout
from myagent.quality.pytest_interpreter import choose_interpreter
from myagent.testgen.characterize import NoTest, characterize
from myagent.testgen.gaps import FunctionGap
from myagent.testgen.properties import find_properties, render_properties
from myagent.testgen.units import MODULE

MAX_SOURCE_CHARS = 12_000
MAX_EXAMPLE_CHARS = 2_000  # per example test


@dataclass(frozen=True)
class ModuleTarget:
    path: str  # workspace-relative source file
    module: str  # its dotted import name
    source: str
    gaps: tuple[FunctionGap, ...]

    @property
    def leaf(self) -> str:
        return self.module.rsplit(".", 1)[-1]

    @property
    def gain(self) -> float:
        return sum(g.gain for g in self.gaps)


@dataclass(frozen=True)
class GeneratedFile:
    content: str
    path_hint: str | None = None  # workspace-relative; None: the Tester names it
    recalled: tuple[str, ...] = ()  # ids ("path::qualname") of tests shown as examples


class TestGenerator(Protocol):
    name: str

    def generate(self, target: ModuleTarget, ctx: AgentContext) -> list[GeneratedFile]: ...


class CharacterizationTests:
    """What each function with a gap does now, recorded by calling it in the sandbox."""

    name = "characterization"

    def __init__(self, max_functions: int = 4) -> None:
        self.max_functions = max_functions

    def generate(self, target: ModuleTarget, ctx: AgentContext) -> list[GeneratedFile]:
        layout = detect_layout(ctx.workspace, ctx.settings.project)
        tool = ToolContext(ctx.runner, layout.root)
        python, note = choose_interpreter(tool, layout)
        if python is None:
            ctx.log.note(f"tester (characterization): {note}")
            return []
        files = []
        try:
            for gap in [g for g in target.gaps if g.qualname != MODULE][: self.max_functions]:
                made = characterize(tool, layout, gap, python=python)
                if isinstance(made, NoTest):
                    ctx.log.note(f"tester (characterization) {gap.qualname}: {made.reason}")
                    continue
                files.append(GeneratedFile(made.source, made.path_hint))
        finally:
            reset_worktree(ctx.workspace)  # whatever the calls wrote there
        return files


class PropertyTests:
    """Property-based tests for the functions with gaps."""

    name = "properties"

    def generate(self, target: ModuleTarget, ctx: AgentContext) -> list[GeneratedFile]:
        with_gaps = {g.qualname for g in target.gaps}
        chosen = [p for p in find_properties(target.source) if with_gaps.intersection(p.functions)]
        if not chosen:
            return []
        return [GeneratedFile(render_properties(target.module, chosen))]


TESTS_SYSTEM = """You write pytest tests for an existing Python project. The tests must \
pass on the code as it is now (they pin down its current behaviour), run fast, need no \
network or files, and be readable. Import what you test from the module named. Answer \
with one ```python code block holding a complete test file, and nothing else."""


def _gap_lines(gaps: Sequence[FunctionGap]) -> str:
    lines = []
    for gap in gaps[:8]:
        missing = ", ".join(str(n) for n in gap.uncovered_lines[:15])
        branches = len(gap.missing_branches)
        lines.append(
            f"- {gap.qualname} (lines {gap.first_line}-{gap.last_line}): uncovered lines "
            f"{missing or 'none'}; {branches} branch(es) never taken"
        )
    return "\n".join(lines)


def example_tests(target: ModuleTarget, ctx: AgentContext, k: int = 2) -> list[RecalledCode]:
    """The project's tests nearest in meaning to the functions with gaps (the vector
    memory's `code_snippets` of test files); none without a vector memory."""
    if ctx.recall is None or k <= 0:
        return []
    lines = target.source.splitlines()
    gaps = [g for g in target.gaps if g.qualname != MODULE][:3]
    query = "\n".join("\n".join(lines[g.first_line - 1 : g.last_line]) for g in gaps)
    return ctx.recall.code(query or target.source, k, tests=True, test_dirs=ctx.test_dirs)


def _examples_part(examples: Sequence[RecalledCode]) -> str:
    shown = "\n".join(f"{e.path}:\n```python\n{e.text[:MAX_EXAMPLE_CHARS]}\n```" for e in examples)
    return f"\n\nTests of similar functions in this project (follow their style):\n{shown}"


class LlmTests:
    """Tests a model writes for the functions with gaps."""

    name = "llm"

    def __init__(self, llm: LLM, max_tokens: int = 1536) -> None:
        self.llm = llm
        self.max_tokens = max_tokens

    def generate(self, target: ModuleTarget, ctx: AgentContext) -> list[GeneratedFile]:
        numbered = "\n".join(
            f"{n:4d}| {line}" for n, line in enumerate(target.source.splitlines(), start=1)
        )[:MAX_SOURCE_CHARS]
        user = (
            f"Module `{target.module}` ({target.path}):\n```python\n{numbered}\n```\n\n"
            f"Write tests that run these uncovered parts:\n{_gap_lines(target.gaps)}"
        )
        examples = example_tests(target, ctx)
        if examples:
            user += _examples_part(examples)
        messages = [
            ChatMessage(role="system", content=TESTS_SYSTEM),
            ChatMessage(role="user", content=user),
        ]
        try:
            answer = self.llm.complete(messages, max_tokens=self.max_tokens)
        except BudgetExhaustedError:
            raise
        except LLMError as exc:
            ctx.log.note(f"tester: model call failed: {exc}")
            return []
        code = extract_code(answer.text)
        if "def test" not in code:
            ctx.log.note("tester: the model's answer holds no test function")
            return []
        return [GeneratedFile(code.rstrip("\n") + "\n", recalled=tuple(e.id for e in examples))]
