"""`myagent run`: check the project, assemble the Director, run it, write the reports."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from myagent.agents.registry import default_agents
from myagent.bus import MessageBus
from myagent.config import ProjectSettings, load_settings
from myagent.director.loop import Director
from myagent.director.outcome import RunOutcome, RunStatus
from myagent.learning.factory import open_learning
from myagent.llm.budget import BudgetedLLM, LlmBudget, UsageMeter
from myagent.llm.factory import AUTO, choose_model, make_llm
from myagent.llm.provider import LLM
from myagent.memory import git
from myagent.memory.recall import Recall
from myagent.memory.recall_setup import index_code, open_memory
from myagent.project import open_ledger, open_project
from myagent.reporting.live import LiveView
from myagent.reporting.summary import print_summary
from myagent.reporting.views import write_report


def execute(
    path: Path,
    overrides: dict[str, dict[str, object]],
    json_report: Path | None,
    resume: bool,
    live: bool,
    console: Console,
) -> int:
    """Run the main job; return the exit code (0 gates met, 1 stopped short)."""
    root = git.repo_root(path)
    if root != path:
        console.print(f"note: using the repository's top folder {root}")
    settings = load_settings(root, overrides=overrides)
    if resume and settings.llm.model.strip() == AUTO:
        settings = _recorded_model(root, settings, console)
    llm, settings = _model(settings, console)
    git.head_commit(root)  # a clear error for a repository without commits
    dirty = git.dirty_paths(root)
    if dirty:
        console.print(
            f"note: {len(dirty)} uncommitted change(s) (e.g. {dirty[0]}) are left alone; "
            f"MyAgent works from the last commit on its own branch."
        )
    project = open_project(root, settings)
    if not project.runner.isolated:
        console.print(
            "[yellow]warning:[/yellow] sandbox disabled in myagent.toml: project code runs unsandboxed"
        )
    bus = MessageBus()
    usage = UsageMeter()  # one budget for every agent's model calls

    def agent_llm(agent: str) -> BudgetedLLM | None:
        return None if llm is None else BudgetedLLM(llm, llm_budget(settings), usage, agent)

    learning, user_store = open_learning(settings.learning, project.db, project.project_id)
    sources = project.env.source_dirs + project.env.test_dirs
    recall = _recall(root, settings, sources, console, index=llm is not None)
    agents = default_agents(
        settings,
        project.error_graph,
        agent_llm("debugger"),
        coder_llm=agent_llm("coder"),
        tester_llm=agent_llm("tester"),
        architect_llm=agent_llm("architect"),
        ui_refiner_llm=agent_llm("ui_refiner"),
        learning=learning,
    )
    director = Director(
        root, settings, project.ledger, project.runner, project.monitor, agents, bus,
        project.env, llm_usage=usage, learning=learning, recall=recall,
    )  # fmt: skip
    view = LiveView(console) if live and console.is_terminal else None
    if view is not None:
        bus.subscribe(view.on_message)
        with view:
            outcome = director.run(resume=resume)
    else:
        bus.subscribe(_Printer(console).on_message)
        outcome = director.run(resume=resume)
    if user_store is not None:
        user_store.close()
    return _report(root, outcome, json_report, console)


def _recall(
    root: Path, settings: ProjectSettings, sources: tuple[str, ...], console: Console, index: bool
) -> Recall | None:
    """The vector memory the agents recall from (None, with a note, when it is off; a
    Chroma server that does not answer ends the command here with one line).

    With a model (`index`), the code index is brought up to date here, at the start:
    the Coder and the Tester recall code from their first prompt on, an index that is
    up to date costs a fraction of a second, and a long first index shows its progress
    before the run rather than stalling an agent's step. Without a model nothing reads
    the code index, so a run does not spend a minute building it (`myagent memory
    index` does); the Debugger's error recall needs no code index."""
    memory, note = open_memory(root, settings.memory)

    def say(line: str) -> None:
        console.print(line, highlight=False, soft_wrap=True)

    say(f"note: {note}")
    if memory is None:
        return None
    if index:
        index_code(memory, root, sources, say)
    return Recall(memory)


def _model(settings: ProjectSettings, console: Console) -> tuple[LLM | None, ProjectSettings]:
    """The run's model, and the settings naming it as the ledger and reports show it
    (`local/gemma3-270m-q4_k_m` for `local`, `none` without one). A bad model string or
    a missing key ends the command here, before the run (exit code 2)."""
    choice = choose_model(settings.llm.model)
    llm = make_llm(
        choice.name,
        api_base=settings.llm.api_base or None,
        timeout_s=settings.llm.timeout_s,
        max_retries=settings.llm.max_retries,
    )
    name = "none" if llm is None else llm.model
    if choice.note:  # chosen for the user: say which and why, and how to choose
        hint = "--llm none runs without it" if llm is not None else "--llm chooses one"
        console.print(f"note: LLM {name}: {choice.note} ({hint})", highlight=False, soft_wrap=True)
    return llm, settings.model_copy(update={"llm": settings.llm.model_copy(update={"model": name})})


def _recorded_model(root: Path, settings: ProjectSettings, console: Console) -> ProjectSettings:
    """`--resume` with no model chosen goes on with the model the run started with."""
    ledger = open_ledger(root, settings)
    run = ledger.latest_run(ledger.ensure_project(root, root.name))
    if run is None or not run.llm_model or run.llm_model == AUTO:
        return settings
    name = "local" if run.llm_model.startswith("local/") else run.llm_model
    console.print(f"note: resuming with the run's model {run.llm_model}", highlight=False)
    return settings.model_copy(update={"llm": settings.llm.model_copy(update={"model": name})})


def llm_budget(settings: ProjectSettings) -> LlmBudget:
    """The run's LLM limits, from `[budget]` (wall time: the run's `max_minutes`)."""
    budget = settings.budget
    return LlmBudget(
        max_tokens=budget.max_tokens,
        max_calls=budget.max_calls,
        max_cost_usd=budget.max_cost_usd,
        max_seconds=budget.max_minutes * 60,
    )


def _report(root: Path, outcome: RunOutcome, json_report: Path | None, console: Console) -> int:
    print_summary(outcome, console)
    html = write_report(root, outcome.run_id, None, outcome=outcome)
    console.print(f"HTML report: {html}")
    if json_report is not None:
        json_report.parent.mkdir(parents=True, exist_ok=True)
        json_report.write_text(json.dumps(outcome.to_json(), indent=2) + "\n", encoding="utf-8")
        console.print(f"JSON report: {json_report}")
    return 0 if outcome.status == RunStatus.GATES_MET else 1


class _Printer:
    """Plain progress lines when the output is not a terminal (CI logs, pipes)."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def on_message(self, message: object) -> None:
        from myagent.protocol import AgentMessage, MessageType

        if not isinstance(message, AgentMessage) or message.type != MessageType.STATUS:
            return
        p = message.payload
        event = p.get("event")
        if event == "iteration":
            self.console.print(f"iteration {p['iteration']}: {', '.join(p.get('tasks', []))}")
        elif event == "verdict":
            mark = "accepted" if p["accepted"] else "rejected"
            self.console.print(f"  {p['strategy']}: {mark} ({p['reason']})", highlight=False)
        elif event == "finished":
            self.console.print(f"finished: {p['status']} ({p['reason']})", highlight=False)
