import pytest

from delivery.bearing import bearing, directions


def test_due_east_and_west():
    assert bearing((0.0, 0.0), (10.0, 0.0)) == pytest.approx(90.0)
    assert bearing((5.0, 5.0), (-5.0, 5.0)) == pytest.approx(270.0)


def test_south_south_east():
    assert bearing((0.0, 0.0), (1.0, -3.0)) == pytest.approx(161.565, abs=1e-3)


def test_directions():
    assert directions((0.0, 0.0), (0.0, -250.0)) == "head S for 250 m"
    assert directions((0.0, 0.0), (300.0, 10.0)) == "head E for 300 m"
