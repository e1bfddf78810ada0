from netblocks.ipv4 import contains, overlaps, parse_block


def test_a_single_host_block_contains_its_host():
    assert contains("10.1.2.3/32", "10.1.2.3")
    assert contains("10.1.2.3", "10.1.2.3")
    assert not contains("10.1.2.3/32", "10.1.2.4")


def test_the_whole_internet():
    assert contains("0.0.0.0/0", "255.255.255.255")
    assert contains("0.0.0.0/0", "0.0.0.0")


def test_first_address_and_just_past_the_end():
    assert contains("172.16.0.0/12", "172.16.0.0")
    assert contains("172.16.0.0/12", "172.31.255.255")
    assert not contains("172.16.0.0/12", "172.32.0.0")


def test_host_bits_in_the_network_are_ignored():
    assert parse_block("192.168.1.77/24") == parse_block("192.168.1.0/24")


def test_overlapping_blocks():
    assert overlaps("10.0.0.0/8", "10.200.0.0/16")
    assert not overlaps("10.0.0.0/8", "11.0.0.0/8")
