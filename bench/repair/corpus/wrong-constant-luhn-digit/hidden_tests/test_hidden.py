from payments.cards import check_digit, is_valid_card, luhn_remainder


def test_classic_example():
    assert luhn_remainder("79927398713") == 0


def test_check_digit():
    assert check_digit("7992739871") == "3"
    assert check_digit("555555555555444") == "4"


def test_a_typo_is_caught():
    assert not is_valid_card("5555 5555 5555 4445")
    assert is_valid_card("3782 822463 10005")
