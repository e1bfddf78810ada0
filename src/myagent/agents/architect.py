"""The Architect agent: the design review's plan items, through the ratchet.

Each time it gets a task it reads the scratch tree's import graph (static,
`myagent.architecture`), writes the design review (`.myagent/reports/architecture.md`
of the project the scratch tree belongs to) and proposes, per plan item:

* `break_import_cycles` (gate `import_cycles`): for each cycle, the codemod that moves
  imports into the functions that use them or under TYPE_CHECKING
  (`architecture.breaking`; strategy `defer-imports:<module>`); when none can break
  it, or the ratchet rejected the codemod, a model's restructuring
  (`model-cycle:<module>`);
* `fix_layer_violations` (gate `layer_violations`): for each importing module, its
  layer-breaking imports moved under TYPE_CHECKING when only annotations need them
  (`type-only:<module>`), else a model's restructuring (`model-layer:<module>`);
* `split_god_modules` (gate `god_modules`): for each god module, the codemod that moves
  a group of its definitions into a sibling module and re-exports them
  (`architecture.splitting`; `split-module:<module>`), else a model's split
  (`model-split:<module>`);
* `reduce_fan_out` (gate `max_fan_out`, only with a model): for the modules that
  import the most project modules, above the gate's target, a model's restructuring
  (`model-fan-out:<module>`).

Complexity hot spots, the other plan items, are the Coder's `refactor` task (gate
`max_complexity`). Each candidate is checked statically before it is proposed: every
changed file parses and the graph of the changed tree no longer has that problem.
Without a model, the items only a model could fix are noted ("needs a model"). The
Director's ratchet alone decides: the task's gate must get better, no gate may get
worse, and every test must still pass.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from myagent.agents.architect_model import ask_model
from myagent.agents.base import AgentContext
from myagent.architecture.breaking import Fix, break_cycle, type_only_fix
from myagent.architecture.findings import (
    Coupling,
    Findings,
    analyze,
    coupling,
    thresholds_for,
)
from myagent.architecture.graph import build_graph
from myagent.architecture.review import write_review
from myagent.architecture.splitting import split_module
from myagent.errors import MyAgentError
from myagent.llm.provider import LLM
from myagent.memory import git
from myagent.protocol import Candidate, FileEdit, Task, Verdict
from myagent.quality.gates import GATES
from myagent.quality.layout import detect_layout
from myagent.sandbox.paths import write_text_safely

CYCLES_TASK = "break_import_cycles"
LAYERS_TASK = "fix_layer_violations"
SPLIT_TASK = "split_god_modules"
FAN_OUT_TASK = "reduce_fan_out"
MAX_CANDIDATES = 3  # per task and iteration


def _no_codemod() -> str:
    return "no codemod lowers a module's fan-out"


@dataclass(frozen=True)
class _Item:
    """One plan item the Architect works on."""

    key: str  # names its strategies
    problem: str  # one line, for notes, summaries and the model
    modules: tuple[str, ...]  # the modules involved
    codemod: Callable[[], Fix | str]
    solved: Callable[[Findings], bool]  # on the findings of the changed tree
    codemod_name: str  # strategy prefix of the codemod ("" when there is none)
    model_name: str  # strategy prefix of the model's fix
    how: str = "by moving imports"  # what the codemod does, for the summary


class Architect:
    name = "architect"

    def __init__(self, llm: LLM | None = None) -> None:
        self.llm = llm

    def can_handle(self, task: Task) -> bool:
        if task.kind == FAN_OUT_TASK:
            return self.llm is not None  # no codemod: the planner says it needs a model
        return task.kind in (CYCLES_TASK, LAYERS_TASK, SPLIT_TASK)

    def learn(  # myagent: allow-stub
        self, candidate: Candidate, verdict: Verdict, commit: str | None
    ) -> None:
        """Nothing to learn: the run's attempts steer the next strategy (`ctx.tried`)."""

    def findings(self, ctx: AgentContext) -> Findings:
        layout = detect_layout(ctx.workspace, ctx.settings.project)
        graph = build_graph(layout.root, layout.source_dirs, layout.import_roots, layout.test_dirs)
        arch = ctx.settings.architecture
        return analyze(
            graph, ctx.report.complexity, arch.layers, arch.independent, thresholds_for(arch)
        )

    def propose(self, task: Task, ctx: AgentContext) -> list[Candidate]:
        findings = self.findings(ctx)
        items = self._items(task, ctx, findings)
        candidates: list[Candidate] = []
        for item in items:
            if len(candidates) >= MAX_CANDIDATES or ctx.out_of_time():
                break
            candidate = self._item(task, ctx, item)
            if candidate is not None:
                candidates.append(candidate)
        self._write_review(findings, ctx)  # after the checks, which clean the scratch tree
        return candidates

    # ------------------------------------------------------------------ plan items
    def _items(self, task: Task, ctx: AgentContext, findings: Findings) -> list[_Item]:
        if task.kind == CYCLES_TASK:
            return self._cycle_items(findings)
        if task.kind == LAYERS_TASK:
            return self._layer_items(findings)
        if task.kind == SPLIT_TASK:
            return self._split_items(findings)
        if task.kind == FAN_OUT_TASK:
            gate = "max_fan_out"
            target = ctx.settings.gates.get(gate, GATES[gate].default_target)
            return self._fan_out_items(findings, int(target))
        return []

    def _cycle_items(self, findings: Findings) -> list[_Item]:
        items: list[_Item] = []
        for cycle in findings.cycles:

            def solved(after: Findings, members: frozenset[str] = frozenset(cycle.modules)) -> bool:
                return not any(members.intersection(c.modules) for c in after.cycles)

            codemod = partial(break_cycle, findings.graph.root, findings.graph, cycle)
            problem = f"the import cycle {cycle.describe()}"
            item = _Item(
                cycle.modules[0], problem, cycle.modules, codemod, solved,
                "defer-imports", "model-cycle",
            )  # fmt: skip
            items.append(item)
        return items

    def _layer_items(self, findings: Findings) -> list[_Item]:
        by_importer: dict[str, set[str]] = {}
        for v in findings.violations:
            by_importer.setdefault(v.importer, set()).add(v.imported)
        items: list[_Item] = []
        for importer, imported in sorted(by_importer.items()):
            details = "; ".join(
                sorted({v.detail for v in findings.violations if v.importer == importer})
            )

            def solved(after: Findings, importer: str = importer) -> bool:
                return all(v.importer != importer for v in after.violations)

            codemod = partial(
                type_only_fix, findings.graph.root, findings.graph, importer, sorted(imported)
            )
            problem = f"{importer} breaks the declared layers ({details})"
            modules = (importer, *sorted(imported))
            items.append(
                _Item(importer, problem, modules, codemod, solved, "type-only", "model-layer")
            )
        return items

    def _split_items(self, findings: Findings) -> list[_Item]:
        items: list[_Item] = []
        for god in findings.god_modules:

            def solved(after: Findings, name: str = god.module) -> bool:
                return all(m.module != name for m in after.god_modules)

            codemod = partial(
                split_module, findings.graph.root, findings.graph, god.module, findings.thresholds
            )
            problem = (
                f"the god module {god.module} ({god.lines} lines, {god.definitions} "
                f"definitions, imported by {god.fan_in}, imports {god.fan_out}): split it "
                "along the groups of callers that use it, keeping its names importable"
            )
            item = _Item(
                god.module, problem, (god.module,), codemod, solved,
                "split-module", "model-split", "by moving definitions out",
            )  # fmt: skip
            items.append(item)
        return items

    def _fan_out_items(self, findings: Findings, target: int) -> list[_Item]:
        over = [m for m in coupling(findings.graph) if m.fan_out > target]
        over.sort(key=lambda m: (-m.fan_out, m.module))  # the module at the maximum first
        return [self._fan_out_item(findings, m, target) for m in over]

    def _fan_out_item(self, findings: Findings, m: Coupling, target: int) -> _Item:
        def solved(after: Findings, name: str = m.module, before: int = m.fan_out) -> bool:
            return any(c.module == name and c.fan_out < before for c in coupling(after.graph))

        imported = sorted({e.imported for e in findings.graph.edges if e.importer == m.module})
        problem = (
            f"{m.module} imports {m.fan_out} project modules ({', '.join(imported)}; the "
            f"target is at most {target}): make it depend on fewer of them, e.g. by moving "
            "the code that needs them elsewhere or passing what it needs in"
        )
        return _Item(m.module, problem, (m.module,), _no_codemod, solved, "", "model-fan-out")

    # ------------------------------------------------------------------ one item
    def _item(self, task: Task, ctx: AgentContext, item: _Item) -> Candidate | None:
        key, problem, solved = item.key, item.problem, item.solved
        strategy = f"{item.codemod_name}:{key}"
        if item.codemod_name and ctx.tried(strategy) is None:
            fix = item.codemod()
            if isinstance(fix, Fix):
                why = self._check(ctx, fix.files, solved)
                if not why:
                    summary = f"Fix {problem} {item.how}: {'; '.join(fix.moved)}"
                    return _candidate(task, self.name, summary, fix.files, strategy)
                ctx.log.note(f"architect: the codemod for {problem} did not work: {why}")
            else:
                ctx.log.note(f"architect: no codemod for {problem}: {fix}")
        model_strategy = f"{item.model_name}:{key}"
        if ctx.tried(model_strategy) is not None:
            return None
        if self.llm is None:
            ctx.log.note(f"architect: {problem} needs a model (run with --llm)")
            return None
        files = _read_files(ctx.workspace, self.findings(ctx), item.modules)
        answer = ask_model(self.llm, problem, files, timeout_s=ctx.settings.llm.timeout_s)
        if isinstance(answer, str):
            ctx.log.note(f"architect ({model_strategy}): {answer}")
            return None
        why = self._check(ctx, answer, solved)
        if why:
            ctx.log.note(f"architect ({model_strategy}): the model's change did not work: {why}")
            return None
        return _candidate(task, self.name, f"Fix {problem} (model)", answer, model_strategy)

    def _check(
        self, ctx: AgentContext, files: dict[str, str], solved: Callable[[Findings], bool]
    ) -> str:
        """ "" when the change parses and solves its item in the scratch tree (always reset)."""
        for path, text in files.items():
            try:
                ast.parse(text)
            except SyntaxError as exc:
                return f"{path} does not parse: {exc.msg} (line {exc.lineno})"
        try:
            for path, text in files.items():
                write_text_safely(ctx.workspace, path, text)
            after = self.findings(ctx)
            return "" if solved(after) else "the graph still shows the problem"
        finally:
            git.git(ctx.workspace, "checkout", "--", ".")
            git.git(ctx.workspace, "clean", "-fdq")

    def _write_review(self, findings: Findings, ctx: AgentContext) -> None:
        try:
            common = git.git(
                ctx.workspace, "rev-parse", "--path-format=absolute", "--git-common-dir"
            )
            root = Path(common).parent
            path = write_review(findings, ctx.settings.state_dir(root), root.name)
        except MyAgentError as exc:
            ctx.log.note(f"architect: design review not written: {exc}")
            return
        ctx.log.note(f"architect: design review in {path}")


def _read_files(workspace: Path, findings: Findings, modules: Sequence[str]) -> dict[str, str]:
    files = {}
    for name in modules:
        info = findings.graph.modules.get(name)
        if info is None:
            continue
        try:
            files[info.path] = (workspace / info.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return files


def _candidate(
    task: Task, agent: str, summary: str, files: dict[str, str], strategy: str
) -> Candidate:
    edits = [FileEdit(path=p, content=c) for p, c in sorted(files.items())]
    return Candidate(task_id=task.id, agent=agent, summary=summary, edits=edits, strategy=strategy)
