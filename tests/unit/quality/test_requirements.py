"""Requirements in Markdown: items, ticks, goals."""

from __future__ import annotations

from pathlib import Path

from myagent.quality.requirements import (
    mark_done,
    open_count,
    parse_requirements,
    read_requirements,
)

TEXT = """# Requirements

Some context that is not a requirement.

## Invoices

- [x] `total()` sums the lines
- [ ] `apply_discount(rate)` lowers every line's price
  by `rate` (0..1); a rate outside raises ValueError
* a third one, no box
1. numbered too

```python
- not an item inside a fence
```
"""


def test_items_boxes_continuations_and_context() -> None:
    items = parse_requirements(TEXT)
    assert [r.done for r in items] == [True, False, False, False]
    assert items[1].text == (
        "`apply_discount(rate)` lowers every line's price by `rate` (0..1); "
        "a rate outside raises ValueError"
    )
    assert items[1].line == 8 and items[1].context == "Invoices"
    assert items[3].text == "numbered too"
    assert len({r.key for r in items}) == 4


def test_paragraphs_when_there_is_no_list() -> None:
    items = parse_requirements("# Goal\n\nParse CSV files.\nKeep quotes.\n\n[x] Done one.\n")
    assert [(r.text, r.done) for r in items] == [
        ("Parse CSV files. Keep quotes.", False),
        ("Done one.", True),
    ]


def test_mark_done_ticks_items_and_appends_goals(tmp_path: Path) -> None:
    items = parse_requirements(TEXT)
    ticked = mark_done(TEXT, items[1])
    assert "- [x] `apply_discount(rate)` lowers" in ticked
    ticked = mark_done(ticked, items[2])
    assert "* [x] a third one, no box" in ticked
    assert [r.done for r in parse_requirements(ticked)] == [True, True, True, False]
    (tmp_path / "requirements.md").write_text(TEXT)
    assert open_count(tmp_path) == 3
    goal = "Add a `--verbose` flag"
    assert open_count(tmp_path, goal=goal) == 4
    [new] = [r for r in read_requirements(tmp_path, goal=goal) if r.line == 0]
    (tmp_path / "requirements.md").write_text(mark_done(TEXT, new))
    assert open_count(tmp_path, goal=goal) == 3  # the goal is now a ticked item


def test_no_file_means_nothing_open_and_a_goal_creates_one(tmp_path: Path) -> None:
    assert open_count(tmp_path) == 0
    [goal] = read_requirements(tmp_path, goal="  do   it ")
    assert goal.text == "do it"
    assert mark_done("", goal) == "# Requirements\n\n- [x] do it\n"
