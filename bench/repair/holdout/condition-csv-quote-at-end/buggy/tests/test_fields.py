import pytest

from csvlite.fields import CsvError, parse_row, split_record


def test_plain_fields():
    assert split_record("id,name,,city") == ["id", "name", "", "city"]


def test_a_quoted_field_may_hold_the_delimiter():
    assert split_record('7,"Lovelace, Ada",London') == ["7", "Lovelace, Ada", "London"]


def test_doubled_quotes_inside_a_quoted_field():
    assert split_record('"say ""hi""",x') == ['say "hi"', "x"]


def test_a_quoted_field_at_the_end_of_the_record():
    assert split_record('42,"Smith, John"') == ["42", "Smith, John"]


def test_row_width_must_match_the_header():
    with pytest.raises(CsvError):
        parse_row("1,2,3", ["a", "b"])
