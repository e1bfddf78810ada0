from cli_table.table import column_widths, format_row, format_table


def test_header_wider_than_cells():
    assert column_widths(["name", "qty"], [["ab", "1"]]) == [4, 3]


def test_cells_wider_than_the_header():
    assert column_widths(["id", "city"], [["1", "Amsterdam"], ["22", "Oslo"]]) == [2, 9]


def test_format_row():
    assert format_row(["a", "b"], [3, 3]) == "a    b"


def test_format_table_without_rows():
    assert format_table(["id", "name"], []) == "id  name\n--  ----"
