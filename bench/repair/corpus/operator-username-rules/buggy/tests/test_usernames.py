from accounts.usernames import is_valid, normalize, suggest


def test_plain_names_are_valid():
    assert is_valid("alice")
    assert is_valid("bob_smith-2")


def test_length_limits():
    assert not is_valid("al")
    assert not is_valid("a" * 17)


def test_names_starting_with_a_digit_are_invalid():
    assert not is_valid("1alice")


def test_normalize_and_suggest():
    assert normalize("  Alice ") == "alice"
    assert suggest("Alice", {"alice", "alice2"}) == "alice3"
    assert suggest("bob", {"alice"}) == "bob"
