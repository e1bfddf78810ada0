import pytest

from mailmerge.template import fields, render, render_all

LETTER = "Dear {name}, your order {order} has shipped."


def test_fields_in_order():
    assert fields(LETTER) == ["name", "order"]
    assert fields("{a} {b} {a}") == ["a", "b"]


def test_render_a_letter():
    assert render(LETTER, {"name": "Ada", "order": 1042}) == (
        "Dear Ada, your order 1042 has shipped."
    )


def test_a_missing_value_is_reported():
    with pytest.raises(KeyError, match="order"):
        render(LETTER, {"name": "Ada"})


def test_plain_text_is_unchanged():
    assert render_all("Hello", [{}, {"x": 1}]) == ["Hello", "Hello"]
