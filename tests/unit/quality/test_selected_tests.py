"""Choosing tests by node id: what pytest is given and what comes back for each id."""

from __future__ import annotations

from pathlib import Path

import pytest

from myagent.protocol import TestOutcome, TestStatus
from myagent.quality.pytest_reports import keep_items, selects
from myagent.quality.selected_tests import options_only, resolve, targets


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name in ("tests/test_a.py", "tests/test_b.py", "tests/unit/test_c.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    return tmp_path


@pytest.mark.parametrize(
    ("selection", "nodeid", "chosen"),
    [
        ("tests/test_a.py::test_x", "tests/test_a.py::test_x", True),
        ("tests/test_a.py::test_x", "tests/test_a.py::test_xy", False),
        ("tests/test_a.py::test_p", "tests/test_a.py::test_p[1]", True),
        ("tests/test_a.py::TestK", "tests/test_a.py::TestK::test_m", True),
        ("tests/test_a.py", "tests/test_a.py::test_x", True),
        ("tests/", "tests/unit/test_c.py::test_y", True),
        ("tests/test_a.py", "tests/test_ab.py::test_x", False),
        ("", "tests/test_a.py::test_x", False),
    ],
)
def test_a_node_id_chooses_its_tests_parametrisations_class_module_or_folder(
    selection: str, nodeid: str, chosen: bool
):
    assert selects(selection, nodeid) is chosen


class Item:
    def __init__(self, nodeid: str) -> None:
        self.nodeid = nodeid


def test_the_plugin_keeps_chosen_items_less_the_skipped_and_names_the_unmatched():
    items = [Item("t.py::a"), Item("t.py::b"), Item("t.py::c[1]"), Item("u.py::d")]
    kept, unmatched = keep_items(items, ["t.py::a", "t.py::c", "t.py::gone"], {"t.py::a"})
    assert [i.nodeid for i in kept] == ["t.py::c[1]"]
    assert unmatched == ["t.py::gone"]
    everything, none = keep_items(items, None, {"u.py::d"})
    assert [i.nodeid for i in everything] == ["t.py::a", "t.py::b", "t.py::c[1]"]
    assert none == []


def test_pytest_is_given_the_existing_files_once(root: Path):
    chosen = [
        "tests/test_a.py::test_x", "tests/test_a.py::test_y", "tests/unit/test_c.py",
        "tests/gone.py::test_z",
    ]  # fmt: skip
    assert targets(chosen, root) == ["tests/test_a.py", "tests/unit/test_c.py"]


def test_the_test_commands_paths_are_dropped_its_options_kept(root: Path):
    args = ["-x", "tests", "-k", "tests", "--tb=short", "tests/test_a.py::test_x", "-q"]
    assert options_only(args, root) == ["-x", "-k", "tests", "--tb=short", "-q"]


def outcome(nodeid: str, status: TestStatus, message: str = "") -> TestOutcome:
    return TestOutcome(nodeid=nodeid, status=status, message=message)


def test_every_chosen_node_id_comes_back_with_an_outcome(root: Path):
    ran = [
        outcome("tests/test_a.py::test_x", TestStatus.PASSED),
        outcome("tests/test_a.py::test_p[1]", TestStatus.FAILED),
        outcome("tests/test_a.py::test_p[2]", TestStatus.PASSED),
        outcome("tests/test_a.py::test_other", TestStatus.PASSED),  # not chosen
    ]
    chosen = [
        "tests/test_a.py::test_x",
        "tests/test_a.py::test_p",
        "tests/test_a.py::test_gone",  # the module was collected, the test is gone
        "tests/gone.py::test_z",  # the file is gone
        "tests/test_b.py::test_late",  # collection did not finish
        "tests/test_a.py::test_x",  # twice: one outcome
    ]
    result = resolve(chosen, ran, {"tests/test_a.py::test_gone"}, root, "the run timed out")
    assert {o.nodeid: (o.status, o.message) for o in result} == {
        "tests/test_a.py::test_x": (TestStatus.PASSED, ""),
        "tests/test_a.py::test_p[1]": (TestStatus.FAILED, ""),
        "tests/test_a.py::test_p[2]": (TestStatus.PASSED, ""),
        "tests/test_a.py::test_gone": (TestStatus.ERROR, "not found"),
        "tests/gone.py::test_z": (TestStatus.ERROR, "not found"),
        "tests/test_b.py::test_late": (TestStatus.ERROR, "not run: the run timed out"),
    }
    assert len(result) == 6


def test_a_test_in_a_module_that_failed_to_import_gets_the_import_error(root: Path):
    broken = TestOutcome(
        nodeid="tests/test_b.py",
        status=TestStatus.ERROR,
        message="ModuleNotFoundError: No module named 'gone'",
        error_type="ModuleNotFoundError",
        frames=["tests/test_b.py:1"],
    )
    [result] = resolve(["tests/test_b.py::test_y"], [broken], {"tests/test_b.py::test_y"}, root, "")
    assert result.nodeid == "tests/test_b.py::test_y"
    assert (result.status, result.error_type, result.frames) == (
        TestStatus.ERROR, "ModuleNotFoundError", ["tests/test_b.py:1"],
    )  # fmt: skip
