from mailparse.headers import address, first, parse_headers

MESSAGE = (
    "From: Ada Lovelace <ada@example.org>\n"
    "To: bob@example.org\n"
    "Subject: Notes on the\n"
    "  Analytical Engine\n"
    "Received: from a\n"
    "Received: from b\n"
    "\n"
    "Body: not a header\n"
)


def test_headers_and_folding():
    headers = parse_headers(MESSAGE)
    assert first(headers, "subject") == "Notes on the Analytical Engine"
    assert headers["received"] == ["from a", "from b"]
    assert "body" not in headers


def test_address():
    assert address(first(parse_headers(MESSAGE), "From")) == "ada@example.org"
    assert address(" bob@example.org ") == "bob@example.org"


def test_missing_header_default():
    assert first(parse_headers(MESSAGE), "Cc", "none") == "none"


def test_a_stray_line_is_skipped():
    raw = "From: a@example.org\n>From the archive\nTo: b@example.org\n"
    assert parse_headers(raw) == {"from": ["a@example.org"], "to": ["b@example.org"]}
