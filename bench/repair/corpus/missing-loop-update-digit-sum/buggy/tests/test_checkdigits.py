from receipts.checkdigits import digit_sum, digits, digital_root, with_check_digit


def test_digits():
    assert digits(-405) == [4, 0, 5]


def test_zero():
    assert digit_sum(0) == 0
    assert digital_root(7) == 7


def test_digit_sum():
    assert digit_sum(1234) == 10


def test_receipt_number():
    assert with_check_digit(98765) == "98765-8"
