import pytest

from typeset.wrap import quote, wrap


def test_short_text_stays_on_one_line():
    assert wrap("hello  world", 40) == ["hello world"]


def test_a_long_word_gets_its_own_line():
    assert wrap("see https://example.org/a/very/long/path now", 12) == [
        "see",
        "https://example.org/a/very/long/path",
        "now",
    ]


def test_quote_prefixes_every_line():
    assert quote(["hi", ""]) == ["> hi", ">"]


def test_a_line_may_fill_the_whole_width():
    assert wrap("the quick brown fox jumps", 9) == ["the quick", "brown fox", "jumps"]


def test_width_must_be_positive():
    with pytest.raises(ValueError):
        wrap("text", 0)
