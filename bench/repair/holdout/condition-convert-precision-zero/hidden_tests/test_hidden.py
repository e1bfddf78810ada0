import pytest

from units.convert import convert


def test_whole_grams():
    assert convert(3, "oz", "g", precision=0) == 85.0


def test_negative_precision_rounds_to_tens():
    assert convert(1, "mi", "ft", precision=-1) == 5280.0


def test_no_precision_means_no_rounding():
    assert convert(1, "in", "cm") == pytest.approx(2.54)


def test_unknown_unit():
    with pytest.raises(ValueError):
        convert(1, "furlong", "m")
