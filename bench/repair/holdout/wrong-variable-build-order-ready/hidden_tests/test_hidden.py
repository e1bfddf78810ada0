import pytest

from buildgraph.toposort import CycleError, build_order


def test_a_diamond():
    graph = {"app": ["core", "ui"], "core": ["base"], "ui": ["base"]}
    assert build_order(graph) == ["base", "core", "ui", "app"]


def test_every_target_once_and_after_its_needs():
    graph = {"e": ["d", "b"], "d": ["c"], "c": ["a", "b"], "b": ["a"], "f": []}
    order = build_order(graph)
    assert sorted(order) == ["a", "b", "c", "d", "e", "f"]
    for target, needs in graph.items():
        assert all(order.index(need) < order.index(target) for need in needs)


def test_a_cycle_next_to_a_healthy_branch():
    with pytest.raises(CycleError):
        build_order({"x": ["y"], "y": ["x"], "ok": []})
