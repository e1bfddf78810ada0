"""The code index: functions and classes in `code_snippets`, re-embedded only on change."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

from myagent.llm.testing import DeterministicEmbedder
from myagent.memory.code_index import CodeIndex, python_files, snippets_of
from myagent.memory.vector import VectorMemory

SHAPES = '''
"""Geometry."""

import math


def circle_area(radius):
    """The area of a circle."""
    return math.pi * radius**2


class Rectangle:
    """An axis-aligned rectangle."""

    sides = 4

    def __init__(self, width, height):
        self.width = width
        self.height = height

    @property
    def area(self):
        """Width times height."""
        return self.width * self.height
'''

CONFIG = '''
def parse_config(path):
    """Read the TOML settings file."""
    with open(path) as handle:
        return handle.read()


async def fetch_user(session, user_id):
    return await session.get(user_id)
'''


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write(root, "src/shop/shapes.py", SHAPES)
    write(root, "src/shop/config.py", CONFIG)
    return root


@pytest.fixture
def embedder() -> DeterministicEmbedder:
    return DeterministicEmbedder()


@pytest.fixture
def index(tmp_path: Path, project: Path, embedder: DeterministicEmbedder) -> CodeIndex:
    memory = VectorMemory.persistent(tmp_path / "vectors", embedder)
    return CodeIndex(memory, project)


def test_snippets_are_functions_methods_and_class_outlines():
    snippets = {s.qualname: s for s in snippets_of(textwrap.dedent(SHAPES), "shapes.py")}
    assert list(snippets) == ["circle_area", "Rectangle", "Rectangle.__init__", "Rectangle.area"]
    area = snippets["Rectangle.area"]
    assert (area.kind, area.start_line, area.end_line) == ("function", 21, 24)
    assert area.text.startswith("    @property\n    def area(self):")
    assert area.id == "shapes.py::Rectangle.area"
    outline = snippets["Rectangle"].text
    assert "sides = 4" in outline
    assert "def __init__(self, width, height):" in outline
    assert '"""Width times height."""' in outline
    assert "self.width = width" not in outline  # method bodies are their own snippets


def test_a_redefined_name_gets_its_own_snippet():
    source = "def f():\n    return 1\n\n\ndef f():\n    return 2\n"
    assert [s.qualname for s in snippets_of(source, "m.py")] == ["f", "f#2"]


def test_the_first_update_indexes_everything_and_search_finds_the_function(
    index: CodeIndex, embedder: DeterministicEmbedder
):
    report = index.update()
    assert (report.added, report.updated, report.removed, report.unchanged) == (6, 0, 0, 0)
    assert report.files_parsed == 2
    assert len(embedder.texts) == 6
    hit = index.search("parse the TOML config file", k=1)[0]
    assert hit.id == "src/shop/config.py::parse_config"
    assert hit.metadata["path"] == "src/shop/config.py"
    assert hit.metadata["kind"] == "function"
    assert "def parse_config(path):" in hit.text


def test_an_update_without_changes_embeds_nothing(
    index: CodeIndex, embedder: DeterministicEmbedder, project: Path
):
    write(project, "src/shop/__init__.py", "")
    index.update()
    embedded = len(embedder.texts)
    report = index.update()
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 6)
    assert report.files_parsed == 0
    assert len(embedder.texts) == embedded


def test_a_changed_function_is_embedded_again_and_only_moved_ones_are_not(
    index: CodeIndex, embedder: DeterministicEmbedder, project: Path
):
    index.update()
    before = len(embedder.texts)
    changed = SHAPES.replace("math.pi * radius**2", "3.14159 * radius * radius")
    write(project, "src/shop/shapes.py", "# a comment moves everything down\n" + changed)
    report = index.update()
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, 5)
    assert len(embedder.texts) == before + 1
    assert "3.14159" in embedder.texts[-1]
    moved = index._memory.metadata("code_snippets", where={"qualname": "Rectangle.area"})
    assert next(iter(moved.values()))["start_line"] == 22


def test_deleted_functions_and_files_are_removed(index: CodeIndex, project: Path):
    index.update()
    write(project, "src/shop/config.py", CONFIG.split("\n\nasync def")[0])
    (project / "src/shop/shapes.py").unlink()
    report = index.update()
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 5, 1)
    assert [h.id for h in index.search("anything", k=10)] == ["src/shop/config.py::parse_config"]


def test_a_file_that_does_not_parse_keeps_its_last_indexed_snippets(
    index: CodeIndex, project: Path
):
    index.update()
    write(project, "src/shop/config.py", "def parse_config(path:\n")
    report = index.update()
    assert report.failed == ("src/shop/config.py",)
    assert report.removed == 0
    assert "src/shop/config.py::parse_config" in {h.id for h in index.search("config", k=10)}


def test_virtualenvs_hidden_folders_and_build_output_are_not_indexed(project: Path):
    for name in (".venv/lib/site.py", ".myagent/x.py", "build/lib/shop.py", "node_modules/a.py"):
        write(project, name, "def f():\n    pass\n")
    write(project, "src/shop.egg-info/x.py", "")
    write(project, "notes.txt", "def f(): pass")
    files = [p.relative_to(project).as_posix() for p in python_files(project)]
    assert files == ["src/shop/config.py", "src/shop/shapes.py"]
    only = python_files(project, ["src/shop/config.py"])
    assert [p.name for p in only] == ["config.py"]


def test_sources_limit_what_is_indexed(tmp_path: Path, project: Path):
    write(project, "scripts/deploy.py", "def deploy():\n    pass\n")
    memory = VectorMemory.persistent(tmp_path / "v", DeterministicEmbedder())
    report = CodeIndex(memory, project, ["src"]).update()
    assert report.added == 6
    assert "scripts/deploy.py::deploy" not in memory.metadata("code_snippets")


class FlakyEmbedder(DeterministicEmbedder):
    """Fails its `fail_at`-th call (counting from 1), as a model server that goes away."""

    def __init__(self, fail_at: int) -> None:
        super().__init__()
        self.fail_at = fail_at

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if self.calls + 1 == self.fail_at:
            self.calls += 1
            raise RuntimeError("the embedding server went away")
        return super().embed(texts)


def test_an_update_cut_short_is_finished_by_the_next_one(tmp_path: Path, project: Path):
    embedder = FlakyEmbedder(fail_at=2)
    # batch 1: config.py's 2 snippets and 1 of shapes.py's 4; batch 2 fails
    index = CodeIndex(VectorMemory.persistent(tmp_path / "v", embedder), project, batch=3)
    with pytest.raises(RuntimeError):
        index.update()
    assert len(index.search("anything", k=10)) == 3  # shapes.py half indexed
    report = index.update()
    assert (report.added, report.unchanged) == (3, 3)
    assert len(index.search("anything", k=10)) == 6
    assert index.update().embedded == 0


def test_progress_is_reported_after_each_batch(tmp_path: Path, project: Path):
    memory = VectorMemory.persistent(tmp_path / "v", DeterministicEmbedder())
    seen: list[tuple[int, int]] = []
    CodeIndex(memory, project, batch=4).update(lambda done, total: seen.append((done, total)))
    assert seen == [(4, 6), (6, 6)]
