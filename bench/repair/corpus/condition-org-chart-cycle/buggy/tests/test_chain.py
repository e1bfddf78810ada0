import pytest

from orgchart.chain import CycleError, depth, team, top

LINES = {"ceo": None, "cto": "ceo", "dev": "cto", "ops": "cto", "cfo": "ceo"}


def test_depth():
    assert depth("ceo", LINES) == 0
    assert depth("dev", LINES) == 2


def test_top_and_team():
    assert top(LINES) == ["ceo"]
    assert team("cto", LINES) == ["dev", "ops"]


def test_a_cycle_is_reported():
    with pytest.raises(CycleError):
        depth("a", {"a": "b", "b": "c", "c": "a"})
