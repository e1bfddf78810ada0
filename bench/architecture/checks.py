"""The two checks a tree gets outside MyAgent: the library's tests and ruff.

- `run_suite(tree, import_root, timeout_s)`: the library's own tests, plain pytest with
  MyAgent's interpreter (`python -m pytest tests`), the import root on PYTHONPATH, no
  ini file (`-c /dev/null`: the sdist's pytest options are not in the project, and
  this repository's own pyproject.toml above the scratch folder must not be found), no
  cache, a JUnit XML report read back per test (`read_junit`). Not sandboxed: the
  subjects are published libraries and their tests, run as their CI runs them.
- `ruff_codes(tree, files)`: `ruff check --isolated --select E,F,I` on some files of a
  tree, the findings counted per code (`--isolated`: ruff's defaults, no config from
  this repository), and `new_findings(before, after)`: the codes that grew.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

RUFF_RULES = "E,F,I"
INHERITED = "I001"  # an import block unsorted by ruff's defaults (see `new_findings`)
PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"


@dataclass(frozen=True)
class SuiteRun:
    """One run of a library's tests."""

    status: str  # "ok" (pytest reported), "timeout", or "exit N" without a report
    seconds: float
    outcomes: Mapping[str, str] = field(default_factory=dict)  # test id -> passed/failed/skipped
    messages: Mapping[str, str] = field(default_factory=dict)  # failed test -> first line

    def count(self, outcome: str) -> int:
        return sum(o == outcome for o in self.outcomes.values())

    @property
    def passed(self) -> int:
        return self.count(PASSED)

    @property
    def failed(self) -> int:
        return self.count(FAILED)


def read_junit(xml_text: str) -> tuple[dict[str, str], dict[str, str]]:
    """From pytest's JUnit XML report: test id ("classname::name") -> passed, failed (a
    failure or an error) or skipped, and failed test -> the first line of its message.
    A test reported twice (an error in its teardown after a pass) keeps the worse."""
    outcomes: dict[str, str] = {}
    messages: dict[str, str] = {}
    rank = {PASSED: 0, SKIPPED: 1, FAILED: 2}
    for case in ET.fromstring(xml_text).iter("testcase"):
        test = f"{case.get('classname', '')}::{case.get('name', '')}"
        bad = [c for c in case if c.tag in ("failure", "error")]
        skipped = any(c.tag == "skipped" for c in case)
        outcome = FAILED if bad else SKIPPED if skipped else PASSED
        if rank[outcome] >= rank[outcomes.get(test, PASSED)]:
            outcomes[test] = outcome
        if bad:
            text = bad[0].get("message") or bad[0].text or ""
            messages[test] = text.strip().splitlines()[0][:300] if text.strip() else ""
    return outcomes, messages


def broken_tests(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """The tests that passed before and do not pass after (failed, skipped or gone)."""
    return sorted(t for t, o in before.items() if o == PASSED and after.get(t) != PASSED)


def run_suite(tree: Path, import_root: str, timeout_s: float, tests: str = "tests") -> SuiteRun:
    """The library's tests on `tree` (see the module docstring)."""
    report = tree / ".bench-junit.xml"
    report.unlink(missing_ok=True)
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", os.devnull]
    argv += ["--rootdir", ".", f"--junitxml={report.name}", tests]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MYAGENT_", "PYTHON"))}
    env["PYTHONPATH"] = str(tree / import_root)
    started = time.monotonic()
    try:
        done = subprocess.run(
            argv, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout_s
        )
    except subprocess.TimeoutExpired:
        return SuiteRun("timeout", round(time.monotonic() - started, 1))
    seconds = round(time.monotonic() - started, 1)
    if not report.exists():
        return SuiteRun(f"exit {done.returncode}", seconds)
    outcomes, messages = read_junit(report.read_text(encoding="utf-8"))
    report.unlink()
    return SuiteRun("ok", seconds, outcomes, messages)


def ruff_codes(tree: Path, files: Sequence[str]) -> Counter[str]:
    """ruff's findings (E, F, I) on `files` of `tree`, counted per code; files that do
    not exist are left out."""
    present = [f for f in files if (tree / f).is_file()]
    if not present:
        return Counter()
    ruff = Path(sys.executable).parent / "ruff"
    argv = [str(ruff), "check", "--isolated", "--select", RUFF_RULES, "--output-format", "json"]
    argv += ["--exit-zero", "--no-cache", *present]
    done = subprocess.run(argv, cwd=tree, capture_output=True, text=True, timeout=120, check=True)
    return Counter(str(item.get("code") or "syntax") for item in json.loads(done.stdout or "[]"))


def new_findings(before: Mapping[str, int], after: Mapping[str, int]) -> dict[str, int]:
    """Per code, how many more findings `after` has than `before` (codes that grew).
    An unsorted import block (I001) counts only when `before` had none: the new module
    copies the original's imports in the original's own style (click and jinja2 write one
    name per line, which ruff's default isort flags in every file), so a block that was
    unsorted by ruff's defaults before is unsorted in both files after."""
    grown = {code: n - before.get(code, 0) for code, n in sorted(after.items())}
    if before.get(INHERITED, 0):
        grown.pop(INHERITED, None)
    return {code: n for code, n in grown.items() if n > 0}
