"""The Tester's keep filter with a fake test runner (no sandbox)."""

from __future__ import annotations

from pathlib import Path

from myagent.agents.tester.keep import judge_file, prune
from myagent.agents.testing import FakeTestRunner, RunRequest
from myagent.protocol import CoverageData, TestOutcome, TestStatus
from myagent.quality.mutants import Mutant
from myagent.quality.tests_runner import TestsResult

FILE = "tests/test_calc_generated.py"
CONTENT = '''"""Generated."""

from calc import add


def test_good():
    assert add(1, 2) == 3


@pytest.mark.slow
def test_flaky():
    assert add(0, 0) == 0


def test_failing():
    assert add(1, 1) == 3


def test_slow():
    assert add(2, 2) == 4


def test_useless():
    assert add(5, 5) == 10


def test_weak_line():
    assert add(7, 7) == 14


def test_weak_but_blind():
    add(8, 8)
'''


def nid(name: str) -> str:
    return f"{FILE}::{name}"


class FakeRunner(FakeTestRunner):
    def __init__(self) -> None:
        super().__init__()
        self.seen_file: list[bool] = []

    def respond(self, run: RunRequest) -> TestsResult:
        workspace, nodeids = run.workspace, run.nodeids
        self.seen_file.append((workspace / FILE).is_file())
        number = len(self.calls)
        outcomes = []
        mutated = (workspace / "calc.py").read_text() == "MUTANT"
        for name in ("test_good", "test_flaky", "test_failing", "test_slow", "test_useless",
                     "test_weak_line", "test_weak_but_blind"):  # fmt: skip
            if nodeids is not None and FILE not in nodeids and nid(name) not in nodeids:
                continue
            status = TestStatus.PASSED
            if name == "test_failing" or (name == "test_flaky" and number == 3):
                status = TestStatus.FAILED
            if mutated and name == "test_weak_line":  # it checks the mutated line's result
                status = TestStatus.FAILED
            duration = 1.5 if name == "test_slow" else 0.01
            outcomes.append(
                TestOutcome(nodeid=nid(name), status=status, duration_s=duration, message="boom")
            )
        cov = CoverageData(
            covered_by={
                "calc.py:2": [nid("test_good"), nid("test_useless"), nid("test_weak_line")],
                "calc.py:5": [nid("test_good"), nid("test_flaky"), nid("test_slow")],
                "calc.py:9": [nid("test_weak_line"), nid("test_weak_but_blind")],
            }
        )
        return TestsResult(tests=outcomes, coverage=cov if run.coverage else None, runs=[])


SURVIVOR = Mutant(
    id="m1", path="calc.py", line=9, operator="comparison-operator",
    description="`>` -> `>=`", new_source="MUTANT", tests=(),
)  # fmt: skip


def test_only_passing_stable_fast_useful_tests_are_kept(tmp_path: Path) -> None:
    (tmp_path / "calc.py").write_text("ORIGINAL")
    runner = FakeRunner()
    verdicts = judge_file(
        runner, tmp_path, FILE, CONTENT, uncovered={"calc.py:5"}, survivors=[SURVIVOR]
    )
    assert verdicts.kept == (nid("test_good"), nid("test_weak_line"))
    assert verdicts.new_lines == {"calc.py:5"}
    assert verdicts.dropped == {
        nid("test_failing"): "failed on the current code: boom",
        nid("test_slow"): "too slow (1.50 s at best)",
        nid("test_flaky"): "flaky: did not pass in run 3 of 3",
        nid("test_useless"): "adds no coverage and runs no line a mutant survived on",
        nid("test_weak_but_blind"): "adds no coverage and kills no surviving mutant",
    }
    # three runs: the file under coverage, then twice the tests still alive, then the
    # tests that only run the survivor's line, against the mutant
    assert [c.coverage for c in runner.calls] == [True, False, False, False]
    assert runner.calls[0].nodeids == [FILE]
    assert runner.calls[3].nodeids == [nid("test_weak_line"), nid("test_weak_but_blind")]
    assert runner.seen_file == [True, True, True, True]
    assert not (tmp_path / FILE).exists()  # the workspace is left as it was
    assert (tmp_path / "calc.py").read_text() == "ORIGINAL"  # the mutant is taken out


def test_prune_keeps_only_the_named_tests_and_everything_else() -> None:
    pruned = prune(CONTENT, [nid("test_good"), nid("test_weak_line")])
    assert "def test_good" in pruned and "def test_weak_line" in pruned
    assert "test_flaky" not in pruned and "@pytest.mark.slow" not in pruned
    assert "test_failing" not in pruned and "test_useless" not in pruned
    assert pruned.startswith('"""Generated."""\n\nfrom calc import add\n')
    assert "\n\n\n\n" not in pruned
