"""The repair benchmark's bug sets are complete and well formed.

Both sets, with the same checks: the corpus (bench/repair/corpus/) and the held-out set
(bench/repair/holdout/, written blind to MyAgent's fix templates), each against its own
minimums.

Static checks only (files, bug.toml, the one-statement diff through ast): running the
buggy and reference programs' tests is `bench/repair/run.py --check-corpus`.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

CATALOG_FILE = Path(__file__).resolve().parents[3] / "bench" / "repair" / "catalog.py"


def _load_catalog() -> ModuleType:
    spec = importlib.util.spec_from_file_location("repair_catalog", CATALOG_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


catalog = _load_catalog()
# Each set with the minimums it must meet: bugs, bugs per defect class, hanging, crashing.
SETS = {
    catalog.CORPUS: catalog.Minimums(bugs=40, per_class=3, hang=4, crash=6),
    catalog.HOLDOUT: catalog.Minimums(bugs=24, per_class=2, hang=3, crash=4),
}
BUGS_BY_SET = {root: catalog.load_corpus(root) for root in SETS}
BUGS = [bug for bugs in BUGS_BY_SET.values() for bug in bugs]
BUG_IDS = [f"{bug.root.parent.name}/{bug.id}" for bug in BUGS]
SET_PARAMS = [pytest.param(root, minimums, id=root.name) for root, minimums in SETS.items()]


@pytest.mark.parametrize(("root", "minimums"), SET_PARAMS)
def test_the_set_is_big_enough_and_covers_every_defect_class(root, minimums):
    bugs = BUGS_BY_SET[root]
    assert len(bugs) >= minimums.bugs
    per_class = Counter(bug.defect_class for bug in bugs)
    thin = {
        name: per_class[name]
        for name in catalog.DEFECT_CLASSES
        if per_class[name] < minimums.per_class
    }
    assert thin == {}, f"defect classes with fewer than {minimums.per_class} bugs: {thin}"
    assert catalog.minimums_for(root) == minimums
    assert catalog.corpus_problems(bugs, minimums) == []


@pytest.mark.parametrize(("root", "minimums"), SET_PARAMS)
def test_some_bugs_hang_and_some_crash(root, minimums):
    kinds = Counter(bug.kind for bug in BUGS_BY_SET[root])
    assert kinds["hang"] >= minimums.hang
    assert kinds["crash"] >= minimums.crash
    assert kinds["wrong-result"] >= 1


@pytest.mark.parametrize(("root", "minimums"), SET_PARAMS)
def test_every_folder_is_a_bug_with_a_unique_id(root, minimums):
    folders = sorted(p.name for p in root.iterdir() if p.is_dir())
    assert folders == [bug.id for bug in BUGS_BY_SET[root]]


def test_bug_ids_are_unique_across_the_sets():
    # The benchmark's scratch folders are named by bug id alone.
    ids = [bug.id for bug in BUGS]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("bug", BUGS, ids=BUG_IDS)
def test_bug_toml_has_exactly_the_required_fields(bug):
    data = tomllib.loads((bug.root / "bug.toml").read_text(encoding="utf-8"))
    assert sorted(data) == sorted(catalog.BUG_FIELDS)
    assert data["defect_class"] in catalog.DEFECT_CLASSES
    assert data["kind"] in ("wrong-result", "hang", "crash")
    assert "\n" not in data["description"]
    assert (bug.buggy / data["file"]).is_file()


@pytest.mark.parametrize("bug", BUGS, ids=BUG_IDS)
def test_bug_folder_layout_and_project_config(bug):
    assert catalog.layout_problems(bug) == []


@pytest.mark.parametrize("bug", BUGS, ids=BUG_IDS)
def test_buggy_and_reference_differ_in_exactly_one_statement(bug):
    assert catalog.diff_problems(bug) == []
    buggy = (bug.buggy / bug.file).read_text(encoding="utf-8")
    fixed = (bug.reference / bug.file).read_text(encoding="utf-8")
    assert catalog.changed_statements(buggy, fixed) == 1


# -- the statement diff itself ------------------------------------------------------------

BASE = """\
def mean(values):
    if not values:
        return 0.0
    total = 0
    for v in values:
        total += v
    return total / len(values)
"""


def test_diff_counts_one_changed_operator():
    changed = BASE.replace("total += v", "total -= v")
    assert catalog.changed_statements(changed, BASE) == 1


def test_diff_counts_a_missing_guard_with_its_body_as_one_statement():
    unguarded = BASE.replace("    if not values:\n        return 0.0\n", "")
    assert catalog.changed_statements(unguarded, BASE) == 1


def test_diff_counts_a_changed_condition_but_not_its_unchanged_body():
    changed = BASE.replace("if not values:", "if values is None:")
    assert catalog.changed_statements(changed, BASE) == 1


def test_diff_counts_two_changes_as_two():
    changed = BASE.replace("total += v", "total -= v").replace("return 0.0", "return 1.0")
    assert catalog.changed_statements(changed, BASE) == 2


def test_diff_ignores_comments_and_layout():
    assert catalog.changed_statements(BASE.replace("total = 0", "total = 0  # sum"), BASE) == 0
