"""MyAgent alone: `myagent run --llm none --max-minutes M` on the project, through the CLI.

`run_myagent` starts `myagent run PROJECT --llm none --max-minutes M --no-live
--json-report FILE` in its own process group, MYAGENT_* variables left out (the
project's myagent.toml governs the run), and kills the group at `M` minutes plus
`cap_grace_s`: MyAgent checks its time budget between iterations, so a run may end
somewhat after `M` minutes on its own. The head is the report's `head`, or, when the
run was killed before writing one, the tip of the run's branch (`myagent/<run id>`:
every accepted candidate is a commit on it).

`tester_counts` reads the Tester's notes from the run's ledger: each generated test
file is noted "kept K of N test(s)", so N summed is the tests it generated and judged,
K summed the tests it kept for a candidate (a candidate may still be rejected by the
ratchet).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from figures import git_or_empty

from myagent.config import load_settings
from myagent.memory.ledger import Ledger
from myagent.storage.db import database_url, open_database

KEPT_NOTE = re.compile(
    r"^tester \((?P<generator>[\w-]+)\) \S+: kept (?P<kept>\d+) of (?P<made>\d+) test"
)


@dataclass(frozen=True)
class MyAgentRun:
    """What one `myagent run` did."""

    status: str  # the report's status, or "killed" (the cap) / "no-report"
    reason: str
    head: str  # the commit to measure (the base when nothing was accepted)
    seconds: float
    iterations: int
    accepted: int
    rejected: int
    generated: int  # tests the Tester wrote and judged
    kept_by_tester: int  # of them, kept for a candidate


def myagent_command() -> list[str]:
    """The `myagent` script of this interpreter's environment (`.venv/bin/myagent`)."""
    script = Path(sys.executable).parent / "myagent"
    return [str(script)] if script.exists() else [sys.executable, "-m", "myagent"]


def tester_counts(notes: list[str]) -> tuple[int, int]:
    """(generated, kept) summed over the Tester's "kept K of N test(s)" notes."""
    made = kept = 0
    for note in notes:
        found = KEPT_NOTE.match(note)
        if found:
            made += int(found["made"])
            kept += int(found["kept"])
    return made, kept


def run_notes(project: Path, run_id: str) -> list[str]:
    """Every note the agents recorded in the run's ledger."""
    settings = load_settings(project, environ={})
    notes: list[str] = []
    url = database_url(settings.state_dir(project), settings.database_url)
    with open_database(url) as db:
        for action in Ledger(db).actions(run_id):
            found = action.details.get("notes", [])
            notes += [str(n) for n in found] if isinstance(found, list) else []
    return notes


def _latest_run_branch(project: Path) -> str:
    refs = git_or_empty(
        project,
        "for-each-ref",
        "--sort=-committerdate",
        "--format=%(refname:short)",
        "refs/heads/myagent/",
    )
    return refs.splitlines()[0] if refs else ""


def run_myagent(project: Path, minutes: float, cap_grace_s: float, work: Path) -> MyAgentRun:
    """`myagent run` on `project` (see the module docstring)."""
    report_path, log = work / "myagent-report.json", work / "myagent.log"
    argv = [*myagent_command(), "run", str(project), "--llm", "none"]
    argv += ["--max-minutes", f"{minutes:g}", "--no-live", "--json-report", str(report_path)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYAGENT_")}
    base = git_or_empty(project, "rev-parse", "HEAD")
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        try:
            process.wait(timeout=minutes * 60 + cap_grace_s)
            killed = False
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            killed = True
    seconds = round(time.monotonic() - started, 1)
    report: dict[str, Any] = {}
    if report_path.exists():
        report = json.loads(report_path.read_text(encoding="utf-8"))
    branch = str(report.get("branch") or _latest_run_branch(project))
    run_id = str(report.get("run_id") or branch.removeprefix("myagent/"))
    head = str(report.get("head") or git_or_empty(project, "rev-parse", branch) or base)
    notes = run_notes(project, run_id) if run_id else []
    made, kept = tester_counts(notes)
    status = "killed" if killed else str(report.get("status", "no-report"))
    return MyAgentRun(
        status=status,
        reason=str(report.get("reason", "")),
        head=head,
        seconds=seconds,
        iterations=int(report.get("iterations", 0)),
        accepted=int(report.get("accepted", 0)),
        rejected=int(report.get("rejected", 0)),
        generated=made,
        kept_by_tester=kept,
    )
