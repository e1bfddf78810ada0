"""The Error Knowledge Graph: errors seen, fixes tried, and the patterns behind them.

Nodes: an *error* per normalised signature (`memory.error_signature`), with its
occurrences and latest example; *solutions* tried for it (the diff, the strategy that
found it, attempts and successes); *patterns* (a family such as a fix template or a
cause like "off-by-one at a bound", with causes and prevention). Edges: error ->
pattern, solution -> pattern. Every outcome updates the counts, and before
generating candidates the Debugger asks `known_fixes` for what worked on the same or
similar errors and tries those first.

Like the `Ledger`, every call is one short transaction and returns frozen records.

    graph = ErrorGraph(db, project_id)
    graph.observe(signature, message, traceback)
    for fix in graph.known_fixes(signature):
        ...
    graph.record_attempt(signature, "template:comparison-operator", what, diff, key, True)
"""

from __future__ import annotations

from collections.abc import Iterable

from myagent.memory.error_signature import ErrorSignature, patch_key_of
from myagent.storage import error_graph_repo as repo
from myagent.storage.db import Database
from myagent.storage.error_graph_records import (
    ErrorNodeRecord,
    FixCandidate,
    PatternRecord,
    SolutionRecord,
    UnknownSolutionError,
    success_estimate,
)

__all__ = [
    "ErrorGraph",
    "ErrorNodeRecord",
    "FixCandidate",
    "PatternRecord",
    "SolutionRecord",
    "UnknownSolutionError",
    "rank_known_fixes",
    "success_estimate",
]


def rank_known_fixes(candidates: Iterable[FixCandidate], limit: int) -> list[SolutionRecord]:
    """The best `limit` fixes: the closest match first (same signature, then same type
    and location, then same type and message), then the highest success estimate, the
    most successes, the most recent use. One fix (patch key) appears once, where it
    ranks best. Fixes that never succeeded are left out unless nothing else is known.
    """
    ordered = sorted(
        candidates,
        key=lambda c: (
            c.tier,
            -c.solution.estimate,
            -c.solution.successes,
            -c.solution.last_used.timestamp(),
            c.solution.id,
        ),
    )
    unique: dict[str, SolutionRecord] = {}
    for candidate in ordered:
        unique.setdefault(candidate.solution.patch_key, candidate.solution)
    found = list(unique.values())
    proven = [s for s in found if s.successes > 0]
    return (proven or found)[: max(limit, 0)]


class ErrorGraph:
    """Facade over the error knowledge graph of one project (None: the user-level store)."""

    def __init__(self, db: Database, project_id: int | None) -> None:
        self._db = db
        self.project_id = project_id

    # ------------------------------------------------------------------ errors
    def observe(
        self, signature: ErrorSignature, message: str, traceback: str = ""
    ) -> ErrorNodeRecord:
        """Record one occurrence: the node is created on first sight, then its
        occurrences grow and its example becomes this message and traceback."""
        with self._db.writing() as s:
            return repo.upsert_error(s, self.project_id, signature, message, traceback)

    def find(self, signature: ErrorSignature) -> ErrorNodeRecord | None:
        """The node of `signature`, if it was ever recorded."""
        with self._db.reading() as s:
            return repo.find_error(s, self.project_id, signature.key)

    def errors(self) -> list[ErrorNodeRecord]:
        """Every error node, the most recently seen first."""
        with self._db.reading() as s:
            return repo.errors(s, self.project_id)

    # ------------------------------------------------------------------ solutions
    def record_attempt(
        self,
        signature: ErrorSignature,
        strategy: str,
        description: str,
        diff: str,
        patch_key: str,
        succeeded: bool,
        run_id: str | None = None,
        commit: str | None = None,
    ) -> SolutionRecord:
        """Count one outcome of a fix for `signature` (its error node is created if it
        was never observed). The same `patch_key` (default: `patch_key_of(diff)`)
        counts as the same fix; it keeps the strategy that first found it. `commit` is
        the checkpoint a successful fix landed in."""
        fix = (strategy, description, diff, patch_key or patch_key_of(diff))
        with self._db.writing() as s:
            node = repo.upsert_error(s, self.project_id, signature, "", "", seen=False)
            return repo.record_attempt(s, node.id, fix, succeeded, run_id, commit)

    def solutions(self, error_id: int) -> list[SolutionRecord]:
        """The fixes tried for one error, the best success estimate first."""
        with self._db.reading() as s:
            return repo.solutions(s, error_id)

    def known_fixes(self, signature: ErrorSignature, limit: int = 5) -> list[SolutionRecord]:
        """Fixes to try first for `signature`, best first (see `rank_known_fixes`)."""
        with self._db.reading() as s:
            candidates = repo.fix_candidates(s, self.project_id, signature)
        return rank_known_fixes(candidates, limit)

    def strategy_stats(self) -> dict[str, tuple[int, int]]:
        """{strategy: (attempts, successes)} over every fix, for ordering strategies."""
        with self._db.reading() as s:
            return repo.strategy_stats(s, self.project_id)

    # ------------------------------------------------------------------ patterns
    def link_pattern(
        self,
        signature: ErrorSignature,
        pattern_name: str,
        causes: str = "",
        prevention: str = "",
        patch_key: str | None = None,
    ) -> PatternRecord:
        """Link the error of `signature` to a pattern, created on first use; with
        `patch_key`, link that fix of the error too (`UnknownSolutionError` if it was
        never recorded for this error). Non-empty `causes`/`prevention` replace the
        stored text."""
        with self._db.writing() as s:
            node = repo.upsert_error(s, self.project_id, signature, "", "", seen=False)
            solution_id = None
            if patch_key is not None:
                solution_id = repo.solution_id(s, node.id, patch_key)
            pattern = (pattern_name, causes, prevention)
            return repo.link_pattern(s, self.project_id, node.id, pattern, solution_id)

    def patterns(self, error_id: int | None = None) -> list[PatternRecord]:
        """Every pattern by name, or only the patterns error `error_id` is linked to."""
        with self._db.reading() as s:
            return repo.patterns(s, self.project_id, error_id)
