"""Scoring recall: does a query find the right past solution, first or in the top five?

Two ways to look a query up:

* **vector** (`VectorRecall`): the past errors are documents of the `error_patterns`
  collection, each with the id of its solution (`solutions` collection, the fix's diff)
  in its metadata; a query's answer is the distinct solutions of the nearest errors,
  nearest first (two failing tests of one bug give one answer).
* **signature** (`SignatureRecall`): the baseline of an exact lookup by the error graph's
  normalised signature (`myagent.memory.error_signature`), on the exception type and the
  masked message only: a paraphrase comes from other code, so its location never
  matches. A query that is not an error message (`Type: message`) finds nothing; a
  signature shared by n past bugs counts as a hit at k with probability min(1, k / n)
  (the order among equals is arbitrary).

A query's score at k is that (expected) hit, 0 or 1 for the vector lookup; recall at k
is the mean over the queries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Protocol

from dataset import DocumentStyle, PastBug, Query, error_document

from myagent.memory.error_signature import mask_message
from myagent.memory.vector import Document, VectorMemory

KS = (1, 5)
SEARCH_DEPTH = 20  # nearest errors read per query (enough for 5 distinct solutions)
_ERROR_LINE = re.compile(r"^(?P<type>[A-Za-z_][\w.]*): (?P<message>.*)$")


@dataclass(frozen=True)
class QueryScore:
    query: str  # the query's id
    bug: str
    style: str
    hits: dict[int, float]  # k -> (expected) hit within the top k
    first: str  # the top answer ("" when none)


def hit_chances(ranked: Sequence[Sequence[str]], truth: str) -> dict[int, float]:
    """The chance `truth` is within the top k, for each k of KS, when the answers come
    as groups of equals, best group first (an arbitrary order within a group)."""
    chances = {}
    for k in KS:
        seen = 0
        chance = 0.0
        for group in ranked:
            if truth in group:
                room = max(0, k - seen)
                chance = min(1.0, room / len(group))
                break
            seen += len(group)
        chances[k] = chance
    return chances


class VectorRecall:
    """Past errors in a vector memory; answers by the nearest errors' solutions."""

    def __init__(self, memory: VectorMemory, style: DocumentStyle) -> None:
        self.memory = memory
        self.style = style

    def index(self, past: Sequence[PastBug]) -> int:
        """Write the past bugs' errors and fixes; the number of error documents."""
        self.memory.reset("error_patterns")
        self.memory.reset("solutions")
        solutions = [Document(b.bug, b.fix, {"defect_class": b.defect_class}) for b in past]
        errors = [
            Document(f"{b.bug}#{n}", error_document(e, self.style), {"solution": b.bug})
            for b in past
            for n, e in enumerate(b.errors)
        ]
        self.memory.upsert("solutions", solutions)
        self.memory.upsert("error_patterns", errors)
        return len(errors)

    def ranked(self, query: str) -> list[list[str]]:
        """The distinct solutions of the nearest past errors, one per group, best first."""
        order: list[str] = []
        for hit in self.memory.search("error_patterns", query, k=SEARCH_DEPTH):
            solution = str(hit.metadata["solution"])
            if solution not in order:
                order.append(solution)
        found = {d.id for d in self.memory.get("solutions", ids=order)} if order else set()
        missing = [s for s in order if s not in found]
        if missing:
            raise LookupError(f"error documents point at unknown solutions {missing}")
        return [[s] for s in order]


def signature_of_text(text: str) -> tuple[str, str] | None:
    """(exception type, masked message) of a query whose first line is `Type: message`."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    match = _ERROR_LINE.match(first)
    if match is None or " " in match["type"]:
        return None
    error_type = match["type"].rpartition(".")[2]
    return error_type, mask_message(match["message"], error_type)


class SignatureRecall:
    """The baseline: past bugs whose error has the query's exact signature."""

    def __init__(self, past: Sequence[PastBug]) -> None:
        self.by_signature: dict[tuple[str, str], list[str]] = {}
        for bug in past:
            for error in bug.errors:
                key = (error.error_type, mask_message(error.message, error.error_type))
                bugs = self.by_signature.setdefault(key, [])
                if bug.bug not in bugs:
                    bugs.append(bug.bug)

    def ranked(self, query: str) -> list[list[str]]:
        key = signature_of_text(query)
        found = self.by_signature.get(key) if key is not None else None
        return [list(found)] if found else []


class Ranker(Protocol):
    def ranked(self, query: str) -> list[list[str]]: ...


def score(ranker: Ranker, queries: Sequence[Query]) -> list[QueryScore]:
    scores = []
    for query in queries:
        ranked = ranker.ranked(query.query)
        first = ranked[0][0] if ranked and len(ranked[0]) == 1 else ""
        hits = hit_chances(ranked, query.bug)
        scores.append(QueryScore(query.id, query.bug, query.style, hits, first))
    return scores


def recall(scores: Sequence[QueryScore], k: int) -> float:
    """Mean hit within the top k (0.0 for no queries)."""
    return fmean(s.hits[k] for s in scores) if scores else 0.0


def by_style(scores: Sequence[QueryScore]) -> dict[str, list[QueryScore]]:
    """The scores of each query style, and of all queries under "all"."""
    groups: dict[str, list[QueryScore]] = {}
    for s in scores:
        groups.setdefault(s.style, []).append(s)
    return {**dict(sorted(groups.items())), "all": list(scores)}
