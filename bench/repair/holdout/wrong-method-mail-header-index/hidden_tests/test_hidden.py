from mailparse.headers import parse_headers


def test_leading_garbage_line():
    assert parse_headers("mbox separator\nSubject: hi\n") == {"subject": ["hi"]}


def test_a_line_starting_with_a_colon_is_skipped():
    assert parse_headers(":odd\nTo: x@example.org") == {"to": ["x@example.org"]}


def test_colons_in_values():
    headers = parse_headers("Date: Mon, 1 Jan 2024 10:00:00 +0000\n")
    assert headers["date"] == ["Mon, 1 Jan 2024 10:00:00 +0000"]
