from myagent.llm.edits import apply_edit_blocks
from myagent.memory.error_signature import patch_key_of
from myagent.repair.diffs import diff_to_blocks, unified_diff

OLD = "def f(x):\n    a = 1\n    if x > 10:\n        return a\n    return 0\n"
NEW = OLD.replace("x > 10", "x >= 10")


def test_a_stored_diff_applies_again_after_the_code_moved():
    diff = unified_diff("m.py", OLD, NEW)
    assert "-    if x > 10:" in diff and "+    if x >= 10:" in diff
    moved = "import os\n\n\n" + OLD
    new = apply_edit_blocks(diff_to_blocks(diff), lambda path: moved)
    assert new["m.py"] == "import os\n\n\n" + NEW


def test_patch_key_ignores_position_and_indentation():
    one = unified_diff("m.py", OLD, NEW)
    two = unified_diff("m.py", "# header\n" + OLD, "# header\n" + NEW)
    assert patch_key_of(one) == patch_key_of(two)
    other = unified_diff("m.py", OLD, OLD.replace("return 0", "return 1"))
    assert patch_key_of(one) != patch_key_of(other)
