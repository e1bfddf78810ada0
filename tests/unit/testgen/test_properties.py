"""Property-based test candidates from type hints and names (no project code runs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from myagent.testgen.properties import find_properties, render_properties, signatures, strategy_for

CODEC = """
import json


def encode(value: dict[str, int]) -> str:
    return json.dumps(value, sort_keys=True)


def decode(text: str) -> dict[str, int]:
    return json.loads(text)


def normalize_name(name: str) -> str:
    return " ".join(name.split()).title()


def parse_age(text: str) -> int:
    if not text.strip().isdigit():
        raise ValueError(f"not an age: {text!r}")
    return int(text)


def _private(x: int) -> int:
    return x


def untyped(x):
    return x
"""


@pytest.mark.parametrize(
    ("hint", "strategy"),
    [
        ("int", "st.integers()"),
        ("str | None", "(st.text() | st.none())"),
        ("Optional[float]", "st.none() | st.floats(allow_nan=False, allow_infinity=False)"),
        ("list[str]", "st.lists(st.text(), max_size=20)"),
        ("dict[str, int]", "st.dictionaries(st.text(), st.integers(), max_size=10)"),
        ("tuple[int, bool]", "st.tuples(st.integers(), st.booleans())"),
        ("tuple[int, ...]", None),
        ("Invoice", None),
        ("not valid(", None),
    ],
)
def test_strategies_from_hints(hint: str, strategy: str | None) -> None:
    assert strategy_for(hint) == strategy


def test_signatures_list_public_functions_with_their_raises() -> None:
    sigs = {s.name: s for s in signatures(CODEC)}
    assert set(sigs) == {"encode", "decode", "normalize_name", "parse_age", "untyped"}
    assert sigs["parse_age"].raises == ("ValueError",)
    assert sigs["encode"].returns == "str"


def test_round_trip_idempotence_and_result_type_are_proposed() -> None:
    props = {p.test_name: p for p in find_properties(CODEC)}
    assert set(props) == {
        "test_decode_inverts_encode",
        "test_normalize_name_is_idempotent",
        "test_encode_returns_str",
        "test_decode_returns_dict",
        "test_normalize_name_returns_str",
        "test_parse_age_returns_int",
    }
    assert "assert decode(encode(value)) == value" in props["test_decode_inverts_encode"].source
    assert "except ValueError:" in props["test_parse_age_returns_int"].source


def test_the_rendered_file_is_clean_and_runs(tmp_path: Path) -> None:
    (tmp_path / "codec.py").write_text(CODEC)
    test_file = tmp_path / "test_codec_properties.py"
    test_file.write_text(render_properties("codec", find_properties(CODEC)))
    ruff = Path(sys.executable).parent / "ruff"
    # import order depends on the project's first-party packages: the Tester runs ruff --fix
    check = [ruff, "check", "--isolated", "--select", "E,F,W", test_file]
    lint = subprocess.run(check, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    # MyAgent's own test data (not a project's code): run the generated tests here
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test_file.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # candidates, not facts: decode() of any text is not a dict (it raises
    # JSONDecodeError), which is why the Tester keeps only what passes on the code
    assert "FAILED test_codec_properties.py::test_decode_returns_dict" in run.stdout
    assert "1 failed, 5 passed" in run.stdout, run.stdout
