from payments.cards import is_valid_card, masked


def test_visa_test_number():
    assert is_valid_card("4111 1111 1111 1111")


def test_mastercard_test_number():
    assert is_valid_card("5555-5555-5555-4444")


def test_too_short_or_not_digits():
    assert not is_valid_card("4111")
    assert not is_valid_card("4111 1111 1111 111x")


def test_masked():
    assert masked("4111 1111 1111 1111") == "************1111"
