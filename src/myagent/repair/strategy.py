"""Repair strategies behind one interface: each turns a `RepairProblem` into `Fix`es.

* `TemplateRepair`: fix templates at the most suspicious lines (no LLM);
* `KnownFixRepair`: fixes that worked before for similar errors (the error graph);
* `LlmRepair` (`myagent.repair.llm_repair`): a model proposes an edit.

The Debugger tries known fixes first, then templates, then the model, and checks
every fix in the sandbox before proposing it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from myagent.protocol import TestOutcome
from myagent.repair.types import Localization


@dataclass(frozen=True)
class Fix:
    """A candidate repair: the new content of the files it changes."""

    strategy: str  # "template:<name>", "known-fix", "llm"
    description: str
    files: Mapping[str, str]  # path -> new content
    lines: tuple[str, ...] = ()  # "path:line" it changes (to find the tests covering them)
    suspiciousness: float = 0.0

    @property
    def key(self) -> str:
        """Identifies the same change proposed twice."""
        digest = hashlib.sha256()
        for path, content in sorted(self.files.items()):
            digest.update(f"{path}\0{content}\0".encode())
        return f"{self.strategy}|{digest.hexdigest()[:16]}"


@dataclass(frozen=True)
class RepairProblem:
    failing: tuple[TestOutcome, ...]
    localization: Localization
    read: Callable[[str], str | None]  # workspace-relative path -> content (None: absent)
    feedback: tuple[str, ...] = ()  # what went wrong with earlier fixes (capped)
    priors: Mapping[str, float] = field(default_factory=dict)  # strategy -> learned success rate
    learned: bool = False  # priors learned for this kind of error: weigh lines by them


class RepairStrategy(Protocol):
    name: str

    def fixes(self, problem: RepairProblem) -> Iterator[Fix]: ...


class TemplateRepair:
    """Fix templates at the top suspicious lines, ordered by suspiciousness, prior, size."""

    name = "templates"

    def __init__(self, max_lines: int = 8, max_patches: int = 200) -> None:
        self.max_lines = max_lines
        self.max_patches = max_patches

    def fixes(self, problem: RepairProblem) -> Iterator[Fix]:
        from myagent.repair.templates import generate_patches

        paths = {line.path for line in problem.localization.top(self.max_lines)}
        sources = {p: text for p in sorted(paths) if (text := problem.read(p)) is not None}
        if not sources:
            return

        def prior(template: str) -> float:
            return problem.priors.get(f"template:{template}", 0.5)

        for patch in generate_patches(
            sources,
            problem.localization,
            max_lines=self.max_lines,
            max_patches=self.max_patches,
            prior=prior,
            weigh=problem.learned,
        ):
            yield Fix(
                strategy=f"template:{patch.template}",
                description=patch.description,
                files={patch.path: patch.new_source},
                lines=(f"{patch.path}:{patch.line}",),
                suspiciousness=patch.suspiciousness,
            )


def first_of(strategies: Sequence[RepairStrategy], problem: RepairProblem) -> Iterator[Fix]:
    """Every strategy's fixes, in strategy order, each fix once."""
    seen: set[str] = set()
    for strategy in strategies:
        for fix in strategy.fixes(problem):
            if fix.key not in seen:
                seen.add(fix.key)
                yield fix
