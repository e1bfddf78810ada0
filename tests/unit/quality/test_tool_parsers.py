"""Parsers of each tool's output, on outputs recorded from the real tools (samples/).

The recorded project had `src/pkg/calc.py` with an unused import, a wrong return
type, `subprocess.call(..., shell=True)` and a function of complexity 8; the
"syntax_error" samples come from a folder with a file that does not parse.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from myagent.quality import bandit_runner, mypy_runner, radon_runner, ruff_runner
from myagent.quality.coverage_report import (
    CoverageScope,
    coverage_rc,
    coverage_scope,
    parse_coverage_json,
)

SAMPLES = Path(__file__).parent / "samples"
WS = Path("/ws/proj")


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ ruff


def test_ruff_findings_are_workspace_relative_with_rule_line_and_safe_fix():
    issues = ruff_runner.parse_check(sample("ruff_check.json"), WS)
    assert [(i.path, i.line, i.code) for i in issues][:4] == [
        ("src/pkg/calc.py", 1, "I001"),
        ("src/pkg/calc.py", 1, "F401"),
        ("tests/test_bad_import.py", 1, "F401"),
        ("tests/test_calc.py", 1, "I001"),
    ]
    assert len(issues) == 8
    assert issues[1].message == "`os` imported but unused"
    assert issues[1].fixable  # ruff offers a safe fix
    s110 = next(i for i in issues if i.code == "S110")
    assert (s110.path, s110.line, s110.fixable) == ("tests/test_more.py", 7, False)


def test_ruff_finding_without_a_fix_is_not_fixable():
    text = (
        '[{"code": "E741", "filename": "/ws/proj/a.py", "fix": null,'
        ' "location": {"row": 3, "column": 1}, "message": "Ambiguous variable name: `l`"}]'
    )
    (issue,) = ruff_runner.parse_check(text, WS)
    assert (issue.path, issue.line, issue.fixable) == ("a.py", 3, False)


def test_ruff_syntax_errors_count_as_lint_findings():
    text = (
        '[{"code": null, "name": "invalid-syntax", "filename": "/ws/proj/bad.py",'
        ' "fix": null, "location": {"row": 1, "column": 7}, "message": "Expected ..."}]'
    )
    (issue,) = ruff_runner.parse_check(text, WS)
    assert issue.code == "invalid-syntax"


def test_ruff_format_lists_the_files_it_would_reformat():
    unformatted, unparsable = ruff_runner.parse_format(sample("ruff_format.json"), WS)
    assert unformatted == ["src/pkg/calc.py", "tests/test_calc.py", "tests/test_more.py"]
    assert unparsable == []


def test_ruff_format_keeps_unparsable_files_apart():
    unformatted, unparsable = ruff_runner.parse_format(sample("ruff_format_syntax_error.json"), WS)
    assert unformatted == ["ok.py"]
    assert unparsable == ["bad.py"]


def test_ruff_output_that_is_not_json_is_rejected():
    with pytest.raises(ValueError):
        ruff_runner.parse_check("error: unexpected argument '--bogus'", WS)


# ------------------------------------------------------------------------------ mypy


def test_mypy_errors_become_issues_with_error_code():
    (issue,) = mypy_runner.parse_output(sample("mypy.jsonl"), WS)
    assert (issue.path, issue.line, issue.code) == ("src/pkg/calc.py", 11, "return-value")
    assert "Incompatible return value type" in issue.message


def test_mypy_notes_are_not_errors():
    text = (
        '{"file": "a.py", "line": 2, "message": "x", "code": "misc", "severity": "note"}\n'
        '{"file": "a.py", "line": 3, "message": "y", "code": null, "severity": "error"}\n'
    )
    (issue,) = mypy_runner.parse_output(text, WS)
    assert (issue.line, issue.code) == (3, "misc")


def test_mypy_syntax_errors_are_reported_as_errors():
    issues = mypy_runner.parse_output(sample("mypy_syntax_error.jsonl"), WS)
    assert {i.code for i in issues} == {"syntax"}
    assert issues[0].path == "bad.py"


def test_mypy_plain_text_output_is_rejected():
    with pytest.raises(ValueError):
        mypy_runner.parse_output("a.py:1: error: oops  [misc]", WS)


def test_mypy_config_is_detected_in_each_of_its_files(tmp_path: Path):
    assert not mypy_runner.has_mypy_config(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 99\n")
    assert not mypy_runner.has_mypy_config(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.mypy]\nstrict = true\n")
    assert mypy_runner.has_mypy_config(tmp_path)
    (tmp_path / "pyproject.toml").unlink()
    (tmp_path / "setup.cfg").write_text("[mypy]\nwarn_unused_ignores = True\n")
    assert mypy_runner.has_mypy_config(tmp_path)
    (tmp_path / "setup.cfg").unlink()
    (tmp_path / "mypy.ini").write_text("[mypy]\n")
    assert mypy_runner.has_mypy_config(tmp_path)


def test_mypy_without_project_config_ignores_missing_imports():
    argv = mypy_runner.mypy_argv(
        ["py", "-m", "mypy"], ["src/pkg"], cache_dir=Path("/out/c"), own_config=False,
        python_executable=Path("/ws/.venv/bin/python"),
    )  # fmt: skip
    assert "--ignore-missing-imports" in argv
    assert argv[argv.index("--python-executable") + 1] == "/ws/.venv/bin/python"
    assert argv[-2:] == ["--", "src/pkg"]
    own = mypy_runner.mypy_argv(
        ["py", "-m", "mypy"], ["src"], cache_dir=Path("/c"), own_config=True,
        python_executable=None,
    )  # fmt: skip
    assert "--ignore-missing-imports" not in own and "--python-executable" not in own


# ------------------------------------------------------------------------------ bandit


def test_bandit_findings_carry_severity_as_code_and_test_id_in_message():
    issues, errors = bandit_runner.parse_output(sample("bandit.json"), WS)
    assert [(i.line, i.code) for i in issues] == [(1, "LOW"), (15, "HIGH")]
    assert issues[1].message.startswith("B602 subprocess_popen_with_shell_equals_true:")
    assert bandit_runner.high_count(issues) == 1
    assert errors == []


def test_bandit_lists_files_it_could_not_parse():
    issues, errors = bandit_runner.parse_output(sample("bandit_syntax_error.json"), WS)
    assert issues == []
    assert errors == ["bad.py"]


# ------------------------------------------------------------------------------ radon


def test_radon_names_functions_methods_and_closures_and_skips_classes():
    complexity, errors = radon_runner.parse_output(sample("radon.json"), WS)
    assert complexity == {
        "src/pkg/calc.py:cx": 8,
        "src/pkg/calc.py:K.m": 2,
        "src/pkg/calc.py:add": 2,
        "src/pkg/calc.py:bad": 1,
        "src/pkg/calc.py:run": 1,
        "src/pkg/nested.py:outer": 1,
        "src/pkg/nested.py:outer.inner": 2,
    }
    assert radon_runner.max_complexity(complexity) == 8
    assert errors == []


def test_radon_reports_unparsable_files_and_zero_without_functions():
    complexity, errors = radon_runner.parse_output(sample("radon_syntax_error.json"), WS)
    assert complexity == {}
    assert errors == ["bad.py: invalid syntax (<unknown>, line 1)"]
    assert radon_runner.max_complexity(complexity) == 0


# ------------------------------------------------------------------------------ coverage


def test_coverage_rates_and_missing_lines():
    data = parse_coverage_json(sample("coverage.json"), WS)
    assert (data.lines_total, data.lines_covered) == (24, 9)
    assert (data.branches_total, data.branches_covered) == (14, 1)
    assert data.line_rate == pytest.approx(9 / 24)
    assert data.branch_rate == pytest.approx(1 / 14)
    assert data.uncovered["src/pkg/calc.py"][:3] == [6, 11, 15]


def test_coverage_lists_the_branches_no_test_took_per_file():
    data = parse_coverage_json(sample("coverage.json"), WS)
    arcs = data.missing_branches["src/pkg/calc.py"]
    assert len(arcs) == 13  # the report's summary: 14 branches, 1 covered
    assert arcs[:3] == [(5, 6), (19, 20), (19, 24)]
    assert (5, 7) not in arcs  # the one branch a test took
    assert "src/pkg/__init__.py" not in data.missing_branches  # nothing missing there


def test_coverage_keeps_exit_arcs_negative():
    report = {
        "totals": {"num_statements": 2, "covered_lines": 1},
        "files": {"/ws/proj/m.py": {"missing_lines": [3], "missing_branches": [[2, -1]]}},
    }
    data = parse_coverage_json(json.dumps(report), WS)
    assert data.missing_branches == {"m.py": [(2, -1)]}


def test_coverage_maps_each_line_to_the_tests_that_ran_it():
    data = parse_coverage_json(sample("coverage.json"), WS)
    assert data.covered_by["src/pkg/calc.py:5"] == [
        "tests/test_calc.py::test_add",
        "tests/test_calc.py::test_fail",
        "tests/test_calc.py::test_p[1]",
        "tests/test_calc.py::test_p[2]",
    ]
    # lines run only at import time (empty context) are covered by no test
    assert "src/pkg/calc.py:1" not in data.covered_by


def test_packages_are_measured_as_folders(tmp_path: Path):
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    scope = coverage_scope(tmp_path, ["src/pkg"])
    assert scope == CoverageScope((str(tmp_path / "src" / "pkg"),))
    rc = coverage_rc(Path("/out/.coverage"), scope)
    assert "branch = True" in rc and "data_file = /out/.coverage" in rc
    assert f"source =\n    {tmp_path / 'src' / 'pkg'}\n" in rc
    assert "include" not in rc


def test_top_level_modules_are_measured_through_their_folder_and_singled_out(tmp_path: Path):
    (tmp_path / "pkg").mkdir()
    scope = coverage_scope(tmp_path, ["pkg", "calc.py"])
    assert scope.sources == (str(tmp_path / "pkg"), str(tmp_path))
    assert scope.include == (f"{tmp_path / 'pkg'}/*", str(tmp_path / "calc.py"))
    assert f"include =\n    {tmp_path / 'pkg'}/*\n" in coverage_rc(Path("/o/.c"), scope)
