"""The host side of the axe run: page copies, result parsing, merging, skipping."""

from __future__ import annotations

from pathlib import Path

import pytest

from myagent.protocol import LintIssue, ToolStatus
from myagent.quality.a11y import axe
from myagent.quality.a11y.axe import (
    BROWSER_MEMORY_MB,
    axe_intact,
    axe_source,
    browser_runner,
    issues_from,
    page_copy,
    run_axe,
)
from myagent.quality.a11y.markup import read_markup
from myagent.quality.a11y.measure import merge
from myagent.quality.layout import own_interpreter
from myagent.sandbox.runner import SandboxPolicy
from myagent.sandbox.unsandboxed import UnsandboxedRunner


def test_the_vendored_axe_core_is_the_pinned_release_with_its_licence() -> None:
    source = axe_source()
    assert axe_intact(source)
    assert source.read_text(encoding="utf-8").startswith(f"/*! axe v{axe.AXE_VERSION}")
    assert (source.parent / "LICENSE-axe-core.txt").read_text().startswith("Mozilla Public License")


def test_a_page_copy_marks_each_tag_with_its_line_and_points_base_at_the_page() -> None:
    doc = read_markup("<html>\n<head>\n</head>\n<body><img src='a.png'></body></html>", "html")
    copy = page_copy(doc, Path("/ws/site"))
    assert '<html data-myagent-line="1">' in copy
    assert '<head data-myagent-line="2"><base href="file:///ws/site/">' in copy
    assert "<img data-myagent-line=\"4\" src='a.png'>" in copy


def test_axe_results_become_issues_on_the_lines_of_their_elements() -> None:
    result = {
        "pages": [
            {
                "path": "index.html",
                "violations": [
                    {
                        "id": "image-alt",
                        "impact": "critical",
                        "help": "Images must have alternative text",
                        "nodes": ['<img data-myagent-line="7" src="a.png">', "<img>"],
                    }
                ],
            },
            {"path": "broken.html", "error": "the page did not finish loading"},
        ]
    }
    issues, failed = issues_from(result)
    assert [(i.path, i.line, i.code) for i in issues] == [
        ("index.html", 7, "image-alt"),
        ("index.html", 1, "image-alt"),
    ]
    assert issues[0].message == "Images must have alternative text (axe, critical)"
    assert failed == ["broken.html: the page did not finish loading"]


def test_a_finding_both_checks_report_counts_once() -> None:
    static = [LintIssue(path="a.html", line=3, code="image-alt", message="static", fixable=False)]
    found = [
        LintIssue(path="a.html", line=3, code="image-alt", message="axe"),
        LintIssue(path="a.html", line=5, code="target-size", message="axe"),
    ]
    assert [(i.line, i.message) for i in merge(static, found)] == [(3, "static"), (5, "axe")]


def test_the_browser_runner_lifts_only_the_address_space_limit() -> None:
    runner = UnsandboxedRunner(SandboxPolicy(memory_mb=512, max_processes=20))
    lifted = browser_runner(runner)
    assert isinstance(lifted, UnsandboxedRunner)
    assert lifted.policy == SandboxPolicy(memory_mb=BROWSER_MEMORY_MB, max_processes=20)


def test_without_chromium_axe_is_skipped_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(axe, "find_chromium", lambda: None)
    issues, run = run_axe(UnsandboxedRunner(SandboxPolicy()), tmp_path, own_interpreter(), 10)
    assert issues == []
    assert run.status is ToolStatus.SKIPPED
    assert run.detail == "Chromium is not installed (apt-get install chromium)"


def test_without_a_whole_page_axe_has_nothing_to_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(axe, "find_chromium", lambda: Path("/usr/bin/true"))
    (tmp_path / "part.html").write_text("<p>a partial</p>")
    _, run = run_axe(UnsandboxedRunner(SandboxPolicy()), tmp_path, own_interpreter(), 10)
    assert (run.status, run.detail) == (ToolStatus.SKIPPED, "no HTML pages")
