"""The repository map: signatures as written, PageRank order, the token budget."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from myagent.agents.coder.repo_map import (
    RepoMapper,
    build_repo_map,
    parse_source,
    reference_graph,
    relevant_files,
)
from myagent.llm.provider import estimate_tokens

REPO_ROOT = Path(__file__).resolve().parents[3]


def write(root: Path, sources: dict[str, str]) -> list[str]:
    for path, source in sources.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(textwrap.dedent(source))
    return sorted(sources)


SHAPES = '''\
    """Shapes."""
    from dataclasses import dataclass

    LIMIT = 10
    lower_case = 3


    def plain(a, b=2, *args, c: int = 3, **kw) -> None:
        """Do plain things.

        More detail that stays out of the map.
        """


    async def fetch(url: str, *, timeout: float = 5.0) -> bytes:
        return b""


    def positional(a, /, b, label: str = "x"):
        def inner():
            pass


    def long_default(values=("a default far too long to show in full",)) -> tuple[str, ...]:
        return values


    @dataclass(frozen=True)
    class Point(Base, metaclass=Meta):
        """A point in the plane."""

        x: int
        y: int = 0

        def norm(self) -> float:
            """Its length."""
            return 0.0

        @property
        def doubled(self) -> "Point":
            return self

        class Inner:
            async def deep(self) -> None: ...
'''


def test_signatures_are_rendered_as_written(tmp_path: Path) -> None:
    files = write(tmp_path, {"shapes.py": SHAPES})
    repo_map = build_repo_map(tmp_path, files, max_tokens=10_000)
    assert repo_map.text == textwrap.dedent("""\
        shapes.py:
        │LIMIT = 10
        │def plain(a, b=2, *args, c: int = 3, **kw) -> None:  # Do plain things.
        │async def fetch(url: str, *, timeout: float = 5.0) -> bytes:
        │def positional(a, /, b, label: str = "x"):
        │def long_default(values=...) -> tuple[str, ...]:
        │@dataclass(frozen=True)
        │class Point(Base, metaclass=Meta):  # A point in the plane.
        │    x: int
        │    y: int = 0
        │    def norm(self) -> float:  # Its length.
        │    @property
        │    def doubled(self) -> "Point":
        │    class Inner:
        │        async def deep(self) -> None:
        """)
    assert repo_map.tokens == estimate_tokens(repo_map.text)
    assert repo_map.files == ("shapes.py",)


def test_a_chosen_method_shows_its_class_and_marks_what_is_left_out(tmp_path: Path) -> None:
    files = write(tmp_path, {"shapes.py": SHAPES})
    expected = "shapes.py:\n⋮\n│class Point(Base, metaclass=Meta):\n│    def norm(self) -> float:  # Its length.\n⋮\n"
    budget = estimate_tokens(expected)
    repo_map = build_repo_map(tmp_path, files, focus_names=["Point.norm"], max_tokens=budget)
    assert repo_map.text == expected


CORE_PROJECT = {
    "pkg/__init__.py": "",
    "pkg/core.py": '''\
        class Thing:
            """The thing everyone uses."""

            def use(self) -> int:
                return 1


        def helper(thing: Thing) -> int:
            return thing.use()
        ''',
    "pkg/a.py": """\
        from pkg.core import Thing, helper

        def make_a() -> int:
            return helper(Thing()) + Thing().use()
        """,
    "pkg/b.py": """\
        from .core import Thing, helper

        def make_b() -> int:
            return helper(Thing())
        """,
    "pkg/c.py": """\
        from pkg import core

        def make_c() -> int:
            return core.helper(core.Thing())
        """,
    "pkg/leaf.py": """\
        def lonely(x: int) -> int:
            return x
        """,
}


def test_a_module_used_by_many_ranks_above_a_leaf(tmp_path: Path) -> None:
    files = write(tmp_path, CORE_PROJECT)
    repo_map = build_repo_map(tmp_path, files)
    assert repo_map.files[0] == "pkg/core.py"
    assert repo_map.ranks["pkg/core.py"] > 2 * repo_map.ranks["pkg/leaf.py"]
    assert repo_map.text.startswith("pkg/core.py:\n│class Thing:")
    assert sum(repo_map.ranks.values()) == pytest.approx(1.0)


def test_focus_files_and_names_come_first(tmp_path: Path) -> None:
    files = write(tmp_path, CORE_PROJECT)
    plain = build_repo_map(tmp_path, files)
    by_file = build_repo_map(tmp_path, files, focus_files=["pkg/leaf.py"])
    assert by_file.files[0] == "pkg/leaf.py"
    assert by_file.text.startswith("pkg/leaf.py:\n│def lonely(x: int) -> int:")
    assert by_file.ranks["pkg/leaf.py"] > plain.ranks["pkg/leaf.py"]

    by_name = build_repo_map(tmp_path, files, focus_names=["lonely"], max_tokens=20)
    assert "def lonely(x: int) -> int:" in by_name.text
    assert "class Thing" not in by_name.text  # the tight budget went to the focus name
    assert by_name.ranks["pkg/leaf.py"] > plain.ranks["pkg/leaf.py"]


def test_an_import_decides_which_of_two_same_named_definitions_is_used(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "one/config.py": "class Config:\n    pass\n",
            "two/config.py": "class Config:\n    pass\n",
            "user.py": "from one.config import Config\n\nA = Config()\nB = Config()\n",
        },
    )
    ranks = build_repo_map(tmp_path, files).ranks
    assert ranks["one/config.py"] > ranks["two/config.py"]


def test_a_local_name_is_not_a_reference_to_another_files_function(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {"lib.py": "def render():\n    pass\n", "app.py": "render = 1\nprint(render)\n"},
    )
    parsed = [RepoMapper(tmp_path).parse(path) for path in files]
    graph = reference_graph([file for file in parsed if file])
    assert graph.edges["app.py"] == {}


def many_modules(root: Path, count: int = 12) -> list[str]:
    sources = {"base.py": "class Base:\n    def run(self, x: int) -> int:\n        return x\n"}
    for n in range(count):
        sources[f"mod{n:02}.py"] = f"""\
            from base import Base

            class Worker{n}(Base):
                \"\"\"Worker number {n}.\"\"\"

                def step_{n}(self, value: int = {n}) -> int:
                    return self.run(value)

            def make_{n}() -> Worker{n}:
                return Worker{n}()
            """
    return write(root, sources)


@pytest.mark.parametrize("budget", [1, 8, 16, 40, 100, 250, 1024])
def test_the_token_budget_is_never_exceeded(tmp_path: Path, budget: int) -> None:
    files = many_modules(tmp_path)
    repo_map = build_repo_map(tmp_path, files, max_tokens=budget)
    assert repo_map.tokens <= budget
    assert estimate_tokens(repo_map.text) <= budget or repo_map.text == ""
    assert repo_map.tokens == (estimate_tokens(repo_map.text) if repo_map.text else 0)


def test_more_budget_shows_more(tmp_path: Path) -> None:
    files = many_modules(tmp_path)
    texts = [build_repo_map(tmp_path, files, max_tokens=b).text for b in (16, 40, 100, 250, 1024)]
    definitions = [text.count("│") for text in texts]
    assert definitions == sorted(definitions)
    assert definitions[0] < definitions[-1]
    assert texts[0].startswith("base.py:\n│class Base:")  # the smallest map shows the hub
    assert "class Worker11(Base):" in texts[-1]


def test_a_tiny_budget_gives_an_empty_map_without_failing(tmp_path: Path) -> None:
    files = many_modules(tmp_path)
    for budget in (0, 1, -5):
        repo_map = build_repo_map(tmp_path, files, max_tokens=budget)
        assert (repo_map.text, repo_map.tokens, repo_map.files) == ("", 0, ())
        assert repo_map.ranks  # the ranking is there even when nothing fits


def test_a_file_that_does_not_parse_is_listed_by_path(tmp_path: Path) -> None:
    files = write(
        tmp_path, {"good.py": "def fine() -> None:\n    pass\n", "bad.py": "def oops(:\n"}
    )
    repo_map = build_repo_map(tmp_path, files)
    assert "bad.py: (does not parse)\n" in repo_map.text
    assert "│def fine() -> None:" in repo_map.text
    assert parse_source("bad.py", b"\xff\xfe not python").parses is False


def test_an_empty_repository_and_non_python_files_give_an_empty_map(tmp_path: Path) -> None:
    write(tmp_path, {"README.md": "# hi\n"})
    for files in ([], ["README.md"], ["missing.py"]):
        repo_map = build_repo_map(tmp_path, files)
        assert (repo_map.text, repo_map.tokens, repo_map.files) == ("", 0, ())
        assert dict(repo_map.ranks) == {}


def test_the_same_input_gives_the_same_map(tmp_path: Path) -> None:
    files = write(tmp_path, CORE_PROJECT)
    first = build_repo_map(tmp_path, files, focus_names=["helper"], max_tokens=60)
    again = build_repo_map(tmp_path, list(reversed(files)), focus_names=["helper"], max_tokens=60)
    assert first.text == again.text
    assert first.files == again.files


def test_the_mapper_rereads_a_file_only_when_it_changes(tmp_path: Path) -> None:
    files = write(tmp_path, CORE_PROJECT)
    mapper = RepoMapper(tmp_path)
    parsed = mapper.parse("pkg/leaf.py")
    assert mapper.parse("pkg/leaf.py") is parsed
    (tmp_path / "pkg/leaf.py").write_text("def lonely(x: int, y: int = 0) -> int:\n    return x\n")
    assert "def lonely(x: int, y: int = 0) -> int:" in mapper.build(files).text


def test_relevant_files_are_the_definers_then_the_top_ranked(tmp_path: Path) -> None:
    files = write(tmp_path, CORE_PROJECT)
    assert relevant_files(tmp_path, files, ["lonely"], limit=2) == ["pkg/leaf.py", "pkg/core.py"]
    assert relevant_files(tmp_path, files, ["make_a", "make_b"]) == [
        "pkg/a.py",
        "pkg/b.py",
        "pkg/core.py",
    ]
    assert relevant_files(tmp_path, files, [], limit=0) == []


def test_the_map_of_myagent_itself_fits_and_ranks_the_shared_modules_high() -> None:
    files = [p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "src/myagent").rglob("*.py")]
    mapper = RepoMapper(REPO_ROOT)
    repo_map = mapper.build(files)
    order = sorted(repo_map.ranks, key=lambda path: -repo_map.ranks[path])
    assert 0 < repo_map.tokens <= 1024
    assert "src/myagent/protocol.py" in order[:3]
    assert "src/myagent/errors.py" in order[:5]
    # Entry points are imported by nobody: they rank in the lower half.
    assert order.index("src/myagent/__main__.py") > len(order) // 2
    assert order.index("src/myagent/cli.py") > len(order) // 4
    focused = mapper.build(files, focus_names=["estimate_tokens"], max_tokens=200)
    assert focused.files[0] == "src/myagent/llm/provider.py"
    assert "def estimate_tokens(text: str) -> int:" in focused.text
