"""Running chosen tests only: the pytest arguments, and one outcome per chosen test.

A selection is a list of pytest node ids (tests, parametrisations, classes, modules
or folders; `pytest_reports.selects`). pytest is given the files they name that
exist (a node id pytest cannot find would make it stop with a usage error and run
nothing), and the plugin deselects every test no node id names. The test command's
options are kept, its paths dropped (`options_only`).

Every chosen node id comes back with an outcome (`resolve`): the outcomes of the
tests it names; else, when its module failed to import (or ended the process while
imported), that failure under its own node id; else ERROR with the message
"not found" when pytest collected everything and nothing matched (or the file does
not exist), or "not run: ..." when the run ended before it got there.

Node ids are taken relative to the workspace: a project whose pytest rootdir is
another folder cannot select tests.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

from myagent.protocol import TestOutcome, TestStatus
from myagent.quality.pytest_events import FAILING
from myagent.quality.pytest_reports import selects

NOT_FOUND = "not found"
# pytest options whose value is the next argument (which is then no path to drop)
_VALUE_OPTIONS = frozenset(
    {
        "-k", "-m", "-p", "-c", "-o", "-W", "-n", "-r", "--rootdir", "--ignore",
        "--ignore-glob", "--deselect", "--confcutdir", "--basetemp", "--import-mode",
        "--tb", "--maxfail", "--durations", "--log-level", "--cov", "--cov-report",
    }
)  # fmt: skip


def _file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def options_only(args: Sequence[str], root: Path) -> list[str]:
    """The test command's arguments without the paths of tests to run (arguments that
    name an existing path in `root` and are no option's value)."""
    kept: list[str] = []
    previous = ""
    for arg in args:
        is_path = (
            not arg.startswith("-")
            and previous not in _VALUE_OPTIONS
            and (root / _file_of(arg)).exists()
        )
        if not is_path:
            kept.append(arg)
        previous = arg
    return kept


def targets(nodeids: Iterable[str], root: Path) -> list[str]:
    """The existing files and folders the node ids name, for pytest's command line."""
    found = [_file_of(n).rstrip("/") for n in nodeids]
    return list(dict.fromkeys(f for f in found if f and (root / f).exists()))


def _missing(nodeid: str, outcomes: Iterable[TestOutcome], found: bool, why: str) -> TestOutcome:
    """The outcome of a chosen node id that names no test that ran."""
    for outcome in outcomes:  # its module (or class) failed to be collected
        if outcome.status in FAILING and selects(outcome.nodeid, nodeid):
            return outcome.model_copy(update={"nodeid": nodeid, "duration_s": 0.0})
    message = why if found else NOT_FOUND
    return TestOutcome(nodeid=nodeid, status=TestStatus.ERROR, message=message)


def resolve(
    nodeids: Sequence[str],
    outcomes: Sequence[TestOutcome],
    unmatched: Collection[str],
    root: Path,
    why_not_run: str,
) -> list[TestOutcome]:
    """The outcomes of the tests `nodeids` name, and one for each node id that names
    none (see the module docstring). `unmatched`: node ids the plugin matched to no
    collected test; `why_not_run`: why a test could have been left out."""
    chosen = list(dict.fromkeys(nodeids))
    result = [o for o in outcomes if any(selects(n, o.nodeid) for n in chosen)]
    for nodeid in chosen:
        if not any(selects(nodeid, o.nodeid) for o in result):
            found = nodeid not in unmatched and bool(targets([nodeid], root))
            result.append(_missing(nodeid, outcomes, found, f"not run: {why_not_run}"))
    return result
