"""Recall: what the agents ask the vector memory, and what is written back to it.

Reading (by meaning, with the configured embedder):

* `similar_fixes(error)`: past errors like this one (`error_patterns`) and the accepted
  solutions linked to them (`solutions`, by `error_doc`), the nearest error first. The
  Debugger turns them into known-fix candidates, validated like any other;
* `code(query)`: functions and classes of the project (`code_snippets`, see
  `memory.code_index`), only those of test files (examples for generated tests) or only
  the others (context for the Coder).

Writing (`remember_fix`, `remember_requirement`): one document per error signature and
one per accepted solution of it, whose metadata links the ledger (run, candidate,
checkpoint commit), the error graph (error and solution ids) and the pattern store
(problem, strategy, solution key), so each can be found from the others
(`memory.consistency` checks that they agree).

The memory is an aid, not a part the run depends on: when the store fails mid-run (a
Chroma server gone, a full disk, an embedding call refused), the failure is logged
and kept in `problems`, reading gives nothing and writing is skipped, and the run
goes on.

    recall = Recall(memory)
    for fix in recall.similar_fixes(error_text("KeyError", "'id'", "src/a.py:load")):
        ...
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from myagent.memory.error_signature import ErrorSignature, is_test_path
from myagent.memory.vector import Document, Metadata, MetadataValue, VectorMemory
from myagent.storage.history import describe_origin

__all__ = [
    "DEFAULT_MIN_SIMILARITY",
    "FixMemory",
    "Origin",
    "Recall",
    "RecalledCode",
    "RecalledFix",
    "describe_origin",
    "error_text",
]

_LOG = logging.getLogger(__name__)
T = TypeVar("T")
DEFAULT_MIN_SIMILARITY = 0.5  # below this a past error is not "similar"
MAX_MESSAGE_CHARS = 500
MAX_DIFF_CHARS = 20_000
# Where a candidate came from, as recorded in the ledger (`recalled_from`).
Origin = Mapping[str, MetadataValue]


def error_text(error_type: str, message: str, location: str = "") -> str:
    """The text an error is stored and searched by: type, message, where."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    first = lines[0] if lines else ""
    prefix = f"{error_type}: "
    if first.startswith(prefix):
        first = first[len(prefix) :]
    text = f"{error_type}: {first}"[:MAX_MESSAGE_CHARS]
    return f"{text}\nat {location}" if location else text


@dataclass(frozen=True)
class RecalledFix:
    """An accepted solution of a past error similar to the one at hand."""

    solution_doc: str
    error_doc: str
    similarity: float  # of the errors
    error: str  # the past error's text
    strategy: str
    description: str
    diff: str
    graph_solution: int  # the error graph's solution id (0: none)
    commit: str

    def origin(self) -> dict[str, MetadataValue]:
        return {
            "source": "vector",
            "vector_hit": f"solutions/{self.solution_doc}",
            "similarity": round(self.similarity, 3),
            "error_graph_solution": self.graph_solution,
            "commit": self.commit[:12],
        }


@dataclass(frozen=True)
class RecalledCode:
    """A function or class of the project found by meaning."""

    id: str  # "path::qualname"
    path: str
    qualname: str
    text: str
    similarity: float


@dataclass(frozen=True)
class FixMemory:
    """What one accepted fix leaves in the vector memory, and its links."""

    signature: ErrorSignature
    message: str
    strategy: str
    description: str
    summary: str
    diff: str
    patch_key: str
    run_id: str
    candidate_id: str
    commit: str
    graph_error: int = 0  # the error graph's ids (0: no error graph)
    graph_solution: int = 0
    problem: str = ""  # the pattern store's problem ("error:KeyError") and solution key
    pattern_key: str = ""
    recalled_from: str = ""  # what led to the fix (e.g. "vector:solutions/<id>")


def _str(meta: Metadata, key: str) -> str:
    value = meta.get(key, "")
    return value if isinstance(value, str) else str(value)


def _int(meta: Metadata, key: str) -> int:
    value = meta.get(key, 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


class Recall:
    """Searches and writes the vector memory for the agents (see the module docstring)."""

    def __init__(
        self, memory: VectorMemory, min_similarity: float = DEFAULT_MIN_SIMILARITY
    ) -> None:
        self.memory = memory
        self.min_similarity = min_similarity
        self.problems: list[str] = []  # failures of the store, one line each

    def _guarded(self, what: str, step: Callable[[], T], fallback: T) -> T:
        """`step()`, or `fallback` when the store fails (see the module docstring)."""
        try:
            return step()
        except Exception as exc:  # the store is outside MyAgent: any failure of it
            line = (str(exc).splitlines() or [type(exc).__name__])[0]
            problem = f"vector memory: {what} failed, going on without it: {line}"
            self.problems.append(problem)
            _LOG.warning(problem)
            return fallback

    # ------------------------------------------------------------------ reading
    def similar_fixes(self, error: str, k: int = 3, limit: int = 5) -> list[RecalledFix]:
        """Accepted solutions of the `k` stored errors nearest to `error` that reach
        `min_similarity`, the nearest error first, at most `limit`."""
        return self._guarded(
            "recalling similar errors", lambda: self._similar_fixes(error, k, limit), []
        )

    def _similar_fixes(self, error: str, k: int, limit: int) -> list[RecalledFix]:
        found: list[RecalledFix] = []
        for hit in self.memory.search("error_patterns", error, k=k):
            if hit.similarity < self.min_similarity:
                continue
            for doc in self.memory.get("solutions", where={"error_doc": hit.id}):
                meta = doc.metadata
                found.append(
                    RecalledFix(
                        solution_doc=doc.id,
                        error_doc=hit.id,
                        similarity=hit.similarity,
                        error=hit.text,
                        strategy=_str(meta, "strategy"),
                        description=_str(meta, "description"),
                        diff=_str(meta, "diff"),
                        graph_solution=_int(meta, "error_graph_solution"),
                        commit=_str(meta, "commit"),
                    )
                )
        return found[: max(limit, 0)]

    def code(
        self,
        query: str,
        k: int = 3,
        *,
        tests: bool | None = None,
        test_dirs: Sequence[str] = (),
        exclude: Sequence[str] = (),
    ) -> list[RecalledCode]:
        """The `k` snippets nearest to `query`: only of test files (`tests=True`), only
        of other files (`False`) or any; none of the files in `exclude`."""
        return self._guarded(
            "recalling code", lambda: self._code(query, k, tests, test_dirs, exclude), []
        )

    def _code(
        self,
        query: str,
        k: int,
        tests: bool | None,
        test_dirs: Sequence[str],
        exclude: Sequence[str],
    ) -> list[RecalledCode]:
        wide = k if tests is None and not exclude else k * 8
        found = []
        for hit in self.memory.search("code_snippets", query, k=wide):
            path = _str(hit.metadata, "path")
            in_tests = is_test_path(path) or any(
                path.startswith(d.rstrip("/") + "/") for d in test_dirs
            )
            if path in exclude or (tests is not None and in_tests != tests):
                continue
            qualname = _str(hit.metadata, "qualname")
            found.append(RecalledCode(hit.id, path, qualname, hit.text, hit.similarity))
        return found[:k]

    # ------------------------------------------------------------------ writing
    def remember_fix(self, fix: FixMemory) -> tuple[str, str] | None:
        """Store the error and its accepted solution; their document ids (None when
        the store failed)."""
        return self._guarded("storing a fix", lambda: self._remember_fix(fix), None)

    def _remember_fix(self, fix: FixMemory) -> tuple[str, str]:
        signature = fix.signature
        error_doc = signature.key
        self.memory.upsert(
            "error_patterns",
            [
                Document(
                    error_doc,
                    error_text(signature.error_type, fix.message, signature.location),
                    {
                        "error_type": signature.error_type,
                        "message_pattern": signature.message_pattern,
                        "location": signature.location,
                        "error_graph_error": fix.graph_error,
                    },
                )
            ],
        )
        solution_doc = f"{error_doc}:{fix.patch_key}"
        links: dict[str, MetadataValue] = {
            "error_doc": error_doc,
            "strategy": fix.strategy,
            "description": fix.description,
            "diff": fix.diff[:MAX_DIFF_CHARS],
            "run_id": fix.run_id,
            "candidate_id": fix.candidate_id,
            "commit": fix.commit,
            "error_graph_error": fix.graph_error,
            "error_graph_solution": fix.graph_solution,
            "pattern_problem": fix.problem,
            "pattern_key": fix.pattern_key,
            "recalled_from": fix.recalled_from,
        }
        text = f"{fix.summary}\n{fix.description}\n\n{fix.diff}"
        self.memory.upsert("solutions", [Document(solution_doc, text, links)])
        return error_doc, solution_doc

    def remember_requirement(
        self, key: str, text: str, run_id: str, candidate_id: str, commit: str
    ) -> str | None:
        """Store an implemented requirement (id `key`, the requirement's stable key;
        None when the store failed)."""
        links: dict[str, MetadataValue] = {
            "run_id": run_id, "candidate_id": candidate_id, "commit": commit
        }  # fmt: skip
        document = Document(key, text, links)

        def store() -> str | None:
            self.memory.upsert("requirements", [document])
            return key

        return self._guarded("storing a requirement", store, None)
