"""A subject's tree made a MyAgent project: its package, its tests removed, the gates.

`build_project(tree, subject, dest, max_mutants)` writes to `dest` (new or empty) and
commits on `main` of a new git repository:

- the files kept (`select_files`): for the example, its whole tree but its
  `myagent.toml` (and its tests, unless the subject keeps them); for a PyPI package,
  only the package (`subject.source`, at the same relative path, so `src/` stays `src/`)
  and the top-level licence and readme. The sdist's `setup.cfg`, `pyproject.toml`,
  `tox.ini` are left out on purpose: their pytest and coverage options (semver's
  `--cov` addopts, for one) would need plugins the measurement does not have;
- test files are removed wherever they are (`is_test_file`, as the Debugger tells a test file: `tests/`, `test/`,
  `test_*.py`, `*_test.py`, `conftest.py`), inside the package too;
- `tests/.gitkeep` when no `tests/` folder is left: git keeps no empty folder, and
  `[project] tests = ["tests"]` must name a folder that exists (else pytest fails on
  the missing folder and nothing is measured);
- `myagent.toml` (`config_toml`): the gates `coverage_line`, `coverage_branch`,
  `mutation_score`, all 1.0 (out of reach, so a run ends on its time budget, not on a
  met gate); `tests_pass_rate = 1.0` too when the project keeps tests, so a generated
  test that makes the suite fail is rejected. Not without tests: there the first
  generated tests raise the pass rate from 0 whatever they do, and a failing one then
  sends the Debugger to change the library's code to suit it (see README.md);
  `max_iterations` high, so the minutes are the binding limit; `source`, `tests` and
  `max_mutants` explicit; `[testgen] pynguin = "off"`, so that MyAgent's Tester runs
  without its Pynguin generator whatever is on PATH (`use_pynguin` turns it on for
  the "myagent+pynguin" arm, with a commit of its own);
- `.gitignore`.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from figures import git
from subjects import Subject

from myagent.repair.localize import is_test_file

TESTS = "tests"
GITIGNORE = "__pycache__/\n.pytest_cache/\n.mypy_cache/\n.ruff_cache/\n.coverage\n.myagent/\n"
MAX_ITERATIONS = 1000
PYNGUIN_KEY = "pynguin"
_TOP_LEVEL_DOCS = ("license", "licence", "copying", "readme")
_NEVER = frozenset({"__pycache__", ".git", ".myagent", ".pytest_cache", ".mypy_cache"})


@dataclass(frozen=True)
class Selection:
    """What `build_project` takes from a tree (root-relative posix paths)."""

    kept: tuple[str, ...]
    removed_tests: tuple[str, ...]


def _skipped(relative: str) -> bool:
    parts = PurePosixPath(relative).parts
    return (
        any(p in _NEVER or p.endswith(".egg-info") for p in parts)
        or relative.endswith((".pyc", ".pyo"))
        or parts == ("myagent.toml",)
    )


def _wanted(relative: str, subject: Subject) -> bool:
    if subject.origin == "example":
        return True
    if PurePosixPath(relative).is_relative_to(subject.source):
        return True
    top = PurePosixPath(relative)
    return len(top.parts) == 1 and top.name.lower().startswith(_TOP_LEVEL_DOCS)


def select_files(tree: Path, subject: Subject) -> Selection:
    """The files of `tree` the project gets, and the test files left out."""
    kept: list[str] = []
    removed: list[str] = []
    for path in sorted(tree.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        relative = path.relative_to(tree).as_posix()
        if _skipped(relative):
            continue
        if is_test_file(relative):
            (kept if subject.keep_tests else removed).append(relative)
        elif _wanted(relative, subject):
            kept.append(relative)
    if not any(PurePosixPath(k).is_relative_to(subject.source) for k in kept):
        raise FileNotFoundError(f"{tree} has no {subject.source} for {subject.name}")
    return Selection(tuple(kept), tuple(removed))


def config_toml(subject: Subject, max_mutants: int, mutation_gate: bool = True) -> str:
    """The project's myagent.toml (see the module docstring); `mutation_gate` False
    leaves the `mutation_score` gate out (`run.py --no-mutation-gate`)."""
    tests_gate = "tests_pass_rate = 1.0" if subject.keep_tests else "# no tests: no tests_pass_rate"
    mutation = "mutation_score = 1.0" if mutation_gate else "# no mutation_score gate"
    return (
        "# Written by bench/testgen. Targets out of reach: a run ends on its time budget.\n"
        "[gates]\n"
        f"{tests_gate}\n"
        "coverage_line = 1.0\n"
        "coverage_branch = 1.0\n"
        f"{mutation}\n"
        "\n[budget]\n"
        f"max_iterations = {MAX_ITERATIONS}\n"
        "\n[project]\n"
        f'source = ["{subject.source}"]\n'
        f'tests = ["{TESTS}"]\n'
        f"max_mutants = {max_mutants}\n"
        "\n[testgen]\n"
        f'{PYNGUIN_KEY} = "off"\n'
    )


def use_pynguin(project: Path, command: str) -> None:
    """Point MyAgent's Pynguin generator at `command` in the project's myagent.toml and
    commit that on the checked-out branch (nothing when it already does)."""
    config = project / "myagent.toml"
    lines = config.read_text(encoding="utf-8").splitlines()
    wanted = f"{PYNGUIN_KEY} = {json.dumps(command)}"
    changed = [wanted if line.startswith(f"{PYNGUIN_KEY} =") else line for line in lines]
    if changed == lines:
        return
    config.write_text("\n".join(changed) + "\n", encoding="utf-8")
    git(
        project,
        "commit",
        "-q",
        "-m",
        f"MyAgent's Tester with Pynguin: {command}",
        "--",
        "myagent.toml",
    )


def build_project(
    tree: Path, subject: Subject, dest: Path, max_mutants: int, mutation_gate: bool = True
) -> Selection:
    """`tree` as a project at `dest`, committed on main; what was kept and removed."""
    dest.mkdir(parents=True, exist_ok=True)
    if any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    selection = select_files(tree, subject)
    for relative in selection.kept:
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tree / relative, target)
    if not (dest / TESTS).is_dir():
        (dest / TESTS).mkdir()
        (dest / TESTS / ".gitkeep").write_text("", encoding="utf-8")
    (dest / "myagent.toml").write_text(
        config_toml(subject, max_mutants, mutation_gate), encoding="utf-8"
    )
    (dest / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "--all")
    removed = len(selection.removed_tests)
    git(dest, "commit", "-q", "-m", f"{subject.name}: {removed} test file(s) removed")
    return selection
