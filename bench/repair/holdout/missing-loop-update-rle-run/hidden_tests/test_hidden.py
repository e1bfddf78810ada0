from rle.codec import decode, encode, ratio


def test_round_trip():
    for text in ("", "x", "xx", "wwwwwwwwwwwwbbb", "a b  c   ", "ééé!"):
        assert decode(encode(text)) == text


def test_long_runs():
    assert encode("z" * 120) == "120z"


def test_ratio():
    assert ratio("aaaaaaaa") == 0.25
