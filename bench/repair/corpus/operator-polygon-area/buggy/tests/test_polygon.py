import pytest

from geometry.polygon import area, bounding_box, is_clockwise, perimeter

SQUARE = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]


def test_area_of_a_square():
    assert area(SQUARE) == pytest.approx(4.0)


def test_orientation():
    assert not is_clockwise(SQUARE)
    assert is_clockwise(list(reversed(SQUARE)))


def test_perimeter_of_a_square():
    assert perimeter(SQUARE) == pytest.approx(8.0)


def test_bounding_box_of_a_triangle():
    assert bounding_box([(1.0, 5.0), (4.0, 2.0), (-1.0, 3.0)]) == ((-1.0, 2.0), (4.0, 5.0))
