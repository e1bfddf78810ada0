"""The Debugger: finds the fault behind failing tests and proposes a checked fix.

For a `fix_failing_test` task it

1. localises the fault from per-test coverage, outcomes and tracebacks (Ochiai by
   default), and notes the top suspects;
2. asks the error knowledge graph for fixes of similar errors, and the vector memory
   (`ctx.recall`, when on) for accepted solutions of errors whose text is similar, and
   tries those first (`repair.known_fixes`: where the code they change still exists);
3. then fix templates at the suspicious lines (ordered by suspiciousness, the learned
   success rate of each template, edit size), then the LLM when one is configured;
   with a `LearningEngine`, the rate learned for the error type, which reorders the
   known fixes too (`myagent.learning.repair`);
4. checks fixes in the sandbox, in parallel worktrees: failing tests first, then the
   tests covering the changed lines; the first fix that passes becomes the candidate.

Every outcome (checked and failed, or judged by the ratchet) updates the error graph;
a verdict is written to the error graph, the pattern store and the vector memory in one
place (`learning.record`). The memory that produced a candidate (an error-graph
solution, a vector hit, a learned pattern) goes to the ledger as `recalled_from`.
When nothing works, its notes say what it tried (they go into the ledger and report).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from myagent.agents.base import AgentContext
from myagent.agents.coder.splice import find_function
from myagent.learning import provenance
from myagent.learning import repair as learned
from myagent.learning.engine import LearningEngine
from myagent.learning.record import FixOutcome, record_attempts, record_verdict
from myagent.llm.provider import LLM
from myagent.memory import git
from myagent.memory.error_graph import ErrorGraph
from myagent.memory.error_signature import ErrorSignature
from myagent.memory.recall import Recall, RecalledFix
from myagent.protocol import Candidate, FileEdit, Task, TestOutcome, TestStatus, Verdict
from myagent.repair.diffs import unified_diff
from myagent.repair.known_fixes import KnownFixRepair, signatures_of
from myagent.repair.llm_repair import LlmRepair
from myagent.repair.localize import localize
from myagent.repair.prevalidate import Check, StagedValidator
from myagent.repair.strategy import Fix, RepairProblem, RepairStrategy, TemplateRepair, first_of
from myagent.repair.types import Formula

FIX_TASK = "fix_failing_test"
Reader = Callable[[str], str | None]
FAILING = (TestStatus.FAILED, TestStatus.ERROR, TestStatus.TIMEOUT)


@dataclass(frozen=True)
class _Pending:
    outcome: FixOutcome
    recall: Recall | None


class Debugger:
    name = "debugger"

    def __init__(
        self,
        error_graph: ErrorGraph | None = None,
        llm: LLM | None = None,
        *,
        formula: Formula = "ochiai",
        max_checks: int = 60,
        parallel: int = 2,
        learning: LearningEngine | None = None,
    ) -> None:
        self.graph = error_graph
        self.learning = learning  # orders fixes by what worked for the error type
        self.llm = llm
        self.formula = formula
        self.max_checks = max_checks
        self.parallel = max(1, parallel)
        self._failed: set[str] = set()  # fixes already checked and failed in this run
        self._feedback: list[str] = []
        self._pending: dict[str, _Pending] = {}

    def can_handle(self, task: Task) -> bool:
        return task.kind == FIX_TASK

    # ------------------------------------------------------------------ propose
    def propose(self, task: Task, ctx: AgentContext) -> list[Candidate]:
        failing = [t for t in ctx.report.tests if t.status in FAILING]
        in_stubs = _in_stubs(failing, ctx)
        if in_stubs:
            ctx.log.note(
                f"{len(in_stubs)} failing test(s) stop in unimplemented functions "
                f"(e.g. {in_stubs[0].nodeid}): left to the Coder's implement_stub task"
            )
            failing = [t for t in failing if t not in in_stubs]
        if not failing:
            return []
        frames = {t.nodeid: list(t.frames) for t in failing}
        localization = localize(ctx.report, self.formula, frames, ctx.source_dirs)
        if not localization.lines:
            ctx.log.note("no suspicious line: the failing tests execute no project source line")
            return []
        top = ", ".join(f"{s.path}:{s.line} ({s.score:.2f})" for s in localization.top(3))
        ctx.log.note(f"suspects ({self.formula}): {top}")
        signatures = signatures_of(failing, ctx.workspace, ctx.source_dirs)
        if self.graph is not None:
            for test in failing:
                self.graph.observe(signatures[test.nodeid], test.message, test.traceback)

        def read(path: str) -> str | None:
            target = ctx.workspace / path
            return target.read_text(encoding="utf-8") if target.is_file() else None

        recalled = provenance.recalled_fixes(ctx.recall, failing, signatures, ctx.log.note)
        priors, learned_here = self._priors(signatures)
        problem = RepairProblem(
            failing=tuple(failing),
            localization=localization,
            read=read,
            feedback=tuple(self._feedback[-5:]),
            priors=priors,
            learned=learned_here,
        )
        strategies = self._strategies(signatures, ctx, recalled)
        fixes = (f for f in first_of(strategies, problem) if f.key not in self._failed)
        with self._worktrees(ctx.workspace) as workspaces:
            validator = StagedValidator(
                ctx.tests,
                workspaces,
                [t.nodeid for t in failing],
                lambda fix: self._covering(fix, ctx),
                self._timeout(ctx, failing),
            )
            passing, checks = validator.first_passing(fixes, self.max_checks)
        ctx.log.validated += len(checks)
        self._learn_from_checks(checks, signatures, read, ctx.run_id)
        learned.learn_from_checks(self.learning, signatures, checks, lambda f: _diff(f, read))
        ctx.log.note(_summary(checks, passing))
        if passing is None:
            return []
        candidate = self._candidate(task, passing, signatures, read, ctx)
        origin = provenance.origin_of(
            passing.fix, strategies, self.learning if learned_here else None, signatures
        )
        if origin:
            ctx.log.recalled[candidate.id] = origin
            pending = self._pending[candidate.id]
            self._pending[candidate.id] = replace(
                pending, outcome=replace(pending.outcome, recalled_from=origin)
            )
        return [candidate]

    # ------------------------------------------------------------------ learn
    def learn(self, candidate: Candidate, verdict: Verdict, commit: str | None) -> None:
        pending = self._pending.pop(candidate.id, None)
        if pending is None:
            return
        fix = pending.outcome.fix
        if not verdict.accepted:
            self._failed.add(fix.key)
            self._feedback.append(f"{fix.description}: {verdict.reason}")
        record_verdict(self.graph, self.learning, pending.recall, pending.outcome, verdict, commit)

    # ------------------------------------------------------------------ helpers
    def _strategies(
        self,
        signatures: dict[str, ErrorSignature],
        ctx: AgentContext,
        recalled: list[RecalledFix],
    ) -> list[RepairStrategy]:
        strategies: list[RepairStrategy] = []
        if self.graph is not None or recalled:
            order = learned.fix_order(self.learning, signatures)
            known = KnownFixRepair(
                self.graph, list(signatures.values()), order=order, recalled=recalled
            )
            strategies.append(known)
        strategies.append(TemplateRepair())
        if self.llm is not None:
            strategies.append(LlmRepair(self.llm, ctx.log.note))
        return strategies

    def _priors(self, signatures: dict[str, ErrorSignature]) -> tuple[dict[str, float], bool]:
        """{strategy: prior} (the error graph's success estimate over every error, or the
        one learned for this error type where there is evidence), and whether learned."""
        stats = self.graph.strategy_stats() if self.graph is not None else {}
        priors = {name: (won + 1) / (tried + 2) for name, (tried, won) in stats.items()}
        return learned.learned_priors(self.learning, signatures, priors)

    def _candidate(
        self,
        task: Task,
        check: Check,
        signatures: dict[str, ErrorSignature],
        read: Reader,
        ctx: AgentContext,
    ) -> Candidate:
        fix = check.fix
        diff = _diff(fix, read)
        fixed = [signatures[n] for n in check.fixed if n in signatures]
        candidate = Candidate(
            task_id=task.id,
            agent=self.name,
            summary=f"Fix {', '.join(check.fixed[:2])}: {fix.description}",
            edits=[FileEdit(path=p, content=c) for p, c in sorted(fix.files.items())],
            strategy=f"{fix.strategy}@{fix.lines[0] if fix.lines else '?'}",
        )
        messages = {
            signatures[t.nodeid].key: t.message
            for t in ctx.report.tests
            if t.nodeid in check.fixed and t.nodeid in signatures
        }
        outcome = FixOutcome(
            fix, diff, tuple(fixed), messages, ctx.run_id, candidate.id, candidate.summary
        )
        self._pending[candidate.id] = _Pending(outcome, ctx.recall)
        return candidate

    def _learn_from_checks(
        self,
        checks: list[Check],
        signatures: dict[str, ErrorSignature],
        read: Reader,
        run_id: str,
    ) -> None:
        for check in checks:
            if check.passed:
                continue
            self._failed.add(check.fix.key)
            diff = _diff(check.fix, read)
            record_attempts(
                self.graph, check.fix, diff, tuple(signatures.values()), False, run_id, None
            )

    @staticmethod
    def _covering(fix: Fix, ctx: AgentContext) -> list[str]:
        coverage = ctx.report.coverage
        if coverage is None:
            return []
        passed = {t.nodeid for t in ctx.report.tests if t.status == TestStatus.PASSED}
        tests: set[str] = set()
        for line in fix.lines:
            tests.update(n for n in coverage.covered_by.get(line, []) if n in passed)
        return sorted(tests)

    @staticmethod
    def _timeout(ctx: AgentContext, failing: list[TestOutcome]) -> float:
        """A short per-test timeout for checks: buggy candidates often loop forever."""
        finished = [t.duration_s for t in ctx.report.tests if t.status != TestStatus.TIMEOUT]
        slowest = max(finished, default=0.1)
        return min(ctx.settings.project.test_timeout_s, max(2.0, 10 * slowest))

    @contextmanager
    def _worktrees(self, workspace: Path) -> Iterator[list[Path]]:
        extra = [workspace.parent / f"{workspace.name}-check{i}" for i in range(1, self.parallel)]
        made: list[Path] = []
        try:
            for path in extra:
                git.add_worktree(workspace, path, "HEAD")
                made.append(path)
            yield [workspace, *made]
        finally:
            for path in made:
                git.remove_worktree(workspace, path)
                shutil.rmtree(path, ignore_errors=True)


def _in_stubs(failing: list[TestOutcome], ctx: AgentContext) -> list[TestOutcome]:
    """The failing tests whose NotImplementedError comes from a stub (the Coder's work:
    no fix of a few tokens writes a missing function)."""
    lines: set[str] = set()
    for stub in ctx.report.stubs:
        path = ctx.workspace / stub.path
        source = path.read_text(encoding="utf-8") if path.is_file() else ""
        site = find_function(source, stub.message)
        if site is not None:
            lines.update(f"{stub.path}:{n}" for n in range(site.start, site.end + 1))
    return [
        t
        for t in failing
        if t.error_type == "NotImplementedError" and t.frames and t.frames[-1] in lines
    ]


def _diff(fix: Fix, read: Reader) -> str:
    return "".join(
        unified_diff(path, read(path) or "", content) for path, content in sorted(fix.files.items())
    )


def _summary(checks: list[Check], passing: Check | None) -> str:
    failing = sum(1 for c in checks if c.stage == "failing")
    covering = sum(1 for c in checks if c.stage == "covering")
    strategies = sorted({c.fix.strategy for c in checks})
    tried = f"checked {len(checks)} fix(es) ({', '.join(strategies) or 'none'})"
    if passing is not None:
        return f"{tried}; {passing.fix.description} {passing.detail}"
    return (
        f"no fix found: {tried}; {failing} left the failing tests failing, "
        f"{covering} broke a passing test"
    )
