"""Spectrum-based fault localisation: which source lines the failing tests point at.

For every project line, the spectrum counts the failing tests that executed it (`ef`),
the passing tests that executed it (`ep`) and the failing/passing tests that did not
(`nf = F - ef`, `np = P - ep`). Failing means FAILED, ERROR or TIMEOUT (a timed-out
test's coverage may be partial; it still counts as failing); passing means PASSED;
every other status (skipped, xfailed, xpassed) is left out of the spectrum.

Formulas (higher is more suspicious):

- **Ochiai**: `ef / sqrt((ef + nf) * (ef + ep))`, 0 when the denominator is 0.
- **DStar** (star = 2): `ef**2 / (ep + nf)`; when `ep + nf` is 0 (every failing test
  and no passing test runs the line) the denominator is taken as
  `DSTAR_MIN_DENOMINATOR` (0.01), a large finite value above every other line's.
- **Tarantula**: `(ef/F) / (ef/F + ep/P)`, with `ep/P` = 0 when there is no passing
  test and 0 when `ef` is 0.

Tracebacks: `frames` maps a failing test's node id to the "path:line" entries of its
traceback, innermost last (when not given, a `frames` attribute of the `TestOutcome`
is used if it has one). A traceback line counts as executed by that failing test even
if coverage missed it (a timed-out test). Its score is the formula's value times
`TRACEBACK_FACTOR` (1.1), kept unboosted in `formula_score`; its `traceback_depth` is
how many project frames lie inside it (0: the innermost project frame), the smallest
over all failing tests.

Only lines of project source are ranked: never test files (a `tests`/`test` folder,
`test_*.py`, `*_test.py`, `conftest.py`), never absolute or `<...>` paths, and, when
`source_dirs` is given, only files inside one of them. Lines no failing test executes
score 0 with every formula and are left out.

Ordering is deterministic: score descending, then traceback depth (innermost first,
lines outside tracebacks last), then path, then line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from myagent.protocol import QualityReport, TestOutcome, TestStatus
from myagent.repair.types import Formula, Localization, SuspiciousLine

FAILING = frozenset({TestStatus.FAILED, TestStatus.ERROR, TestStatus.TIMEOUT})
PASSING = frozenset({TestStatus.PASSED})
TRACEBACK_FACTOR = 1.1
DSTAR_MIN_DENOMINATOR = 0.01
_TEST_DIRS = frozenset({"tests", "test"})

Location = tuple[str, int]


@dataclass
class _Spectrum:
    """Which failing and passing tests executed one line."""

    failed: set[str] = field(default_factory=set)
    passed: set[str] = field(default_factory=set)
    depth: int | None = None


def ochiai(ef: int, ep: int, nf: int) -> float:
    """Ochiai: ef / sqrt((ef + nf) * (ef + ep))."""
    denominator = math.sqrt((ef + nf) * (ef + ep))
    return ef / denominator if denominator else 0.0


def dstar(ef: int, ep: int, nf: int, star: int = 2) -> float:
    """DStar: ef**star / (ep + nf), the denominator floored at DSTAR_MIN_DENOMINATOR."""
    return float(ef**star) / max(ep + nf, DSTAR_MIN_DENOMINATOR)


def tarantula(ef: int, ep: int, total_failed: int, total_passed: int) -> float:
    """Tarantula: (ef/F) / (ef/F + ep/P), 0 when ef is 0."""
    if ef == 0 or total_failed == 0:
        return 0.0
    fail_ratio = ef / total_failed
    pass_ratio = ep / total_passed if total_passed else 0.0
    return fail_ratio / (fail_ratio + pass_ratio)


def formula_score(
    formula: Formula, ef: int, ep: int, total_failed: int, total_passed: int
) -> float:
    """The value of `formula` for a line executed by `ef` failing and `ep` passing tests."""
    nf = total_failed - ef
    if formula == "ochiai":
        return ochiai(ef, ep, nf)
    if formula == "dstar":
        return dstar(ef, ep, nf)
    return tarantula(ef, ep, total_failed, total_passed)


def is_test_file(path: str) -> bool:
    """A test module or conftest by its name or folder."""
    parts = PurePosixPath(path).parts
    name = parts[-1] if parts else path
    return (
        any(part in _TEST_DIRS for part in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


def is_project_source(path: str, source_dirs: Sequence[str] = ()) -> bool:
    """A project source file (see the module docstring)."""
    if not path or path.startswith(("/", "<")) or is_test_file(path):
        return False
    roots = [d.strip("/") for d in source_dirs]
    roots = [r.removeprefix("./") for r in roots]
    if not roots or any(r in ("", ".") for r in roots):
        return True
    return any(path == r or path.startswith(r + "/") for r in roots)


def parse_location(entry: str) -> Location | None:
    """ "path:line" -> (path, line); None when it is not of that form."""
    path, sep, line = entry.rpartition(":")
    if not sep or not path or not line.isdigit():
        return None
    return path.removeprefix("./"), int(line)


def localize(
    report: QualityReport,
    formula: Formula = "ochiai",
    frames: Mapping[str, Sequence[str]] | None = None,
    source_dirs: Sequence[str] = (),
) -> Localization:
    """Rank the project lines of `report` by suspiciousness (see the module docstring)."""
    failing = sorted({t.nodeid for t in report.tests if t.status in FAILING})
    passing = {t.nodeid for t in report.tests if t.status in PASSING}
    failing_set = set(failing)
    spectra: dict[Location, _Spectrum] = {}
    covered_by = report.coverage.covered_by if report.coverage else {}
    for entry, tests in covered_by.items():
        location = parse_location(entry)
        if location is None or not is_project_source(location[0], source_dirs):
            continue
        spectrum = spectra.setdefault(location, _Spectrum())
        spectrum.failed.update(t for t in tests if t in failing_set)
        spectrum.passed.update(t for t in tests if t in passing)
    tracebacks = frames if frames is not None else _outcome_frames(report.tests)
    for nodeid in failing:
        project = [
            loc
            for loc in _locations(tracebacks.get(nodeid, ()))
            if is_project_source(loc[0], source_dirs)
        ]
        for index, location in enumerate(project):
            spectrum = spectra.setdefault(location, _Spectrum())
            spectrum.failed.add(nodeid)
            depth = len(project) - 1 - index
            spectrum.depth = depth if spectrum.depth is None else min(spectrum.depth, depth)
    lines = [
        _suspicious(location, spectrum, formula, len(failing), len(passing))
        for location, spectrum in spectra.items()
        if spectrum.failed
    ]
    lines.sort(key=_rank_key)
    return Localization(
        formula=formula,
        failing_tests=tuple(failing),
        passing_tests=len(passing),
        lines=tuple(lines),
    )


def _suspicious(
    location: Location, spectrum: _Spectrum, formula: Formula, total_failed: int, total_passed: int
) -> SuspiciousLine:
    ef, ep = len(spectrum.failed), len(spectrum.passed)
    raw = formula_score(formula, ef, ep, total_failed, total_passed)
    in_traceback = spectrum.depth is not None
    return SuspiciousLine(
        path=location[0],
        line=location[1],
        score=raw * TRACEBACK_FACTOR if in_traceback else raw,
        failed=ef,
        passed=ep,
        in_traceback=in_traceback,
        formula_score=raw,
        traceback_depth=spectrum.depth,
    )


def _rank_key(line: SuspiciousLine) -> tuple[float, float, str, int]:
    depth = math.inf if line.traceback_depth is None else float(line.traceback_depth)
    return (-line.score, depth, line.path, line.line)


def _locations(entries: Iterable[str]) -> list[Location]:
    return [loc for loc in map(parse_location, entries) if loc is not None]


def _outcome_frames(tests: Sequence[TestOutcome]) -> dict[str, list[str]]:
    """The `frames` of each outcome, once `TestOutcome` carries them."""
    found: dict[str, list[str]] = {}
    for test in tests:
        value: object = getattr(test, "frames", None)
        if isinstance(value, list | tuple):
            found[test.nodeid] = [str(v) for v in value]
    return found
