from cli_table.table import format_table


def test_a_whole_table():
    table = format_table(["sku", "qty"], [["CHAIR-01", "12"], ["T", "3"]])
    assert table.splitlines() == [
        "sku       qty",
        "--------  ---",
        "CHAIR-01  12",
        "T         3",
    ]


def test_many_short_columns():
    header = ["a", "b", "c", "d", "e"]
    assert format_table(header, [["1", "2", "3", "4", "5"]]).splitlines()[1] == "-  -  -  -  -"
