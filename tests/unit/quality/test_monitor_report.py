"""The Quality Monitor's report, with a fake runner replaying recorded tool outputs.

No subprocess: the fake runner answers each command with what the real tool printed
(samples/), and writes the files the pytest plugin and `coverage json` would write.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

from myagent.config import ProjectConfig
from myagent.protocol import ToolStatus
from myagent.quality.gates import DEFAULT_GATES
from myagent.quality.monitor import QualityMonitor
from myagent.quality.score import quality_score
from myagent.sandbox.runner import SandboxResult

SAMPLES = Path(__file__).parent / "samples"


def result(stdout: str = "", rc: int = 0, stderr: str = "", timed_out: bool = False):
    return SandboxResult(rc, stdout, stderr, timed_out, 0.01, False)


def option(argv: Sequence[str], prefix: str) -> str:
    return next(a.removeprefix(prefix) for a in argv if a.startswith(prefix))


def tool_of(argv: Sequence[str]) -> str:
    words = list(argv)
    if "coverage" in words:
        return "pytest" if "run" in words else "coverage"
    module = words[words.index("-m") + 1] if "-m" in words else Path(words[0]).name
    if module == "ruff" and "format" in words:
        return "ruff-format"
    return module


class FakeRunner:
    """Replays recorded outputs; `overrides[tool]` replaces one tool's answer."""

    isolated = True

    def __init__(self, overrides: Mapping[str, SandboxResult] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self.calls: list[tuple[str, list[str], dict[str, object]]] = []

    def run(self, argv, *, workspace, timeout_s, env=None, readable=(), writable=()):
        tool = tool_of(argv)
        self.calls.append((tool, list(argv), {"workspace": workspace, "env": env,
                                              "readable": readable, "writable": writable}))  # fmt: skip
        if tool in self.overrides:
            return self.overrides[tool]
        answers: dict[str, Callable[[], SandboxResult]] = {
            "pytest": lambda: self._pytest(argv),
            "coverage": lambda: self._coverage(argv),
            "ruff": lambda: result((SAMPLES / "ruff_check.json").read_text()),
            "ruff-format": lambda: result((SAMPLES / "ruff_format.json").read_text(), rc=1),
            "mypy": lambda: result((SAMPLES / "mypy.jsonl").read_text(), rc=1),
            "bandit": lambda: result((SAMPLES / "bandit.json").read_text(), rc=1),
            "radon": lambda: result((SAMPLES / "radon.json").read_text()),
        }
        return answers[tool]()

    @staticmethod
    def _pytest(argv: Sequence[str]) -> SandboxResult:
        shutil.copyfile(SAMPLES / "events.jsonl", option(argv, "--myagent-out="))
        Path(option(argv, "--rcfile=")).with_name(".coverage").write_text("")
        return result(rc=1)

    @staticmethod
    def _coverage(argv: Sequence[str]) -> SandboxResult:
        shutil.copyfile(SAMPLES / "coverage.json", argv[argv.index("-o") + 1])
        return result()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("src/pkg/__init__.py", "src/pkg/calc.py", "tests/test_calc.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    return tmp_path


def measure(project: Path, runner: FakeRunner, **kwargs: object):
    config = ProjectConfig(**kwargs.pop("config", {}))  # type: ignore[arg-type]
    monitor = QualityMonitor(runner, config, DEFAULT_GATES, **kwargs)  # type: ignore[arg-type]
    return monitor.measure(project, commit="abc123")


def test_a_full_report_has_every_metric_and_a_score(project: Path):
    report = measure(project, FakeRunner())
    assert report.commit == "abc123"
    assert [t.tool for t in report.tools] == [
        "pytest", "coverage", "ruff", "ruff-format", "mypy", "bandit", "radon", "stubs",
    ]  # fmt: skip
    assert all(t.status is ToolStatus.OK for t in report.tools)
    assert report.metrics == {
        "tests_pass_rate": 3 / 8,
        "tests_total": 10,
        "tests_failed": 5,
        "coverage_line": 9 / 24,
        "coverage_branch": 1 / 14,
        "lint_errors": 8,
        "format_issues": 3,
        "type_errors": 1,
        "security_high": 1,
        "max_complexity": 8,
        "stubs": 0,
        "requirements_open": 0,  # no requirements.md
    }
    assert report.stubs == []
    assert report.score == quality_score(report.metrics, DEFAULT_GATES)
    assert 0 < report.score < 100
    assert report.coverage is not None and report.coverage.covered_by
    assert report.complexity["src/pkg/calc.py:cx"] == 8


def test_every_tool_runs_through_the_runner_on_the_workspace(project: Path):
    runner = FakeRunner()
    measure(project, runner)
    assert {tool for tool, _, _ in runner.calls} == {
        "pytest", "coverage", "ruff", "ruff-format", "mypy", "bandit", "radon",
    }  # fmt: skip
    assert all(kw["workspace"] == project.resolve() for _, _, kw in runner.calls)
    _, argv, kw = next(c for c in runner.calls if c[0] == "pytest")
    out = Path(option(argv, "--myagent-out=")).parent
    assert out in kw["writable"] and not out.is_relative_to(project)
    pythonpath = kw["env"]["PYTHONPATH"].split(":")  # type: ignore[index]
    assert str(project.resolve() / "src") in pythonpath
    assert f"--myagent-timeout={ProjectConfig().test_timeout_s:g}" in argv
    # the scratch folder is gone afterwards
    assert not out.exists()


def test_a_missing_tool_is_reported_and_its_metric_left_out(project: Path):
    runner = FakeRunner({"mypy": result(rc=1, stderr="/venv/bin/python: No module named mypy")})
    report = measure(project, runner)
    mypy = report.tool("mypy")
    assert mypy is not None and mypy.status is ToolStatus.MISSING
    assert "no module mypy" in mypy.detail
    assert "type_errors" not in report.metrics
    assert report.score < measure(project, FakeRunner()).score


def test_a_crashing_tool_is_crashed_with_the_last_line_of_its_error(project: Path):
    stderr = "Traceback (most recent call last):\n  File x\nRuntimeError: bandit broke\n"
    report = measure(project, FakeRunner({"bandit": result(rc=2, stderr=stderr)}))
    bandit = report.tool("bandit")
    assert bandit is not None and bandit.status is ToolStatus.CRASHED
    assert bandit.detail == "exit code 2: RuntimeError: bandit broke"
    assert "security_high" not in report.metrics


def test_unreadable_output_is_a_crash_not_a_zero(project: Path):
    report = measure(project, FakeRunner({"radon": result("<html>oops</html>")}))
    radon = report.tool("radon")
    assert radon is not None and radon.status is ToolStatus.CRASHED
    assert "not radon's JSON" in radon.detail
    assert "max_complexity" not in report.metrics


def test_a_tool_that_hangs_is_a_timeout(project: Path):
    report = measure(project, FakeRunner({"ruff-format": result(timed_out=True, rc=-9)}))
    run = report.tool("ruff-format")
    assert run is not None and run.status is ToolStatus.TIMEOUT
    assert "format_issues" not in report.metrics


def test_a_tool_command_that_does_not_exist_is_missing_without_running(project: Path):
    runner = FakeRunner()
    report = measure(project, runner, commands={"radon": ["/nonexistent/radon"]})
    radon = report.tool("radon")
    assert radon is not None and radon.status is ToolStatus.MISSING
    assert radon.detail == "/nonexistent/radon not found"
    assert "radon" not in {tool for tool, _, _ in runner.calls}


def test_a_test_command_that_is_not_pytest_is_skipped_visibly(project: Path):
    report = measure(project, FakeRunner(), config={"test_command": "make test"})
    pytest_run = report.tool("pytest")
    assert pytest_run is not None and pytest_run.status is ToolStatus.SKIPPED
    assert "'make test' is not pytest" in pytest_run.detail
    assert "tests_pass_rate" not in report.metrics and report.tests == []


def test_a_project_without_source_skips_the_source_tools(tmp_path: Path):
    report = measure(tmp_path, FakeRunner())
    for tool in ("mypy", "bandit", "radon", "ruff"):
        run = report.tool(tool)
        assert run is not None and run.status is ToolStatus.SKIPPED
    stubs = report.tool("stubs")
    assert stubs is not None and stubs.status is ToolStatus.OK
    assert report.metrics["stubs"] == 0


def test_unfinished_source_functions_are_counted_but_not_tests_or_broken_files(project: Path):
    (project / "src/pkg/calc.py").write_text(
        "def add(a, b):\n    return a + b\n\n\n"
        "class Invoice:\n    def total(self):\n        raise NotImplementedError\n"
    )
    (project / "src/pkg/broken.py").write_text("def half(:\n")
    (project / "tests/test_calc.py").write_text("def test_later():\n    pass\n")
    runner = FakeRunner()
    report = measure(project, runner)
    assert report.metrics["stubs"] == 1
    assert [(s.path, s.line, s.code, s.message) for s in report.stubs] == [
        ("src/pkg/calc.py", 6, "not-implemented", "Invoice.total")
    ]
    stubs = report.tool("stubs")
    assert stubs is not None and stubs.status is ToolStatus.OK
    assert stubs.detail == "1 file(s) not parsed, skipped: src/pkg/broken.py"
    assert "stubs" not in {tool for tool, _, _ in runner.calls}  # read here, never run


def test_a_pytest_that_cannot_start_is_crashed_with_its_error_line(project: Path):
    stderr = (
        "ERROR: usage: __main__.py [options] [file_or_dir] [file_or_dir] [...]\n"
        "__main__.py: error: unrecognized arguments: --bogus\n"
        "  inifile: None\n  rootdir: /ws\n"
    )
    report = measure(project, FakeRunner({"pytest": result(rc=4, stderr=stderr)}))
    pytest_run, coverage_run = report.tool("pytest"), report.tool("coverage")
    assert pytest_run is not None and pytest_run.status is ToolStatus.CRASHED
    assert pytest_run.detail == (
        "pytest did not finish (exit code 4: __main__.py: error: unrecognized arguments: --bogus)"
    )
    assert coverage_run is not None and coverage_run.status is ToolStatus.CRASHED
    assert "tests_pass_rate" not in report.metrics and "coverage_line" not in report.metrics


def test_mypy_keeps_its_cache_between_measurements(project: Path, tmp_path: Path):
    runner = FakeRunner()
    cache = tmp_path / "mypy-cache"
    monitor = QualityMonitor(runner, ProjectConfig(), DEFAULT_GATES, cache_dir=cache)
    monitor.measure(project)
    _, argv, kw = next(c for c in runner.calls if c[0] == "mypy")
    assert argv[argv.index("--cache-dir") + 1] == str(cache)
    assert cache in kw["writable"]  # type: ignore[operator]
