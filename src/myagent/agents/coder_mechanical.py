"""The Coder's mechanical fixes: `ruff check --fix` and `ruff format`, as candidates.

These need no LLM. Strategies, in order:

* `ruff-fix`: every safe fix at once;
* `ruff-fix:<file>`: after `ruff-fix` was rejected, one candidate per file, so one
  fix that breaks a test does not block the others;
* `ruff-fix-unsafe`: ruff's unsafe fixes, once, when safe fixes are exhausted; the
  ratchet rejects it if it changes behaviour a test sees;
* `ruff-format`: the formatter, for the `format_issues` gate.
"""

from __future__ import annotations

from myagent.agents.base import AgentContext, edits_from_worktree, reset_worktree
from myagent.protocol import Candidate, Task, Verdict

LINT_TASK = "lint_fix"
FORMAT_TASK = "format"


class MechanicalFixer:
    """Deterministic Coder strategies driven by ruff (run inside the sandbox)."""

    name = "coder"

    def can_handle(self, task: Task) -> bool:
        return task.kind in (LINT_TASK, FORMAT_TASK)

    def propose(self, task: Task, ctx: AgentContext) -> list[Candidate]:
        if task.kind == FORMAT_TASK:
            return self._once(task, ctx, "ruff-format", ["format"], "Format with ruff format")
        if ctx.tried("ruff-fix") is None:
            return self._once(task, ctx, "ruff-fix", ["check", "--fix"], "Apply ruff's safe fixes")
        candidates = self._per_file(task, ctx)
        if not candidates and ctx.tried("ruff-fix-unsafe") is None:
            candidates = self._once(
                task,
                ctx,
                "ruff-fix-unsafe",
                ["check", "--fix", "--unsafe-fixes"],
                "Apply ruff's unsafe fixes",
            )
        return candidates

    def learn(  # myagent: allow-stub
        self, candidate: Candidate, verdict: Verdict, commit: str | None
    ) -> None:
        """Nothing to learn: the run's attempts already steer the next strategy."""

    # ------------------------------------------------------------------ strategies
    def _once(
        self, task: Task, ctx: AgentContext, strategy: str, args: list[str], summary: str
    ) -> list[Candidate]:
        self._ruff(ctx, args, self._scope(ctx))
        edits = edits_from_worktree(ctx.workspace)
        reset_worktree(ctx.workspace)
        if not edits:
            return []
        return [
            Candidate(
                task_id=task.id, agent=self.name, summary=summary, edits=edits, strategy=strategy
            )
        ]

    def _per_file(self, task: Task, ctx: AgentContext) -> list[Candidate]:
        files = sorted({issue.path for issue in ctx.report.lint if issue.fixable})
        candidates = []
        for path in files:
            strategy = f"ruff-fix:{path}"
            if ctx.tried(strategy) is not None:
                continue
            self._ruff(ctx, ["check", "--fix"], [path])
            edits = edits_from_worktree(ctx.workspace)
            reset_worktree(ctx.workspace)
            if edits:
                candidates.append(
                    Candidate(
                        task_id=task.id,
                        agent=self.name,
                        summary=f"Apply ruff's safe fixes to {path}",
                        edits=edits,
                        strategy=strategy,
                    )
                )
        return candidates

    # ------------------------------------------------------------------ plumbing
    @staticmethod
    def _scope(ctx: AgentContext) -> list[str]:
        dirs = [d for d in (*ctx.source_dirs, *ctx.test_dirs) if (ctx.workspace / d).exists()]
        return dirs or ["."]

    @staticmethod
    def _ruff(ctx: AgentContext, args: list[str], paths: list[str]) -> None:
        run_ruff(ctx, args, paths)


def run_ruff(ctx: AgentContext, args: list[str], paths: list[str]) -> None:
    """Run `ruff ARGS -- PATHS` on the scratch worktree, in the sandbox (a `check` never
    fails the call: findings are what is left to fix)."""
    argv = [str(ctx.tools.python), "-m", "ruff", *args, "--no-cache"]
    if args[0] == "check":
        argv.append("--exit-zero")
    ctx.runner.run(
        [*argv, "--", *paths],
        workspace=ctx.workspace,
        timeout_s=ctx.settings.project.suite_timeout_s,
        readable=ctx.tools.readable,
    )
