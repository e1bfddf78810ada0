"""The benchmark's results as values, and as the text tables `figures.print_grid` prints.

One `SubjectResult` per subject, with an `ArmResult` per arm (`ARMS`): the baseline
(the project as scaffolded, before any arm), MyAgent, MyAgent with its Pynguin
generator, and Pynguin alone, each measured the same way (`measure.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from measure import SampleScore, TreeFigures

ARMS = ("baseline", "myagent", "myagent+pynguin", "pynguin")


@dataclass(frozen=True)
class ArmResult:
    arm: str  # one of ARMS
    figures: TreeFigures
    sample: SampleScore
    tests_added: int  # tests in the tree less the baseline's
    generated: int | None  # tests the arm wrote (None: not known, or the baseline)
    seconds: float | None  # the arm's wall clock (None: the baseline)
    status: str  # MyAgent's end status, Pynguin's runs ("3 ok"), "" for the baseline


@dataclass(frozen=True)
class SubjectResult:
    name: str
    origin: str
    requirement: str
    keep_tests: bool
    source_files: int
    source_lines: int
    removed_tests: int  # test files left out of the project
    sample_size: int  # mutants in the fixed sample
    arms: tuple[ArmResult, ...]


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def sample_cell(sample: SampleScore) -> str:
    if sample.score is None:
        return "-"
    return f"{percent(sample.score)} ({sample.killed}/{sample.counted})"


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def results_table(results: Sequence[SubjectResult]) -> list[list[str]]:
    """One row per subject and arm, the figures side by side."""
    rows = [
        ["subject", "arm", "line", "branch", "mutants killed", "gate mutation",
         "tests", "failing", "generated", "added", "seconds", "status"],
    ]  # fmt: skip
    for subject in results:
        for arm in subject.arms:
            figures = arm.figures
            rows.append(
                [
                    subject.name if arm.arm == ARMS[0] else "",
                    arm.arm,
                    percent(figures.line),
                    percent(figures.branch),
                    sample_cell(arm.sample),
                    percent(figures.gate_mutation),
                    str(figures.tests),
                    str(figures.failed),
                    _count(arm.generated),
                    "-" if arm.arm == ARMS[0] else str(arm.tests_added),
                    "-" if arm.seconds is None else f"{arm.seconds:.0f}",
                    arm.status,
                ]
            )
    return rows


def subjects_table(results: Sequence[SubjectResult]) -> list[list[str]]:
    """What each subject is: origin, size, tests removed, the sample."""
    rows = [["subject", "from", "files", "lines", "tests removed", "sample"]]
    for s in results:
        origin = s.requirement if s.origin == "pypi" else "examples/invoicing"
        kept = " (own tests kept)" if s.keep_tests else ""
        rows.append(
            [
                s.name,
                origin + kept,
                str(s.source_files),
                str(s.source_lines),
                str(s.removed_tests),
                f"{s.sample_size} mutants",
            ]
        )
    return rows


def results_from_json(document: Mapping[str, Any]) -> list[SubjectResult]:
    """The `subjects` of a `run.py --json` file, as values again (for `--show`)."""
    results = []
    for subject in document["subjects"]:
        arms = tuple(
            ArmResult(
                **{
                    **arm,
                    "figures": TreeFigures(**arm["figures"]),
                    "sample": SampleScore(**arm["sample"]),
                }
            )
            for arm in subject["arms"]
        )
        names = {f.name for f in fields(SubjectResult)}
        results.append(
            SubjectResult(**{k: v for k, v in subject.items() if k in names} | {"arms": arms})
        )
    return results
