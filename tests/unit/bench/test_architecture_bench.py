"""The Architect benchmark's pure parts (bench/architecture/), with no network.

A PyPI subject is stood in for by a tiny fake sdist made here, its tests kept: the
project built from it gets the benchmark's gates and god-module limits in a commit of
its own. Then the JUnit report read back per test, the tests a split broke, ruff's new
findings, the refusal kinds and their tally, the Architect's candidates and notes read
from ledger records, and the tables.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from myagent.architecture.findings import Thresholds, analyze
from myagent.architecture.graph import build_graph
from myagent.config import load_settings
from myagent.storage.records import ActionRecord

BENCH = Path(__file__).resolve().parents[3] / "bench"


# bench/architecture's modules import bench/testgen's and figures.py by their plain names
for _folder in (BENCH, BENCH / "testgen", BENCH / "architecture"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))
arch_subjects, checks, trials, director_arm, arch_tables = (
    importlib.import_module(name)
    for name in ("arch_subjects", "checks", "trials", "director_arm", "arch_tables")
)

FAKE = arch_subjects.ArchSubject(
    "fakepkg", "fakepkg==1.0", "src/fakepkg", ("src/fakepkg",), "src", limits={"god_fan_in": 2}
)
SDIST = {
    "src/fakepkg/__init__.py": "from fakepkg.core import clamp\n",
    "src/fakepkg/core.py": "def clamp(v, lo, hi):\n    return max(lo, min(v, hi))\n",
    "tests/test_core.py": "from fakepkg import clamp\n\n\ndef test_clamp():\n    assert clamp(5, 0, 3) == 3\n",
    "setup.cfg": "[tool:pytest]\naddopts = --cov=fakepkg\n",
    "README.md": "# fakepkg\n",
}


def _write(root: Path, files: dict[str, str]) -> Path:
    """`files` (relative path -> text) written under `root`."""
    for path, text in ((root / name, text) for name, text in files.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


# -- subjects and projects -------------------------------------------------------------


def test_every_subject_is_pinned_and_states_why_and_its_lowered_limits():
    assert len(arch_subjects.SUBJECTS) >= 2
    for s in arch_subjects.SUBJECTS:
        assert s.requirement.count("==") == 1
        assert s.why
        assert set(s.limits) <= {"god_lines", "god_definitions", "god_fan_in", "god_fan_out"}
        assert all(s.keep == src or src.startswith(s.keep + "/") for src in s.sources)
    names = [s.name for s in arch_subjects.SUBJECTS]
    assert [s.name for s in arch_subjects.by_name(list(reversed(names)))] == names
    with pytest.raises(SystemExit, match="unknown subject"):
        arch_subjects.by_name(["toolz"])


def test_a_subject_lowers_only_the_limits_it_states():
    assert FAKE.thresholds() == Thresholds(god_fan_in=2)
    assert FAKE.thresholds().god_lines == Thresholds().god_lines
    scaffolded = FAKE.scaffold_subject()
    assert scaffolded.keep_tests and scaffolded.origin == "pypi"
    assert scaffolded.source == "src/fakepkg"


@pytest.mark.parametrize(
    ("rate", "gate"), [(1.0, 1.0), (None, 1.0), (588 / 589, 0.9983), (2 / 3, 0.6666)]
)
def test_the_pass_rate_gate_is_met_by_the_baseline(rate, gate):
    found = arch_subjects.pass_rate_gate(rate)
    assert found == gate
    assert rate is None or found <= rate


def test_the_project_keeps_its_tests_and_gets_the_benchmarks_gates_in_a_second_commit(tmp_path):
    dest = tmp_path / "project"
    arch_subjects.scaffold(FAKE, _write(tmp_path / "sdist", SDIST), dest)
    assert (dest / "tests" / "test_core.py").is_file()
    assert not (dest / "setup.cfg").exists()
    commit = arch_subjects.write_config(FAKE, dest, 0.9983, max_iterations=3)
    assert commit == _git(dest, "rev-parse", "HEAD")
    assert _git(dest, "log", "-1", "--format=%s") == arch_subjects.CONFIG_MESSAGE
    assert _git(dest, "status", "--porcelain") == ""
    settings = load_settings(dest, environ={})
    assert settings.gates == {"tests_pass_rate": 0.9983, "god_modules": 0.0}
    assert settings.budget.max_iterations == 3
    assert settings.project.source == ["src/fakepkg"]
    assert settings.architecture.god_fan_in == 2
    assert settings.architecture.god_lines == Thresholds().god_lines


# -- checks --------------------------------------------------------------------------------

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="5">
<testcase classname="tests.test_a" name="test_ok" time="0.01"/>
<testcase classname="tests.test_a" name="test_bad" time="0.01">
  <failure message="AssertionError: assert 1 == 2&#10;more">trace</failure></testcase>
<testcase classname="tests.test_a" name="test_skip" time="0"><skipped message="no"/></testcase>
<testcase classname="tests.test_b" name="test_teardown" time="0.01"/>
<testcase classname="tests.test_b" name="test_teardown" time="0.01">
  <error message="teardown failed">x</error></testcase>
<testcase classname="tests.test_b" name="test_import" time="0">
  <error>ImportError: cannot import name 'Context' from 'click.core'</error></testcase>
</testsuite></testsuites>
"""


def test_the_junit_report_gives_each_test_its_worst_outcome_and_first_message_line():
    outcomes, messages = checks.read_junit(JUNIT)
    assert outcomes == {
        "tests.test_a::test_ok": "passed",
        "tests.test_a::test_bad": "failed",
        "tests.test_a::test_skip": "skipped",
        "tests.test_b::test_teardown": "failed",
        "tests.test_b::test_import": "failed",
    }
    assert messages["tests.test_a::test_bad"] == "AssertionError: assert 1 == 2"
    assert messages["tests.test_b::test_import"].startswith("ImportError: cannot import")
    run = checks.SuiteRun("ok", 1.0, outcomes, messages)
    assert (run.passed, run.failed, run.count("skipped")) == (1, 3, 1)


def test_a_split_broke_the_tests_that_passed_and_no_longer_pass():
    before = {"a": "passed", "b": "passed", "c": "failed", "d": "passed", "e": "skipped"}
    after = {"a": "passed", "b": "failed", "c": "passed", "e": "passed"}
    assert checks.broken_tests(before, after) == ["b", "d"]  # d: gone


def test_new_ruff_findings_are_the_codes_that_grew():
    assert checks.new_findings({"E501": 3, "F401": 1}, {"E501": 3, "F401": 2, "I001": 1}) == {
        "F401": 1,
        "I001": 1,  # the original's imports were sorted: the split unsorted them
    }
    assert checks.new_findings({"E501": 3}, {"E501": 1}) == {}


def test_an_unsorted_import_block_the_original_had_is_not_new_in_its_split():
    assert checks.new_findings({"I001": 1}, {"I001": 2, "F821": 1}) == {"F821": 1}


# -- trials --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        (
            "click.core: no group of definitions can move (BaseCommand needs an import of a "
            "module that imports click.core)",
            "a group needs a cyclic import",
        ),
        ("click.termui cannot be split safely: it has a `global` statement", "a `global` statement"),
        ("m: no group of definitions can move (f uses X, which stays in m)", "a group uses a name that stays"),
        ("m cannot be split safely: it defines __getattr__ at module level", "a module-level __getattr__/__dir__"),
        ("src/pkg/m_x.py already exists", "the new module's name is taken"),
        ("something new", "something new"),
    ],
)  # fmt: skip
def test_refusals_are_tallied_by_kind(reason, kind):
    assert trials.refusal_kind(reason) == kind


def _trial(module: str, **changes: Any) -> Any:
    return trials.Trial(module, f"{module}.py", 400, 40, False, **{"proposed": False, **changes})


def test_the_tally_counts_safe_splits_broken_suites_and_refusals_by_kind():
    found = [
        _trial("a", kind="a `global` statement"),
        _trial("b", kind="a `global` statement"),
        _trial("c", kind="only constants can move"),
        _trial("d", proposed=True, suite="ok"),
        _trial("e", proposed=True, suite="ok", broken=3),
        _trial("f", proposed=True, suite="ok", ruff_new={"I001": 1}),
        _trial("g", proposed=True, suite="timeout"),
    ]
    assert [t.safe for t in found if t.proposed] == [True, False, False, False]
    assert trials.tally(found) == {
        "modules": 7,
        "proposed": 4,
        "refused": 3,
        "refusals": {"a `global` statement": 2, "only constants can move": 1},
        "suite_ok": 2,
        "broke_tests": 2,
        "ruff_new": 1,
        "safe": 1,
    }


def test_large_modules_are_the_largest_first_up_to_the_cap(tmp_path):
    files = {f"pkg/m{i}.py": "x = 1\n" * (100 * i) for i in range(1, 6)}
    root = _write(tmp_path, {"pkg/__init__.py": "", **files})
    findings = analyze(build_graph(root, ["pkg"], ["."]))
    assert trials.large_modules(findings, 300, cap=2) == ["pkg.m5", "pkg.m4"]
    assert trials.large_modules(findings, 300, cap=10) == ["pkg.m5", "pkg.m4", "pkg.m3"]


def test_a_module_the_codemod_refuses_is_a_trial_with_its_reason_and_no_run(tmp_path):
    body = (
        "COUNT = 0\n\n\ndef bump():\n    global COUNT\n    COUNT += 1\n"
        + "\n\ndef f():\n    return 1\n" * 3
    )
    root = _write(tmp_path, {"pkg/__init__.py": "", "pkg/m.py": body})
    findings = analyze(build_graph(root, ["pkg"], ["."]))
    baseline = checks.SuiteRun("ok", 0.0)
    runner = trials.Trials(root, "HEAD", root, baseline, ".", tmp_path / "trees", 10.0)
    trial = runner.one(findings, "pkg.m", Thresholds())
    assert not trial.proposed and not trial.safe
    assert trial.kind == "a `global` statement"
    assert trial.suite == ""
    assert not (tmp_path / "trees").exists()


# -- the director's ledger -----------------------------------------------------------------


def _action(action: str, agent: str, **fields: Any) -> ActionRecord:
    values: dict[str, Any] = {
        "id": 1, "run_id": "r1", "iteration": 1, "agent": agent, "action": action,
        "task_id": None, "candidate_id": None, "details": {}, "metrics_before": {},
        "metrics_after": {}, "accepted": None, "reason": "", "created_at": datetime.now(UTC),
    }  # fmt: skip
    return ActionRecord(**{**values, **fields})


ACTIONS = [
    _action("measure", "analyzer", metrics_after={"tests_total": 851.0, "tests_failed": 0.0}),
    _action(
        "diagnose",
        "architect",
        details={
            "notes": ["architect: design review in /x/architecture.md", "architect: no codemod"]
        },
    ),
    _action(
        "propose",
        "architect",
        iteration=2,
        details={
            "strategy": "split-module:jinja2.environment",
            "summary": "Fix ...",
            "files": ["src/jinja2/environment.py", "src/jinja2/environment_x.py"],
        },
        metrics_before={"tests_total": 851.0, "tests_failed": 0.0, "god_modules": 1.0},
        metrics_after={"tests_total": 851.0, "tests_failed": 2.0, "god_modules": 0.0},
        accepted=False,
        reason="a test that passed now fails: tests/test_api.py::test_x",
    ),
    _action("propose", "debugger", details={"strategy": "template:x"}),
]


def test_the_architects_candidates_notes_and_the_baseline_come_from_the_ledger():
    found = director_arm.proposals_of(ACTIONS)
    assert len(found) == 1
    p = found[0]
    assert (p.iteration, p.strategy, p.accepted) == (2, "split-module:jinja2.environment", False)
    assert p.reason.startswith("a test that passed now fails")
    assert p.files == ("src/jinja2/environment.py", "src/jinja2/environment_x.py")
    assert (p.tests_before, p.tests_after) == ((851, 0), (851, 2))
    assert (p.god_before, p.god_after) == (1.0, 0.0)
    assert director_arm.architect_notes(ACTIONS) == ["architect: no codemod"]
    assert director_arm.baseline_tests(ACTIONS) == (851, 0)
    assert director_arm.baseline_tests([]) == (0, 0)


# -- tables --------------------------------------------------------------------------------


def _doc() -> dict[str, Any]:
    split = _trial("pkg.m", proposed=True, suite="ok", broken=1,
                   files={"src/pkg/m.py": 300, "src/pkg/m_x.py": 120}, ruff_new={"I001": 1})  # fmt: skip
    refused = _trial("pkg.n", kind="a `global` statement")
    proposal = director_arm.proposals_of(ACTIONS)[0]
    return {
        "name": "fakepkg", "requirement": "fakepkg==1.0", "limits": {"god_fan_in": 2},
        "large_modules": 2, "god_before": [{"module": "pkg.m"}], "god_after": [],
        "baseline_suite": {"passed": 10, "failed": 1, "seconds": 3.2}, "tests_gate": 0.909,
        "sandbox_baseline": {"tests": 11, "failing": ["tests/test_a.py::test_x"]},
        "trials": [split.__dict__, refused.__dict__],
        "tally": trials.tally([split, refused]),
        "director": {"status": "stalled", "seconds": 61.0, "load_before": [1.5, 1, 1],
                     "load_after": [2.25, 1, 1], "accepted": 0, "rejected": 1,
                     "baseline_tests": [11, 1], "proposals": [proposal.__dict__]},
    }  # fmt: skip


def test_the_tables_show_each_subject_trial_and_candidate():
    doc = [_doc()]
    assert arch_tables.subjects_rows(doc)[1] == [
        "fakepkg", "fakepkg==1.0", "god_fan_in=2", "2", "pkg.m", "10 passed, 1 failed, 3 s", "1",
        "0.909",
    ]  # fmt: skip
    assert arch_tables.director_rows(doc)[1] == [
        "fakepkg", "stalled", "61", "1.50-2.25", "none", "0", "1", "11 (1 failing)",
        "11 (1 failing)",
    ]  # fmt: skip
    trial_rows = arch_tables.trial_rows(doc)
    assert trial_rows[1][5:] == ["split: m.py 300, m_x.py 120", "I001 +1", "ok", "1"]
    assert trial_rows[2][5] == "refused: a `global` statement"
    assert arch_tables.proposal_rows(doc)[1][2:4] == ["split-module:jinja2.environment", "rejected"]
    assert arch_tables.tally_rows(doc)[1] == ["fakepkg", "2", "1", "1", "0", "1", "1", "0"]
    assert arch_tables.tally_rows(doc * 2)[-1][0] == "all"
    assert arch_tables.refusal_rows(doc) == [["refusal", "modules"], ["a `global` statement", "1"]]
