"""Do the ledger, the error graph, the pattern store and the vector memory agree?

Every accepted solution in the vector memory (`solutions`) names what it came from
(`learning.record`): the error graph's error and solution, the ledger's run, candidate
and checkpoint commit, the pattern store's problem and solution key. `check_memory`
walks them and reports each reference that does not resolve, one line each; an empty
list means the stores agree.

    for problem in check_memory(memory, graph, ledger, PatternStore(db, project_id)):
        print(problem)
"""

from __future__ import annotations

from dataclasses import dataclass

from myagent.memory.error_graph import ErrorGraph
from myagent.memory.ledger import Ledger
from myagent.memory.patterns import PatternStore, Problem, ProblemKind
from myagent.memory.vector import Metadata, VectorMemory


@dataclass(frozen=True)
class Disagreement:
    """One reference of a stored solution that does not resolve."""

    solution_doc: str
    problem: str

    def __str__(self) -> str:
        return f"solutions/{self.solution_doc}: {self.problem}"


def _int(meta: Metadata, key: str) -> int:
    value = meta.get(key, 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _text(meta: Metadata, key: str) -> str:
    return str(meta.get(key, ""))


class _Checker:
    def __init__(
        self, graph: ErrorGraph | None, ledger: Ledger | None, patterns: PatternStore | None
    ) -> None:
        self.graph = graph
        self.ledger = ledger
        self.patterns = patterns
        self._solutions: dict[int, set[int]] = {}
        self._checkpoints: dict[str, dict[str, str | None]] = {}
        self._runs: dict[str, bool] = {}

    def graph_problem(self, meta: Metadata) -> str:
        if self.graph is None:
            return ""
        error, solution = _int(meta, "error_graph_error"), _int(meta, "error_graph_solution")
        if not solution:
            return "names no error graph solution"
        if error not in self._solutions:
            self._solutions[error] = {s.id for s in self.graph.solutions(error)}
        if solution not in self._solutions[error]:
            return f"error graph solution {solution} of error {error} does not exist"
        return ""

    def ledger_problem(self, meta: Metadata) -> str:
        if self.ledger is None:
            return ""
        run_id, commit = _text(meta, "run_id"), _text(meta, "commit")
        if run_id not in self._checkpoints:
            run = self.ledger.get_run(run_id) if run_id else None
            found = self.ledger.checkpoints(run_id) if run is not None else []
            self._checkpoints[run_id] = {c.commit: c.candidate_id for c in found}
            self._runs[run_id] = run is not None
        if not self._runs[run_id]:
            return f"run {run_id or '(none)'} is not in the ledger"
        checkpoints = self._checkpoints[run_id]
        if commit not in checkpoints:
            return f"checkpoint {commit[:12] or '(none)'} of run {run_id} is not in the ledger"
        candidate = _text(meta, "candidate_id")
        if candidate and checkpoints[commit] not in (None, candidate):
            return (
                f"checkpoint {commit[:12]} is of candidate {checkpoints[commit]}, not {candidate}"
            )
        return ""

    def pattern_problem(self, meta: Metadata) -> str:
        key, problem_text = _text(meta, "pattern_key"), _text(meta, "pattern_problem")
        if self.patterns is None or not key:
            return ""
        kind, _, name = problem_text.partition(":")
        if kind not in set(ProblemKind):
            return f"pattern problem {problem_text!r} is not a problem"
        strategy = _text(meta, "strategy")
        for pattern in self.patterns.patterns(Problem(ProblemKind(kind), name)):
            if pattern.solution.key == key and pattern.strategy == strategy:
                return ""
        return f"pattern {problem_text}/{strategy}/{key} is not in the pattern store"


def check_memory(
    memory: VectorMemory,
    graph: ErrorGraph | None = None,
    ledger: Ledger | None = None,
    patterns: PatternStore | None = None,
) -> list[Disagreement]:
    """Every reference of a stored solution that does not resolve in the stores given."""
    checker = _Checker(graph, ledger, patterns)
    found = []
    for doc_id, meta in sorted(memory.metadata("solutions").items()):
        for check in (checker.graph_problem, checker.ledger_problem, checker.pattern_problem):
            problem = check(meta)
            if problem:
                found.append(Disagreement(doc_id, problem))
    return found
