"""Error signatures: the same error keeps its key across literals, paths and edits."""

from __future__ import annotations

import pytest

from myagent.memory.error_signature import (
    ErrorSignature,
    is_library_path,
    is_test_path,
    mask_message,
    mask_path,
    patch_key_of,
    signature_of,
    split_frame,
)

SRC = ("/w/proj/src",)


def _key(error_type: str, message: str, frames: list[str] | None = None) -> str:
    return signature_of(error_type, message, frames or ["/w/proj/src/pkg/a.py:3"], None, SRC).key


@pytest.mark.parametrize(
    ("message", "pattern"),
    [
        ("list index out of range", "list index out of range"),
        ("index 5 is out of bounds for axis 0 with size 3", "index <num> is out of bounds for axis <num> with size <num>"),
        ("invalid literal for int() with base 10: 'abc'", "invalid literal for int() with base <num>: <str>"),
        ("name \"total\" is not defined", "name <str> is not defined"),
        ("assert 3 == 4", "assert <num> == <num>"),
        ("assert 'abc' == b'abd'", "assert <str> == <str>"),
        ("expected -1.5e-05, got +2", "expected <num>, got <num>"),
        ("10_000 rows in 3.11.2", "<num> rows in <num>"),
        ("<pkg.User object at 0x7f3a2b1c9d80> is frozen", "<pkg.User object at <addr>> is frozen"),
        ("commit 3f2a9c81d0e4 not found", "commit <addr> not found"),
        ("job 123e4567-e89b-12d3-a456-426614174000 failed", "job <addr> failed"),
        ("no file /tmp/pytest-of-u/pytest-12/test_load0/proj/data.csv", "no file <tmp>/proj/data.csv"),
        ("bad tree /home/u/p/.myagent/worktrees/scratch-ab12cd/src/a.py", "bad tree <tmp>/src/a.py"),
        ("can't multiply sequence by non-int of type 'float'", "can't multiply sequence by non-int of type 'float'"),
        ("unsupported operand type(s) for +: 'int' and 'NoneType'", "unsupported operand type(s) for +: 'int' and 'NoneType'"),
        ("utf8 codec, int64 dtype, py311", "utf8 codec, int64 dtype, py311"),
        ("  spaced   out\tmessage.  ", "spaced out message"),
        ("first line 1\n  + where 1 = f(2)", "first line <num>"),
        ("", ""),
    ],
)  # fmt: skip
def test_literals_are_masked(message: str, pattern: str) -> None:
    assert mask_message(message) == pattern


def test_a_leading_type_name_and_builtins_prefix_are_dropped() -> None:
    plain = signature_of("ValueError", "bad value 3", ["src/a.py:1"])
    assert signature_of("builtins.ValueError", "ValueError: bad value 7", ["src/a.py:1"]) == plain
    assert plain.error_type == "ValueError" and plain.message_pattern == "bad value <num>"


@pytest.mark.parametrize(
    "variant",
    [
        "index 7 is out of bounds for axis 0 with size 2",
        "index -1 is out of bounds for axis 1 with size 10",
        "IndexError: index 0 is out of bounds for axis 0 with size 0",
        "index 3 is out of bounds for axis 0 with size 3\n  extra detail 42",
        "index  3 is out of bounds for axis 0 with size 3.",
    ],
)
def test_the_same_error_with_other_literals_keeps_its_key(variant: str) -> None:
    base = _key("IndexError", "index 3 is out of bounds for axis 0 with size 3")
    assert _key("IndexError", variant) == base


@pytest.mark.parametrize(
    "variant",
    [
        "KeyError: 'user_42'",
        "'session'",
        '"other key"',
    ],
)
def test_quoted_keys_do_not_split_a_key_error(variant: str) -> None:
    assert _key("KeyError", variant) == _key("KeyError", "'user_1'")


def test_different_types_messages_or_locations_have_different_keys() -> None:
    base = _key("ValueError", "bad value 3")
    assert _key("TypeError", "bad value 3") != base
    assert _key("ValueError", "missing value 3") != base
    assert _key("ValueError", "bad value 3", ["/w/proj/src/pkg/b.py:3"]) != base
    none_op = "unsupported operand type(s) for +: 'int' and 'NoneType'"
    str_op = "unsupported operand type(s) for +: 'int' and 'str'"
    assert _key("TypeError", none_op) != _key("TypeError", str_op)


def test_the_location_is_the_innermost_project_frame_without_its_line() -> None:
    frames = [
        "/w/proj/tests/test_calc.py:10",
        "/w/proj/src/pkg/api.py:20",
        "/w/proj/src/pkg/calc.py:30",
        "/w/proj/.venv/lib/python3.11/site-packages/numpy/core.py:99",
        "/usr/lib/python3.11/statistics.py:5",
        "<frozen importlib._bootstrap>:241",
    ]
    functions = {"/w/proj/src/pkg/calc.py:30": "Stats.mean", "/w/proj/src/pkg/api.py:20": "get"}
    sig = signature_of("ZeroDivisionError", "division by zero", frames, functions.get, SRC)
    assert sig.location == "pkg/calc.py:Stats.mean"
    moved = [f.replace("calc.py:30", "calc.py:47") for f in frames]
    functions["/w/proj/src/pkg/calc.py:47"] = "Stats.mean"
    assert signature_of("ZeroDivisionError", "division by zero", moved, functions.get, SRC) == sig
    assert signature_of("ZeroDivisionError", "division by zero", frames, None, SRC).location == (
        "pkg/calc.py"
    )


def test_frames_in_another_worktree_give_the_same_signature() -> None:
    main = signature_of("E", "boom", ["/w/proj/src/pkg/a.py:3"], None, ["/w/proj/src"])
    tree = "/w/proj/.myagent/worktrees/scratch-9f8e7d/src"
    scratch = signature_of("E", "boom", [f"{tree}/pkg/a.py:4"], None, [tree])
    relative = signature_of("E", "boom", ["src/pkg/a.py:9"], None, ["src"])
    assert main.key == scratch.key == relative.key
    assert main.location == "pkg/a.py"
    in_main = signature_of("E", "cannot load /w/proj/src/pkg/b.py", [], None, ["/w/proj/src"])
    in_tree = signature_of("E", f"cannot load {tree}/pkg/b.py", [], None, [tree])
    assert in_main == in_tree and in_main.message_pattern == "cannot load pkg/b.py"


def test_without_project_paths_tests_and_libraries_are_skipped() -> None:
    frames = ["tests/test_a.py:1", "pkg/a.py:2", "tests/conftest.py:3", "/x/site-packages/y.py:4"]
    assert signature_of("E", "m", frames).location == "pkg/a.py"


def test_with_no_project_frame_the_innermost_test_frame_is_used() -> None:
    frames = ["/w/proj/tests/test_a.py:5", "/usr/lib/python3.11/json/decoder.py:9"]
    sig = signature_of("AssertionError", "assert 1 == 2", frames, lambda _f: "test_a", SRC)
    assert sig.location == "/w/proj/tests/test_a.py:test_a"
    only_library = signature_of("E", "m", ["/usr/lib/python3.11/json/decoder.py:9"], None, SRC)
    assert only_library.location == "/usr/lib/python3.11/json/decoder.py"
    assert signature_of("E", "m", [], None, SRC).location == ""


def test_function_of_is_not_asked_without_a_frame() -> None:
    def never(_frame: str) -> str | None:
        raise AssertionError("function_of called without a frame")

    assert signature_of("E", "m", [], never).location == ""


def test_the_key_is_stable_and_derived_from_the_three_parts() -> None:
    sig = ErrorSignature("ValueError", "bad value <num>", "pkg/a.py:f")
    assert sig.key == ErrorSignature("ValueError", "bad value <num>", "pkg/a.py:f").key
    # Pinned: a change of the hashing would orphan every stored error node.
    assert sig.key == "91d2187ce4efdf39d5a7c261"
    assert str(sig) == "ValueError: bad value <num> at pkg/a.py:f"
    assert len({sig, ErrorSignature("ValueError", "bad value <num>", "pkg/a.py:f")}) == 1


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        ("src/a.py:12", ("src/a.py", 12)),
        ("src/a.py", ("src/a.py", None)),
        ("C:\\proj\\src\\a.py:3", ("C:/proj/src/a.py", 3)),
        ("./src//a.py:1", ("src/a.py", 1)),
    ],
)
def test_frames_are_split_into_path_and_line(frame: str, expected: tuple[str, int | None]) -> None:
    assert split_frame(frame) == expected


def test_path_classification() -> None:
    assert is_library_path("/v/lib/python3.11/site-packages/x.py")
    assert is_library_path("/usr/lib/python3/dist-packages/x.py")
    assert is_library_path("<string>")
    assert not is_library_path("src/pkg/lib.py")
    assert is_test_path("tests/unit/a.py") and is_test_path("pkg/test_a.py")
    assert is_test_path("pkg/a_test.py") and is_test_path("conftest.py")
    assert not is_test_path("src/pkg/testing_tools.py")
    assert mask_path("/home/u/proj/src/a.py") == "/home/u/proj/src/a.py"
    assert mask_path("/tmp/tmpk3j2h1ab/a.py") == "<tmp>/a.py"


def test_patch_keys_ignore_headers_positions_context_and_whitespace() -> None:
    diff = (
        "--- a/src/calc.py\n+++ b/src/calc.py\n@@ -10,3 +10,3 @@\n"
        " def f(x):\n-    return x > 0\n+    return x >= 0\n"
    )
    moved = (
        "--- a/tmp/wt/src/calc.py\n+++ b/tmp/wt/src/calc.py\n@@ -40,3 +41,3 @@\n"
        " def g(y):\n-    return x  >  0\n+    return x >= 0\n"
    )
    assert patch_key_of(diff) == patch_key_of(moved)
    assert patch_key_of(diff) != patch_key_of(diff.replace(">= 0", ">= 1"))
