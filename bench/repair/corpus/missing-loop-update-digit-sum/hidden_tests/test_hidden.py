from receipts.checkdigits import digit_sum, is_valid


def test_negative_numbers():
    assert digit_sum(-99) == 18


def test_validation():
    assert is_valid("98765-8")
    assert not is_valid("98765-7")
    assert not is_valid("abc-1")
