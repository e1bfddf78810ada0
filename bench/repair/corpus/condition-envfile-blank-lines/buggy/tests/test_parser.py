import pytest

from envfile.parser import EnvSyntaxError, parse


def test_simple_pairs():
    assert parse("A=1\nB=two") == {"A": "1", "B": "two"}


def test_quotes_and_export():
    assert parse("export NAME='Ada Lovelace'\nCITY=\"London\"") == {
        "NAME": "Ada Lovelace",
        "CITY": "London",
    }


def test_blank_lines_and_comments_are_ignored():
    text = "# database\nDB_HOST=localhost\n\n   \nDB_PORT=5432\n"
    assert parse(text) == {"DB_HOST": "localhost", "DB_PORT": "5432"}


def test_a_line_without_equals_is_an_error():
    with pytest.raises(EnvSyntaxError) as info:
        parse("A=1\noops")
    assert info.value.number == 2
