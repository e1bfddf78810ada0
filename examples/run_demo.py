"""`make demo`: run MyAgent on a fresh copy of the example project.

The example stays broken in the repository; the copy (under build/demo/) becomes a git
repository of its own, and MyAgent works on a branch there. Prints where the report is.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "invoicing"
TARGET = HERE.parent / "build" / "demo" / "invoicing"


def main() -> int:
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(EXAMPLE, TARGET, ignore=shutil.ignore_patterns("__pycache__", ".*_cache"))
    git = ["git", "-c", "user.name=demo", "-c", "user.email=demo@localhost"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=TARGET, check=True)
    subprocess.run([*git, "add", "-A"], cwd=TARGET, check=True)
    subprocess.run([*git, "commit", "-qm", "Example project"], cwd=TARGET, check=True)
    report = TARGET / ".myagent" / "report.json"
    argv = [
        sys.executable,
        "-m",
        "myagent",
        "run",
        str(TARGET),
        "--llm",
        "none",
        "--json-report",
        str(report),
    ]
    print("$ myagent run", TARGET, "--llm none", flush=True)
    code = subprocess.run(argv, check=False).returncode
    print(f"\nThe project copy is {TARGET}: `git log myagent/<run-id>` there shows the commits.")
    return 0 if code in (0, 1) else code


if __name__ == "__main__":
    sys.exit(main())
