from calc.lexer import tokenize


def test_leading_and_trailing_blanks():
    assert [t.text for t in tokenize("  7 ")] == ["7"]


def test_tabs_and_newlines():
    assert [t.kind for t in tokenize("1\t-\n2")] == ["number", "op", "number"]
