import pytest

from netblocks.ipv4 import contains, format_address, parse_address, parse_block


def test_parse_and_format_round_trip():
    assert parse_address("192.168.1.10") == 0xC0A8010A
    assert format_address(0xC0A8010A) == "192.168.1.10"


def test_bad_addresses_are_rejected():
    for text in ("10.0.0", "10.0.0.256", "a.b.c.d"):
        with pytest.raises(ValueError):
            parse_address(text)


def test_block_bounds():
    first, last = parse_block("10.20.0.0/16")
    assert format_address(first) == "10.20.0.0"
    assert format_address(last) == "10.20.255.255"


def test_an_address_inside_and_outside_the_block():
    assert contains("192.168.1.0/24", "192.168.1.77")
    assert not contains("192.168.1.0/24", "192.168.2.1")


def test_the_last_address_of_the_block_belongs_to_it():
    assert contains("192.168.1.0/24", "192.168.1.255")
