"""The summary table printed at the end of a run."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from myagent.director.outcome import RunOutcome, RunStatus
from myagent.protocol import ToolStatus
from myagent.reporting.live import format_value


def print_summary(outcome: RunOutcome, console: Console) -> None:
    table = Table(title=f"MyAgent run {outcome.run_id}: {outcome.status.value}")
    for column in ("gate", "value", "target", "met"):
        table.add_column(column)
    for gate in outcome.gates:
        met = "[green]yes[/green]" if gate.met else "[red]no[/red]"
        table.add_row(gate.name, format_value(gate.value), format_value(gate.target), met)
    console.print(table)
    style = "green" if outcome.status == RunStatus.GATES_MET else "yellow"
    console.print(
        f"[{style}]{outcome.status.value}[/{style}]: {outcome.reason}. "
        f"{outcome.iterations} iteration(s), {outcome.accepted} accepted, "
        f"{outcome.rejected} rejected, {outcome.duration_s:.1f} s, score {outcome.report.score:.1f}",
        highlight=False,
    )
    pytest_run = outcome.report.tool("pytest")
    if pytest_run is not None and pytest_run.status == ToolStatus.OK and not outcome.report.tests:
        console.print(
            "[yellow]no tests:[/yellow] pytest found no tests in the project, so "
            "tests_pass_rate is 0 and no change can be checked against tests; add tests",
            highlight=False,
        )
    if outcome.llm_model != "none":
        parts = [
            f"{name} {u.calls} call(s) {u.tokens} tokens"
            for name, u in sorted(outcome.llm_usage.items())
        ]
        console.print(
            f"LLM {outcome.llm_model}: {outcome.llm_calls} call(s), {outcome.llm_tokens} tokens, "
            f"${outcome.llm_cost_usd:.4f}" + (f" ({'; '.join(parts)})" if parts else ""),
            highlight=False,
        )
    for item in outcome.unaddressed:
        console.print(f"  not addressed: {item}", highlight=False)
    console.print(f"branch {outcome.branch} at {outcome.head[:12]} (from {outcome.base[:12]})")
