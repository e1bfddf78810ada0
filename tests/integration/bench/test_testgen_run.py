"""The test-generation benchmark with real tools: PyPI, pip, git, the sandbox, Pynguin.

- Each pinned PyPI subject downloads (pip, from PyPI), becomes a project without a test
  file, and its package imports and works from that project with MyAgent's
  interpreter. Skipped with the reason when PyPI cannot be reached (a failure under
  `MYAGENT_REQUIRE_SERVICES=1`, as in CI).
- The whole benchmark on the example without its tests, with a tiny budget: every arm
  is measured, the JSON holds them, and no arm's figures are missing. It needs
  Pynguin's venv, which the benchmark makes when missing (a download from PyPI).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from myagent.repair.localize import is_test_file

pytestmark = pytest.mark.integration

BENCH = Path(__file__).resolve().parents[3] / "bench"
RUN = BENCH / "testgen" / "run.py"
# What the package computes, run from the project: proof that the scaffold kept it whole.
SMOKE = {
    "inflection": ("import inflection; print(inflection.pluralize('ox'))", "oxen"),
    "semver": ("import semver; print(semver.Version.parse('1.2.3').bump_minor())", "1.3.0"),
}


def _load(name: str) -> ModuleType:
    for folder in (BENCH, BENCH / "testgen"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    return importlib.import_module(name)


def _skip_or_fail(reason: str) -> None:
    """Skip with `reason`, or fail when services are required (CI), as tests/conftest.py."""
    if os.environ.get("MYAGENT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"MYAGENT_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def _pypi_subjects() -> list[str]:
    return [s.name for s in _load("subjects").SUBJECTS if s.origin == "pypi"]


@pytest.mark.parametrize("name", _pypi_subjects())
def test_a_pinned_pypi_package_becomes_a_project_without_tests_that_still_works(name, tmp_path):
    subjects, scaffold = _load("subjects"), _load("scaffold")
    (subject,) = subjects.by_name([name])
    try:
        archive = subjects.download_sdist(subject.requirement, tmp_path / "downloads")
    except subprocess.CalledProcessError as exc:
        last = (exc.stderr or "").strip().splitlines() or ["no output"]
        _skip_or_fail(f"pip cannot download {subject.requirement} from PyPI: {last[-1]}")
    tree = subjects.unpack(archive, tmp_path / "unpacked")
    project = tmp_path / "project"
    selection = scaffold.build_project(tree, subject, project, max_mutants=40)
    assert selection.removed_tests, f"{name}'s sdist ships tests: they must be counted"
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=project, capture_output=True, text=True, check=True
    ).stdout.split()
    assert [p for p in tracked if is_test_file(p)] == ["tests/.gitkeep"]
    assert any(p.startswith(subject.source + "/") for p in tracked)
    code, expected = SMOKE[name]
    root = project / subject.import_root
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == expected, done.stderr


def test_the_benchmark_measures_every_arm_of_the_example_without_its_tests(tmp_path, require_bwrap):
    out = tmp_path / "testgen.json"
    argv = [sys.executable, str(RUN), "--subject", "invoicing-bare", "--minutes", "0.1"]
    argv += ["--max-mutants", "6", "--cap-grace", "120", "--keep", str(tmp_path / "keep")]
    argv += ["--json", str(out)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=1500)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    document = json.loads(out.read_text())
    assert document["complete"] is True
    (subject,) = document["subjects"]
    arms = {arm["arm"]: arm for arm in subject["arms"]}
    assert list(arms) == ["baseline", "myagent", "myagent+pynguin", "pynguin"]
    assert arms["baseline"]["figures"]["line"] == 0.0  # no test left
    assert arms["baseline"]["sample"]["killed"] == 0
    for name in ("myagent", "myagent+pynguin", "pynguin"):
        figures = arms[name]["figures"]
        assert figures["line"] is not None and figures["branch"] is not None, name
        assert arms[name]["sample"]["counted"] == subject["sample_size"], name
        assert arms[name]["seconds"] > 0, name
    assert arms["pynguin"]["generated"] > 0  # Pynguin wrote tests for the modules
    assert "invoicing-bare" in done.stdout and "mutants killed" in done.stdout
