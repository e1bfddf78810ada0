import pytest

from buildgraph.toposort import CycleError, build_order


def test_targets_without_dependencies_come_in_name_order():
    assert build_order({"docs": [], "app": [], "lint": []}) == ["app", "docs", "lint"]


def test_a_cycle_is_reported():
    with pytest.raises(CycleError):
        build_order({"a": ["b"], "b": ["c"], "c": ["a"]})


def test_an_empty_graph():
    assert build_order({}) == []


def test_a_chain_is_built_from_the_bottom():
    assert build_order({"app": ["lib"], "lib": ["codegen"]}) == ["codegen", "lib", "app"]
