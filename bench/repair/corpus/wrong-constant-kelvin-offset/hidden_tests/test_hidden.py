import pytest

from weather.units import c_to_k, convert, k_to_c


def test_absolute_zero():
    assert c_to_k(-273.15) == pytest.approx(0.0)
    with pytest.raises(ValueError):
        c_to_k(-274.0)


def test_body_temperature():
    assert convert(98.6, "F", "K") == 310.15


def test_k_to_c():
    assert k_to_c(300.0) == pytest.approx(26.85)
    assert convert(-250.0, "C", "K") == 23.15
