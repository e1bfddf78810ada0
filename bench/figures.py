"""What the benchmark scripts share: git's output, median and mean, paths and text tables.

Imported by its plain name, `from figures import ...`: the scripts in bench/ have bench/
on sys.path as their own folder, and bench/<x>/run.py puts it there in its first lines.
"""

from __future__ import annotations

import statistics
import subprocess
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Commits the benchmarks make are by "bench <bench@localhost>", whatever the user's config.
GIT = ("git", "-c", "user.name=bench", "-c", "user.email=bench@localhost")


def git(repo: Path, *args: str) -> str:
    """`git args` in `repo`: its output, stripped; raises CalledProcessError when git fails."""
    done = subprocess.run([*GIT, *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def git_or_empty(repo: Path, *args: str) -> str:
    """As `git`, but "" when git fails (no such commit or file, not a repository)."""
    try:
        return git(repo, *args)
    except subprocess.CalledProcessError:
        return ""


def myagent_commit() -> str:
    """The short (12 digits) HEAD commit of this repository, "" when git cannot tell."""
    return git_or_empty(REPO, "rev-parse", "--short=12", "HEAD")


def shown(path: Path) -> str:
    """`path` relative to the repository when it is inside it."""
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path)


def stats(values: Sequence[float]) -> dict[str, float]:
    """Median and mean of `values`, to 2 places; both 0.0 when there are none."""
    if not values:
        return {"median": 0.0, "mean": 0.0}
    return {
        "median": round(statistics.median(values), 2),
        "mean": round(statistics.fmean(values), 2),
    }


def print_grid(rows: Sequence[Sequence[str]]) -> None:
    """`rows` as a table: the first row a header underlined with dashes, the first column
    aligned left and the others right, two spaces between columns, no trailing blanks."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
