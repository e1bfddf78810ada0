import pytest

from rle.codec import decode, encode


def test_decode():
    assert decode("3a1b12c") == "aaab" + "c" * 12


def test_decode_rejects_a_missing_count():
    with pytest.raises(ValueError):
        decode("3ab")


def test_encode_nothing():
    assert encode("") == ""


def test_digits_are_refused():
    with pytest.raises(ValueError):
        encode("a1")


def test_encode_runs():
    assert encode("aaabccddd") == "3a1b2c3d"
