from accounts.usernames import is_valid


def test_spaces_and_symbols_are_invalid():
    assert not is_valid("ali ce")
    assert not is_valid("bob@home")
    assert not is_valid("x!yz")


def test_digit_start_with_bad_characters():
    assert not is_valid("9 lives")


def test_valid_edges():
    assert is_valid("a.b")
    assert is_valid("z" * 16)
    assert is_valid("user9")
