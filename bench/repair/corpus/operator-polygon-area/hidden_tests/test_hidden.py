import pytest

from geometry.polygon import area, signed_area


def test_l_shaped_room():
    room = [(0, 0), (4, 0), (4, 1), (1, 1), (1, 3), (0, 3)]
    assert area(room) == pytest.approx(6.0)


def test_signed_area_of_a_clockwise_triangle():
    assert signed_area([(0, 0), (0, 3), (4, 0)]) == pytest.approx(-6.0)


def test_offset_rectangle():
    assert area([(10, 10), (13, 10), (13, 15), (10, 15)]) == pytest.approx(15.0)
