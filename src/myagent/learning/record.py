"""Where the outcome of a fix is written: the error graph, the pattern store and the
vector memory, in one place, with their ids cross-referenced.

* `record_attempts`: one outcome of a fix for each error signature in the error graph
  (when it succeeded, linked to the pattern node of its strategy); its solution records.
* `record_verdict`: the ratchet's verdict on a proposed fix. The error graph counts it
  (with the run and the checkpoint commit), the pattern store learns it
  (`learning.repair.learn_from_verdict`), and an accepted fix with a commit goes into the
  vector memory: the error (signature and message) in `error_patterns`, the solution in
  `solutions`, whose metadata names the ledger's run, candidate and commit, the error
  graph's error and solution ids and the pattern store's problem and solution key. The
  Director records the ledger's checkpoint of that commit right after the verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from myagent.learning import repair as learned
from myagent.learning.engine import LearningEngine
from myagent.memory.error_graph import ErrorGraph, SolutionRecord
from myagent.memory.error_signature import ErrorSignature, patch_key_of
from myagent.memory.patterns import Problem, Solution
from myagent.memory.recall import FixMemory, Origin, Recall, describe_origin
from myagent.protocol import Verdict
from myagent.repair.patterns import pattern_for
from myagent.repair.strategy import Fix


@dataclass(frozen=True)
class FixOutcome:
    """A fix proposed for some failing tests, and where it came from."""

    fix: Fix
    diff: str
    signatures: tuple[ErrorSignature, ...]
    messages: Mapping[str, str]  # signature key -> the error message seen
    run_id: str
    candidate_id: str
    summary: str
    recalled_from: Origin | None = None


def record_attempts(
    graph: ErrorGraph | None,
    fix: Fix,
    diff: str,
    signatures: tuple[ErrorSignature, ...],
    succeeded: bool,
    run_id: str | None,
    commit: str | None,
) -> list[SolutionRecord]:
    """Count one outcome of `fix` for each signature in the error graph."""
    if graph is None:
        return []
    name, causes, prevention = pattern_for(fix.strategy)
    key = patch_key_of(diff)
    solutions = []
    for signature in signatures:
        solutions.append(
            graph.record_attempt(
                signature,
                fix.strategy,
                fix.description,
                diff,
                key,
                succeeded,
                run_id=run_id,
                commit=commit,
            )
        )
        if succeeded:
            graph.link_pattern(signature, name, causes, prevention)
    return solutions


def record_verdict(
    graph: ErrorGraph | None,
    learning: LearningEngine | None,
    recall: Recall | None,
    outcome: FixOutcome,
    verdict: Verdict,
    commit: str | None,
) -> list[str]:
    """Write the verdict on `outcome` everywhere (see the module docstring); the ids of
    the solutions stored in the vector memory."""
    fix, diff = outcome.fix, outcome.diff
    run_id = outcome.run_id or None
    solutions = record_attempts(
        graph, fix, diff, outcome.signatures, verdict.accepted, run_id, commit
    )
    learned.learn_from_verdict(learning, outcome.signatures, fix, diff, verdict)
    if recall is None or not verdict.accepted or not commit:
        return []
    by_signature = dict(zip(outcome.signatures, solutions, strict=False))
    origin = describe_origin(outcome.recalled_from) if outcome.recalled_from else ""
    stored = []
    for signature in outcome.signatures:
        solution = by_signature.get(signature)
        memory = FixMemory(
            signature=signature,
            message=outcome.messages.get(signature.key, signature.message_pattern),
            strategy=fix.strategy,
            description=fix.description,
            summary=outcome.summary,
            diff=diff,
            patch_key=patch_key_of(diff),
            run_id=outcome.run_id,
            candidate_id=outcome.candidate_id,
            commit=commit,
            graph_error=solution.error_id if solution else 0,
            graph_solution=solution.id if solution else 0,
            problem=str(Problem.error(signature.error_type)),
            pattern_key=Solution(fix.description, diff).key if learning is not None else "",
            recalled_from=origin,
        )
        ids = recall.remember_fix(memory)
        if ids is not None:
            stored.append(ids[1])
    return stored
