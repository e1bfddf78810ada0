import pytest

from envfile.parser import EnvSyntaxError, parse


def test_empty_file():
    assert parse("") == {}
    assert parse("\n\n") == {}


def test_later_lines_win():
    assert parse("A=1\n\nA=2\n") == {"A": "2"}


def test_line_numbers_count_blank_lines():
    with pytest.raises(EnvSyntaxError) as info:
        parse("A=1\n\n=3")
    assert info.value.number == 3
