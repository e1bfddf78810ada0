"""`kill -9` in the middle of writing: no acknowledged ledger record is lost.

A child process writes actions through `Ledger` and prints each id after the call has
returned (acknowledged). The parent SIGKILLs it at a random moment, reopens the
database (SQLite: also recovering from the WAL) and checks that every printed id is
there, that at most the one in-flight write per kill got in unacknowledged, and that
SQLite's `PRAGMA integrity_check` is ok.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from myagent.memory.ledger import Ledger
from myagent.storage.db import open_database

pytestmark = pytest.mark.integration

ROUNDS = 3
WRITER = """
import sys
from myagent.memory.ledger import Ledger
from myagent.storage.db import open_database

ledger = Ledger(open_database(sys.argv[1]))
print("ready", flush=True)
n = 0
while True:
    n += 1
    action_id = ledger.record_action(
        sys.argv[2], n, "tester", "write", {"n": n}, {"m": 0.0}, {"m": 1.0}, True, "crash"
    )
    print(action_id, flush=True)
"""


def _write_until_killed(url: str, run_id: str, delay: float) -> list[int]:
    """Run the writer, SIGKILL it `delay` s after it is ready; the ids it acknowledged."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, run_id],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(20), "writer never started"
        time.sleep(delay)
    finally:
        proc.kill()  # SIGKILL
        proc.wait(10)
        reader.join(10)
    assert proc.returncode == -9, proc.stderr.read() if proc.stderr else ""
    # Only complete lines were printed after a call returned; a torn last line was not.
    return [int(line) for line in lines[1:] if line.endswith("\n")]


def test_kill_9_loses_no_acknowledged_record(db_url: str, tmp_path: Path) -> None:
    with open_database(db_url) as db:
        ledger = Ledger(db)
        project = ledger.ensure_project(tmp_path, "demo")
        ledger.start_run(project, "crash", "myagent/crash", "a" * 40, "none", {})

    rng = random.Random()
    acknowledged: list[int] = []
    for round_ in range(ROUNDS):
        acked = _write_until_killed(db_url, "crash", rng.uniform(0.05, 0.6))
        assert acked, f"round {round_}: the writer acknowledged nothing"
        acknowledged += acked
        with open_database(db_url) as db:  # reopen after the crash, as a resume does
            stored = {a.id for a in Ledger(db).actions("crash")}
            missing = set(acknowledged) - stored
            assert not missing, f"round {round_}: acknowledged ids lost: {sorted(missing)}"
            assert len(stored) <= len(acknowledged) + round_ + 1  # only in-flight writes extra
            if db.backend == "sqlite":
                with db.engine.connect() as conn:
                    assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert len(set(acknowledged)) == len(acknowledged)
