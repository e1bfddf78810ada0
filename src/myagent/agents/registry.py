"""The agents a run uses, in one place (the CLI, the benchmarks and the tests share it)."""

from __future__ import annotations

from myagent.agents.architect import Architect
from myagent.agents.base import Agent
from myagent.agents.coder.agent import Coder, CoderOptions
from myagent.agents.debugger import Debugger
from myagent.agents.tester.agent import Tester
from myagent.agents.ui_refiner import UiRefiner
from myagent.config import ProjectSettings
from myagent.learning.engine import LearningEngine
from myagent.llm.provider import LLM
from myagent.memory.error_graph import ErrorGraph


def default_agents(
    settings: ProjectSettings,
    error_graph: ErrorGraph | None,
    llm: LLM | None = None,
    *,
    coder_llm: LLM | None = None,
    tester_llm: LLM | None = None,
    learning: LearningEngine | None = None,
    architect_llm: LLM | None = None,
    ui_refiner_llm: LLM | None = None,
) -> list[Agent]:
    """The Coder (mechanical fixes; with `coder_llm`, stubs, requirements, refactoring,
    type errors and security findings), the Tester (generated tests; with `tester_llm`,
    model-written ones too), the UI Refiner (accessibility fixes; with `ui_refiner_llm`,
    else `coder_llm`, model edits too) and the Debugger (with `llm`, when there is one;
    with `learning`, its fixes ordered by what worked before for the error type), and
    the Architect (import cycles, layer violations, god modules: codemods; with
    `architect_llm`, else `coder_llm`, model-made restructurings too, and fan-out).

    `myagent run` gives each agent its own model handle, so the usage table counts each
    agent's calls under its own name; callers that pass only `coder_llm` share it."""
    repair = settings.repair
    debugger = Debugger(
        error_graph,
        llm,
        formula=repair.formula,
        max_checks=repair.max_checks,
        parallel=repair.parallel,
        learning=learning,
    )
    options = CoderOptions(
        requirements_file=settings.project.requirements, goal=settings.project.goal
    )
    return [
        Coder(coder_llm, options),
        Tester(tester_llm),
        debugger,
        UiRefiner(ui_refiner_llm or coder_llm),
        Architect(architect_llm or coder_llm),
    ]
