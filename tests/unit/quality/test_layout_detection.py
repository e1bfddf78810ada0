"""Detecting a project's source, tests and interpreter from its files."""

from __future__ import annotations

import sys
from pathlib import Path

from myagent.config import ProjectConfig
from myagent.quality.layout import Interpreter, detect_layout, interpreter_at, own_interpreter

OWN = Interpreter(Path("/opt/myagent/bin/python"), (Path("/opt/myagent"),), "myagent")


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")


def test_src_layout_measures_the_packages_under_src(tmp_path: Path):
    touch(tmp_path, "src/pkg/__init__.py", "src/pkg.egg-info/PKG-INFO", "tests/test_a.py")
    touch(tmp_path, "src/nspkg/mod.py", "setup.py")
    layout = detect_layout(tmp_path, ProjectConfig(), own=OWN)
    assert layout.source_dirs == ("src/nspkg", "src/pkg")
    assert layout.test_dirs == ("tests",)
    assert layout.import_roots == ("src",)


def test_flat_layout_measures_top_level_packages_and_modules_not_tests(tmp_path: Path):
    touch(tmp_path, "app/__init__.py", "calc.py", "setup.py", "conftest.py", "test_calc.py")
    touch(tmp_path, "docs/conf.py", "tests/__init__.py", "examples/__init__.py", "notes/x.py")
    layout = detect_layout(tmp_path, ProjectConfig(), own=OWN)
    assert layout.source_dirs == ("app", "calc.py")
    assert layout.test_dirs == ("tests", "test_calc.py")
    assert layout.import_roots == (".",)


def test_configured_source_and_tests_win(tmp_path: Path):
    touch(tmp_path, "lib/core/__init__.py", "src/pkg/__init__.py", "checks/test_x.py")
    project = ProjectConfig(source=["./lib/core/", "src"], tests=["checks"])
    layout = detect_layout(tmp_path, project, own=OWN)
    assert layout.source_dirs == ("lib/core", "src")
    assert layout.import_roots == ("lib", "src")
    assert layout.test_dirs == ("checks",)


def test_a_project_with_no_python_has_no_source(tmp_path: Path):
    touch(tmp_path, "README.md")
    layout = detect_layout(tmp_path, ProjectConfig(), own=OWN)
    assert layout.source_dirs == () and layout.test_dirs == ()


def make_venv(folder: Path, base: Path) -> Path:
    (base / "bin").mkdir(parents=True)
    (base / "lib" / "python3.11").mkdir(parents=True)
    (base / "bin" / "python3.11").write_text("")
    (folder / "bin").mkdir(parents=True)
    (folder / "lib" / "python3.11" / "site-packages").mkdir(parents=True)
    python = folder / "bin" / "python"
    python.symlink_to(base / "bin" / "python3.11")
    (folder / "pyvenv.cfg").write_text(f"home = {base / 'bin'}\nversion = 3.11.7\n")
    return python


def test_the_project_venv_is_used_and_its_base_python_made_readable(tmp_path: Path):
    root, base = tmp_path / "proj", tmp_path / "pythons" / "3.11"
    root.mkdir()
    make_venv(root / ".venv", base)
    layout = detect_layout(root, ProjectConfig(), own=OWN)
    assert layout.python.path == root / ".venv" / "bin" / "python"
    assert layout.python.origin == "project venv"
    # the venv itself is inside the workspace, bound anyway; its base is not
    assert layout.python.readable == (base.resolve(),)
    assert layout.tool_python == OWN.path


def test_a_configured_interpreter_outside_the_project(tmp_path: Path):
    root, venv, base = tmp_path / "proj", tmp_path / "envs" / "p", tmp_path / "base"
    root.mkdir()
    make_venv(venv, base)
    layout = detect_layout(root, ProjectConfig(python=str(venv / "bin" / "python")), own=OWN)
    assert layout.python.origin == "config"
    assert set(layout.python.readable) == {venv.resolve(), base.resolve()}


def test_without_a_venv_the_project_runs_on_myagents_interpreter(tmp_path: Path):
    layout = detect_layout(tmp_path, ProjectConfig(), own=OWN)
    assert layout.python is OWN and layout.python.is_own


def test_myagents_interpreter_needs_its_venv_and_base_installation():
    own = own_interpreter()
    assert own.path == Path(sys.executable)
    for prefix in (sys.prefix, sys.base_prefix):
        assert any(Path(prefix).resolve().is_relative_to(p) for p in own.readable)


def test_a_crafted_venv_cannot_get_other_folders_bound(tmp_path: Path):
    root, secrets = tmp_path / "proj", tmp_path / "home" / ".ssh"
    secrets.mkdir(parents=True)
    (secrets / "id_rsa").write_text("key")
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "python").symlink_to(secrets / "id_rsa")
    (root / ".venv" / "pyvenv.cfg").write_text(f"home = {tmp_path / 'home' / 'bin'}\n")
    layout = detect_layout(root, ProjectConfig(), own=OWN)
    assert layout.python.readable == ()


def test_an_interpreter_that_is_not_there_has_nothing_to_bind(tmp_path: Path):
    python = interpreter_at(tmp_path / "nope" / "bin" / "python", "config")
    assert python.readable == ()
