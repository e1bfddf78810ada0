"""The mutation score with the real tools: pytest in the sandbox, git worktrees.

The same small module measured with two suites: a weak one (runs every line, checks
nothing) and a strong one (checks results at the boundaries). With the
`mutation_score` gate the weak suite scores low and its survivors are listed; the strong
suite scores higher. Without the gate nothing of it is measured.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from myagent.config import ProjectConfig
from myagent.protocol import QualityReport, ToolStatus
from myagent.quality.gates import DEFAULT_GATES
from myagent.quality.monitor import QualityMonitor
from myagent.quality.mutation import worktrees
from myagent.sandbox.runner import SandboxRunner

pytestmark = pytest.mark.integration

MakeProject = Callable[[Path, dict[str, str]], Path]
PRICE_PY = "src/shop/price.py"
PRICE = """
def price(quantity: int, unit: int) -> int:
    total = quantity * unit
    if quantity >= 10:
        total = total - total // 10
    return total


def label(count: int) -> str:
    if count == 1:
        return "1 item"
    return f"{count} items"
"""
WEAK = """
from shop.price import label, price


def test_runs():
    price(12, 3)
    price(2, 3)
    label(1)
    label(2)
"""
STRONG = """
from shop.price import label, price


def test_price_below_ten_is_plain():
    assert price(9, 10) == 90
    assert price(2, 3) == 6


def test_bulk_from_ten():
    assert price(10, 10) == 90
    assert price(12, 10) == 108


def test_labels():
    assert label(1) == "1 item"
    assert label(2) == "2 items"
    assert label(0) == "0 items"
"""
MAX_MUTANTS = 8
GATES = {**DEFAULT_GATES, "mutation_score": 0.6}
CONFIG = ProjectConfig(test_timeout_s=5.0, suite_timeout_s=240.0, max_mutants=MAX_MUTANTS)


def build(root: Path, make_project: MakeProject, tests: str) -> Path:
    return make_project(
        root,
        {"src/shop/__init__.py": "", PRICE_PY: PRICE, "tests/test_price.py": tests},
    )


@pytest.fixture(scope="module")
def reports(
    sandbox: SandboxRunner,
    tmp_path_factory: pytest.TempPathFactory,
    make_project: MakeProject,
    run_git: Callable[..., str],
) -> dict[str, QualityReport]:
    found: dict[str, QualityReport] = {}
    for name, tests in (("weak", WEAK), ("strong", STRONG)):
        root = build(tmp_path_factory.mktemp(name) / name, make_project, tests)
        found[name] = QualityMonitor(sandbox, CONFIG, GATES).measure(root)
        # every mutated file was put back, and the extra worktrees are gone
        assert run_git(root, "status", "--porcelain") == ""
        assert len(run_git(root, "worktree", "list").splitlines()) == 1
        assert sorted(p.name for p in root.parent.iterdir()) == [name]
    return found


def test_a_weak_suite_scores_low_and_its_survivors_are_listed(reports):
    weak = reports["weak"]
    run = weak.tool("mutation")
    assert run is not None and run.status is ToolStatus.OK, run
    assert run.detail.endswith(f"of {MAX_MUTANTS} mutants killed")
    score = weak.metrics["mutation_score"]
    assert score <= 0.5
    assert len(weak.mutants_survived) == round((1 - score) * MAX_MUTANTS) >= 4
    for issue in weak.mutants_survived:
        assert issue.path == PRICE_PY and 2 <= issue.line <= 11
        assert issue.code and f"{PRICE_PY}:{issue.line}" in issue.message


def test_a_strong_suite_on_the_same_code_scores_higher(reports):
    weak, strong = reports["weak"], reports["strong"]
    assert strong.metrics["mutation_score"] > weak.metrics["mutation_score"]
    assert strong.metrics["mutation_score"] >= 0.75
    assert len(strong.mutants_survived) < len(weak.mutants_survived)
    # the gate's weight counts in the score
    assert strong.score > weak.score


def test_without_the_gate_nothing_is_mutated(
    sandbox: SandboxRunner, tmp_path: Path, make_project: MakeProject
):
    root = build(tmp_path / "plain", make_project, WEAK)
    report = QualityMonitor(sandbox, CONFIG, DEFAULT_GATES).measure(root)
    assert report.metrics["coverage_line"] == 1.0  # measured as usual
    assert "mutation_score" not in report.metrics
    assert report.tool("mutation") is None
    assert report.mutants_survived == []


def test_extra_worktrees_hold_the_uncommitted_changes(
    tmp_path: Path, make_project: MakeProject, run_git: Callable[..., str]
):
    root = build(tmp_path / "cand", make_project, WEAK)
    (root / PRICE_PY).write_text(PRICE.replace(">= 10", ">= 20"), encoding="utf-8")
    (root / "src/shop/extra.py").write_text("X = 1\n", encoding="utf-8")
    (root / "src/shop/__init__.py").unlink()
    with worktrees(root, 3) as spaces:
        assert spaces[0] == root and len(spaces) == 3
        for clone in spaces[1:]:
            assert clone.parent == root.parent
            assert ">= 20" in (clone / PRICE_PY).read_text(encoding="utf-8")
            assert (clone / "src/shop/extra.py").read_text(encoding="utf-8") == "X = 1\n"
            assert not (clone / "src/shop/__init__.py").exists()
    assert all(not clone.exists() for clone in spaces[1:])
    assert len(run_git(root, "worktree", "list").splitlines()) == 1


def test_outside_git_the_workspace_alone_is_used(tmp_path: Path):
    (tmp_path / "ws").mkdir()
    with worktrees(tmp_path / "ws", 3) as spaces:
        assert spaces == [tmp_path / "ws"]
