"""The Coder agent: implements stubs and requirements, refactors, fixes type errors.

One agent named "coder" with two kinds of strategy:

* mechanical (no LLM): ruff's fixes and formatter (`MechanicalFixer`), for `lint_fix`
  and `format`;
* with a model: `implement_stub`, `implement_requirement`, `refactor`, `fix_types`,
  `fix_security` (`jobs.py` says what each is). For one job per task it asks the model, with a
  ranked map of the repository within a token budget, the relevant files and the
  failures of earlier attempts (`prompts.py`); applies the answer (edit blocks or a
  rewritten function); checks it in the sandbox (`checks.py`); and on failure feeds
  the output back into the next attempt, at most `attempts` times per task. A
  proposal that passes its checks becomes the candidate; the Director's ratchet
  decides, and its verdict comes back through `learn` as feedback for the next try.

Stuck detection (`stuck.py`): the same proposal or the same error again switches from
one answer format to the other (with a higher temperature); when every format is
stuck, or after `max_job_attempts`, the job is given up for the run and the task moves
on to the next job. Malformed answers are failed attempts, noted in the ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from myagent.agents.base import AgentContext, reset_worktree
from myagent.agents.coder.checks import check_proposal, is_test_path, write_files
from myagent.agents.coder.jobs import LLM_TASKS, Job, jobs_for
from myagent.agents.coder.prompts import (
    PromptLimits,
    build_messages,
    plan_messages,
    plan_steps,
    related_code,
)
from myagent.agents.coder.repo_map import RepoMapper
from myagent.agents.coder.splice import splice_function
from myagent.agents.coder.stuck import StuckDetector, proposal_key
from myagent.agents.coder_mechanical import MechanicalFixer
from myagent.llm.budget import BudgetExhaustedError
from myagent.llm.edits import EditApplyError, EditFormatError, apply_edit_blocks, parse_edit_blocks
from myagent.llm.provider import LLM, LLMError
from myagent.protocol import Candidate, FileEdit, Task, Verdict
from myagent.quality.requirements import mark_done

# strategy -> (answer format, temperature); tried in this order, switching when stuck
STRATEGIES: dict[str, tuple[str, float]] = {
    "rewrite": ("rewrite", 0.0),
    "edit": ("edit", 0.0),
    "rewrite-warm": ("rewrite", 0.5),
    "edit-warm": ("edit", 0.5),
}
FUNCTION_ORDER = ("rewrite", "edit", "rewrite-warm")  # jobs about one function
OTHER_ORDER = ("edit", "edit-warm")


@dataclass(frozen=True)
class CoderOptions:
    attempts: int = 3  # model calls per task (each after the previous one's feedback)
    max_job_attempts: int = 6  # per job, over the whole run, before it is given up
    max_tokens: int = 1536  # per answer with edit blocks
    max_function_tokens: int = 768  # per answer with one function
    requirements_file: str = "requirements.md"
    goal: str = ""
    limits: PromptLimits = field(default_factory=PromptLimits)


@dataclass(frozen=True)
class _Pending:
    job: str
    key: str  # proposal key
    remember: Callable[[str], None] | None = None  # an implemented requirement: store it


class _Failed(Exception):
    """An attempt that produced no usable proposal (the reason is the message)."""


class Coder:
    name = "coder"

    def __init__(self, llm: LLM | None = None, options: CoderOptions | None = None) -> None:
        self.llm = llm
        self.options = options or CoderOptions()
        self.mechanical = MechanicalFixer()
        self._stuck: dict[str, StuckDetector] = {}
        self._feedback: dict[str, list[str]] = {}
        self._pending: dict[str, _Pending] = {}
        self._rejected: set[str] = set()  # proposals the ratchet rejected in this run
        self._plans: dict[str, list[str]] = {}  # requirement job -> its steps
        self._maps: dict[Path, RepoMapper] = {}  # one per scratch tree (cached parses)
        self._related: dict[str, list[str]] = {}  # job -> code recalled for its last prompt

    def can_handle(self, task: Task) -> bool:
        if self.mechanical.can_handle(task):
            return True
        return self.llm is not None and task.kind in LLM_TASKS

    # ------------------------------------------------------------------ propose
    def propose(self, task: Task, ctx: AgentContext) -> list[Candidate]:
        if self.mechanical.can_handle(task):
            return self.mechanical.propose(task, ctx)
        if self.llm is None:
            return []
        gates = ctx.settings.gates
        jobs = jobs_for(
            task,
            ctx.report,
            ctx.workspace,
            complexity_target=gates.get("max_complexity", 15),
            requirements_file=self.options.requirements_file,
            goal=self.options.goal,
            skip={k for k, s in self._stuck.items() if s.given_up(k)},
        )
        calls = 0
        for job in jobs:
            candidate, used = self._work_on(job, task, ctx, self.options.attempts - calls)
            calls += used
            if candidate is not None:
                return [candidate]
            if calls >= self.options.attempts:
                break
        if not jobs:
            ctx.log.note(f"coder: nothing left to try for {task.kind}")
        return []

    def _detector(self, job: Job) -> StuckDetector:
        if job.key not in self._stuck:
            strategies = FUNCTION_ORDER if job.function is not None else OTHER_ORDER
            self._stuck[job.key] = StuckDetector(
                strategies, max_attempts=self.options.max_job_attempts
            )
        return self._stuck[job.key]

    def _work_on(
        self, job: Job, task: Task, ctx: AgentContext, calls_left: int
    ) -> tuple[Candidate | None, int]:
        detector = self._detector(job)
        feedback = self._feedback.setdefault(job.key, [])
        read = _reader(ctx.workspace)
        calls = 0
        while calls < calls_left:
            strategy = detector.strategy(job.key)
            if strategy is None:
                ctx.log.note(f"coder: gave up {job.key} (stuck: {len(feedback)} failed attempts)")
                return None, calls
            calls += 1
            try:
                files = self._attempt(job, strategy, ctx, read, feedback)
            except BudgetExhaustedError as exc:
                ctx.log.note(f"coder: {exc}")
                return None, calls_left
            except _Failed as exc:
                reason = str(exc)
                ctx.log.note(f"coder ({strategy}) {job.key}: {reason}")
                feedback.append(f"[{strategy}] {reason}")
                self._after_failure(detector, job, None, reason, ctx)
                continue
            key = proposal_key(files)
            if key in self._rejected:
                reason = "the same change as one the quality ratchet already rejected"
                ctx.log.note(f"coder ({strategy}) {job.key}: {reason}")
                feedback.append(f"[{strategy}] {reason}")
                self._after_failure(detector, job, key, reason, ctx)
                continue
            base = {p: read(p) for p in files}
            write_files(ctx.workspace, files)
            try:
                result = check_proposal(job, files, ctx, base)
            finally:
                reset_worktree(ctx.workspace)
            ctx.log.validated += 1
            if result.passed:
                detector.succeeded(job.key)
                ctx.log.note(f"coder ({strategy}) {job.key}: {result.detail}")
                candidate = self._candidate(task, job, strategy, files, key)
                self._recalled(candidate, job, ctx)
                return candidate, calls
            ctx.log.note(f"coder ({strategy}) {job.key}: {result.detail.splitlines()[0]}")
            feedback.append(f"[{strategy}] your change was checked: {result.detail}")
            self._after_failure(detector, job, key, result.detail, ctx)
        return None, calls

    def _after_failure(
        self, detector: StuckDetector, job: Job, key: str | None, reason: str, ctx: AgentContext
    ) -> None:
        action = detector.observe(job.key, key, reason)
        if action == "switch":
            now = detector.strategy(job.key)
            ctx.log.note(f"coder: {job.key} repeats itself; switching to {now or 'nothing'}")

    def _attempt(
        self,
        job: Job,
        strategy: str,
        ctx: AgentContext,
        read: Callable[[str], str | None],
        feedback: list[str],
    ) -> dict[str, str | None]:
        assert self.llm is not None
        job = self._with_context(job, ctx)
        mapped = self._mapper(ctx.workspace).build(
            _python_files(ctx),
            focus_files=job.files,
            focus_names=job.names,
            max_tokens=self.options.limits.map_tokens,
        )
        repo_map = mapped.text
        answer_format, temperature = STRATEGIES[strategy]
        plan = self._plan(job, repo_map, ctx)
        related = related_code(ctx.recall, job, ctx.test_dirs, self.options.limits)
        self._related[job.key] = [c.id for c in related]
        messages = build_messages(
            job, answer_format, read, repo_map, feedback, self.options.limits, plan, related
        )
        try:
            limit = (
                self.options.max_function_tokens
                if answer_format == "rewrite"
                else self.options.max_tokens
            )
            answer = self.llm.complete(messages, max_tokens=limit, temperature=temperature)
        except BudgetExhaustedError:
            raise
        except LLMError as exc:
            raise _Failed(f"model call failed: {exc}") from None
        files = self._files_from(answer.text, job, answer_format, read)
        tests = [p for p in files if is_test_path(p, ctx.test_dirs) and read(p) is not None]
        if tests:
            raise _Failed(f"the answer edits an existing test ({tests[0]}): refused")
        if job.requirement is not None:
            file = self.options.requirements_file
            files[file] = mark_done(read(file) or "", job.requirement)
        return files

    def _plan(self, job: Job, repo_map: str, ctx: AgentContext) -> list[str]:
        """A requirement's small steps, asked for once per job (none for other jobs)."""
        assert self.llm is not None
        if job.requirement is None:
            return []
        if job.key not in self._plans:
            try:
                answer = self.llm.complete(plan_messages(job, repo_map), max_tokens=400)
            except BudgetExhaustedError:
                raise
            except LLMError as exc:
                ctx.log.note(f"coder: planning {job.key} failed: {exc}")
                return []
            self._plans[job.key] = plan_steps(answer.text)
            steps = self._plans[job.key]
            ctx.log.note(f"coder: plan for {job.key}: {len(steps)} step(s)")
        return self._plans[job.key]

    def _files_from(
        self, text: str, job: Job, answer_format: str, read: Callable[[str], str | None]
    ) -> dict[str, str | None]:
        try:
            if answer_format == "rewrite" and job.function is not None:
                path, qualname = job.function
                return {path: splice_function(read(path) or "", qualname, text)}
            changed = apply_edit_blocks(parse_edit_blocks(text), read)
        except (EditFormatError, EditApplyError, LLMError) as exc:
            raise _Failed(f"unusable answer: {exc}") from None
        return dict(changed)

    def _with_context(self, job: Job, ctx: AgentContext) -> Job:
        """A job that names no file gets the source files defining its names."""
        if job.files or not job.names:
            return job
        mapper = self._mapper(ctx.workspace)
        sources = [p for p in _python_files(ctx) if not is_test_path(p, ctx.test_dirs)]
        files = mapper.relevant_files(sources, job.names, limit=3)
        return replace(job, files=tuple(files))

    def _mapper(self, workspace: Path) -> RepoMapper:
        return self._maps.setdefault(workspace, RepoMapper(workspace))

    def _candidate(
        self, task: Task, job: Job, strategy: str, files: dict[str, str | None], key: str
    ) -> Candidate:
        what = job.key.split(":", 1)[-1]
        summary = {
            "implement_stub": f"Implement {what}",
            "implement_requirement": "Implement requirement: "
            + (job.requirement.text[:80] if job.requirement else what),
            "refactor": f"Split {what} to lower its complexity",
            "fix_types": f"Fix type errors in {what}",
            "fix_security": f"Fix security findings in {what}",
        }.get(job.kind, job.key)
        candidate = Candidate(
            task_id=task.id,
            agent=self.name,
            summary=summary,
            edits=[FileEdit(path=p, content=c) for p, c in sorted(files.items())],
            strategy=f"llm-{strategy}:{job.key}",
        )
        self._pending[candidate.id] = _Pending(job.key, key)
        return candidate

    def _recalled(self, candidate: Candidate, job: Job, ctx: AgentContext) -> None:
        """Note the code recalled for the candidate's prompt (the ledger's
        `recalled_from`), and store an implemented requirement when it is accepted."""
        related = self._related.get(job.key, [])
        if related:
            ctx.log.recalled[candidate.id] = {
                "source": "vector",
                "code_snippets": ", ".join(related),
            }
        recall, requirement = ctx.recall, job.requirement
        if recall is None or requirement is None:
            return

        def remember(commit: str) -> None:
            recall.remember_requirement(
                requirement.key, requirement.text, ctx.run_id, candidate.id, commit
            )

        self._pending[candidate.id] = replace(self._pending[candidate.id], remember=remember)

    # ------------------------------------------------------------------ learn
    def learn(self, candidate: Candidate, verdict: Verdict, commit: str | None) -> None:
        pending = self._pending.pop(candidate.id, None)
        if pending is None:
            self.mechanical.learn(candidate, verdict, commit)
            return
        if verdict.accepted:
            self._feedback.pop(pending.job, None)
            if pending.remember is not None and commit:
                pending.remember(commit)
            return
        self._rejected.add(pending.key)
        reason = f"the quality ratchet rejected your change: {verdict.reason}"
        self._feedback.setdefault(pending.job, []).append(reason)
        detector = self._stuck.get(pending.job)
        if detector is not None:
            detector.observe(pending.job, pending.key, verdict.reason)


def _reader(workspace: Path) -> Callable[[str], str | None]:
    def read(path: str) -> str | None:
        target = workspace / path
        return target.read_text(encoding="utf-8") if target.is_file() else None

    return read


def _python_files(ctx: AgentContext) -> list[str]:
    files: set[str] = set()
    for entry in (*ctx.source_dirs, *ctx.test_dirs):
        path = ctx.workspace / entry
        if path.is_file() and path.suffix == ".py":
            files.add(entry)
        elif path.is_dir():
            files.update(
                p.relative_to(ctx.workspace).as_posix()
                for p in path.rglob("*.py")
                if "__pycache__" not in p.parts and not p.is_symlink()
            )
    return sorted(files)
