import pytest

from calc.lexer import LexError, Token, tokenize


def test_compact_expression():
    assert tokenize("12+3.5") == [Token("number", "12"), Token("op", "+"), Token("number", "3.5")]


def test_unknown_character():
    with pytest.raises(LexError):
        tokenize("2^3")


def test_spaces_between_tokens():
    assert [t.text for t in tokenize("(1 + 2) * 3")] == ["(", "1", "+", "2", ")", "*", "3"]


def test_empty_input():
    assert tokenize("") == []
