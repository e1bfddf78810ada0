"""Reading the events file that `pytest_plugin` writes (one JSON object a line).

The file may end in a half-written line when the test process was killed; such a
line is ignored. See `myagent.quality.pytest_plugin` for the event format. A result's
`error_type`, `frames` and `traceback` (failing tests only) go into the `TestOutcome`
as they are: the plugin already made the paths workspace-relative.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from myagent.protocol import TestOutcome, TestStatus

FAILING = frozenset({TestStatus.FAILED, TestStatus.ERROR, TestStatus.TIMEOUT})
PASSING = frozenset({TestStatus.PASSED, TestStatus.XPASSED})
NOT_RUN = frozenset({TestStatus.SKIPPED, TestStatus.XFAILED})


@dataclass
class RunEvents:
    """What one pytest process reported before it ended (or died)."""

    collected: int | None = None
    results: dict[str, TestOutcome] = field(default_factory=dict)
    running: str | None = None  # started without a result: what was running at the end
    exitstatus: int | None = None  # None: the process never reached the end of the session
    unmatched: list[str] = field(default_factory=list)  # selected node ids naming no test


def _status(outcome: object) -> TestStatus:
    try:
        return TestStatus(str(outcome))
    except ValueError:
        return TestStatus.ERROR


def _outcome(event: dict[str, Any]) -> TestOutcome:
    frames = event.get("frames")
    return TestOutcome(
        nodeid=str(event["nodeid"]),
        status=_status(event.get("outcome")),
        duration_s=float(event.get("duration") or 0.0),
        message=str(event.get("message") or ""),
        error_type=str(event.get("error_type") or ""),
        frames=[str(f) for f in frames] if isinstance(frames, list) else [],
        traceback=str(event.get("traceback") or ""),
    )


def parse_events(text: str) -> RunEvents:
    """Parse the plugin's events file."""
    events = RunEvents()
    for line in text.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue  # a line cut short by a kill
        if not isinstance(event, dict):
            continue
        kind = event.get("event")
        if kind == "collected":
            events.collected = int(event.get("count", 0))
        elif kind == "started":
            events.running = str(event["nodeid"])
        elif kind == "ended":  # a collector finished collecting
            if events.running == str(event["nodeid"]):
                events.running = None
        elif kind == "result":
            outcome = _outcome(event)
            events.results[outcome.nodeid] = outcome
            if events.running == outcome.nodeid:
                events.running = None
        elif kind == "unmatched":
            events.unmatched = [str(n) for n in event.get("nodeids") or []]
        elif kind == "finished":
            events.exitstatus = int(event.get("exitstatus", 0))
            events.running = None
    return events


def summary(tests: Iterable[TestOutcome]) -> str:
    """ "5 tests: 3 passed, 1 failed, 1 timeout" (or "no tests collected")."""
    counts = Counter(t.status.value for t in tests)
    total = sum(counts.values())
    if not total:
        return "no tests collected"
    parts = ", ".join(f"{n} {status}" for status, n in counts.most_common())
    return f"{total} test{'' if total == 1 else 's'}: {parts}"


def pass_rate(tests: Iterable[TestOutcome]) -> float:
    """Share of the tests that ran (not skipped, not xfailed) which passed; 0.0 when
    none ran (no tests, or all skipped)."""
    ran = [t for t in tests if t.status not in NOT_RUN]
    if not ran:
        return 0.0
    return sum(t.status in PASSING for t in ran) / len(ran)
