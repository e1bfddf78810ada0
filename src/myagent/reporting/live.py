"""The live view: a Rich panel that follows the run through its status messages.

It subscribes to the bus and shows the iteration, the agent and task at work, the last
verdict, every gate's value against its target with its trend and the Analyzer's
forecast, and the regressions since the previous run.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from myagent.protocol import AgentMessage, MessageType


def format_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and 0 < abs(value) < 1:
        return f"{value:.1%}"
    return f"{value:g}" if isinstance(value, int | float) else str(value)


class LiveView:
    """Renders the run's progress; use as a context manager around the run."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.iteration = 0
        self.activity = "starting"
        self.last_verdict = ""
        self.gates: list[dict[str, Any]] = []
        self.trends: dict[str, dict[str, Any]] = {}
        self.analysis: list[str] = []
        self._live = Live(self._render(), console=console, refresh_per_second=4, transient=False)

    def __enter__(self) -> LiveView:
        self._live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._live.update(self._render())
        self._live.__exit__(None, None, None)

    def on_message(self, message: AgentMessage) -> None:
        if message.type != MessageType.STATUS:
            return
        p = message.payload
        event = p.get("event")
        if event == "iteration":
            self.iteration = int(p["iteration"])
            self.activity = f"planning: {', '.join(p.get('tasks', []))}"
        elif event == "measure":
            self.activity = f"measuring {str(p.get('commit', ''))[:10]}"
        elif event == "task":
            self.activity = f"{p['agent']}: {p['task']} — {p.get('description', '')}"
        elif event == "validate":
            self.activity = f"validating {p['agent']} candidate ({p['strategy']})"
        elif event == "verdict":
            mark = "accepted" if p["accepted"] else "rejected"
            self.last_verdict = f"{p['strategy']}: {mark} — {p['reason']}"
        elif event == "gates":
            self.gates = list(p["gates"])
        elif event == "trends":
            self.trends = dict(p["trends"])
        elif event == "analysis":
            regressed = [f"regression: {r}" for r in p.get("regressions", [])]
            self.analysis = [*regressed, f"forecasts: {p.get('forecast_error', '')}"]
        elif event == "finished":
            self.activity = f"finished: {p['status']} ({p['reason']})"
        self._live.update(self._render())

    def _render(self) -> Group:
        table = Table(title=f"Iteration {self.iteration}", expand=False)
        for column in ("gate", "value", "target", "met", "trend", "forecast"):
            table.add_column(column)
        for gate in self.gates:
            seen = self.trends.get(gate["name"], {})
            met = Text("yes", style="green") if gate["met"] else Text("no", style="red")
            table.add_row(
                gate["name"], format_value(gate["value"]), format_value(gate["target"]), met,
                seen.get("trend", ""), seen.get("forecast", ""),
            )  # fmt: skip
        lines = [Text(f"▶ {self.activity}", style="bold")]
        if self.last_verdict:
            lines.append(Text(f"  last verdict: {self.last_verdict}", style="dim"))
        lines += [Text(f"  {line}", style="yellow" if line.startswith("regression") else "dim")
                  for line in self.analysis]  # fmt: skip
        return Group(*lines, table)
