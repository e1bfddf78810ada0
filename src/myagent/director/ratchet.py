"""The quality ratchet: accept a candidate only if the project got better and nothing worse.

A candidate is accepted when all of these hold, and rejected with the first that fails:

1. every test that passed before still passes (not failed, errored, timed out or skipped),
   and every new test passes (in the whole suite's run: a test that passes alone but
   fails beside the others is a broken test, whatever the gates);
2. no test disappeared (deleted, renamed or no longer collected; a test file that
   failed to collect and now collects its tests is not a disappearance);
3. no test lost checks (`myagent.director.test_strength`);
4. no metric of an enforced gate (those in `myagent.toml`) got worse, and no tool that
   ran before failed to run;
5. the metric the task targets got strictly better.

The mutation score is judged on the mutants both measurements ran (the candidate is
measured on the baseline's sample, `quality.mutants`): it got worse when fewer of them
are killed, better when more are. Mutants of newly covered lines do not count, so new
tests are not punished for the code they bring under test.

Coverage is judged by what is left uncovered: a coverage gate got worse when more lines
(or branches) are uncovered than before. Deleting covered code (an unused import, dead
code) lowers the rate without leaving anything untested, and is not a regression.
"""

from __future__ import annotations

from collections.abc import Iterable

from myagent.protocol import CoverageData, QualityReport, Task, TestStatus, Verdict
from myagent.quality.gates import GATES, better, worse

MUTATION_GATE = "mutation_score"


def _fmt(value: float | None) -> str:
    return "not measured" if value is None else f"{value:g}"


def _missing(coverage: CoverageData | None, gate: str) -> int | None:
    if coverage is None:
        return None
    if gate == "coverage_line":
        return coverage.lines_total - coverage.lines_covered
    return coverage.branches_total - coverage.branches_covered


def shared_kills(before: QualityReport, after: QualityReport) -> tuple[int, int, int] | None:
    """Of the mutants both reports ran: (how many, killed before, killed after); None
    when either report has no mutant outcomes."""
    if not before.mutants or not after.mutants:
        return None
    old = {m.key: m.killed for m in before.mutants}
    new = {m.key: m.killed for m in after.mutants}
    shared = old.keys() & new.keys()
    return len(shared), sum(old[k] for k in shared), sum(new[k] for k in shared)


def _now_collected(nodeid: str, status: TestStatus, new: dict[str, TestStatus]) -> bool:
    """A file that failed to collect (one ERROR under its path) whose tests now run."""
    if status != TestStatus.ERROR or "::" in nodeid:
        return False
    return any(n.startswith(nodeid + "::") for n in new)


def _compare(name: str, before: QualityReport, after: QualityReport) -> tuple[bool, bool, str]:
    """(worse, better, what changed) for the gate `name`."""
    old, new = before.metrics.get(name), after.metrics.get(name)
    change = f"{_fmt(old)} -> {_fmt(new)}"
    if name == MUTATION_GATE and new is not None:
        shared = shared_kills(before, after)
        if shared is not None:
            count, killed_before, killed_after = shared
            change = f"{killed_before} -> {killed_after} of the same {count} mutants killed"
            return killed_after < killed_before, killed_after > killed_before, change
    return _regressed(name, before, after), better(name, old, new), change


def _regressed(name: str, before: QualityReport, after: QualityReport) -> bool:
    old, new = before.metrics.get(name), after.metrics.get(name)
    if name in ("coverage_line", "coverage_branch") and new is not None and old is not None:
        missing_before = _missing(before.coverage, name)
        missing_after = _missing(after.coverage, name)
        if missing_before is not None and missing_after is not None:
            return missing_after > missing_before
    return worse(name, old, new)


def judge(
    task: Task,
    before: QualityReport,
    after: QualityReport,
    weakened: list[str],
    gates: Iterable[str] = tuple(GATES),
) -> Verdict:
    """The ratchet's decision on one candidate, with the reason in one line."""

    def verdict(accepted: bool, reason: str) -> Verdict:
        return Verdict(
            accepted=accepted,
            reason=reason,
            metrics_before=dict(before.metrics),
            metrics_after=dict(after.metrics),
        )

    old, new = before.test_status(), after.test_status()
    broken = [n for n, s in old.items() if s == TestStatus.PASSED and n in new and new[n] != s]
    if broken:
        return verdict(False, f"test no longer passes: {broken[0]} ({new[broken[0]]})")
    failing = [n for n, s in new.items() if n not in old and s != TestStatus.PASSED]
    if failing:
        return verdict(False, f"new test does not pass: {failing[0]} ({new[failing[0]]})")
    missing = [n for n in old if n not in new and not _now_collected(n, old[n], new)]
    if missing:
        return verdict(False, f"test disappeared: {missing[0]}")
    if weakened:
        return verdict(False, f"test weakened: {weakened[0]}")
    for tool in before.tools:
        now = after.tool(tool.tool)
        if tool.status == "ok" and (now is None or now.status != "ok"):
            detail = f": {now.detail}" if now is not None and now.detail else ""
            return verdict(
                False, f"{tool.tool} no longer runs ({now.status if now else 'absent'}{detail})"
            )
    for name in gates:
        if name in before.metrics:
            worse_now, _, change = _compare(name, before, after)
            if worse_now:
                return verdict(False, f"{name} got worse: {change}")
    _, improved, change = _compare(task.gate, before, after)
    if not improved:
        return verdict(False, f"{task.gate} did not improve: {change}")
    return verdict(True, f"{task.gate} improved: {change}")
