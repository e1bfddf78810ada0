from datetime import date

from bankimport.statement import read_statement


def test_day_after_the_twelfth():
    text = "date;description;amount\n25/12/2024;Gift;-40,00\n"
    assert read_statement(text)[0].day == date(2024, 12, 25)


def test_first_of_february():
    text = "date;description;amount\n01/02/2023;Fee;-1,50\n"
    (t,) = read_statement(text)
    assert (t.day, t.description, t.amount) == (date(2023, 2, 1), "Fee", -1.5)
