"""The self-contained HTML report of a run: gates, charts, LLM usage, actions, checkpoints."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from myagent.llm.budget import AgentUsage
from myagent.quality.gates import GATES, is_met
from myagent.reporting.charts import line_chart

_PERCENT = {"tests_pass_rate", "coverage_line", "coverage_branch"}

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1100px}
h1{margin-bottom:.2rem} .sub{color:#666;margin-top:0}
table{border-collapse:collapse;margin:1rem 0;width:100%} td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;font-size:.9rem;vertical-align:top}
th{background:#f4f4f4} .yes{color:#117a2f;font-weight:600} .no{color:#b3261e;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:1rem} .chart{border:1px solid #eee;padding:.5rem}
.chart h3{margin:.2rem 0;font-size:1rem} svg{width:520px;height:180px;font-size:10px}
.frame{fill:#fafafa;stroke:#eee} .line{fill:none;stroke:#1f5fbf;stroke-width:2} circle{fill:#1f5fbf}
.target{stroke:#b3261e;stroke-dasharray:4 3} .tl{fill:#b3261e}
code{background:#f4f4f4;padding:0 .2rem}
"""


@dataclass(frozen=True)
class ActionRow:
    iteration: int
    agent: str
    action: str
    strategy: str
    accepted: bool | None
    reason: str


@dataclass(frozen=True)
class ReportData:
    project: str
    run_id: str
    status: str
    reason: str
    branch: str
    base: str
    head: str
    duration_s: float
    gates: dict[str, float]  # gate -> target
    history: list[dict[str, float]]  # metrics per measured state, oldest first
    scores: list[float]
    actions: list[ActionRow] = field(default_factory=list)
    checkpoints: list[tuple[int, str, str]] = field(default_factory=list)  # iteration, sha, summary
    milestones: list[tuple[str, float, int]] = field(default_factory=list)  # gate, value, iteration
    unaddressed: list[str] = field(default_factory=list)
    tools: list[dict[str, Any]] = field(default_factory=list)
    llm_model: str = "none"  # the model(s) the run called, "none" without a model
    llm_usage: dict[str, AgentUsage] = field(default_factory=dict)  # per agent
    llm_limits: str = ""  # the run's LLM budget in words ("" when unknown)
    outlook: list[tuple[str, str, str]] = field(default_factory=list)  # gate, trend, forecast
    analysis: list[str] = field(default_factory=list)  # regressions, the forecasts' error
    # the last measurement of each earlier run, oldest first: (run id, metrics)
    across_runs: list[tuple[str, dict[str, float]]] = field(default_factory=list)


def _fmt(name: str, value: float | None) -> str:
    if value is None:
        return "not measured"
    return f"{value:.1%}" if name in _PERCENT else f"{value:g}"


def render(data: ReportData) -> str:
    """The whole report as one HTML document."""
    current = data.history[-1] if data.history else {}
    first = data.history[0] if data.history else {}
    gate_rows = []
    for name, target in data.gates.items():
        value = current.get(name)

        met = is_met(name, target, value)
        gate_rows.append(
            f"<tr><td>{escape(name)}</td><td>{_fmt(name, first.get(name))}</td>"
            f"<td>{_fmt(name, value)}</td><td>{_fmt(name, target)}</td>"
            f'<td class="{"yes" if met else "no"}">{"met" if met else "not met"}</td>'
            f"<td>{escape(GATES[name].description)}</td></tr>"
        )
    charts = [line_chart("Quality score (0-100)", data.scores)]
    for name, target in data.gates.items():
        values = [h.get(name) for h in data.history]
        charts.append(line_chart(name, values, target, percent=name in _PERCENT))
    actions = "".join(
        f"<tr><td>{a.iteration}</td><td>{escape(a.agent)}</td><td>{escape(a.action)}</td>"
        f"<td>{escape(a.strategy)}</td>"
        f'<td class="{"yes" if a.accepted else "no" if a.accepted is False else ""}">'
        f"{'accepted' if a.accepted else 'rejected' if a.accepted is False else ''}</td>"
        f"<td>{escape(a.reason)}</td></tr>"
        for a in data.actions
    )
    checkpoints = "".join(
        f"<tr><td>{i}</td><td><code>{escape(sha[:12])}</code></td><td>{escape(s)}</td></tr>"
        for i, sha, s in data.checkpoints
    )
    milestones = "".join(
        f"<li>{escape(g)} met at iteration {i} ({_fmt(g, v)})</li>" for g, v, i in data.milestones
    )
    unaddressed = "".join(f"<li>{escape(u)}</li>" for u in data.unaddressed)
    tools = "".join(
        f"<tr><td>{escape(str(t['tool']))}</td><td>{escape(str(t['status']))}</td>"
        f"<td>{escape(str(t.get('detail', '')))}</td></tr>"
        for t in data.tools
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MyAgent report {escape(data.run_id)}</title>
<style>{_STYLE}</style></head><body>
<h1>MyAgent run {escape(data.run_id)}</h1>
<p class="sub">{escape(data.project)} · status <b>{escape(data.status)}</b> ({escape(data.reason)}) ·
{data.duration_s:.1f} s · branch <code>{escape(data.branch)}</code> ·
<code>{escape(data.base[:12])}</code> → <code>{escape(data.head[:12])}</code></p>
<h2>Gates</h2>
<table><tr><th>gate</th><th>start</th><th>now</th><th>target</th><th>status</th><th>meaning</th></tr>
{"".join(gate_rows)}</table>
{f"<h2>Not addressed yet</h2><ul>{unaddressed}</ul>" if unaddressed else ""}
<h2>Over the iterations</h2><div class="charts">{"".join(charts)}</div>
{_outlook_section(data)}
{f"<h2>Milestones</h2><ul>{milestones}</ul>" if milestones else ""}
{_llm_section(data)}
<h2>Checkpoints</h2><table><tr><th>iteration</th><th>commit</th><th>change</th></tr>
{checkpoints or '<tr><td colspan="3">none</td></tr>'}</table>
<h2>Actions</h2><table><tr><th>iteration</th><th>agent</th><th>action</th><th>strategy</th>
<th>verdict</th><th>reason</th></tr>{actions}</table>
<h2>Tools</h2><table><tr><th>tool</th><th>status</th><th>detail</th></tr>{tools}</table>
</body></html>
"""


def _outlook_section(data: ReportData) -> str:
    """The Analyzer's trends and forecasts per gate, and what it found on past runs."""
    if not data.outlook and not data.analysis:
        return ""
    rows = "".join(
        f"<tr><td>{escape(g)}</td><td>{escape(t)}</td><td>{escape(f)}</td></tr>"
        for g, t, f in data.outlook
    )
    notes = "".join(f"<li>{escape(line)}</li>" for line in data.analysis)
    return (
        "<h2>Trends and forecast</h2><table><tr><th>gate</th><th>trend</th>"
        f"<th>iterations still needed (at the recent pace)</th></tr>{rows}</table>"
        + (f"<ul>{notes}</ul>" if notes else "")
        + _across_runs(data)
    )


def _across_runs(data: ReportData) -> str:
    """Each gate where the earlier runs ended, then where this run is."""
    if not data.across_runs:
        return ""
    now = data.history[-1] if data.history else {}
    runs = [*data.across_runs, (f"{data.run_id} (this run)", now)]
    head = "".join(f"<th>{escape(g)}</th>" for g in data.gates)
    rows = "".join(
        f"<tr><td>{escape(run)}</td>"
        + "".join(f"<td>{_fmt(g, metrics.get(g))}</td>" for g in data.gates)
        + "</tr>"
        for run, metrics in runs
    )
    return f"<h3>Across runs</h3><table><tr><th>run</th>{head}</tr>{rows}</table>"


def _llm_section(data: ReportData) -> str:
    """Model, calls, tokens and cost per agent; one line when the run used no model."""
    if data.llm_model == "none" and not data.llm_usage:
        return "<h2>LLM usage</h2><p>no LLM (--llm none)</p>"
    limits = f" · budget for the run: {escape(data.llm_limits)}" if data.llm_limits else ""
    head = f"<h2>LLM usage</h2><p>model <code>{escape(data.llm_model)}</code>{limits}</p>"
    if not data.llm_usage:
        return head + "<p>no LLM call was made</p>"
    total = sum(data.llm_usage.values(), AgentUsage())
    rows = [_usage_row(escape(agent), u) for agent, u in sorted(data.llm_usage.items())]
    if len(data.llm_usage) > 1:
        rows.append(_usage_row("<b>total</b>", total))
    return (
        head + "<table><tr><th>agent</th><th>calls</th><th>prompt tokens</th>"
        "<th>completion tokens</th><th>tokens</th><th>cost (USD)</th><th>seconds in calls</th>"
        f"</tr>{''.join(rows)}</table>"
    )


def _usage_row(agent: str, u: AgentUsage) -> str:
    cells = (
        f"{u.calls:,}", f"{u.prompt_tokens:,}", f"{u.completion_tokens:,}", f"{u.tokens:,}",
        f"${u.cost_usd:.4f}", f"{u.seconds:.1f}",
    )  # fmt: skip
    return f"<tr><td>{agent}</td>{''.join(f'<td>{c}</td>' for c in cells)}</tr>"
