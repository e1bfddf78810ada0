"""The UI Refiner: accessibility fixes for the `a11y_violations` gate.

For a `fix_accessibility` task it re-reads the project's markup files in the scratch
worktree (`myagent.quality.a11y`) and proposes, in this order:

* `a11y-fix`: every mechanical fix (`a11y.fixes`: text edits at the tag) in every file,
  as one candidate; after that candidate was rejected, `a11y-fix:<file>`, one per file,
  so one bad file does not block the others;
* with a model, when nothing mechanical is left: `a11y-llm:<file>` (once per file of
  the run, at most `max_llm_files` a task): the file and its findings are sent to the
  model, which answers with search/replace blocks (`myagent.llm.edits`) for that file.

Findings no fix covers (and axe's, which name an element but no fix) are proposals:
one note each in the run's log (`AgentContext.log`), so the report says what remains.
The ratchet judges every candidate like any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from myagent.agents.base import AgentContext
from myagent.llm.edits import EditApplyError, EditFormatError, apply_edit_blocks, parse_edit_blocks
from myagent.llm.provider import LLM, ChatMessage, LLMError
from myagent.protocol import Candidate, FileEdit, LintIssue, Task, Verdict
from myagent.quality.a11y.fixes import FixPlan, apply_edits, plan_fixes
from myagent.quality.a11y.markup import Document
from myagent.quality.a11y.rules import Finding, check_document
from myagent.quality.a11y.static import markup_files, read_file

UI_TASK = "fix_accessibility"
MAX_NOTES = 30
MAX_PROMPT_CHARS = 12_000
SYSTEM = (
    "You fix accessibility problems in web pages, templates and JSX. Change only what "
    "the findings need and keep the file's formatting. Answer only with edit blocks:\n"
    "path/of/file.html\n<<<<<<< SEARCH\nexact lines of the file\n=======\nthe new lines\n"
    ">>>>>>> REPLACE"
)


@dataclass(frozen=True)
class FilePlan:
    path: str
    doc: Document
    findings: tuple[Finding, ...]
    plan: FixPlan


class UiRefiner:
    """Mechanical accessibility fixes and proposals; model edits with an LLM."""

    name = "ui_refiner"

    def __init__(self, llm: LLM | None = None, *, max_llm_files: int = 3) -> None:
        self.llm = llm
        self.max_llm_files = max_llm_files

    def can_handle(self, task: Task) -> bool:
        return task.kind == UI_TASK

    def learn(  # myagent: allow-stub
        self, candidate: Candidate, verdict: Verdict, commit: str | None
    ) -> None:
        """Nothing to learn: the run's attempts already steer the next strategy."""

    def propose(self, task: Task, ctx: AgentContext) -> list[Candidate]:
        plans = self._plans(ctx)
        self._note_proposals(plans, ctx)
        fixable = [p for p in plans if p.plan.edits]
        last = ctx.tried("a11y-fix")
        if fixable and (last is None or last.accepted):
            return [self._candidate(task, fixable, "a11y-fix")]
        candidates = [
            self._candidate(task, [p], f"a11y-fix:{p.path}")
            for p in fixable
            if ctx.tried(f"a11y-fix:{p.path}") is None
        ]
        if candidates or self.llm is None:
            return candidates
        return self._llm_candidates(task, ctx, [p for p in plans if p.plan.proposals])

    # ------------------------------------------------------------------ mechanical
    def _plans(self, ctx: AgentContext) -> list[FilePlan]:
        lang = ctx.settings.ui.lang
        plans = []
        for item in markup_files(ctx.workspace):
            doc = read_file(ctx.workspace, item)
            if doc is None:
                continue
            found = tuple(check_document(doc))
            if found:
                plans.append(
                    FilePlan(item.path, doc, found, plan_fixes(item.path, doc, found, lang))
                )
        return plans

    def _candidate(self, task: Task, plans: Sequence[FilePlan], strategy: str) -> Candidate:
        edits = [
            FileEdit(path=p.path, content=apply_edits(p.doc.text, p.plan.edits)) for p in plans
        ]
        rules = sorted({f.rule for p in plans for f in p.plan.fixed})
        count = sum(len(p.plan.fixed) for p in plans)
        where = plans[0].path if len(plans) == 1 else f"{len(plans)} files"
        return Candidate(
            task_id=task.id,
            agent=self.name,
            summary=f"Fix {count} accessibility finding(s) in {where} ({', '.join(rules)})",
            edits=edits,
            strategy=strategy,
        )

    @staticmethod
    def _note_proposals(plans: Sequence[FilePlan], ctx: AgentContext) -> None:
        static = {(p.path, f.line, f.rule) for p in plans for f in p.findings}
        lines = [line for p in plans for line in p.plan.proposals]
        lines += [_axe_note(i) for i in ctx.report.a11y if (i.path, i.line, i.code) not in static]
        for line in lines[:MAX_NOTES]:
            ctx.log.note(f"ui_refiner proposes: {line}")
        if len(lines) > MAX_NOTES:
            ctx.log.note(f"ui_refiner: {len(lines) - MAX_NOTES} more proposal(s) not shown")

    # ------------------------------------------------------------------ model
    def _llm_candidates(
        self, task: Task, ctx: AgentContext, plans: Sequence[FilePlan]
    ) -> list[Candidate]:
        assert self.llm is not None
        candidates: list[Candidate] = []
        for p in plans:
            strategy = f"a11y-llm:{p.path}"
            if len(candidates) >= self.max_llm_files or ctx.tried(strategy) is not None:
                continue
            if ctx.out_of_time():
                break
            content = self._llm_edit(p, ctx)
            if content is not None and content != p.doc.text:
                candidates.append(
                    Candidate(
                        task_id=task.id,
                        agent=self.name,
                        summary=f"Model fix of {len(p.plan.proposals)} accessibility finding(s) in {p.path}",
                        edits=[FileEdit(path=p.path, content=content)],
                        strategy=strategy,
                    )
                )
        return candidates

    def _llm_edit(self, plan: FilePlan, ctx: AgentContext) -> str | None:
        assert self.llm is not None
        findings = "\n".join(f"- {line}" for line in plan.plan.proposals)
        prompt = (
            f"File {plan.path}:\n```\n{plan.doc.text[:MAX_PROMPT_CHARS]}\n```\n"
            f"Accessibility findings to fix:\n{findings}\n"
        )
        messages = [ChatMessage("system", SYSTEM), ChatMessage("user", prompt)]
        try:
            answer = self.llm.complete(messages, max_tokens=1500)
            blocks = [b for b in parse_edit_blocks(answer.text) if b.path == plan.path]
            if not blocks:
                raise EditFormatError(f"no edit block for {plan.path}")
            changed = apply_edit_blocks(blocks, lambda p: plan.doc.text if p == plan.path else None)
        except (EditFormatError, EditApplyError, LLMError) as exc:
            ctx.log.note(f"ui_refiner: model edit of {plan.path} failed: {exc}")
            return None
        return changed.get(plan.path)


def _axe_note(issue: LintIssue) -> str:
    return f"{issue.path}:{issue.line} {issue.code}: {issue.message}"
