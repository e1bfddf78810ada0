"""axe-core in real headless Chromium, inside the real sandbox, on a page with known defects."""

from __future__ import annotations

from pathlib import Path

from myagent.config import ProjectConfig
from myagent.protocol import ToolStatus
from myagent.quality.a11y.axe import run_axe
from myagent.quality.a11y.measure import measure_a11y
from myagent.quality.layout import detect_layout, own_interpreter
from myagent.sandbox.runner import SandboxRunner

PAGE = """<!doctype html>
<html>
<head><title>Known defects</title></head>
<body>
<main>
<h1>Shop</h1>
<img src="hero.png">
<button></button>
<a href="/cart"></a>
</main>
</body>
</html>
"""


def test_axe_finds_the_known_violations_on_their_lines(
    tmp_path: Path, sandbox: SandboxRunner, chromium: Path
) -> None:
    (tmp_path / "index.html").write_text(PAGE)
    issues, run = run_axe(sandbox, tmp_path, own_interpreter(tmp_path), 120)
    assert run.status is ToolStatus.OK, run.detail
    assert run.detail == "axe 4.14.1 on 1 page(s)"
    found = {(i.code, i.line) for i in issues}
    assert {("html-has-lang", 2), ("image-alt", 7), ("button-name", 8), ("link-name", 9)} <= found
    assert all(i.path == "index.html" and "(axe, " in i.message for i in issues)


def test_the_gate_counts_a_finding_of_both_checks_once(
    tmp_path: Path, sandbox: SandboxRunner, chromium: Path
) -> None:
    (tmp_path / "index.html").write_text(PAGE)
    layout = detect_layout(tmp_path, ProjectConfig())
    issues, runs = measure_a11y(sandbox, layout)
    assert [r.tool for r in runs] == ["a11y", "axe"]
    assert all(r.status is ToolStatus.OK for r in runs)
    keys = [(i.line, i.code) for i in issues]
    assert len(keys) == len(set(keys))
    assert (7, "image-alt") in keys
    by_line = {i.line: i for i in issues if i.code == "image-alt"}
    assert "(axe" not in by_line[7].message  # the static finding is kept
