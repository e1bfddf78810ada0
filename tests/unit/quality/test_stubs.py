"""Unfinished functions found statically: every kind, every exclusion, the pragma."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from myagent.protocol import LintIssue
from myagent.quality.stubs import MAX_FILE_BYTES, find_stubs, scan_stubs, source_files


def write(root: Path, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return list(files)


def stubs_of(tmp_path: Path, text: str, name: str = "mod.py") -> list[tuple[int, str, str]]:
    """(line, code, qualified name) of each stub in one file."""
    found = find_stubs(tmp_path, write(tmp_path, {name: text}))
    return [(s.line, s.code, s.message) for s in found]


def test_each_kind_of_stub_is_found_with_its_def_line_and_kind(tmp_path: Path):
    text = """\
        def a():
            raise NotImplementedError

        def b(x):
            raise NotImplementedError("later")

        def c():
            ...

        def d():
            pass

        def e():
            '''Only a docstring: valid Python that does nothing.'''

        def f():
            '''Documented.'''
            raise NotImplementedError()

        def g():
            '''Documented.'''
            ...
        """
    assert stubs_of(tmp_path, text) == [
        (1, "not-implemented", "a"),
        (4, "not-implemented", "b"),
        (7, "ellipsis", "c"),
        (10, "pass", "d"),
        (13, "pass", "e"),
        (16, "not-implemented", "f"),
        (20, "ellipsis", "g"),
    ]


def test_a_stub_is_a_lint_issue_with_a_workspace_relative_path(tmp_path: Path):
    found = find_stubs(tmp_path, write(tmp_path, {"src/pkg/calc.py": "def total():\n    ...\n"}))
    assert found == [LintIssue(path="src/pkg/calc.py", line=1, code="ellipsis", message="total")]


def test_functions_with_a_real_body_are_not_stubs(tmp_path: Path):
    text = """\
        def works():
            return 1

        def raises_something_else():
            raise ValueError("no")

        def binary_op(self, other):
            return NotImplemented

        def conditional(x):
            if x:
                raise NotImplementedError
            return x

        def pass_then_work():
            pass
            return 2

        def reraises():
            raise
        """
    assert stubs_of(tmp_path, text) == []


def test_methods_async_and_nested_functions_have_qualified_names(tmp_path: Path):
    text = """\
        class Invoice:
            def total(self):
                raise NotImplementedError

            async def send(self):
                ...

            class Line:
                def amount(self):
                    pass

        async def fetch():
            pass

        def outer():
            def inner():
                ...
            return inner

        def factory():
            class Made:
                def run(self):
                    raise NotImplementedError
            return Made
        """
    assert stubs_of(tmp_path, text) == [
        (2, "not-implemented", "Invoice.total"),
        (5, "ellipsis", "Invoice.send"),
        (9, "pass", "Invoice.Line.amount"),
        (12, "pass", "fetch"),
        (16, "ellipsis", "outer.inner"),
        (22, "not-implemented", "factory.Made.run"),
    ]


def test_stubs_inside_if_and_try_blocks_are_found(tmp_path: Path):
    text = """\
        import sys
        if sys.platform == "win32":
            def native():
                raise NotImplementedError
        try:
            import fast
        except ImportError:
            def fallback():
                ...
        """
    assert [name for _, _, name in stubs_of(tmp_path, text)] == ["native", "fallback"]


def test_abstract_methods_in_any_spelling_are_not_stubs(tmp_path: Path):
    text = """\
        import abc
        from abc import ABC, abstractmethod

        class Shape(ABC):
            @abstractmethod
            def area(self):
                raise NotImplementedError

            @abc.abstractmethod
            def perimeter(self):
                ...

            @property
            @abstractmethod
            def name(self):
                pass

            @abc.abstractproperty
            def old_style(self):
                pass

            def hook(self):
                pass
        """
    assert stubs_of(tmp_path, text) == [(22, "pass", "Shape.hook")]


def test_overload_signatures_are_not_stubs(tmp_path: Path):
    text = """\
        import typing
        from typing import overload

        @overload
        def parse(x: int) -> int: ...
        @typing.overload
        def parse(x: str) -> str: ...
        def parse(x):
            return x
        """
    assert stubs_of(tmp_path, text) == []


def test_protocol_methods_are_not_stubs_but_other_classes_in_the_file_are(tmp_path: Path):
    text = """\
        import typing
        from typing import Protocol, TypeVar

        T = TypeVar("T")

        class Reader(Protocol):
            def read(self) -> str: ...

        class Sink(typing.Protocol):
            def write(self, data: str) -> None:
                '''Write it.'''

        class Box(Protocol[T]):
            def get(self) -> T: ...

        class Plain:
            def read(self) -> str: ...
        """
    assert stubs_of(tmp_path, text) == [(17, "ellipsis", "Plain.read")]


def test_pyi_files_are_not_read(tmp_path: Path):
    assert stubs_of(tmp_path, "def parse(x: int) -> int: ...\n", name="mod.pyi") == []


def test_the_pragma_on_the_def_line_or_the_line_before_allows_a_stub(tmp_path: Path):
    text = """\
        def on_the_line():  # myagent: allow-stub
            pass

        # myagent: allow-stub (an intentional no-op)
        def on_the_line_before():
            pass

        # myagent: allow-stub
        @staticmethod
        def before_the_decorators():
            pass

        def not_allowed():
            pass
        x = "# myagent: allow-stub"
        def after_a_string_that_mentions_it():
            pass
        """
    assert stubs_of(tmp_path, text) == [
        (13, "pass", "not_allowed"),
        (16, "pass", "after_a_string_that_mentions_it"),
    ]


def test_the_pragma_is_found_on_the_right_line_after_form_feeds_and_crlf(tmp_path: Path):
    (tmp_path / "mod.py").write_bytes(
        b"x = 1\r\n\x0c\r\n# myagent: allow-stub\r\ndef quiet():\r\n    pass\r\n"
        b"def loud():\r\n    pass\r\n"
    )
    found = find_stubs(tmp_path, ["mod.py"])
    assert [(s.line, s.message) for s in found] == [(6, "loud")]


def test_files_that_do_not_parse_are_skipped_and_named(tmp_path: Path):
    files = write(
        tmp_path,
        {
            "broken.py": "def half(:\n    ...\n",
            "nul.py": "def a():\n    pass\n\x00",
            "ok.py": "def todo():\n    ...\n",
        },
    )
    scan = scan_stubs(tmp_path, files)
    assert [s.message for s in scan.stubs] == ["todo"]
    assert scan.unparsed == ["broken.py", "nul.py"]
    assert [s.message for s in find_stubs(tmp_path, files)] == ["todo"]


def test_missing_huge_and_escaping_files_are_skipped(tmp_path: Path):
    root = tmp_path / "project"
    write(root, {"ok.py": "def todo():\n    ...\n"})
    (root / "huge.py").write_text("def todo():\n    ...\n" + "#" * MAX_FILE_BYTES)
    write(tmp_path, {"outside.py": "def secret():\n    ...\n"})
    (root / "link.py").symlink_to(tmp_path / "outside.py")
    scan = scan_stubs(root, ["ok.py", "gone.py", "huge.py", "link.py"])
    assert [s.message for s in scan.stubs] == ["todo"]
    assert scan.unparsed == ["gone.py", "huge.py", "link.py"]


def test_source_files_expand_packages_and_leave_out_tests_and_caches(tmp_path: Path):
    write(
        tmp_path,
        {
            "src/pkg/__init__.py": "",
            "src/pkg/core.py": "",
            "src/pkg/sub/deep.py": "",
            "src/pkg/types.pyi": "",
            "src/pkg/test_core.py": "",
            "src/pkg/core_test.py": "",
            "src/pkg/conftest.py": "",
            "src/pkg/tests/test_x.py": "",
            "src/pkg/tests/helpers.py": "",
            "src/pkg/__pycache__/core.py": "",
            "src/pkg/.hidden/x.py": "",
            "src/pkg/notes.txt": "",
            "tool.py": "",
            "tests/test_tool.py": "",
        },
    )
    assert source_files(tmp_path, ["src/pkg", "tool.py"], ["tests"]) == [
        "src/pkg/__init__.py",
        "src/pkg/core.py",
        "src/pkg/sub/deep.py",
        "tool.py",
    ]


def test_a_source_of_dot_leaves_out_the_test_folders_and_virtualenvs(tmp_path: Path):
    write(
        tmp_path,
        {
            "app.py": "",
            "check/test_app.py": "",
            ".venv/lib/site.py": "",
            "lib/site-packages/dep.py": "",
        },
    )
    assert source_files(tmp_path, ["."], ["check"]) == ["app.py"]


def test_source_files_stay_inside_the_project(tmp_path: Path):
    write(tmp_path, {"elsewhere/mod.py": "", "project/src/pkg/own.py": ""})
    os.symlink(tmp_path / "elsewhere", tmp_path / "project/src/pkg/linked")
    assert source_files(tmp_path / "project", ["src/pkg"]) == ["src/pkg/own.py"]
    assert source_files(tmp_path / "project", ["../elsewhere"]) == []
