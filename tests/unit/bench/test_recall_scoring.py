"""The recall benchmark (bench/recall/): its data set and its scoring.

The data set is the committed one (past errors of the repair corpus, hand-written
queries); the scoring runs on a vector memory with the deterministic embedder (no model).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from myagent.llm.testing import DeterministicEmbedder
from myagent.memory.vector import VectorMemory

RECALL = Path(__file__).resolve().parents[3] / "bench" / "recall"


def _load(name: str) -> ModuleType:
    if str(RECALL) not in sys.path:
        sys.path.insert(0, str(RECALL))
    return importlib.import_module(name)


dataset = _load("dataset")
scoring = _load("scoring")

PAST = dataset.load_past()
QUERIES = dataset.load_queries(known={b.bug for b in PAST})


def _bug(bug: str, *errors: tuple[str, str, str]) -> Any:
    return dataset.PastBug(
        bug=bug,
        defect_class="operator",
        errors=tuple(dataset.PastError(f"test_{bug}", t, m, loc) for t, m, loc in errors),
        fix=f"--- a/src/{bug}.py\n+++ b/src/{bug}.py\n@@ -1 +1 @@\n-a\n+b\n",
    )


# -- the data set -----------------------------------------------------------------------


def test_every_corpus_bug_is_a_past_error_with_a_fix():
    assert len(PAST) == 49
    for bug in PAST:
        assert bug.errors, bug.bug
        assert bug.fix.startswith("--- a/src/"), bug.bug
        assert all(e.error_type and e.location for e in bug.errors), bug.bug


def test_there_are_at_least_40_queries_of_every_style_for_known_bugs():
    assert len(QUERIES) >= 40
    assert {q.style for q in QUERIES} == set(dataset.STYLES)
    assert len({q.bug for q in QUERIES}) == len(PAST)  # every past bug is asked for


def test_no_query_repeats_a_stored_error_text():
    stored = {
        dataset.error_document(e, style).casefold()
        for b in PAST
        for e in b.errors
        for style in dataset.DOCUMENT_STYLES
    }
    assert not [q.id for q in QUERIES if q.query.casefold() in stored]


def test_a_query_for_an_unknown_bug_is_refused(tmp_path: Path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "q1", "bug": "nope", "style": "reworded", "query": "x"}\n')
    with pytest.raises(dataset.DatasetError, match="no past bug 'nope'"):
        dataset.load_queries(path, known={"a"})


def test_the_first_line_document_is_the_debuggers_error_text():
    error = dataset.PastError(
        "test_x", "AssertionError", "assert False\n +  where False = f(1)", "tests/t.py:test_x"
    )
    assert dataset.error_document(error, "first-line") == (
        "AssertionError: assert False\nat tests/t.py:test_x"
    )
    assert dataset.error_document(error, "full") == (
        "AssertionError: assert False\n+  where False = f(1)\nat tests/t.py:test_x"
    )
    assert dataset.error_document(error, "message-only") == (
        "AssertionError: assert False\n+  where False = f(1)"
    )


# -- scoring ----------------------------------------------------------------------------


def test_hit_chances_split_a_tie_evenly():
    assert scoring.hit_chances([["a"], ["b"]], "a") == {1: 1.0, 5: 1.0}
    assert scoring.hit_chances([["x"], ["a"]], "a") == {1: 0.0, 5: 1.0}
    assert scoring.hit_chances([["x", "a"]], "a") == {1: 0.5, 5: 1.0}
    assert scoring.hit_chances([["x"] for _ in range(5)] + [["a"]], "a") == {1: 0.0, 5: 0.0}
    assert scoring.hit_chances([], "a") == {1: 0.0, 5: 0.0}


def test_a_query_signature_is_the_type_and_the_masked_message():
    assert scoring.signature_of_text("KeyError: 'eu-west'\nat src/a.py:f") == ("KeyError", "<str>")
    assert scoring.signature_of_text("pkg.mod.EnvSyntaxError: line 7: bad") == (
        "EnvSyntaxError",
        "line <num>: bad",
    )
    assert scoring.signature_of_text("the parser hangs on blank lines") is None


def test_the_signature_baseline_finds_equal_messages_and_shares_ties():
    past = [
        _bug("a", ("AssertionError", "assert False", "tests/t.py:test_a")),
        _bug("b", ("AssertionError", "assert False", "tests/t.py:test_b")),
        _bug("c", ("KeyError", "'eu'", "src/c.py:cost")),
    ]
    queries = [
        dataset.Query("q1", "c", "equivalent", "KeyError: 'europe'\nat src/x.py:price"),
        dataset.Query("q2", "a", "renamed", "AssertionError: assert False\nat tests/u.py:t"),
        dataset.Query("q3", "c", "reworded", "the shipping zone lookup fails"),
    ]
    scores = scoring.score(scoring.SignatureRecall(past), queries)
    assert [s.hits for s in scores] == [{1: 1.0, 5: 1.0}, {1: 0.5, 5: 1.0}, {1: 0.0, 5: 0.0}]
    assert [s.first for s in scores] == ["c", "", ""]
    assert scoring.recall(scores, 1) == pytest.approx(0.5)
    assert scoring.recall(scores, 5) == pytest.approx(2 / 3)


@pytest.fixture
def vectors(tmp_path: Path) -> Any:
    memory = VectorMemory.persistent(tmp_path / "v", DeterministicEmbedder())
    ranker = scoring.VectorRecall(memory, "first-line")
    past = [
        _bug(
            "division",
            ("ZeroDivisionError", "division by zero", "src/grades.py:average"),
            ("ZeroDivisionError", "float division by zero", "src/grades.py:weighted"),
        ),
        _bug("key", ("KeyError", "'eu'", "src/shipping.py:cost")),
        _bug("index", ("IndexError", "list index out of range", "src/logs.py:last_error")),
    ]
    assert ranker.index(past) == 4
    return ranker


def test_vector_recall_answers_each_solution_once_nearest_first(vectors: Any):
    ranked = vectors.ranked("ZeroDivisionError: division by zero\nat src/grades.py:average")
    assert ranked[0] == ["division"]
    assert sorted(s for (s,) in ranked) == ["division", "index", "key"]  # two errors, one fix


def test_vector_recall_scores_a_paraphrase_that_finds_its_fix(vectors: Any):
    queries = [
        dataset.Query("q1", "index", "equivalent", "IndexError: list index out of range"),
        dataset.Query("q2", "key", "reworded", "the grades average divides by zero"),
    ]
    scores = scoring.score(vectors, queries)
    assert scores[0].hits == {1: 1.0, 5: 1.0} and scores[0].first == "index"
    assert scores[1].first == "division" and scores[1].hits == {1: 0.0, 5: 1.0}
    groups = scoring.by_style(scores)
    assert list(groups) == ["equivalent", "reworded", "all"]
    assert scoring.recall(groups["all"], 1) == 0.5


def test_reindexing_forgets_the_previous_past(vectors: Any):
    vectors.index([_bug("only", ("KeyError", "'x'", "src/a.py:f"))])
    assert vectors.ranked("KeyError: 'x'") == [["only"]]
