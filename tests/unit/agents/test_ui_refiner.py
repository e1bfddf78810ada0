"""The UI Refiner on a scratch tree: mechanical fixes, per-file retries, proposals, model edits."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from myagent.agents.base import AgentContext, Attempt
from myagent.agents.testing import unit_context
from myagent.agents.ui_refiner import UI_TASK, UiRefiner
from myagent.config import ProjectSettings
from myagent.llm.testing import ScriptedLLM
from myagent.protocol import LintIssue, QualityReport, Task

INDEX = '<!doctype html>\n<html>\n<head><title>Shop</title></head>\n<body><h1>Shop</h1>\n<img src="hero.jpg">\n</body>\n</html>\n'
FORM = '<form>\n  Email: <input name="email" tabindex="2">\n</form>\n'


def context(root: Path, *, attempts: Sequence[Attempt] = (), report: QualityReport | None = None,
            settings: ProjectSettings | None = None) -> AgentContext:  # fmt: skip
    return unit_context(
        root, report=report, settings=settings, source_dirs=(), test_dirs=(), attempts=attempts
    )


def site(tmp_path: Path) -> Path:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "index.html").write_text(INDEX)
    (tmp_path / "web" / "form.j2").write_text(FORM)
    return tmp_path


TASK = Task(kind=UI_TASK, agent="ui_refiner", gate="a11y_violations")


def rejected(strategy: str) -> Attempt:
    return Attempt(task_kind=UI_TASK, strategy=strategy, accepted=False, reason="worse")


def test_handles_only_the_accessibility_task() -> None:
    assert UiRefiner().can_handle(TASK)
    assert not UiRefiner().can_handle(Task(kind="lint_fix", agent="coder", gate="lint_errors"))


def test_proposes_every_mechanical_fix_at_once_and_notes_the_rest(tmp_path: Path) -> None:
    settings = ProjectSettings.model_validate({"ui": {"lang": "fr"}})
    ctx = context(site(tmp_path), settings=settings)
    (candidate,) = UiRefiner().propose(TASK, ctx)
    assert candidate.strategy == "a11y-fix"
    assert (
        candidate.summary
        == "Fix 3 accessibility finding(s) in 2 files (html-has-lang, label, tabindex)"
    )
    contents = {e.path: e.content for e in candidate.edits}
    assert contents["web/index.html"] == INDEX.replace("<html>", '<html lang="fr">')
    assert contents["web/form.j2"] == FORM.replace(
        '<input name="email" tabindex="2">', '<input aria-label="Email" name="email" tabindex="0">'
    )
    assert ctx.log.notes == [
        'ui_refiner proposes: web/index.html:5 image-alt: image without alt text: <img src="hero.jpg">; '
        'describe the image in its alt attribute (alt="" if it is decorative)'
    ]


def test_after_a_rejection_each_file_is_tried_alone_once(tmp_path: Path) -> None:
    ctx = context(site(tmp_path), attempts=[rejected("a11y-fix"), rejected("a11y-fix:web/form.j2")])
    (candidate,) = UiRefiner().propose(TASK, ctx)
    assert candidate.strategy == "a11y-fix:web/index.html"
    assert [e.path for e in candidate.edits] == ["web/index.html"]


def test_axe_findings_the_static_check_lacks_are_noted(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>fine</p>")
    axe_only = LintIssue(
        path="a.html", line=1, code="color-contrast", message="low contrast (axe, serious)"
    )
    ctx = context(tmp_path, report=QualityReport(a11y=[axe_only]))
    assert UiRefiner().propose(TASK, ctx) == []
    assert ctx.log.notes == [
        "ui_refiner proposes: a.html:1 color-contrast: low contrast (axe, serious)"
    ]


def test_with_a_model_what_is_left_goes_to_it_as_an_edit_of_that_file(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<p><img src="cat.png"></p>\n')
    answer = (
        'index.html\n<<<<<<< SEARCH\n<p><img src="cat.png"></p>\n=======\n'
        '<p><img src="cat.png" alt="A sleeping cat"></p>\n>>>>>>> REPLACE\n'
    )
    llm = ScriptedLLM([answer])
    ctx = context(tmp_path)
    (candidate,) = UiRefiner(llm).propose(TASK, ctx)
    llm.assert_consumed()
    assert candidate.strategy == "a11y-llm:index.html"
    assert candidate.edits[0].content == '<p><img src="cat.png" alt="A sleeping cat"></p>\n'
    assert "image-alt" in llm.prompts[0][-1].content
    # the same file is not sent again in this run
    again = context(tmp_path, attempts=[rejected("a11y-llm:index.html")])
    assert UiRefiner(ScriptedLLM([])).propose(TASK, again) == []


def test_a_model_answer_that_does_not_apply_is_noted_not_proposed(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<p><img src="cat.png"></p>\n')
    ctx = context(tmp_path)
    assert UiRefiner(ScriptedLLM(["I would add alt text."])).propose(TASK, ctx) == []
    assert any("model edit of index.html failed" in n for n in ctx.log.notes)
