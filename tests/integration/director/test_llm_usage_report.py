"""`myagent report` rebuilds the LLM usage section from the ledger alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from myagent.config import load_settings
from myagent.director.llm_record import LLM_USAGE, recorded_usage, usage_details, usage_reason
from myagent.llm.budget import AgentUsage
from myagent.memory.ledger import Ledger
from myagent.project import open_ledger
from myagent.reporting.views import write_report

MakeProject = Callable[[Path, dict[str, str]], Path]


def started_run(root: Path, model: str) -> Ledger:
    """The project's ledger, with run "r1" started on `model` with the default settings."""
    settings = load_settings(root, environ={})
    ledger = open_ledger(root, settings)
    project = ledger.ensure_project(root, root.name)
    config = settings.model_dump(mode="json")
    ledger.start_run(project, "r1", "myagent/r1", "a" * 40, model, config)
    return ledger


def test_the_report_of_a_finished_run_shows_the_llm_usage_recorded_in_the_ledger(
    tmp_path: Path, make_project: MakeProject
) -> None:
    root = make_project(tmp_path / "p", {"p.py": "x = 1\n"})
    ledger = started_run(root, "openai/gpt-4o-mini")
    calls = [
        ("debugger", AgentUsage(1, 1000, 200, 0.002, 1.5)),
        ("debugger", AgentUsage(1, 800, 100, 0.001, 1.0)),
        ("coder", AgentUsage(1, 300, 50, 0.0005, 0.5)),
    ]
    totals: dict[str, AgentUsage] = {}
    for agent, used in calls:
        totals[agent] = totals.get(agent, AgentUsage()) + used
        details = usage_details("openai/gpt-4o-mini", used, totals[agent])
        ledger.record_action("r1", 1, agent, LLM_USAGE, details, {}, {}, None, usage_reason(used))
    ledger.update_run("r1", status="budget_exhausted", ended=True)

    recorded = recorded_usage(ledger.actions("r1"))
    assert recorded.models == ("openai/gpt-4o-mini",)
    assert recorded.by_agent["debugger"].tokens == 2100 and recorded.total.calls == 3

    html = write_report(root, "r1", tmp_path / "report.html").read_text(encoding="utf-8")

    assert "model <code>openai/gpt-4o-mini</code>" in html
    assert "budget for the run: 200,000 tokens, no call limit, $1, 30 min" in html
    assert "<tr><td>debugger</td><td>2</td><td>1,800</td><td>300</td><td>2,100</td>" in html
    assert "<tr><td>coder</td><td>1</td><td>300</td><td>50</td><td>350</td>" in html
    assert "<td>$0.0035</td>" in html  # the run's total cost


def test_the_report_of_a_run_without_a_model_says_no_llm(
    tmp_path: Path, make_project: MakeProject
) -> None:
    root = make_project(tmp_path / "p", {"p.py": "x = 1\n"})
    started_run(root, "none")

    html = write_report(root, None, None).read_text(encoding="utf-8")

    assert "<h2>LLM usage</h2><p>no LLM (--llm none)</p>" in html
