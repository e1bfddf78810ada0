from datetime import date

from bankimport.statement import balance, parse_amount, read_statement

CSV = "date;description;amount\n03/04/2024;Rent;-850,00\n\n05/04/2024;Salary;2.310,45\n"


def test_amounts_with_a_decimal_comma():
    assert parse_amount("1.234,56") == 1234.56
    assert parse_amount("-12,30") == -12.3


def test_statement_dates_are_day_first():
    assert [t.day for t in read_statement(CSV)] == [date(2024, 4, 3), date(2024, 4, 5)]


def test_balance():
    assert balance(read_statement(CSV)) == 1460.45


def test_header_only():
    assert read_statement("date;description;amount\n") == []
