"""Reading pytest's reports and selections for the MyAgent pytest plugin.

Part of the pytest plugin: copied into the sandbox with `pytest_plugin` and imported
by the PROJECT's interpreter, so it uses the standard library and pytest only, with
syntax that older Pythons accept. MyAgent uses `selects` on the host too.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest

MESSAGE_LIMIT = 1000
T = TypeVar("T")


def read_lines(path: str) -> list[str]:
    """The non-empty lines of the file at `path` ("" reads as no lines)."""
    if not path:
        return []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def selects(selection: str, nodeid: str) -> bool:
    """True when the node id `selection` names the test `nodeid`: the test itself, all
    its parametrisations ("t.py::test_p" for "t.py::test_p[1]"), or its class, module
    or folder."""
    selection = selection.rstrip("/")
    if not selection:
        return False
    return nodeid == selection or nodeid.startswith(
        (selection + "::", selection + "[", selection + "/")
    )


def keep_items(
    items: Sequence[T], select: Sequence[str] | None, skips: Collection[str]
) -> tuple[list[T], list[str]]:
    """The items to run (named by `select`, when given, and not in `skips`), and the
    selections that name no item."""
    kept, matched = [], set()
    for item in items:
        nodeid: str = getattr(item, "nodeid", "")
        hits = [s for s in select or () if selects(s, nodeid)]
        matched.update(hits)
        if (hits or select is None) and nodeid not in skips:
            kept.append(item)
    return kept, [s for s in select or () if s not in matched]


def result_of(outcome: Any) -> Any:
    """The result of a hook wrapped by a hookwrapper, None if the hook raised."""
    try:
        return outcome.get_result()
    except BaseException:  # the hook's own error: pluggy re-raises it, not our business
        return None


def unwrap_collect_error(exc: BaseException) -> BaseException:
    """The import error behind pytest's "ImportError while importing test module"."""
    if isinstance(exc, pytest.Collector.CollectError):
        return exc.__cause__ or exc.__context__ or exc
    return exc


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def message(report: pytest.TestReport | pytest.CollectReport) -> str:
    """One line on why a phase failed or was skipped."""
    longrepr: Any = report.longrepr
    if longrepr is None:
        text = ""
    elif isinstance(longrepr, tuple) and len(longrepr) == 3:
        text = str(longrepr[2])  # a skip: (path, line, reason)
    elif getattr(longrepr, "reprcrash", None) is not None:
        text = str(longrepr.reprcrash.message)
    else:
        text = _last_line(str(longrepr))
    return text[:MESSAGE_LIMIT]


def phase_outcome(report: pytest.TestReport) -> str | None:
    """The outcome this phase report contributes, or None when it changes nothing."""
    xfail = hasattr(report, "wasxfail")
    if report.when == "call":
        if report.passed:
            return "xpassed" if xfail else "passed"
        if report.skipped:
            return "xfailed" if xfail else "skipped"
        return "failed"
    if report.failed:
        return "error"  # a fixture failed in setup or teardown
    if report.skipped:
        return "xfailed" if xfail else "skipped"
    return None


def switch_coverage_context(context: str) -> None:
    """Name coverage's current context (per-test coverage), when coverage runs."""
    module = sys.modules.get("coverage")
    if module is None:
        return
    try:
        current = module.Coverage.current()
        if current is not None:
            current.switch_context(context)
    except Exception:  # noqa: S110  # coverage not started, or too old: no contexts
        pass
