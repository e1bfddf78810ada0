"""Measuring one tree: MyAgent's Quality Monitor, then one fixed mutant sample.

Every tree of a subject (baseline, MyAgent's head, Pynguin's) is measured alike:

1. `QualityMonitor.measure` with the subject's own settings (its myagent.toml, so the
   same `max_mutants` for every tree): line and branch coverage, the tests and their
   outcomes, and the monitor's own `mutation_score` (seed 0). That score is MyAgent's
   gate: its sample is drawn from the lines the passing tests execute, so it differs
   from tree to tree and says how strong the tests are *where they reach*;
2. the **fixed sample** (`fixed_sample`): `max_mutants` mutants drawn once per subject,
   with the same operators and seed, from the baseline's source, over every statement in
   a function body whether a test runs it or not, so that every tree faces the same
   mutants. A mutant is run (`run_sample`) against the tree's passing tests that
   execute its line, as the monitor does; it counts as **not covered** (alive) when
   none does. Score = killed / (killed + survived + not covered).

A tree whose source differs from the baseline (MyAgent's Debugger may fix a bug the
existing tests show) gets each mutant transplanted (`transplant`): the changed lines
with two lines of context either side must occur exactly once in the tree's file;
where they do not, the mutant is "not applicable" there, and left out of every tree's
score (`common_score`), so the sample stays the same for all.
"""

from __future__ import annotations

import ast
import difflib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from myagent.protocol import CoverageData, QualityReport, TestStatus
from myagent.quality.monitor import MUTATION_PARALLEL, QualityMonitor
from myagent.quality.mutants import Mutant, generate_mutants
from myagent.quality.mutation import run_mutants, worktrees

Verdict = Literal["killed", "survived", "not-covered", "not-applicable", "not-run"]
ANY_TEST = "<any>"  # the sample is drawn before any tree's tests are known
CONTEXT = 2  # lines either side of a transplanted change
SAMPLE_BUDGET_S = 1800.0  # for one tree's sample: enough that every mutant runs


@dataclass(frozen=True)
class TreeFigures:
    """What one measurement of one tree found."""

    line: float | None  # coverage_line, 0..1 (None: not measured)
    branch: float | None
    gate_mutation: float | None  # the monitor's mutation_score (its own sample)
    gate_mutation_detail: str
    tests: int  # collected
    failed: int  # failed, error or timeout
    seconds: float  # the monitor's measurement


def figures_of(report: QualityReport) -> TreeFigures:
    mutation = next((t.detail for t in report.tools if t.tool == "mutation"), "")
    metrics = report.metrics
    return TreeFigures(
        line=metrics.get("coverage_line"),
        branch=metrics.get("coverage_branch"),
        gate_mutation=metrics.get("mutation_score"),
        gate_mutation_detail=mutation,
        tests=len(report.tests),
        failed=int(metrics.get("tests_failed", 0)),
        seconds=round(report.duration_s, 1),
    )


def function_body_lines(source: str) -> set[int]:
    """The first line of every statement inside a function body (the lines a test's
    coverage context can record; module and class level code runs at import)."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for statement in node.body:
                for inner in ast.walk(statement):
                    if isinstance(inner, ast.stmt) and not isinstance(
                        inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
                    ):
                        lines.add(inner.lineno)
    return lines


def fixed_sample(sources: Mapping[str, str], max_mutants: int, seed: int = 0) -> list[Mutant]:
    """At most `max_mutants` mutants of `sources` (path -> text) over every statement in
    a function body, drawn as the monitor draws its own (`generate_mutants`)."""
    covered = {
        f"{path}:{line}": [ANY_TEST]
        for path, text in sources.items()
        for line in sorted(function_body_lines(text))
    }
    everywhere = CoverageData(covered_by=covered)
    return generate_mutants(sources, everywhere, max_mutants=max_mutants, seed=seed)


def transplant(base: str, mutated: str, tree: str) -> tuple[str, int] | None:
    """`mutated` (a mutant of `base`) applied to `tree` instead: the new text and the
    first changed line in it, or None when the change cannot be placed exactly once."""
    if tree == base:
        first = _first_changed(base, mutated)
        return (mutated, first) if first is not None else None
    old, new = base.splitlines(keepends=True), mutated.splitlines(keepends=True)
    blocks = [op for op in difflib.SequenceMatcher(a=old, b=new).get_opcodes() if op[0] != "equal"]
    if len(blocks) != 1:
        return None
    _, i1, i2, j1, j2 = blocks[0]
    start, end = max(0, i1 - CONTEXT), min(len(old), i2 + CONTEXT)
    before, after = old[start:end], old[start:i1] + new[j1:j2] + old[i2:end]
    lines = tree.splitlines(keepends=True)
    places = [
        k for k in range(len(lines) - len(before) + 1) if lines[k : k + len(before)] == before
    ]
    if len(places) != 1 or not before:
        return None
    k = places[0]
    text = "".join(lines[:k] + after + lines[k + len(before) :])
    return text, k + (i1 - start) + 1


def _first_changed(base: str, mutated: str) -> int | None:
    for number, (a, b) in enumerate(
        zip(base.splitlines(), mutated.splitlines(), strict=False), start=1
    ):
        if a != b:
            return number
    return None


def run_sample(
    sample: Sequence[Mutant],
    base_sources: Mapping[str, str],
    workspace: Path,
    report: QualityReport,
    monitor: QualityMonitor,
) -> dict[str, Verdict]:
    """Each mutant's verdict on the tree at `workspace` (a git worktree root, its tests
    committed), measured in `report` (see the module docstring)."""
    passed = [t for t in report.tests if t.status == TestStatus.PASSED]
    passing = {t.nodeid for t in passed}
    covered_by = report.coverage.covered_by if report.coverage is not None else {}
    verdicts: dict[str, Verdict] = {}
    runnable: list[Mutant] = []
    for mutant in sample:
        placed = transplant(
            base_sources[mutant.path],
            mutant.new_source,
            (workspace / mutant.path).read_text(encoding="utf-8"),
        )
        if placed is None:
            verdicts[mutant.id] = "not-applicable"
            continue
        text, line = placed
        tests = sorted(set(covered_by.get(f"{mutant.path}:{line}", ())) & passing)
        if not tests:
            verdicts[mutant.id] = "not-covered"
            continue
        runnable.append(replace(mutant, new_source=text, line=line, tests=tuple(tests)))
    if runnable:
        slowest = max((t.duration_s for t in passed), default=0.1)
        per_test = min(monitor.project.test_timeout_s, max(2.0, 10 * slowest))
        parallel = max(1, min(MUTATION_PARALLEL, os.cpu_count() or 1, len(runnable)))
        with worktrees(workspace, parallel) as spaces:
            result = run_mutants(
                runnable, monitor, spaces, per_test_timeout_s=per_test, budget_s=SAMPLE_BUDGET_S
            )
        verdicts.update({m.id: "killed" for m in result.killed})
        verdicts.update({m.id: "survived" for m in result.survived})
        verdicts.update({m.id: "not-run" for m in result.not_run})
    return verdicts


@dataclass(frozen=True)
class SampleScore:
    """One tree's result on the mutants every tree of the subject could run."""

    score: float | None  # killed / counted (None: no mutant counted)
    killed: int
    survived: int
    not_covered: int
    counted: int  # mutants in the common sample
    left_out: int  # not applicable or not run in some tree


def common_score(
    verdicts: Mapping[str, Verdict], every_tree: Sequence[Mapping[str, Verdict]]
) -> SampleScore:
    """`verdicts` scored on the mutants that no tree of `every_tree` found not
    applicable nor left unrun."""
    out = {"not-applicable", "not-run"}
    common = [m for m in verdicts if all(tree.get(m) not in out for tree in every_tree)]
    killed = sum(verdicts[m] == "killed" for m in common)
    survived = sum(verdicts[m] == "survived" for m in common)
    uncovered = sum(verdicts[m] == "not-covered" for m in common)
    return SampleScore(
        score=round(killed / len(common), 4) if common else None,
        killed=killed,
        survived=survived,
        not_covered=uncovered,
        counted=len(common),
        left_out=len(verdicts) - len(common),
    )
