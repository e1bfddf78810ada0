"""Values of the repair engine: where the fault probably is, and candidate patches.

`Localization` is the typed result of spectrum-based fault localisation that the
Debugger, the other agents and (later) the dashboard use. `Patch` is one fix-template
instance: a whole new file content for one location, with what it changes and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Formula = Literal["ochiai", "dstar", "tarantula"]


@dataclass(frozen=True)
class SuspiciousLine:
    """One source line and how suspicious the test spectrum makes it."""

    path: str  # workspace-relative, as in CoverageData
    line: int
    score: float  # the formula's value, boosted for traceback lines (higher: more suspicious)
    failed: int  # failing tests that execute this line
    passed: int  # passing tests that execute this line
    in_traceback: bool  # a failing test's traceback passes through this line
    formula_score: float | None = None  # the formula's value before the traceback boost
    traceback_depth: int | None = None  # 0: innermost project frame of a failing traceback


@dataclass(frozen=True)
class Localization:
    formula: Formula
    failing_tests: tuple[str, ...]
    passing_tests: int
    lines: tuple[SuspiciousLine, ...]  # most suspicious first

    def top(self, count: int) -> tuple[SuspiciousLine, ...]:
        return self.lines[:count]


@dataclass(frozen=True)
class Patch:
    """One candidate fix: the whole new content of one file."""

    path: str
    line: int
    template: str  # the defect class, e.g. "comparison-operator", "off-by-one"
    description: str  # what changes, e.g. "`>` -> `>=` in bulk_discount (discounts.py:12)"
    new_source: str
    edit_size: int  # characters changed (smaller is preferred)
    suspiciousness: float  # of the line it changes
