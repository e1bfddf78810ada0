"""The wall time a resumed run counts: what its earlier sessions worked, not the pauses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from myagent.director.run_state import worked_seconds
from myagent.memory.ledger import MessageRecord

T0 = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def message(n: int, seconds: float, event: str = "task", kind: str = "status") -> MessageRecord:
    return MessageRecord(
        id=n, run_id="r", type=kind, sender="director", recipient="observer",
        payload={"event": event}, priority=0, timestamp=T0 + timedelta(seconds=seconds),
        correlation_id="",
    )  # fmt: skip


def test_each_session_counts_from_its_start_to_its_last_message():
    messages = [
        message(1, 0, "run"),
        message(2, 30, kind="task"),
        message(3, 95),  # killed here: the first session worked 95 s
        message(4, 3600, "run"),  # resumed an hour later: the pause does not count
        message(5, 3620, "finished"),  # 20 s more
    ]
    assert worked_seconds(messages) == 115


def test_a_run_without_messages_worked_no_time():
    assert worked_seconds([]) == 0.0
    assert worked_seconds([message(1, 5, "run")]) == 0.0
