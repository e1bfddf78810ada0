import pytest

from weather.units import c_to_f, c_to_k, convert, f_to_c


def test_fahrenheit():
    assert c_to_f(100.0) == 212.0
    assert f_to_c(32.0) == 0.0


def test_freezing_point_in_kelvin():
    assert c_to_k(0.0) == pytest.approx(273.15)


def test_round_trip():
    assert convert(convert(21.5, "C", "K"), "K", "C") == 21.5


def test_fahrenheit_to_celsius_via_convert():
    assert convert(-40.0, "F", "C") == -40.0
