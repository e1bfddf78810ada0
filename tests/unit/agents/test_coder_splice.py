"""Putting a model's function into a module (the Coder's "rewrite" answers)."""

from __future__ import annotations

import pytest

from myagent.agents.coder.splice import SpliceError, extract_code, find_function, splice_function

MODULE = '''"""Shapes."""

import math


def area(r: float) -> float:
    """The area of a circle."""
    raise NotImplementedError


class Box:
    @staticmethod
    def volume(w: int, h: int, d: int) -> int:
        ...

    def label(self) -> str: ...


def other() -> int:
    return 1
'''


def test_extract_code_prefers_fenced_blocks() -> None:
    reply = "Here you go:\n```python\ndef f():\n    return 1\n```\nThanks"
    assert extract_code(reply) == "def f():\n    return 1\n"
    assert extract_code("def g():\n    return 2") == "def g():\n    return 2"


def test_find_function_reports_lines_header_and_indent() -> None:
    site = find_function(MODULE, "Box.volume")
    assert site is not None
    assert (site.start, site.def_line, site.indent) == (12, 13, "    ")
    assert site.header == "    @staticmethod\n    def volume(w: int, h: int, d: int) -> int:"
    top = find_function(MODULE, "area")
    assert top is not None
    assert top.header.endswith('"""The area of a circle."""')
    assert find_function(MODULE, "missing") is None
    assert find_function("def (", "f") is None


def test_a_full_definition_replaces_the_function_and_brings_its_imports() -> None:
    reply = (
        "```python\nfrom fractions import Fraction\n\n"
        'def area(r: float) -> float:\n    """The area of a circle."""\n'
        "    return math.pi * r * r\n```"
    )
    out = splice_function(MODULE, "area", reply)
    assert "return math.pi * r * r" in out
    assert "raise NotImplementedError" not in out
    assert out.index("from fractions import Fraction") < out.index("def area")
    assert out.index("import math") < out.index("from fractions import Fraction")
    assert "def other() -> int:\n    return 1\n" in out


def test_a_method_is_reindented_and_keeps_its_decorator() -> None:
    reply = "def volume(w: int, h: int, d: int) -> int:\n    return w * h * d\n"
    out = splice_function(MODULE, "Box.volume", reply)
    assert "    @staticmethod\n    def volume(w: int, h: int, d: int) -> int:\n" in out
    assert "        return w * h * d\n" in out
    assert "    def label(self) -> str: ..." in out


def test_a_body_alone_goes_under_the_old_signature_and_docstring() -> None:
    out = splice_function(MODULE, "area", "    return math.pi * r ** 2\n")
    assert '    """The area of a circle."""\n    return math.pi * r ** 2\n' in out


def test_a_one_line_stub_gets_a_body() -> None:
    out = splice_function(MODULE, "Box.label", "return 'box'")
    assert "    def label(self) -> str:\n        return 'box'\n" in out


def test_garbage_and_missing_functions_are_splice_errors() -> None:
    with pytest.raises(SpliceError, match="no definition of area"):
        splice_function(MODULE, "area", "I cannot help with that, sorry!")
    with pytest.raises(SpliceError, match="not defined"):
        splice_function(MODULE, "nope", "def nope(): pass")


def test_new_helpers_and_constants_go_before_the_function() -> None:
    reply = (
        "```python\nimport math\n\nFACTOR = 2\n\n\ndef _square(r: float) -> float:\n"
        "    return r * r\n\n\ndef other() -> int:\n    return 5\n\n\n"
        "def area(r: float) -> float:\n    return math.pi * _square(r) * FACTOR / 2\n```"
    )
    out = splice_function(MODULE, "area", reply)
    assert out.index("FACTOR = 2") < out.index("def _square") < out.index("def area")
    assert out.count("def other") == 1 and "return 5" not in out  # existing names kept
    assert out.count("import math") == 1
    method = splice_function(MODULE, "Box.label", "def _tag() -> str:\n    return 'b'\n\n\n"
                             "def label(self) -> str:\n    return _tag()\n")  # fmt: skip
    assert method.index("def _tag") < method.index("class Box")


def test_the_block_that_defines_the_function_is_chosen() -> None:
    reply = (
        "```python\ndef test_area():\n    assert area(1) == 3\n```\nthen\n"
        "```python\ndef area(r: float) -> float:\n    return 3 * r * r\n```\n"
    )
    assert extract_code(reply, "area").startswith("def area(")
    out = splice_function(MODULE, "area", reply)
    assert "def test_area" not in out and "return 3 * r * r" in out
