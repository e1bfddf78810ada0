import pytest

from delivery.bearing import bearing, compass_point, directions, distance


def test_due_north():
    assert bearing((0.0, 0.0), (0.0, 10.0)) == pytest.approx(0.0)


def test_north_east_diagonal():
    assert bearing((0.0, 0.0), (5.0, 5.0)) == pytest.approx(45.0)


def test_compass_points():
    assert compass_point(0.0) == "N"
    assert compass_point(100.0) == "E"
    assert compass_point(350.0) == "N"


def test_distance():
    assert distance((0.0, 0.0), (3.0, 4.0)) == pytest.approx(5.0)
