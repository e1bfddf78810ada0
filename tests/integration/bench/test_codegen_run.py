"""The code-generation benchmark end to end with `--llm none`: the harness's smoke check.

With no model nothing can implement the stub, so the loop must fail the hidden test
after a real `myagent run` (a JSON report, the stub still at the head) and the bare
column must be "n/a"; the JSON output and the kept project must say so.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

RUN = Path(__file__).resolve().parents[3] / "bench" / "codegen" / "run.py"
DATA = Path(__file__).resolve().parents[2] / "data" / "humaneval-dev.jsonl"  # a copy of the set


def test_a_run_without_a_model_fails_every_problem_and_reports_it(tmp_path, require_bwrap):
    if not DATA.is_file():
        pytest.skip(f"the HumanEval dev set is not at {DATA}")
    out = tmp_path / "codegen.json"
    argv = [sys.executable, str(RUN), "--data", str(DATA), "--llm", "none"]
    argv += ["--only", "HumanEval/0"]
    argv += ["--max-iterations", "1", "--keep", str(tmp_path / "keep"), "--json", str(out)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "loop  0/1 (0.0%)" in done.stdout
    document = json.loads(out.read_text())
    assert document["totals"]["with_examples"] == 1
    assert document["totals"]["bare"] is None
    (problem,) = document["problems"]
    assert problem["bare"] is None
    assert problem["loop"]["passed"] is False
    assert problem["loop"]["status"] in {"budget_exhausted", "stalled"}
    assert "NotImplementedError" in problem["loop"]["detail"]
    kept = tmp_path / "keep" / "HumanEval-0"
    assert json.loads((kept / "report.json").read_text())["llm"]["tokens"] == 0
    assert "raise NotImplementedError" in (kept / "loop-solution.py").read_text()


def test_a_missing_data_file_is_a_one_line_error(tmp_path):
    missing = tmp_path / "nope.jsonl"
    done = subprocess.run(
        [sys.executable, str(RUN), "--data", str(missing)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: no problems file at {missing} (pass --data FILE)"
