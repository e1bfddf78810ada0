import pytest

from csvlite.fields import CsvError, parse_row, split_record


def test_a_record_that_is_one_quoted_field():
    assert split_record('"only"') == ["only"]


def test_parse_row_with_a_quoted_last_column_and_a_newline():
    assert parse_row('3,"a ""b"""\r\n', ["id", "note"]) == {"id": "3", "note": 'a "b"'}


def test_an_unterminated_quote_is_an_error():
    with pytest.raises(CsvError):
        split_record('1,"open')


def test_semicolon_delimiter():
    assert split_record('a;"b;c"', delimiter=";") == ["a", "b;c"]
