"""The recall benchmark (bench/recall/run.py) on a few queries with the real MiniLM.

Every past error of the data set is indexed (they are the distractors); six queries, two
of each style, are looked up. Skips when the `memory` extra is not installed, except
under `MYAGENT_REQUIRE_SERVICES=1`, where that fails.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.integration

RECALL = Path(__file__).resolve().parents[3] / "bench" / "recall"
# Two queries of each style: equivalent, reworded, renamed.
QUERIES = ["q01", "q11", "q02", "q54", "q05", "q24"]


def _load_run() -> ModuleType:
    """bench/recall/run.py under its own name (bench/repair has a run.py too)."""
    if str(RECALL) not in sys.path:
        sys.path.insert(0, str(RECALL))
    spec = importlib.util.spec_from_file_location("recall_run", RECALL / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_minilm_recalls_the_right_fix_where_the_signature_lookup_cannot(
    allow_minilm: None, tmp_path: Path
):
    run = _load_run()
    methods = run.run_methods(["minilm"], QUERIES, tmp_path / "vectors")
    assert list(methods) == [
        "exact signature",
        "minilm, first-line",
        "minilm, full",
        "minilm, message-only",
    ]
    recall = run.document(methods, 1.0)["methods"]
    minilm = recall["minilm, first-line"]["recall"]
    assert {s: minilm[s]["top5"] for s in minilm} == {
        "equivalent": 1.0,
        "renamed": 1.0,
        "reworded": 1.0,
        "all": 1.0,
    }
    assert minilm["all"]["top1"] >= 4 / 6
    signature = recall["exact signature"]["recall"]
    assert signature["reworded"] == {"top1": 0.0, "top5": 0.0}  # plain words have no signature
    assert minilm["all"]["top1"] > signature["all"]["top1"]
    answers = {q["query"]: q["first"] for q in recall["minilm, full"]["queries"]}
    assert answers["q24"] == "off-by-one-month-end"
    json.dumps(recall)  # the --json document is plain JSON
