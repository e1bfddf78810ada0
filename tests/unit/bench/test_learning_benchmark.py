"""The learning benchmark's harness (bench/repair/learning.py): the split, the bug copies,
the check that the learned store holds nothing of the evaluation half, and the figures.

No `myagent run` here: the pattern store is written directly, as the runs would.
"""

from __future__ import annotations

import importlib
import random
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from myagent.config import load_settings
from myagent.memory.patterns import PatternStore, Problem, Solution
from myagent.storage.db import open_database

REPAIR = Path(__file__).resolve().parents[3] / "bench" / "repair"


def _load() -> ModuleType:
    """bench/repair/learning.py; its siblings import each other by plain names (`run`)."""
    for name in ("run", "catalog", "verify"):
        module = sys.modules.get(name)
        if module is not None and Path(module.__file__ or "").parent != REPAIR:
            del sys.modules[name]  # another benchmark's module of the same name
    if str(REPAIR) not in sys.path:
        sys.path.insert(0, str(REPAIR))
    return importlib.import_module("learning")


learning = _load()
catalog = importlib.import_module("catalog")
run = importlib.import_module("run")

CORPUS = catalog.load_corpus(catalog.CORPUS)


# -- the split --------------------------------------------------------------------------


def test_the_split_is_stratified_disjoint_and_covers_the_corpus():
    halves = learning.split(CORPUS)
    learn_ids = {b.id for b in halves.learning}
    eval_ids = {b.id for b in halves.evaluation}
    assert not learn_ids & eval_ids
    assert learn_ids | eval_ids == {b.id for b in CORPUS}
    for name in catalog.DEFECT_CLASSES:
        n_learn = sum(b.defect_class == name for b in halves.learning)
        n_eval = sum(b.defect_class == name for b in halves.evaluation)
        assert n_eval >= 1
        assert n_learn - n_eval in (0, 1), name  # an odd class gives learning one more
    assert (len(halves.learning), len(halves.evaluation)) == (25, 24)


def test_the_split_depends_only_on_the_ids_not_on_their_order():
    shuffled = list(CORPUS)
    random.Random(7).shuffle(shuffled)
    assert learning.split(shuffled) == learning.split(CORPUS)


def test_a_quick_split_keeps_the_first_bugs_of_each_class_by_hash():
    quick = learning.split(CORPUS, per_class=2)
    assert len(quick.learning) == len(quick.evaluation) == len(catalog.DEFECT_CLASSES)
    full = learning.split(CORPUS)
    assert set(quick.learning) <= set(full.learning)
    assert set(quick.evaluation) <= set(full.evaluation)


# -- the bug copies ---------------------------------------------------------------------


def test_a_staged_bug_names_the_user_store_in_its_settings(tmp_path: Path):
    bug = CORPUS[0]
    original = (bug.buggy / "myagent.toml").read_text(encoding="utf-8")
    store = tmp_path / "store.db"
    staged = learning.stage(bug, tmp_path / "bugs", store)
    assert staged.id == bug.id and staged.root == tmp_path / "bugs" / bug.id
    settings = load_settings(staged.buggy, environ={})
    assert settings.learning.user_store == store.as_posix()
    assert settings.gates == load_settings(bug.buggy, environ={}).gates
    assert (bug.buggy / "myagent.toml").read_text(encoding="utf-8") == original


def test_a_cold_copy_keeps_the_bugs_own_settings(tmp_path: Path):
    bug = CORPUS[0]
    staged = learning.stage(bug, tmp_path / "bugs", None)
    config = tomllib.loads((staged.buggy / "myagent.toml").read_text(encoding="utf-8"))
    assert "learning" not in config
    assert load_settings(staged.buggy, environ={}).learning.user_store == ""


# -- the store check --------------------------------------------------------------------

DIFF = "--- a/{f}\n+++ b/{f}\n@@ -1 +1 @@\n-x = 1\n+x = 2\n"


def _store(path: Path) -> PatternStore:
    return PatternStore(open_database(f"sqlite+pysqlite:///{path}"), None)


def test_the_snapshot_counts_outcomes_and_the_files_the_solutions_touch(tmp_path: Path):
    path = tmp_path / "user.db"
    assert learning.snapshot(path) == learning.EMPTY
    store = _store(path)
    fix = Solution("template:flip", DIFF.format(f="src/pkg/mod.py"))
    store.record(Problem.error("KeyError"), "template:flip", True, solution=fix)
    store.record(Problem.error("KeyError"), "template:flip", False)
    store.record(Problem.task("fix_failing_test"), "debugger", True)
    shot = learning.snapshot(path)
    assert shot.total == 3
    assert shot.outcomes[("error", "KeyError", "template:flip")] == (1, 1, 0)
    assert shot.files == {"src/pkg/mod.py"}
    copy = tmp_path / "frozen.db"
    learning.freeze(path, copy)
    assert learning.snapshot(copy) == shot


def test_a_store_touching_an_evaluation_bugs_file_is_refused(tmp_path: Path):
    halves = learning.split(CORPUS, per_class=2)
    learner, evaluated = halves.learning[0], halves.evaluation[0]
    path = tmp_path / "user.db"
    store = _store(path)
    problem = Problem.error("AssertionError")
    store.record(problem, "a", True, solution=Solution("a", DIFF.format(f=learner.file)))
    clean = learning.snapshot(path)
    assert learning.contamination(clean, clean, {learner.id: 1}, halves) == []

    store.record(problem, "b", True, solution=Solution("b", DIFF.format(f=evaluated.file)))
    dirty = learning.snapshot(path)
    problems = learning.contamination(dirty, dirty, {learner.id: 2}, halves)
    assert problems == [f"solutions touch files of evaluation bugs: {[evaluated.file]}"]


def test_outcomes_not_added_by_the_learning_runs_are_refused(tmp_path: Path):
    halves = learning.split(CORPUS, per_class=2)
    path = tmp_path / "user.db"
    _store(path).record(Problem.error("KeyError"), "a", True)
    shot = learning.snapshot(path)
    evaluated = halves.evaluation[0].id
    problems = learning.contamination(shot, learning.EMPTY, {evaluated: 1, "x": 0}, halves)
    assert problems == [
        "the frozen store differs from what the last learning run left",
        f"outcomes added by bugs outside the learning half: {sorted([evaluated, 'x'])}",
    ]
    short = learning.contamination(shot, shot, {halves.learning[0].id: 0}, halves)
    assert short == ["the store counts 1 outcomes, the learning runs added 0"]


# -- the figures ------------------------------------------------------------------------


def _result(bug_id: str, fixed: bool, candidates: int, seconds: float) -> Any:
    return run.BugResult(
        id=bug_id, defect_class="operator", kind="wrong-result", status="gates_met",
        reason="", exit_code=0, iterations=1, accepted=1, rejected=0,
        candidates=candidates, seconds=seconds, duration_s=seconds, head_changed=fixed,
        fixed=fixed, identical=fixed, branch_tests="", behaviour_tests="",
    )  # fmt: skip


def test_per_fix_figures_count_only_the_fixed_bugs():
    results = [_result("a", True, 4, 10.0), _result("b", True, 8, 20.0)]
    results.append(_result("c", False, 60, 90.0))
    figures = learning.arm_figures(results)
    assert (figures["bugs"], figures["fixed"], figures["identical"]) == (3, 2, 2)
    assert figures["candidates_per_fix"] == {"median": 6.0, "mean": 6.0}
    assert figures["seconds_per_fix"] == {"median": 15.0, "mean": 15.0}
    assert figures["candidates_per_bug"]["mean"] == 24.0


def test_the_comparison_shows_learned_minus_cold_and_pairs_bugs_fixed_by_both():
    cold = [_result("a", True, 10, 10.0), _result("b", False, 60, 50.0)]
    warm = [_result("a", True, 4, 6.0), _result("b", True, 30, 30.0)]
    rows = learning.comparison_table(learning.arm_figures(cold), learning.arm_figures(warm))
    assert rows[1] == ["bugs fixed", "1", "2", "+1"]
    paired = learning.both_fixed(cold, warm)
    assert paired["bugs"] == 1
    assert (paired["fewer_candidates"], paired["more_candidates"]) == (1, 0)
    table = learning.paired_table(paired)
    assert table[1] == ["candidates, median", "10.0", "4.0", "-6.0"]


def test_evaluating_with_a_frozen_store_checks_it_again(tmp_path: Path):
    halves = learning.split(CORPUS, per_class=2)
    path = tmp_path / "frozen.db"
    problem = Problem.error("AssertionError")
    fix = Solution("a", DIFF.format(f=halves.learning[0].file))
    _store(path).record(problem, "a", True, solution=fix)
    (tmp_path / "scratch").mkdir()
    reused = learning.reuse(path, halves, tmp_path / "scratch")
    assert reused.frozen == tmp_path / "scratch" / "frozen-store.db"
    assert reused.store.total == 1 and reused.results == []

    wrong = Solution("b", DIFF.format(f=halves.evaluation[0].file))
    _store(path).record(problem, "b", True, solution=wrong)
    with pytest.raises(SystemExit, match="solutions touch files of evaluation bugs"):
        learning.reuse(path, halves, tmp_path / "scratch")
    with pytest.raises(SystemExit, match="no frozen store"):
        learning.reuse(tmp_path / "missing.db", halves, tmp_path / "scratch")
