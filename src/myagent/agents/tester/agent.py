"""The Tester agent: new tests that cover what the suite leaves uncovered.

For a `raise_coverage` task (and `raise_mutation_score`: the same, judged by the
mutation score) it

1. finds the gaps (`testgen.gaps`: uncovered lines and branches per function, ranked by
   what covering them adds to the gates) and groups them by module, best module first;
2. asks each generator (`generators.py`) for a test file for that module;
3. tidies the file with ruff (imports sorted, unused ones removed, formatted) in the
   sandbox, so the lint and format gates do not get worse;
4. keeps only the good tests (`keep.py`: pass three times, under a second, add coverage
   or kill a mutant that survived), then runs the kept files with the whole suite and
   drops what fails there (`check_together`); each dropped test's reason is noted;
5. proposes the kept tests as new files, named by the generator (characterization:
   `tests/test_<module>_<function>_characterization.py`) or by the project's
   conventions: `tests/test_<module>.py`, or `tests/test_<module>_<generator>.py`.

Existing test files are never edited or deleted. A module and generator whose tests the
ratchet rejected are not tried again in the run.
"""

from __future__ import annotations

from collections.abc import Sequence

from myagent.agents.base import AgentContext, reset_worktree
from myagent.agents.coder_mechanical import run_ruff
from myagent.agents.tester.generators import (
    CharacterizationTests,
    LlmTests,
    ModuleTarget,
    PropertyTests,
    TestGenerator,
)
from myagent.agents.tester.keep import check_together, judge_file, prune
from myagent.agents.tester.pynguin_tests import PynguinTests
from myagent.llm.budget import BudgetExhaustedError
from myagent.llm.provider import LLM
from myagent.protocol import Candidate, FileEdit, Task, TestStatus, Verdict
from myagent.quality.layout import detect_layout
from myagent.quality.mutants import Mutant, generate_mutants
from myagent.quality.mutation import read_sources
from myagent.quality.stubs import source_files
from myagent.sandbox.paths import write_text_safely
from myagent.testgen.gaps import FunctionGap, find_gaps
from myagent.testgen.units import module_name

COVERAGE_TASK = "raise_coverage"
MUTATION_TASK = "raise_mutation_score"
MAX_MODULES = 2  # per task


class Tester:
    __test__ = False  # not a pytest class
    name = "tester"

    def __init__(self, llm: LLM | None = None, generators: Sequence[TestGenerator] = ()) -> None:
        self.generators: list[TestGenerator] = list(generators) or [
            CharacterizationTests(),
            PropertyTests(),
        ]
        if llm is not None and not generators:
            self.generators.append(LlmTests(llm))
        if not generators:  # last: the slowest; it finds Pynguin itself (or notes how to)
            self.generators.append(PynguinTests())
        self._tried: set[tuple[str, str]] = set()  # (module path, generator)
        self._pending: dict[str, list[tuple[str, str]]] = {}

    def can_handle(self, task: Task) -> bool:
        return task.kind in (COVERAGE_TASK, MUTATION_TASK)

    def propose(self, task: Task, ctx: AgentContext) -> list[Candidate]:
        coverage = ctx.report.coverage
        if coverage is None:
            ctx.log.note("tester: no coverage data in the last measurement")
            return []
        targets = self._targets(ctx)
        if not targets:
            ctx.log.note("tester: no function with a coverage gap left to try")
            return []
        uncovered = {f"{p}:{n}" for p, lines in coverage.uncovered.items() for n in lines}
        weak = surviving_mutants(ctx)
        files: dict[str, str] = {}
        made_by: dict[str, str] = {}  # path -> generator
        recalled: dict[str, tuple[str, ...]] = {}  # path -> example tests its prompt showed
        tried: list[tuple[str, str]] = []
        for target in targets[:MAX_MODULES]:
            for generator in self.generators:
                key = (target.path, generator.name)
                if key in self._tried:
                    continue
                if ctx.out_of_time():
                    ctx.log.note("tester: the run's time is spent; no further generator")
                    break
                tried.append(key)
                self._tried.add(key)
                try:
                    kept = self._one(generator, target, ctx, uncovered, weak, files)
                except BudgetExhaustedError as exc:
                    ctx.log.note(f"tester: {exc}")
                    break
                for path, content, new_lines, examples in kept:
                    files[path] = content
                    made_by[path] = generator.name
                    recalled[path] = examples
                    uncovered -= new_lines
        files = self._with_suite(ctx, files)
        if not files:
            return []
        candidate = Candidate(
            task_id=task.id,
            agent=self.name,
            summary="Add generated tests: " + ", ".join(sorted(files)),
            edits=[FileEdit(path=p, content=c) for p, c in sorted(files.items())],
            strategy="testgen:" + "+".join(sorted({made_by[p] for p in files})),
        )
        shown = sorted({e for p in files for e in recalled.get(p, ())})
        if shown:  # the project's tests the model was shown as examples
            ctx.log.recalled[candidate.id] = {"source": "vector", "code_snippets": ", ".join(shown)}
        self._pending[candidate.id] = tried
        return [candidate]

    def learn(self, candidate: Candidate, verdict: Verdict, commit: str | None) -> None:
        """A rejected candidate's modules and generators stay tried; an accepted one's
        modules may be tried again for what is still uncovered."""
        tried = self._pending.pop(candidate.id, [])
        if verdict.accepted:
            self._tried.difference_update(tried)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _with_suite(ctx: AgentContext, files: dict[str, str]) -> dict[str, str]:
        """`files` less what fails when run with the whole suite (`check_together`)."""
        if not files:
            return files
        passed = {t.nodeid for t in ctx.report.tests if t.status == TestStatus.PASSED}
        together = check_together(
            ctx.tests, ctx.workspace, files, passed, timeout_s=ctx.settings.project.suite_timeout_s
        )
        for what, why in sorted(together.dropped.items()):
            ctx.log.note(f"tester: dropped {what}: {why}")
        return together.files

    def _targets(self, ctx: AgentContext) -> list[ModuleTarget]:
        assert ctx.report.coverage is not None
        layout = detect_layout(ctx.workspace, ctx.settings.project)
        files = source_files(ctx.workspace, ctx.source_dirs, ctx.test_dirs)
        by_path: dict[str, list[FunctionGap]] = {}
        for gap in find_gaps(ctx.workspace, ctx.report.coverage, files):
            by_path.setdefault(gap.path, []).append(gap)
        targets = []
        for path, gaps in by_path.items():
            module = module_name(path, layout.import_roots)
            if module is None:
                continue
            source = (ctx.workspace / path).read_text(encoding="utf-8")
            targets.append(ModuleTarget(path, module, source, tuple(gaps)))
        targets.sort(key=lambda t: (-t.gain, t.path))
        fresh = [t for t in targets if any((t.path, g.name) not in self._tried
                                           for g in self.generators)]  # fmt: skip
        return fresh

    def _one(
        self,
        generator: TestGenerator,
        target: ModuleTarget,
        ctx: AgentContext,
        uncovered: set[str],
        weak: Sequence[Mutant],
        taken: dict[str, str],
    ) -> list[tuple[str, str, frozenset[str], tuple[str, ...]]]:
        """The kept tests of what `generator` writes for `target`: (path, content, the
        lines they newly cover, the recalled example tests) per file."""
        made = generator.generate(target, ctx)
        if not made:
            ctx.log.note(f"tester ({generator.name}) {target.module}: nothing to generate")
            return []
        kept = []
        for generated in made:
            path = self._test_path(ctx, target, generator.name, generated.path_hint, taken)
            content = self._tidy(ctx, path, generated.content)
            verdicts = judge_file(
                ctx.tests,
                ctx.workspace,
                path,
                content,
                uncovered,
                weak,
                test_timeout_s=min(ctx.settings.project.test_timeout_s, 5.0),
            )
            ctx.log.validated += 1
            reasons = sorted(set(verdicts.dropped.values()))
            ctx.log.note(
                f"tester ({generator.name}) {path}: kept {len(verdicts.kept)} of "
                f"{len(verdicts.kept) + len(verdicts.dropped)} test(s)"
                + (f"; dropped: {'; '.join(reasons[:3])}" if reasons else "")
            )
            if verdicts.kept:
                pruned = prune(content, verdicts.kept)
                kept.append((path, pruned, verdicts.new_lines, generated.recalled))
                uncovered = uncovered - verdicts.new_lines
        return kept

    @staticmethod
    def _test_path(
        ctx: AgentContext,
        target: ModuleTarget,
        generator: str,
        hint: str | None,
        taken: dict[str, str],
    ) -> str:
        """A new file: the generator's name for it, else `tests/test_<module>.py`, else
        `tests/test_<module>_<generator>.py` (numbered if that exists too)."""
        folder = ctx.test_dirs[0] if ctx.test_dirs else "tests"
        names = [hint] if hint else []
        names += [f"{folder}/test_{target.leaf}.py", f"{folder}/test_{target.leaf}_{generator}.py"]
        for name in names:
            if not (ctx.workspace / name).exists() and name not in taken:
                return name
        stem = names[-1].removesuffix(".py")
        number = 2
        while (ctx.workspace / f"{stem}_{number}.py").exists() or f"{stem}_{number}.py" in taken:
            number += 1
        return f"{stem}_{number}.py"

    @staticmethod
    def _tidy(ctx: AgentContext, path: str, content: str) -> str:
        """`content` after ruff's safe fixes (imports) and formatter, in the sandbox."""
        write_text_safely(ctx.workspace, path, content)
        try:
            run_ruff(ctx, ["check", "--fix", "--select", "I,F401"], [path])
            run_ruff(ctx, ["format"], [path])
            return (ctx.workspace / path).read_text(encoding="utf-8")
        finally:
            reset_worktree(ctx.workspace)


def surviving_mutants(ctx: AgentContext) -> list[Mutant]:
    """The mutants the last measurement let live, rebuilt from its sample (its mutants'
    keys, the same sources, coverage and passing tests give the same mutants)."""
    report = ctx.report
    wanted = {m.key for m in report.mutants if not m.killed}
    if not wanted or report.coverage is None:
        return []
    passing = frozenset(t.nodeid for t in report.tests if t.status == TestStatus.PASSED)
    sample = generate_mutants(
        read_sources(ctx.workspace, report.coverage),
        report.coverage,
        passing=passing,
        max_mutants=len(wanted),
        keep=wanted,
    )
    return [m for m in sample if m.key in wanted]
