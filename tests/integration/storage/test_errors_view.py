"""`myagent errors PATH`: the error knowledge graph printed readably, on both backends."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from myagent.memory.error_graph import ErrorGraph
from myagent.memory.error_signature import ErrorSignature
from myagent.memory.ledger import Ledger
from myagent.reporting.errors_view import diff_summary, show_errors
from myagent.storage.db import open_database, sqlite_url_for

pytestmark = pytest.mark.integration

MakeProject = Callable[[Path, dict[str, str]], Path]  # the `make_project` fixture

ZERO = ErrorSignature("ZeroDivisionError", "division by zero", "pkg/calc.py:mean")
ODD = ErrorSignature("KeyError", "missing [red]<str>[/red]", "pkg/calc.py:lookup")
DIFF = (
    "--- a/src/pkg/calc.py\n+++ b/src/pkg/calc.py\n@@ -3,2 +3,2 @@\n def mean(xs):\n"
    "-    return sum(xs) / len(xs)\n+    return sum(xs) / len(xs) if xs else 0.0\n"
)


@pytest.fixture
def project(
    make_project: MakeProject, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, str]:
    """A git project and the URL of its ledger (the embedded SQLite, or PostgreSQL
    through MYAGENT_DATABASE_URL)."""
    root = make_project(tmp_path / "demo", {"src/pkg/calc.py": "def mean(xs): ...\n"})
    monkeypatch.delenv("MYAGENT_DATABASE_URL", raising=False)
    if db_url.startswith("sqlite"):
        return root, sqlite_url_for(root / ".myagent")
    monkeypatch.setenv("MYAGENT_DATABASE_URL", db_url)
    return root, db_url


def _output(root: Path) -> str:
    console = Console(record=True, width=120)
    show_errors(root / "src", console)  # any folder inside the project
    return console.export_text()


def test_a_project_without_errors_gets_one_line_and_no_state(project: tuple[Path, str]) -> None:
    root, url = project
    assert _output(root) == f"no errors recorded yet for {root}\n"
    if url.startswith("sqlite"):
        assert not (root / ".myagent").exists()
    with open_database(url) as db:
        Ledger(db).ensure_project(root, "demo")
    assert _output(root) == f"no errors recorded yet for {root}\n"


def test_errors_fixes_patterns_and_strategies_are_listed(project: tuple[Path, str]) -> None:
    root, url = project
    with open_database(url) as db:
        graph = ErrorGraph(db, Ledger(db).ensure_project(root, "demo"))
        for _ in range(3):
            graph.observe(ZERO, "division by zero", "Traceback ...")
        graph.observe(ODD, "'x'", "")
        fix = graph.record_attempt(
            ZERO, "template:guard-zero", "guard the empty list in mean", DIFF, "", True,
            run_id="r1", commit="0123456789abcdef0123",
        )  # fmt: skip
        graph.record_attempt(ZERO, "template:guard-zero", "", DIFF, fix.patch_key, False)
        graph.record_attempt(ZERO, "llm", "rewrite mean", "-a\n+b\n", "", False)
        graph.link_pattern(
            ZERO, "empty-input", "an empty list reaches a division", "guard len(xs) == 0"
        )
    text = _output(root)
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[0] == "Error knowledge graph of demo: 2 error(s), 2 fix(es), 1 pattern(s)"
    odd, zero = text.index("1. KeyError"), text.index("2. ZeroDivisionError · seen 3 time(s)")
    assert odd < zero  # the most recently seen first
    assert "missing [red]<str>[/red]" in text  # markup in a message is shown, not applied
    assert "  message   division by zero" in lines and "  at        pkg/calc.py:mean" in lines
    assert "  fixes     none tried yet" in lines
    guard = next(
        i for i, line in enumerate(lines) if "template:guard-zero 1/2 worked (50%)" in line
    )
    assert "commit 0123456789ab" in lines[guard]
    assert lines[guard + 1 : guard + 4] == [
        "      guard the empty list in mean",
        "        -    return sum(xs) / len(xs)",
        "        +    return sum(xs) / len(xs) if xs else 0.0",
    ]
    assert any("llm 0/1 worked (0%)" in line for line in lines[guard:])
    assert "  pattern   empty-input" in lines
    assert "    causes      an empty list reaches a division" in lines
    assert "    prevention  guard len(xs) == 0" in lines
    table = text[text.index("Fix strategies") :]
    assert table.index("template:guard-zero") < table.index("llm")
    assert "│ template:guard-zero │        2 │         1 │          50% │" in table


def test_long_diffs_are_shortened() -> None:
    diff = "--- a/x\n+++ b/x\n" + "".join(f"-old {i}\n+new {i}\n" for i in range(10))
    shown = diff_summary(diff, lines=4)
    assert shown == ["-old 0", "+new 0", "-old 1", "+new 1", "… 16 more changed line(s)"]
    assert diff_summary("") == []
