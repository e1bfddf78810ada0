import pytest

from orgchart.chain import CycleError, depth


def test_self_manager():
    with pytest.raises(CycleError):
        depth("x", {"x": "x"})


def test_cycle_above_the_employee():
    with pytest.raises(CycleError):
        depth("intern", {"intern": "a", "a": "b", "b": "a"})


def test_unknown_manager_is_the_top():
    assert depth("a", {"a": "b"}) == 1
