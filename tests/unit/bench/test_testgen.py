"""The test-generation benchmark's pure parts (bench/testgen/), with no network.

A PyPI subject is stood in for by a tiny fake package made here, in the shape an sdist
has (its own tests, docs, setup.cfg with pytest options): the project built from it
must hold the package and no test; the example keeps its tests only when asked. Then
the fixed mutant sample (the same mutants whatever the tests), transplanting a mutant
onto a changed file, the score over the common sample, Pynguin's budget split (with a
fake sandbox runner standing in for Pynguin), the Tester's notes and the result table.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import subprocess
import sys
import tarfile
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from myagent.config import load_settings
from myagent.sandbox.runner import SandboxResult

BENCH = Path(__file__).resolve().parents[3] / "bench"


def _load(name: str) -> ModuleType:
    """A module of bench/testgen (they import each other and figures.py by plain names)."""
    for folder in (BENCH, BENCH / "testgen"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    return importlib.import_module(name)


subjects = _load("subjects")
scaffold = _load("scaffold")
measure = _load("measure")
pynguin_arm = _load("pynguin_arm")
myagent_arm = _load("myagent_arm")
tables = _load("tables")

CORE = '''\
def clamp(value: int, low: int, high: int) -> int:
    """Keep value within [low, high]."""
    if value < low:
        return low
    if value > high:
        return high
    return value


LIMIT = 10


class Counter:
    def __init__(self) -> None:
        self.count = 0

    def bump(self, by: int = 1) -> int:
        self.count = self.count + by
        return self.count
'''

SDIST = {
    "src/fakepkg/__init__.py": "from fakepkg.core import clamp\n",
    "src/fakepkg/core.py": CORE,
    "src/fakepkg/constants.py": "NAME = 'fake'\n",
    "src/fakepkg/tests/test_inner.py": "def test_inner():\n    assert True\n",
    "tests/test_core.py": "from fakepkg import clamp\n\n\ndef test_clamp():\n    assert clamp(5, 0, 3) == 3\n",
    "tests/conftest.py": "",
    "test_top.py": "def test_top():\n    assert True\n",
    "docs/conf.py": "project = 'fake'\n",
    "setup.cfg": "[tool:pytest]\naddopts = --cov=fakepkg\n",
    "pyproject.toml": "[project]\nname = 'fakepkg'\n",
    "LICENSE": "MIT\n",
    "README.md": "# fakepkg\n",
    "src/fakepkg.egg-info/PKG-INFO": "Name: fakepkg\n",
}
FAKE = subjects.Subject("fakepkg", "pypi", "src/fakepkg", False, requirement="fakepkg==1.0")


def _write(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _tracked(root: Path) -> list[str]:
    done = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True)
    return sorted(done.stdout.split())


# -- subjects ------------------------------------------------------------------------------


def test_every_pypi_subject_is_pinned_and_the_example_comes_with_and_without_tests():
    pypi = [s for s in subjects.SUBJECTS if s.origin == "pypi"]
    assert len(pypi) >= 2
    assert all(s.requirement.count("==") == 1 for s in pypi)
    example = {s.name: s.keep_tests for s in subjects.SUBJECTS if s.origin == "example"}
    assert example == {"invoicing": True, "invoicing-bare": False}
    assert [s.name for s in subjects.by_name(["semver", "invoicing"])] == ["invoicing", "semver"]
    with pytest.raises(SystemExit, match="unknown subject"):
        subjects.by_name(["toolz"])


def test_import_root_is_src_or_the_top_folder():
    assert FAKE.import_root == "src"
    assert subjects.Subject("x", "pypi", "inflection", False).import_root == "."


def test_an_sdist_is_found_by_its_normalised_name_and_unpacked_to_its_top_folder(tmp_path):
    package = _write(tmp_path / "build" / "Fake_Pkg-1.0", {"fake_pkg/__init__.py": "X = 1\n"})
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    archive = downloads / "fake_pkg-1.0.tar.gz"
    with tarfile.open(archive, "w:gz") as bundle:
        bundle.add(package, arcname=package.name)
    (downloads / "fake_pkg-1.0.1.tar.gz").write_bytes(b"")  # another version: not taken
    found = subjects.download_sdist("fake-pkg==1.0", downloads)  # no pip: it is there
    assert found == archive
    top = subjects.unpack(found, tmp_path / "unpacked")
    assert (top / "fake_pkg" / "__init__.py").read_text() == "X = 1\n"


# -- scaffold ------------------------------------------------------------------------------


def test_a_package_becomes_a_project_with_its_package_and_no_test(tmp_path):
    tree = _write(tmp_path / "fakepkg-1.0", SDIST)
    dest = tmp_path / "project"
    selection = scaffold.build_project(tree, FAKE, dest, max_mutants=25)
    assert _tracked(dest) == [
        ".gitignore",
        "LICENSE",
        "README.md",
        "myagent.toml",
        "src/fakepkg/__init__.py",
        "src/fakepkg/constants.py",
        "src/fakepkg/core.py",
        "tests/.gitkeep",
    ]
    assert sorted(selection.removed_tests) == [
        "src/fakepkg/tests/test_inner.py",
        "test_top.py",
        "tests/conftest.py",
        "tests/test_core.py",
    ]
    assert (dest / "src/fakepkg/core.py").read_text() == CORE
    log = subprocess.run(
        ["git", "log", "--format=%s"], cwd=dest, capture_output=True, text=True, check=True
    )
    assert log.stdout.strip() == "fakepkg: 4 test file(s) removed"


def test_the_project_gates_are_out_of_reach_and_measured_the_same_way(tmp_path):
    dest = tmp_path / "project"
    scaffold.build_project(_write(tmp_path / "sdist", SDIST), FAKE, dest, max_mutants=25)
    settings = load_settings(dest, environ={})
    assert settings.gates == {"coverage_line": 1.0, "coverage_branch": 1.0, "mutation_score": 1.0}
    assert settings.project.source == ["src/fakepkg"]
    assert settings.project.tests == ["tests"]
    assert settings.project.max_mutants == 25
    assert settings.budget.max_iterations == scaffold.MAX_ITERATIONS
    assert settings.testgen.pynguin == "off"  # MyAgent's own Pynguin generator: off


def test_without_the_mutation_gate_only_the_coverage_gates_are_listed(tmp_path):
    dest = tmp_path / "project"
    tree = _write(tmp_path / "sdist", SDIST)
    scaffold.build_project(tree, FAKE, dest, max_mutants=25, mutation_gate=False)
    settings = load_settings(dest, environ={})
    assert settings.gates == {"coverage_line": 1.0, "coverage_branch": 1.0}
    assert settings.project.max_mutants == 25  # the measurement still samples 25


def test_use_pynguin_points_the_tester_at_a_pynguin_in_a_commit_of_its_own(tmp_path):
    dest = tmp_path / "project"
    scaffold.build_project(_write(tmp_path / "sdist", SDIST), FAKE, dest, max_mutants=25)
    command = "/opt/pynguin venv/bin/pynguin"
    scaffold.use_pynguin(dest, command)
    scaffold.use_pynguin(dest, command)  # already so: no second commit
    settings = load_settings(dest, environ={})
    assert settings.testgen.pynguin == command
    assert settings.gates["mutation_score"] == 1.0
    log = subprocess.run(
        ["git", "log", "--format=%s"], cwd=dest, capture_output=True, text=True, check=True
    )
    assert log.stdout.splitlines()[0] == f"MyAgent's Tester with Pynguin: {command}"
    assert len(log.stdout.splitlines()) == 2
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=dest, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""


def test_the_example_keeps_its_tests_only_when_asked_and_gets_its_gates_replaced(tmp_path):
    kept, bare = subjects.by_name(["invoicing", "invoicing-bare"])
    with_tests = tmp_path / "with"
    scaffold.build_project(subjects.EXAMPLE, kept, with_tests, max_mutants=40)
    without = tmp_path / "without"
    selection = scaffold.build_project(subjects.EXAMPLE, bare, without, max_mutants=40)
    assert "tests/test_money.py" in _tracked(with_tests)
    assert not any(p.startswith("tests/test_") for p in _tracked(without))
    assert sorted(selection.removed_tests) == ["tests/test_invoice.py", "tests/test_money.py"]
    gates = tomllib.loads((with_tests / "myagent.toml").read_text())["gates"]
    assert gates == {
        "tests_pass_rate": 1.0,
        "coverage_line": 1.0,
        "coverage_branch": 1.0,
        "mutation_score": 1.0,
    }
    assert "tests_pass_rate" not in tomllib.loads((without / "myagent.toml").read_text())["gates"]
    assert "pyproject.toml" in _tracked(without)  # the example's own pytest settings stay


def test_build_project_refuses_a_folder_in_use_and_a_tree_without_the_package(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "mine.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        scaffold.build_project(_write(tmp_path / "sdist", SDIST), FAKE, tmp_path / "p", 40)
    assert (tmp_path / "p" / "mine.txt").read_text() == "keep me"
    empty = _write(tmp_path / "empty", {"README.md": "nothing\n"})
    with pytest.raises(FileNotFoundError, match="src/fakepkg"):
        scaffold.build_project(empty, FAKE, tmp_path / "q", 40)


# -- the fixed mutant sample ---------------------------------------------------------------


def test_the_sample_covers_function_bodies_only_and_is_the_same_every_time():
    body = measure.function_body_lines(CORE)
    assert body == {2, 3, 4, 5, 6, 7, 15, 18, 19}  # docstring, ifs, returns, assignments
    first = measure.fixed_sample({"src/fakepkg/core.py": CORE}, max_mutants=6, seed=0)
    again = measure.fixed_sample({"src/fakepkg/core.py": CORE}, max_mutants=6, seed=0)
    assert 0 < len(first) <= 6
    assert [m.id for m in first] == [m.id for m in again]
    assert all(m.line in body and m.new_source != CORE for m in first)
    other = measure.fixed_sample({"src/fakepkg/core.py": CORE}, max_mutants=6, seed=1)
    assert [m.id for m in other] != [m.id for m in first]


def test_a_mutant_is_transplanted_onto_a_file_changed_elsewhere():
    mutated = CORE.replace("if value > high:", "if value >= high:")
    assert measure.transplant(CORE, mutated, CORE) == (mutated, 5)
    fixed_elsewhere = "import math\n\n" + CORE.replace("self.count + by", "self.count + by * 1")
    text, line = measure.transplant(CORE, mutated, fixed_elsewhere)
    assert line == 7
    assert text == "import math\n\n" + mutated.replace("self.count + by", "self.count + by * 1")


def test_a_mutant_whose_lines_changed_or_repeat_is_not_applicable():
    mutated = CORE.replace("if value > high:", "if value >= high:")
    assert measure.transplant(CORE, mutated, CORE.replace("value > high", "high < value")) is None
    assert measure.transplant(CORE, mutated, CORE + "\n" + CORE) is None


def test_the_score_counts_uncovered_mutants_as_alive_and_leaves_out_the_unplaceable():
    baseline = {"a": "not-covered", "b": "not-covered", "c": "not-covered", "d": "not-covered"}
    mine = {"a": "killed", "b": "survived", "c": "not-covered", "d": "killed"}
    theirs = {"a": "killed", "b": "killed", "c": "killed", "d": "not-applicable"}
    every = [baseline, mine, theirs]
    score = measure.common_score(mine, every)
    assert (score.killed, score.survived, score.not_covered) == (1, 1, 1)
    assert (score.counted, score.left_out, score.score) == (3, 1, round(1 / 3, 4))
    assert measure.common_score(theirs, every).score == 1.0
    assert measure.common_score(baseline, every).score == 0.0
    assert measure.common_score({}, [{}]).score is None


# -- Pynguin's arm, with a fake runner -----------------------------------------------------


class FakePynguin:
    """A sandbox runner that writes one test file per module, as Pynguin would, and
    takes `seconds` of the clock `now` (what `clock` reads)."""

    isolated = True

    def __init__(self, tests_per_module: int = 2, seconds: float = 3.0) -> None:
        self.calls: list[tuple[list[str], float, dict[str, str]]] = []
        self.tests_per_module = tests_per_module
        self.seconds = seconds
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    def run(
        self,
        argv: Sequence[str],
        *,
        workspace: Path,
        timeout_s: float,
        env: Mapping[str, str] | None = None,
        readable: Sequence[Path] = (),
        writable: Sequence[Path] = (),
    ) -> SandboxResult:
        args = list(argv)
        self.calls.append((args, timeout_s, dict(env or {})))
        module = args[args.index("--module-name") + 1]
        out = Path(args[args.index("--output-path") + 1])
        tests = "".join(
            f"def test_{n}():\n    assert True\n\n" for n in range(self.tests_per_module)
        )
        (out / f"test_{module.replace('.', '_')}.py").write_text(tests)
        self.now += self.seconds
        return SandboxResult(0, "", "", False, self.seconds, False)


def test_target_modules_are_those_that_define_something(tmp_path):
    project = _write(tmp_path, {k: v for k, v in SDIST.items() if k.startswith("src/fakepkg/")})
    files = ["src/fakepkg/__init__.py", "src/fakepkg/constants.py", "src/fakepkg/core.py"]
    assert pynguin_arm.target_modules(project, files, "src") == ["fakepkg.core"]


def test_each_module_runs_in_the_sandbox_with_its_share_and_its_tests_land_in_tests(tmp_path):
    project = tmp_path / "project"
    scaffold.build_project(_write(tmp_path / "sdist", SDIST), FAKE, project, 40)
    runner = FakePynguin(tests_per_module=3)
    runs = pynguin_arm.run_pynguin(
        runner, tmp_path / "no-venv", project, "src", ["fakepkg.core", "fakepkg"],
        budget_s=100.0, seed=7, log=tmp_path / "pynguin.log", clock=runner.clock,
    )  # fmt: skip
    assert [(r.module, r.status, r.test_file, r.tests) for r in runs] == [
        ("fakepkg.core", "ok", "tests/test_fakepkg_core.py", 3),
        ("fakepkg", "ok", "tests/test_fakepkg.py", 3),
    ]
    (argv, timeout, env), _ = runner.calls
    assert env == {"PYNGUIN_DANGER_AWARE": "1"}
    assert argv[argv.index("--project-path") + 1].endswith("project-pynguin-ws/src")
    assert argv[argv.index("--maximum-search-time") + 1] == "30"  # 60% of 50 s
    assert argv[argv.index("--maximum_mutation_time") + 1] == "10"  # 20% of 50 s
    assert argv[argv.index("--seed") + 1] == "7"
    assert timeout == 50.0 + pynguin_arm.GRACE_S
    assert runs[1].share_s == 97.0  # what the first module left: 100 s less its 3 s
    assert not (tmp_path / "project-pynguin-ws").exists()


def test_no_module_starts_once_the_budget_is_spent(tmp_path):
    project = tmp_path / "project"
    scaffold.build_project(_write(tmp_path / "sdist", SDIST), FAKE, project, 40)
    runner = FakePynguin()
    runs = pynguin_arm.run_pynguin(
        runner, tmp_path / "no-venv", project, "src", ["fakepkg.core"],
        budget_s=5.0, seed=0, log=tmp_path / "pynguin.log", clock=runner.clock,
    )  # fmt: skip
    assert [(r.status, r.test_file) for r in runs] == [("skipped: budget spent", "")]
    assert runner.calls == []


# -- MyAgent's arm: the Tester's notes -----------------------------------------------------


def test_generated_and_kept_tests_are_read_from_the_testers_notes():
    notes = [
        "tester (characterization) tests/test_a_f_characterization.py: kept 1 of 2 test(s)",
        "tester (properties) tests/test_a.py: kept 6 of 12 test(s); dropped: timeout",
        "tester (characterization) a.g: nothing to generate",
        "debugger: 3 candidate fixes",
    ]
    assert myagent_arm.tester_counts(notes) == (14, 7)


# -- the tables ----------------------------------------------------------------------------


def _arm(arm: str, line: float | None, killed: int, **fields: Any) -> Any:
    figures = measure.TreeFigures(line, line, fields.get("gate"), "", fields.get("tests", 0),
                                  fields.get("failed", 0), 1.0)  # fmt: skip
    sample = measure.SampleScore(
        round(killed / 10, 4), killed, 10 - killed, 0, 10, fields.get("left_out", 0)
    )
    return tables.ArmResult(arm, figures, sample, fields.get("added", 0),
                            fields.get("generated"), fields.get("seconds"), fields.get("status", ""))  # fmt: skip


def _result() -> Any:
    return tables.SubjectResult(
        name="fakepkg", origin="pypi", requirement="fakepkg==1.0", keep_tests=False,
        source_files=3, source_lines=24, removed_tests=4, sample_size=10,
        arms=(
            _arm("baseline", 0.0, 0),
            _arm("myagent", 0.914, 3, gate=0.3, tests=11, failed=2, added=11, generated=18,
                 seconds=181.4, status="budget_exhausted"),
            _arm("myagent+pynguin", 0.95, 4, tests=20, added=20, generated=30, seconds=190.0,
                 status="budget_exhausted"),
            _arm("pynguin", None, 5, tests=15, added=15, generated=15, seconds=179.9,
                 status="1 ok"),
        ),
    )  # fmt: skip


def test_the_result_table_puts_the_arms_side_by_side():
    result = _result()
    rows = tables.results_table([result])
    assert rows[0][:6] == ["subject", "arm", "line", "branch", "mutants killed", "gate mutation"]
    assert rows[1] == ["fakepkg", "baseline", "0.0%", "0.0%", "0.0% (0/10)", "-",
                       "0", "0", "-", "-", "-", ""]  # fmt: skip
    assert rows[2] == ["", "myagent", "91.4%", "91.4%", "30.0% (3/10)", "30.0%",
                       "11", "2", "18", "11", "181", "budget_exhausted"]  # fmt: skip
    assert rows[3][:5] == ["", "myagent+pynguin", "95.0%", "95.0%", "40.0% (4/10)"]
    assert rows[4][:5] == ["", "pynguin", "-", "-", "50.0% (5/10)"]
    assert tables.subjects_table([result])[1] == [
        "fakepkg", "fakepkg==1.0", "3", "24", "4", "10 mutants"
    ]  # fmt: skip


def test_a_saved_json_gives_back_the_same_tables():
    result = _result()
    document = json.loads(json.dumps({"subjects": [dataclasses.asdict(result)]}))
    (again,) = tables.results_from_json(document)
    assert again == result
    assert tables.results_table([again]) == tables.results_table([result])
