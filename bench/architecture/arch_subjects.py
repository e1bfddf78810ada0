"""The subjects of the Architect benchmark, and how each becomes a MyAgent project.

A subject is a pure-Python library from PyPI, pinned, whose source distribution ships
its own tests and whose suite runs with plain pytest, offline, in seconds. The sdist is
fetched and unpacked by the test-generation benchmark's code (`bench/testgen/subjects.py`:
`pip download --no-deps --no-binary :all:`) and made a git project by its scaffolding
(`bench/testgen/scaffold.py`), **with its tests kept**; then `myagent.toml` is replaced
by this benchmark's own (`config_toml`) in a second commit:

- gates `tests_pass_rate` (1.0, or, when some tests fail in MyAgent's own measurement
  of the base commit, that pass rate, `pass_rate_gate`: so the gate is met at the start
  and no Debugger is sent after tests that fail offline or in the sandbox; the ratchet
  still refuses a candidate that breaks a test that passed) and `god_modules = 0`;
- `[budget] max_iterations` small; `[architecture]` the god-module limits a subject
  states when its largest module does not reach MyAgent's defaults (`Thresholds`:
  500 lines, 30 definitions, fan-in 5, fan-out 8): the limit lowered, and why, is part
  of the subject (`limits`, `why`).

The tests run with MyAgent's interpreter (no `[project] python`): the library's own
source is first on PYTHONPATH (the import root), ahead of any copy installed in
MyAgent's venv; jinja2's one dependency, MarkupSafe, comes from that venv.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from figures import git
from scaffold import build_project
from subjects import Subject

from myagent.architecture.findings import Thresholds

TESTS = "tests"
CONFIG_MESSAGE = "bench/architecture: myagent.toml for the Architect"


@dataclass(frozen=True)
class ArchSubject:
    """One library whose god modules the Architect is asked to split."""

    name: str  # also its scratch folder
    requirement: str  # "name==version"
    keep: str  # what the project takes from the sdist ("src/click"; "src" for two packages)
    sources: tuple[str, ...]  # `[project] source`
    import_root: str  # the folder the packages are imported from ("src")
    limits: Mapping[str, int] = field(default_factory=dict)  # `[architecture] god_*` lowered
    why: str = ""  # why this subject, and why its limits

    def scaffold_subject(self) -> Subject:
        """The test-generation benchmark's view of it: a PyPI subject whose tests stay."""
        return Subject(self.name, "pypi", self.keep, keep_tests=True, requirement=self.requirement)

    def thresholds(self) -> Thresholds:
        """MyAgent's default thresholds with this subject's god-module limits."""
        return Thresholds(**dict(self.limits))


SUBJECTS: tuple[ArchSubject, ...] = (
    ArchSubject(
        "click", "click==8.1.7", "src/click", ("src/click",), "src",
        limits={"god_fan_in": 3, "god_fan_out": 3, "god_lines": 600},
        why="no dependencies; none of its modules is a god module by the defaults (core.py: "
        "3,043 lines, 155 definitions, imports 9, but imported by 3); the limits make its "
        "three busiest modules god modules: core and types (imported by 3) and utils "
        "(625 lines, imported by 9, imports 3)",
    ),
    ArchSubject(
        "jinja2", "jinja2==3.1.4", "src/jinja2", ("src/jinja2",), "src",
        why="environment.py is a god module by the defaults (1,676 lines, 78 definitions, "
        "imported by 5, imports 10); needs MarkupSafe (from MyAgent's venv)",
    ),
    ArchSubject(
        "attrs", "attrs==23.2.0", "src", ("src/attr", "src/attrs"), "src",
        limits={"god_fan_in": 1, "god_fan_out": 4},
        why="no dependencies (tests: Hypothesis); _make.py (3,120 lines, 100 definitions, "
        "imported by 8) imports 4 attr modules, under the default fan-out of 8, and "
        "validators.py (682 lines, 58 definitions) is imported by 1: the limits make both "
        "god modules",
    ),
)  # fmt: skip


def by_name(names: list[str]) -> list[ArchSubject]:
    """The subjects named (all when `names` is empty), in the order of SUBJECTS."""
    known = [s.name for s in SUBJECTS]
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise SystemExit(f"unknown subject(s): {', '.join(unknown)} (known: {', '.join(known)})")
    return [s for s in SUBJECTS if not names or s.name in names]


def pass_rate_gate(rate: float | None) -> float:
    """The `tests_pass_rate` target for a baseline at `rate` (MyAgent's measurement):
    1.0 when every test that ran passed (or nothing was measured), else the rate rounded
    down to 4 places, so the baseline meets it."""
    if rate is None or rate >= 1.0:
        return 1.0
    return math.floor(rate * 10_000) / 10_000


def config_toml(subject: ArchSubject, tests_gate: float, max_iterations: int) -> str:
    """The project's myagent.toml (see the module docstring)."""
    sources = ", ".join(f'"{s}"' for s in subject.sources)
    limits = "".join(f"{key} = {value}\n" for key, value in sorted(subject.limits.items()))
    limits = limits or "# MyAgent's default god-module limits\n"
    return (
        "# Written by bench/architecture: the Architect splits god modules, the tests judge.\n"
        "[gates]\n"
        f"tests_pass_rate = {tests_gate!r}\n"
        "god_modules = 0\n"
        "\n[budget]\n"
        f"max_iterations = {max_iterations}\n"
        "\n[project]\n"
        f"source = [{sources}]\n"
        f'tests = ["{TESTS}"]\n'
        "\n[architecture]\n"
        f"{limits}"
    )


def scaffold(subject: ArchSubject, tree: Path, dest: Path) -> None:
    """`tree` (the unpacked sdist) as a project at `dest`, its tests kept, committed by
    the test-generation benchmark's scaffolding (whose myagent.toml `write_config`
    replaces)."""
    build_project(tree, subject.scaffold_subject(), dest, max_mutants=1)


def write_config(subject: ArchSubject, dest: Path, tests_gate: float, max_iterations: int) -> str:
    """Replace the project's myagent.toml and commit it; the commit."""
    text = config_toml(subject, tests_gate, max_iterations)
    (dest / "myagent.toml").write_text(text, encoding="utf-8")
    git(dest, "commit", "-q", "-m", CONFIG_MESSAGE, "--", "myagent.toml")
    return git(dest, "rev-parse", "HEAD")
