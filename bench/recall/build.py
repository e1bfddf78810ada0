"""Build `past_errors.jsonl`: each repair-corpus bug's failing errors and its fix.

    .venv/bin/python bench/recall/build.py [--corpus bench/repair/corpus] [--out FILE]

For every bug it runs the buggy project's visible tests once (this interpreter, the
repair benchmark's per-test timeout plugin, `--tb=native`, a JUnit XML report) and keeps,
for each failing test: the exception type, pytest's message (with the assertion
rewriting's `where ...` lines) and the location as the error graph's signature names it
(`myagent.memory.error_signature.signature_of`: the innermost frame in the project's
code, else the test; `path:function`). A test stopped by the timeout (a hang) is
recorded as `TimeoutError: the test did not finish within 2 s` at the frame the alarm
interrupted. The fix is the unified diff from the buggy module to the reference one.

The output is committed (the benchmark reads it; it changes only when the corpus does).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPAIR = HERE.parent / "repair"
sys.path.insert(0, str(REPAIR))

from catalog import CORPUS, Bug, load_corpus  # noqa: E402
from verify import copy_project  # noqa: E402

from myagent.memory.error_signature import signature_of  # noqa: E402

PAST_ERRORS = HERE / "past_errors.jsonl"
TIMEOUT_S = 2.0
HANG_TYPE, HANG_MESSAGE = "TimeoutError", f"the test did not finish within {TIMEOUT_S:g} s"
_FRAME = re.compile(r'^\s*File "(?P<path>[^"]+)", line (?P<line>\d+), in (?P<function>\S+)')
MAX_ERRORS = 3  # failing tests kept per bug


def _frames(traceback: str) -> tuple[list[str], dict[str, str]]:
    """Native traceback -> (["path:line", ...] innermost last, {frame: function})."""
    frames: list[str] = []
    functions: dict[str, str] = {}
    for line in traceback.splitlines():
        match = _FRAME.match(line)
        if match:
            frame = f"{match['path']}:{match['line']}"
            frames.append(frame)
            functions[frame] = match["function"]
    return frames, functions


def without_type(message: str, error_type: str) -> str:
    """`message` without a leading `"<module.>ErrorType: "` (pytest keeps the module of a
    project's own exception: `envfile.parser.EnvSyntaxError: ...`)."""
    return re.sub(rf"^(?:[\w.]+\.)?{re.escape(error_type)}: ", "", message.strip()).strip()


def failing_errors(project: Path) -> list[dict[str, str]]:
    """Run `project`'s tests; one record per failing test (test, type, message, location)."""
    with tempfile.TemporaryDirectory(prefix="recall-build-") as tmp:
        junit, outcomes = Path(tmp) / "junit.xml", Path(tmp) / "outcomes.jsonl"
        argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--tb=native"]
        argv += ["-p", "timeout_plugin", f"--repair-timeout={TIMEOUT_S:g}"]
        argv += [f"--repair-out={outcomes}", f"--junitxml={junit}", "tests"]
        env = {"PYTHONPATH": str(REPAIR), "PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"}
        subprocess.run(argv, cwd=project, env=env, capture_output=True, timeout=120, check=False)
        kinds: dict[str, str] = {}
        for line in outcomes.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["outcome"] == "failed":
                kinds.setdefault(record["nodeid"].rpartition("::")[2], record["error"])
        errors = []
        for case in ET.parse(junit).iter("testcase"):
            failure = next(iter(case), None)
            if failure is None or failure.tag not in {"failure", "error"}:
                continue
            name = case.get("name", "")
            error_type = kinds.get(name, "")
            message = failure.get("message", "")
            if error_type == "RepairTimeoutError":
                error_type, message = HANG_TYPE, HANG_MESSAGE
            frames, functions = _frames(failure.text or "")
            signature = signature_of(
                error_type, message, frames, functions.get, project_paths=[str(project)]
            )
            errors.append(
                {
                    "test": name,
                    "error_type": signature.error_type,
                    "message": without_type(message, signature.error_type),
                    "location": signature.location,
                }
            )
    return errors[:MAX_ERRORS]


def fix_diff(bug: Bug) -> str:
    buggy = (bug.buggy / bug.file).read_text(encoding="utf-8").splitlines(keepends=True)
    fixed = (bug.reference / bug.file).read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(difflib.unified_diff(buggy, fixed, f"a/{bug.file}", f"b/{bug.file}", n=1))


def past_error(bug: Bug, scratch: Path) -> dict[str, object]:
    project = copy_project(bug.buggy, scratch / bug.id)
    return {
        "bug": bug.id,
        "defect_class": bug.defect_class,
        "kind": bug.kind,
        "errors": failing_errors(project),
        "fix": fix_diff(bug),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=PAST_ERRORS)
    args = parser.parse_args(argv)
    lines = []
    with tempfile.TemporaryDirectory(prefix="recall-projects-") as scratch:
        for bug in load_corpus(args.corpus.resolve()):
            record = past_error(bug, Path(scratch))
            if not record["errors"]:
                raise SystemExit(f"{bug.id}: no failing test")
            lines.append(json.dumps(record, ensure_ascii=False))
            print(f"{bug.id}: {len(record['errors'])} failing test(s)", flush=True)  # type: ignore[arg-type]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} bugs -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
