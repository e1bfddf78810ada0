"""Read-side commands: status, history, rollback, report (all from the ledger)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from myagent.agents.analyzer import Analyzer, past_runs
from myagent.config import load_settings
from myagent.director.llm_record import recorded_usage
from myagent.director.outcome import RunOutcome
from myagent.errors import UserError
from myagent.memory import git
from myagent.memory.checkpoints import Checkpoints
from myagent.memory.ledger import Ledger
from myagent.project import open_ledger
from myagent.quality.gates import evaluate
from myagent.reporting.html import ActionRow, ReportData, render
from myagent.reporting.live import format_value
from myagent.storage.history import describe_origin
from myagent.storage.records import RunRecord


def _open(path: Path) -> tuple[Path, Ledger, int]:
    root = git.repo_root(path)
    settings = load_settings(root)
    ledger = open_ledger(root, settings)
    return root, ledger, ledger.ensure_project(root, root.name)


def _run(ledger: Ledger, project_id: int, run_id: str | None, root: Path) -> RunRecord:
    run = ledger.get_run(run_id) if run_id else ledger.latest_run(project_id)
    if run is None:
        which = f"run {run_id}" if run_id else "no run yet"
        raise UserError(f"{which} in {root}: start one with `myagent run {root}`")
    return run


def show_status(path: Path, console: Console) -> None:
    root, ledger, project_id = _open(path)
    run = _run(ledger, project_id, None, root)
    gates = {k: float(v) for k, v in dict(run.config.get("gates", {})).items()}
    metrics = _metrics_at(ledger, run)
    rollbacks = ledger.rollbacks(run.id)
    rolled = f" (after {len(rollbacks)} rollback(s))" if rollbacks else ""
    console.print(
        f"run {run.id}: {run.status} · {run.iterations} iteration(s) · {run.accepted} accepted, "
        f"{run.rejected} rejected · branch {run.branch} at {run.head_commit[:12]}{rolled}",
        highlight=False,
    )
    table = Table()
    for column in ("gate", "value", "target", "met"):
        table.add_column(column)
    for gate in evaluate(gates, metrics):
        met = "[green]yes[/green]" if gate.met else "[red]no[/red]"
        table.add_row(gate.name, format_value(gate.value), format_value(gate.target), met)
    console.print(table)


def show_history(path: Path, run_id: str | None, console: Console) -> None:
    root, ledger, project_id = _open(path)
    if run_id is None:
        if not ledger.list_runs(project_id):
            console.print(f"no run yet in {root}: start one with `myagent run {root}`")
            return
        # Fits 80 columns without cutting a run id, a status or a commit (the run id
        # starts with its UTC start time, so no separate "started" column).
        table = Table(title=f"Runs of {root.name}")
        table.add_column("run", no_wrap=True, min_width=20)
        table.add_column("status", no_wrap=True, min_width=16)
        for column in ("iter", "acc", "rej"):
            table.add_column(column, justify="right", no_wrap=True)
        table.add_column("head", no_wrap=True, min_width=12)
        for run in ledger.list_runs(project_id):
            table.add_row(
                run.id, str(run.status), str(run.iterations),
                str(run.accepted), str(run.rejected), run.head_commit[:12],
            )  # fmt: skip
        console.print(table)
        for entry in ledger.history(project_id)[-30:]:
            console.print(
                f"{entry.at:%H:%M:%S} {entry.run_id} {entry.kind}: {entry.summary}", highlight=False
            )
        return
    run = _run(ledger, project_id, run_id, root)
    table = Table(title=f"Actions of run {run.id}")
    for column in ("iter", "agent", "action", "strategy", "verdict", "reason"):
        table.add_column(column, overflow="fold")
    recalled: list[str] = []  # the memory behind each proposal, listed under the table
    for a in ledger.actions(run.id):
        verdict = {True: "accepted", False: "rejected", None: ""}[a.accepted]
        table.add_row(
            str(a.iteration),
            a.agent,
            a.action,
            str(a.details.get("strategy", "")),
            verdict,
            a.reason,
        )
        origin = a.details.get("recalled_from")
        if isinstance(origin, dict) and origin:
            what = f"iteration {a.iteration} {a.agent} {a.details.get('strategy', '')} ({verdict})"
            recalled.append(f"{what}: recalled from {describe_origin(origin)}")
    console.print(table)
    for line in recalled:
        console.print(line, highlight=False, markup=False, soft_wrap=True)


def do_rollback(
    path: Path, run_id: str | None, to: str | None, steps: int, reason: str, console: Console
) -> None:
    root, ledger, project_id = _open(path)
    run = _run(ledger, project_id, run_id, root)
    settings = load_settings(root)
    checkpoints = Checkpoints(root, settings.state_dir(root), run.id)
    chain = [run.base_commit, *checkpoints.commits_since(run.base_commit)]
    if to is None:
        if steps >= len(chain):
            raise UserError(f"run {run.id} has only {len(chain) - 1} checkpoint(s) to undo")
        target = chain[-1 - steps]
    else:
        full = git.rev_parse(root, to)
        if full is None or full not in chain:
            raise UserError(f"{to} is not a checkpoint of run {run.id}")
        target = full
    if target == checkpoints.head():
        raise UserError(f"{checkpoints.branch} is already at {target[:12]}: nothing to roll back")
    number = len(ledger.rollbacks(run.id)) + 1
    old, preserved = checkpoints.rollback(target, number)
    ledger.record_rollback(run.id, old, target, reason, preserved)
    ledger.update_run(run.id, head_commit=target)
    console.print(
        f"{checkpoints.branch}: {old[:12]} -> {target[:12]} (undone commits kept at {preserved})"
    )


def _metrics_at(ledger: Ledger, run: RunRecord) -> dict[str, float]:
    """The metrics measured on the run branch's head (after a rollback: an older commit).

    Each measurement names its commit; each accepted candidate is a checkpoint. Falls
    back to the last recorded score when the head was never measured on its own."""
    by_commit: dict[str, dict[str, float]] = {}
    commit_of = {c.candidate_id: c.commit for c in ledger.checkpoints(run.id) if c.candidate_id}
    for action in ledger.actions(run.id):
        if action.action == "measure":
            by_commit[str(action.details.get("commit", ""))] = action.metrics_after
        elif action.accepted and action.candidate_id in commit_of:
            by_commit[commit_of[action.candidate_id]] = action.metrics_after
    if run.head_commit in by_commit:
        return by_commit[run.head_commit]
    scores = ledger.score_history(run.id)
    return scores[-1].metrics if scores else {}


def write_report(
    path: Path, run_id: str | None, output: Path | None, outcome: RunOutcome | None = None
) -> Path:
    root, ledger, project_id = _open(path)
    run = _run(ledger, project_id, run_id, root)
    scores = ledger.score_history(run.id)
    actions = ledger.actions(run.id)
    last_tools: object = next(
        (a.details.get("tools", []) for a in reversed(actions) if a.action == "measure"), []
    )
    llm = recorded_usage(actions)  # from the ledger, so a rebuilt report shows it too
    gates = {k: float(v) for k, v in dict(run.config.get("gates", {})).items()}
    history = [dict(s.metrics) for s in scores]
    data = ReportData(
        project=str(root),
        run_id=run.id,
        status=str(run.status),
        reason=outcome.reason if outcome else "",
        branch=run.branch,
        base=run.base_commit,
        head=run.head_commit,
        duration_s=outcome.duration_s if outcome else 0.0,
        gates=gates,
        history=history,
        scores=[s.score for s in scores],
        actions=[
            ActionRow(
                a.iteration,
                a.agent,
                a.action,
                str(a.details.get("strategy", "")),
                a.accepted,
                a.reason,
            )
            for a in actions
        ],
        checkpoints=[(c.iteration, c.commit, c.summary) for c in ledger.checkpoints(run.id)],
        milestones=[(m.gate, m.value, m.iteration) for m in ledger.milestones(run.id)],
        unaddressed=outcome.unaddressed if outcome else [],
        tools=(
            [t.model_dump(mode="json") for t in outcome.report.tools]
            if outcome
            else list(last_tools)
            if isinstance(last_tools, list)
            else []
        ),
        llm_model=", ".join(llm.models) or run.llm_model,
        llm_usage=llm.by_agent,
        llm_limits=llm_limits(run.config.get("budget")),
        outlook=outlook(gates, history),
        analysis=[a.reason for a in actions if a.agent == "analyzer" and a.action == "analyze"],
        across_runs=[(r.run_id, r.last) for r in past_runs(ledger, project_id, run.id)][-5:],
    )
    target = output or root / ".myagent" / "reports" / f"{run.id}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(data), encoding="utf-8")
    return target


def outlook(gates: dict[str, float], history: list[dict[str, float]]) -> list[tuple[str, str, str]]:
    """(gate, trend, forecast) for each gate, as the Analyzer sees `history`."""
    analyzer = Analyzer()
    ahead = {f.gate: f.describe() for f in analyzer.forecasts(gates, history)}
    return [(t.gate, t.trend, ahead[t.gate]) for t in analyzer.trends(gates, history)]


def llm_limits(budget: object) -> str:
    """The LLM budget of a run's recorded `[budget]`, in words ("" when not recorded)."""
    if not isinstance(budget, dict):
        return ""

    def number(key: str) -> float:
        value = budget.get(key, 0)
        return float(value) if isinstance(value, int | float) else 0.0

    tokens, calls = int(number("max_tokens")), int(number("max_calls"))
    return ", ".join(
        (
            f"{tokens:,} tokens" if tokens else "no token limit",
            f"{calls:,} calls" if calls else "no call limit",
            f"${number('max_cost_usd'):g}",
            f"{number('max_minutes'):g} min",
        )
    )
