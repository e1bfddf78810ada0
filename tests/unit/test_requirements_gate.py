"""`requirements_open` is enforced when there is something to build."""

from __future__ import annotations

from pathlib import Path

from myagent.config import load_settings

OPEN = "# Requirements\n\n- [ ] export to CSV\n- [x] import\n"


def test_open_requirements_add_the_gate(tmp_path: Path) -> None:
    (tmp_path / "requirements.md").write_text(OPEN)
    settings = load_settings(tmp_path, environ={})
    assert settings.gates["requirements_open"] == 0
    assert settings.gates["tests_pass_rate"] == 1.0  # the other gates stay


def test_nothing_open_and_no_goal_adds_nothing(tmp_path: Path) -> None:
    assert "requirements_open" not in load_settings(tmp_path, environ={}).gates
    (tmp_path / "requirements.md").write_text("- [x] done already\n")
    assert "requirements_open" not in load_settings(tmp_path, environ={}).gates


def test_a_goal_adds_the_gate_and_a_set_target_or_an_opt_out_wins(tmp_path: Path) -> None:
    goal = {"project": {"goal": "add a --verbose flag"}}
    assert load_settings(tmp_path, environ={}, overrides=goal).gates["requirements_open"] == 0
    (tmp_path / "myagent.toml").write_text("[gates]\nrequirements_open = 2\n")
    assert load_settings(tmp_path, environ={}, overrides=goal).gates == {"requirements_open": 2}
    (tmp_path / "myagent.toml").write_text('[gates]\nstubs = 0\n[project]\nrequirements = ""\n')
    (tmp_path / "requirements.md").write_text(OPEN)
    assert load_settings(tmp_path, environ={}).gates == {"stubs": 0}
