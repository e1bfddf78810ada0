"""The Continuous Director: measure, plan, propose, validate, keep only what is better.

One run works on the branch `myagent/<run-id>`. Each iteration turns the unmet gates
into tasks, asks agents for candidates, validates each candidate in its own worktree
and lets the ratchet decide. The run stops when every gate is met, the budget is
spent, or `stall_iterations` iterations in a row accept nothing. Every step is in the
ledger before the next begins, so a killed run resumes from its last checkpoint.

Budgets are the whole run's: a resumed run counts the iterations, the LLM usage and
the wall time (`max_minutes`, also the LLM calls' time limit) of its earlier sessions.
Every model call is recorded as an `llm_usage` action as soon as it returns.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from myagent.agents.analyzer import Analyzer, past_runs
from myagent.agents.base import Agent, AgentContext, Attempt, ToolEnv
from myagent.bus import MessageBus
from myagent.config import ProjectSettings
from myagent.director.coordinator import Coordinator
from myagent.director.llm_record import LLM_USAGE, usage_details, usage_reason
from myagent.director.outcome import RunOutcome, RunStatus
from myagent.director.planner import plan
from myagent.director.run_state import RunState, open_run
from myagent.director.validate import Measurer, validate
from myagent.learning.engine import LearningEngine
from myagent.llm.budget import AgentUsage, UsageMeter
from myagent.memory import git
from myagent.memory.ledger import Ledger
from myagent.memory.recall import Recall
from myagent.protocol import Candidate, MessageType, QualityReport, Task
from myagent.quality.gates import evaluate
from myagent.sandbox.runner import SandboxRunner

DIRECTOR = "director"


@dataclass(frozen=True)
class ProjectEnv:
    """What the Director knows about the project's layout and MyAgent's tools."""

    source_dirs: tuple[str, ...]
    test_dirs: tuple[str, ...]
    tools: ToolEnv


class Director:
    def __init__(
        self,
        root: Path,
        settings: ProjectSettings,
        ledger: Ledger,
        runner: SandboxRunner,
        monitor: Measurer,
        agents: Sequence[Agent],
        bus: MessageBus,
        env: ProjectEnv,
        clock: Callable[[], float] = time.monotonic,
        llm_usage: UsageMeter | None = None,
        learning: LearningEngine | None = None,
        recall: Recall | None = None,
    ) -> None:
        self.root = root
        self.settings = settings
        self.ledger = ledger
        self.runner = runner
        self.monitor = monitor
        self.bus = bus
        self.env = env
        self.clock = clock
        self.llm_usage = llm_usage  # the model calls of every agent, and their budget
        self.coordinator = Coordinator(agents, bus, learning=learning)  # learned agent order
        self.analyzer = Analyzer()
        self.recall = recall  # the vector memory the agents recall from (None: off)
        bus.subscribe(self._record_message)
        if llm_usage is not None:
            llm_usage.listen(self._record_llm_call)
        self._run_id = ""
        self._state: RunState | None = None
        self._started = 0.0
        self._recall_noted = 0  # failures of the vector memory already in the notes

    # ------------------------------------------------------------------ public
    def run(self, resume: bool = False) -> RunOutcome:
        started = self.clock()
        state = open_run(self.root, self.settings, self.ledger, resume)
        self._run_id = state.run_id
        self._state = state
        started -= state.earlier_seconds  # the budgets are the whole run's
        self._started = started
        if self.llm_usage is not None and resume:
            self.llm_usage.restore(state.llm_usage, state.earlier_seconds)
        self._status("run", run=state.run_id, branch=state.checkpoints.branch, resume=resume)
        try:
            report = self._measure_baseline(state)
            if not resume:
                self._analyze_past(state, report)
            status, reason, unaddressed = self._loop(state, report, started)
        except Exception as exc:
            # A bug or an environment failure: record it, keep every checkpoint, and let
            # `--resume` continue; the traceback goes to the state folder's log.
            log = self._log_crash(state, exc)
            reason = f"{type(exc).__name__}: {exc} (traceback in {log}; continue with --resume)"
            return self._finish(state, RunStatus.ERROR, reason, [], started)
        return self._finish(state, status, reason, unaddressed, started)

    def _log_crash(self, state: RunState, exc: Exception) -> Path:
        logs = self.settings.state_dir(self.root) / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        path = logs / f"{state.run_id}.log"
        text = "".join(traceback.format_exception(exc))
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
        self.ledger.record_action(
            state.run_id, state.iteration, DIRECTOR, "error", {"traceback": text},
            {}, {}, None, f"{type(exc).__name__}: {exc}",
        )  # fmt: skip
        return path

    # ------------------------------------------------------------------ the loop
    def _loop(
        self, state: RunState, report: QualityReport, started: float
    ) -> tuple[RunStatus, str, list[str]]:
        budget = self.settings.budget
        stall = 0
        unaddressed: list[str] = []
        while True:
            gates = evaluate(self.settings.gates, report.metrics)
            self._status("gates", gates=[g.model_dump(mode="json") for g in gates])
            if all(g.met for g in gates):
                return RunStatus.GATES_MET, "every gate is met", unaddressed
            work = plan(gates, report, self.coordinator.can_handle)
            unaddressed = work.unaddressed
            if not work.tasks:
                why = "; ".join(unaddressed) or "no task"
                return (
                    RunStatus.STALLED,
                    f"no agent can improve the unmet gates ({why})",
                    unaddressed,
                )
            if state.iteration >= budget.max_iterations:
                return (
                    RunStatus.BUDGET_EXHAUSTED,
                    f"max_iterations ({budget.max_iterations}) reached",
                    unaddressed,
                )
            if self._out_of_time(started):
                earlier = (
                    f", {state.earlier_seconds / 60:.1f} of them before --resume"
                    if state.earlier_seconds
                    else ""
                )
                return (
                    RunStatus.BUDGET_EXHAUSTED,
                    f"max_minutes ({budget.max_minutes:g}) reached{earlier}",
                    unaddressed,
                )
            spent = self.llm_usage.exhausted() if self.llm_usage is not None else None
            if spent is not None:
                return RunStatus.BUDGET_EXHAUSTED, spent, unaddressed
            if stall >= budget.stall_iterations:
                return (
                    RunStatus.STALLED,
                    f"{stall} iterations without an accepted change",
                    unaddressed,
                )
            state.iteration += 1
            self.ledger.begin_iteration(state.run_id, state.iteration)
            self._status("iteration", iteration=state.iteration, tasks=[t.kind for t in work.tasks])
            accepted_before = state.accepted
            for task in work.tasks:
                if self._out_of_time(started):
                    break
                report = self._do_task(state, task, report)
            self.ledger.end_iteration(state.run_id, state.iteration, report.score, report.metrics)
            self.ledger.record_score(state.run_id, state.iteration, report.score, report.metrics)
            state.history.append(dict(report.metrics))
            self._trends(state)
            self.ledger.update_run(
                state.run_id,
                iterations=state.iteration,
                accepted=state.accepted,
                rejected=state.rejected,
                head_commit=state.head,
            )
            stall = 0 if state.accepted > accepted_before else stall + 1

    def _do_task(self, state: RunState, task: Task, report: QualityReport) -> QualityReport:
        base = state.head
        with state.checkpoints.worktree(base, "scratch") as scratch:
            ctx = AgentContext(
                workspace=scratch,
                report=report,
                settings=self.settings,
                runner=self.runner,
                tools=self.env.tools,
                source_dirs=self.env.source_dirs,
                test_dirs=self.env.test_dirs,
                tests=self.monitor,
                run_id=state.run_id,
                attempts=tuple(state.attempts),
                # time enough left to validate a candidate: about one measurement
                out_of_time=lambda: self._out_of_time(self._started, report.duration_s),
                recall=self.recall,
            )
            self._status("task", agent=task.agent, task=task.kind, description=task.description)
            candidates = self.coordinator.propose(task, ctx)
            if self.recall is not None:  # the vector memory failed: noted, the run goes on
                ctx.log.notes.extend(self.recall.problems[self._recall_noted :])
                self._recall_noted = len(self.recall.problems)
        state.validated += ctx.log.validated
        if ctx.log.notes or ctx.log.validated:
            self.ledger.record_action(
                state.run_id, state.iteration, task.agent, "diagnose",
                {"task": task.kind, "gate": task.gate, "notes": ctx.log.notes,
                 "validated": ctx.log.validated},
                {}, {}, None, "; ".join(ctx.log.notes)[:2000], task_id=task.id,
            )  # fmt: skip
        if not candidates:
            self._record(
                state,
                task.agent,
                "no_candidate",
                task,
                None,
                report,
                report,
                None,
                "no candidate proposed",
            )
        for candidate in candidates:
            if self._out_of_time(self._started):
                why = f"not validated: max_minutes ({self.settings.budget.max_minutes:g}) reached"
                self._record(state, candidate.agent, "propose", task, candidate, report, report,
                             None, why)  # fmt: skip
                continue
            stale = self._stale(state, candidate, base)
            if stale:
                self._record(
                    state, candidate.agent, "propose", task, candidate, report, report, False, stale
                )
                continue
            self._status(
                "validate", agent=candidate.agent, task=task.kind, strategy=candidate.strategy
            )
            result = validate(
                candidate,
                task,
                report,
                state.head,
                state.checkpoints,
                self.monitor,
                self.env.test_dirs,
                tuple(self.settings.gates),
            )
            v = result.verdict
            self._record(
                state,
                candidate.agent,
                "propose",
                task,
                candidate,
                report,
                result.report,
                v.accepted,
                v.reason,
                ctx.log.recalled.get(candidate.id),
            )
            state.attempts.append(Attempt(task.kind, candidate.strategy, v.accepted, v.reason))
            state.validated += 1
            self.coordinator.learn(candidate, v, result.commit)
            self._status(
                "verdict", strategy=candidate.strategy, accepted=v.accepted, reason=v.reason
            )
            if v.accepted and result.commit is not None:
                self.ledger.record_checkpoint(
                    state.run_id,
                    state.iteration,
                    result.commit,
                    state.head,
                    candidate.summary,
                    candidate.id,
                )
                state.head = result.commit
                state.accepted += 1
                report = result.report
                state.last_report = report
                self._milestones(state, report)
            else:
                state.rejected += 1
        return report

    # ------------------------------------------------------------------ helpers
    def _measure_baseline(self, state: RunState) -> QualityReport:
        self._status("measure", commit=state.head)
        with state.checkpoints.worktree(state.head, "base") as worktree:
            report = self.monitor.measure(worktree).model_copy(update={"commit": state.head})
        self.ledger.record_action(
            state.run_id, state.iteration, "analyzer", "measure",
            {"commit": state.head, "tools": [t.model_dump(mode="json") for t in report.tools]},
            {}, dict(report.metrics), None, "baseline measurement",
        )  # fmt: skip
        if not state.history:
            self.ledger.record_score(state.run_id, state.iteration, report.score, report.metrics)
        state.history.append(dict(report.metrics))
        state.last_report = report
        self._milestones(state, report)
        return report

    def _analyze_past(self, state: RunState, report: QualityReport) -> None:
        """Regressions since the previous run, and the forecasts' error on past runs."""
        gates = self.settings.gates
        past = past_runs(self.ledger, state.project_id, state.run_id)
        found = self.analyzer.regressions(
            gates, past, dict(report.metrics),
            merged=lambda commit: git.is_ancestor(self.root, commit, state.base),
        )  # fmt: skip
        error = self.analyzer.forecast_error(gates, past)
        details = {
            "past_runs": len(past),
            "regressions": [asdict(r) for r in found],
            "forecast_error": asdict(error),
        }
        reason = "; ".join(r.describe() for r in found) or (
            "no regression since the previous run" if past else "no earlier run"
        )
        self.ledger.record_action(
            state.run_id, state.iteration, self.analyzer.name, "analyze", details,
            {}, dict(report.metrics), None, f"{reason}; forecasts {error.describe()}",
        )  # fmt: skip
        self._status(
            "analysis", sender=self.analyzer.name, regressions=[r.describe() for r in found],
            forecast_error=error.describe(),
        )  # fmt: skip

    def _trends(self, state: RunState) -> None:
        gates = self.settings.gates
        trends = self.analyzer.trends(gates, state.history)
        ahead = {f.gate: f for f in self.analyzer.forecasts(gates, state.history)}
        self._status(
            "trends",
            trends={
                t.gate: {
                    "values": list(t.values),
                    "trend": t.trend,
                    "forecast": ahead[t.gate].describe(),
                    "iterations_left": ahead[t.gate].iterations_left,
                }
                for t in trends
            },
            sender=self.analyzer.name,
        )

    def _milestones(self, state: RunState, report: QualityReport) -> None:
        for gate in evaluate(self.settings.gates, report.metrics):
            if gate.met and gate.value is not None and gate.name not in state.milestones:
                state.milestones.add(gate.name)
                new = self.ledger.record_milestone(
                    state.run_id, gate.name, gate.value, gate.target, state.iteration, state.head
                )
                if new:
                    self._status("milestone", gate=gate.name, value=gate.value)

    def _stale(self, state: RunState, candidate: Candidate, base: str) -> str:
        if state.head == base:
            return ""
        moved = set(git.git(self.root, "diff", "--name-only", base, state.head).splitlines())
        clash = sorted(moved.intersection(e.path for e in candidate.edits))
        return f"stale: {clash[0]} changed since the candidate was made" if clash else ""

    def _record_llm_call(self, agent: str, used: AgentUsage, total: AgentUsage) -> None:
        """One `llm_usage` action per model call, recorded as soon as the call returns."""
        state = self._state
        if state is None:
            return
        self.ledger.record_action(
            state.run_id, state.iteration, agent, LLM_USAGE,
            usage_details(self.settings.llm.model, used, total),
            {}, {}, None, usage_reason(used),
        )  # fmt: skip

    def _out_of_time(self, started: float, reserve_s: float = 0.0) -> bool:
        """The run's time is spent, or less than `reserve_s` seconds are left."""
        return self.clock() - started + reserve_s >= self.settings.budget.max_minutes * 60

    def _record(
        self,
        state: RunState,
        agent: str,
        action: str,
        task: Task,
        candidate: Candidate | None,
        before: QualityReport,
        after: QualityReport,
        accepted: bool | None,
        reason: str,
        recalled_from: Mapping[str, object] | None = None,
    ) -> None:
        details: dict[str, object] = {"task": task.kind, "gate": task.gate}
        if candidate is not None:
            details |= {
                "strategy": candidate.strategy,
                "summary": candidate.summary,
                "files": [e.path for e in candidate.edits],
            }
        if recalled_from:  # the memory that produced the candidate
            details["recalled_from"] = dict(recalled_from)
        self.ledger.record_action(
            state.run_id, state.iteration, agent, action, details,
            dict(before.metrics), dict(after.metrics), accepted, reason,
            task_id=task.id, candidate_id=candidate.id if candidate else None,
        )  # fmt: skip

    def _status(self, event: str, sender: str = DIRECTOR, **payload: object) -> None:
        self.bus.send(MessageType.STATUS, sender, "observer", {"event": event, **payload})

    def _record_message(self, message: object) -> None:
        from myagent.protocol import AgentMessage

        if isinstance(message, AgentMessage) and self._run_id:
            self.ledger.record_message(self._run_id, message)

    def _finish(
        self,
        state: RunState,
        status: RunStatus,
        reason: str,
        unaddressed: list[str],
        started: float,
    ) -> RunOutcome:
        self.ledger.update_run(
            state.run_id, status=status.value, ended=True, iterations=state.iteration,
            accepted=state.accepted, rejected=state.rejected, head_commit=state.head,
        )  # fmt: skip
        final = self.ledger_report(state)
        self._status("finished", status=status.value, reason=reason)
        return RunOutcome(
            run_id=state.run_id,
            status=status,
            reason=reason,
            iterations=state.iteration,
            gates=evaluate(self.settings.gates, final.metrics),
            branch=state.checkpoints.branch,
            base=state.base,
            head=state.head,
            accepted=state.accepted,
            rejected=state.rejected,
            duration_s=self.clock() - started,
            report=final,
            unaddressed=unaddressed,
            validated=state.validated,
            llm_model=self.settings.llm.model,
            llm_usage=self.llm_usage.by_agent() if self.llm_usage is not None else {},
        )

    def ledger_report(self, state: RunState) -> QualityReport:
        return state.last_report or QualityReport()
