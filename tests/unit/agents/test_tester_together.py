"""The Tester's last check: the kept files run with the whole suite (fake runner)."""

from __future__ import annotations

from pathlib import Path

from myagent.agents.tester.keep import check_together
from myagent.agents.testing import FakeTestRunner, RunRequest
from myagent.protocol import TestOutcome, TestStatus

OLD = "tests/test_old.py::test_reads_the_table"
STATE = "tests/test_a_state.py"
CLEAN = "tests/test_b_clean.py"
SHAKY = "tests/test_c_shaky.py"
FILES = {
    STATE: "def test_clears_the_table():\n    pass\n",
    CLEAN: "def test_one():\n    pass\n\n\ndef test_two():\n    pass\n",
    SHAKY: "def test_alone():\n    pass\n\n\ndef test_with_others():\n    pass\n",
}


class SuiteRunner(FakeTestRunner):
    """Runs 'the whole suite': the old test breaks when STATE's test ran before it,
    SHAKY's test_with_others fails whenever CLEAN is there too."""

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[set[str]] = []  # the new files present in each run

    def respond(self, run: RunRequest) -> list[TestOutcome]:
        assert run.nodeids is None and run.coverage  # the whole suite, as measured
        present = {p for p in FILES if (run.workspace / p).is_file()}
        self.runs.append(present)
        old = TestStatus.FAILED if STATE in present else TestStatus.PASSED
        outcomes = [TestOutcome(nodeid=OLD, status=old)]
        for path in sorted(present):
            for line in (run.workspace / path).read_text().splitlines():
                if line.startswith("def test_"):
                    name = line[4:].split("(")[0]
                    bad = name == "test_with_others" and CLEAN in present
                    status = TestStatus.FAILED if bad else TestStatus.PASSED
                    outcomes.append(TestOutcome(nodeid=f"{path}::{name}", status=status))
        return outcomes


def test_a_file_that_breaks_the_suite_is_dropped_and_a_failing_test_pruned(tmp_path: Path):
    runner = SuiteRunner()
    result = check_together(runner, tmp_path, FILES, {OLD}, timeout_s=60)
    assert sorted(result.files) == [CLEAN, SHAKY]
    assert "test_with_others" not in result.files[SHAKY]
    assert "def test_alone" in result.files[SHAKY]
    assert result.files[CLEAN] == FILES[CLEAN]
    assert result.dropped[STATE] == f"makes {OLD} fail when run with the suite"
    assert result.dropped[f"{SHAKY}::test_with_others"] == "failed when run with the whole suite"
    assert not any((tmp_path / p).exists() for p in FILES)  # the workspace is left clean
    assert runner.runs[-1] == {CLEAN, SHAKY}  # the last run was the clean one


def test_files_that_pass_with_the_suite_are_kept_as_they_are(tmp_path: Path):
    files = {CLEAN: FILES[CLEAN]}
    runner = SuiteRunner()
    result = check_together(runner, tmp_path, files, {OLD}, timeout_s=60)
    assert result.files == files
    assert result.dropped == {}
    assert len(runner.runs) == 1
