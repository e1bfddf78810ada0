"""Data the Coder's unit tests share: calc.py's `double`, a requirements file, and the
scripted model's answer that implements a requirement as edit blocks with a new test."""

from __future__ import annotations

DOUBLE = "def double(x: int) -> int:\n    return 2 * x\n"
NEW_TEST_FILE = "tests/test_new_apply.py"
NEW_TEST = f"{NEW_TEST_FILE}::test_new"


def requirements(item: str) -> str:
    """A requirements.md with one open item."""
    return f"# Requirements\n\n- [ ] {item}\n"


def edit_block(path: str, search: str, replace: str) -> str:
    """One SEARCH/REPLACE block of an answer (an empty `search` creates the file)."""
    return f"{path}\n<<<<<<< SEARCH\n{search}=======\n{replace}>>>>>>> REPLACE\n"


# Adds `apply` after `double` in calc.py and a test of it in a new file.
APPLY_ANSWER = "\n".join(
    [
        edit_block(
            "calc.py", DOUBLE, f"{DOUBLE}\n\ndef apply(x: int) -> int:\n    return double(x) + 1\n"
        ),
        edit_block(
            NEW_TEST_FILE,
            "",
            "from calc import apply\n\n\ndef test_new():\n    assert apply(2) == 5\n",
        ),
    ]
)
