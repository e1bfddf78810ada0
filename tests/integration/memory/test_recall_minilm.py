"""Recall with the real all-MiniLM-L6-v2: an error worded differently, or raised in
another function, still finds the accepted fix of the past error it resembles, above
the similarity `Recall` requires, and an unrelated error finds nothing. Skips without
the `memory` extra, except under `MYAGENT_REQUIRE_SERVICES=1`, where it fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from myagent.memory.embedders import MiniLMEmbedder
from myagent.memory.error_signature import ErrorSignature
from myagent.memory.recall import FixMemory, Recall, error_text
from myagent.memory.vector import VectorMemory

pytestmark = pytest.mark.integration

PAST = [  # (error type, message, location, fix description)
    ("ZeroDivisionError", "division by zero", "src/stats.py:mean", "guard the empty list"),
    ("KeyError", "'email'", "src/users.py:load_user", "default a missing email to ''"),
    ("IndexError", "list index out of range", "src/queue.py:pop_last", "check the list is not empty"),
    ("AssertionError", "assert 0.0 == 0.1", "src/discounts.py:bulk_discount", "make the bound inclusive"),
]  # fmt: skip
ASKED = [  # (error type, message, location, the past fix it should recall)
    ("ZeroDivisionError", "float division by zero", "src/stats.py:average", 0),
    ("KeyError", "'e-mail'", "src/accounts.py:read_user", 1),
    ("IndexError", "pop from empty list", "src/queue.py:pop_last", 2),
    ("AssertionError", "assert 0.0 == 0.05", "src/discounts.py:bulk_discount", 3),
]


@pytest.fixture(scope="module")
def minilm(allow_minilm: None) -> MiniLMEmbedder:
    return MiniLMEmbedder()


def test_paraphrased_errors_recall_the_right_past_fix(
    minilm: MiniLMEmbedder, tmp_path: Path
) -> None:
    recall = Recall(VectorMemory.persistent(tmp_path / "vectors", minilm))
    for number, (kind, message, location, description) in enumerate(PAST, start=1):
        recall.remember_fix(
            FixMemory(
                signature=ErrorSignature(kind, message, location),
                message=f"{kind}: {message}",
                strategy="template:guard",
                description=description,
                summary=f"Fix {location}",
                diff=f"--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a{number}\n+b{number}\n",
                patch_key=f"k{number}",
                run_id="run-1",
                candidate_id=f"c{number}",
                commit=f"{number}" * 40,
                graph_solution=number,
            )
        )
    for kind, message, location, expected in ASKED:
        found = recall.similar_fixes(error_text(kind, message, location), k=3)
        assert found, f"nothing recalled for {kind}: {message}"
        assert found[0].description == PAST[expected][3], (kind, message, found)
        print(f"\n{kind}: {message!r} -> {found[0].description!r} ({found[0].similarity:.2f})")
    unrelated = error_text(
        "PermissionError", "[Errno 13] Permission denied: 'out.csv'", "src/export.py:save"
    )
    assert recall.similar_fixes(unrelated) == []
