from typeset.wrap import fill, wrap


def test_no_line_is_longer_than_the_width():
    text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor"
    for width in range(11, 30):
        lines = wrap(text, width)
        assert all(len(line) <= width for line in lines)
        assert " ".join(lines) == text


def test_exact_fits_at_width_five():
    assert wrap("ab cd ef gh", 5) == ["ab cd", "ef gh"]


def test_fill_keeps_paragraphs():
    assert fill("one two three\n\nfour five", 7) == "one two\nthree\n\nfour\nfive"


def test_empty_text():
    assert wrap("   ", 10) == []
