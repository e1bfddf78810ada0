"""What the Debugger learns from its checks and verdicts, and the order it gets back.

The problem is the error's exception type (`Problem.error`), so what was learned on
one `KeyError` applies to the next, in any function. Counting is one outcome per
strategy per task, not per patch (a template proposes many patches at many lines):

* a strategy whose checked fixes all failed counts one failure; when one of them broke
  a passing test, that fix is kept as an anti-pattern (`broke_tests`);
* the strategy of the fix that passed waits for the ratchet: accepted is a success,
  rejected a failure (an anti-pattern when the suite's pass rate dropped).

`learned_priors` feeds the result back: a strategy with evidence for the problem gets
its posterior mean as its prior; one without keeps the prior it had. Once there is
evidence, fix templates are ordered by suspiciousness * prior
(`repair.templates.generate`), so a template that keeps fixing this kind of error is
tried before templates that keep failing, even at a slightly less suspicious line;
without evidence nothing changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from myagent.learning.engine import LearningEngine
from myagent.memory.error_signature import ErrorSignature
from myagent.memory.patterns import Problem, Solution
from myagent.protocol import Verdict
from myagent.repair.known_fixes import FixOrder
from myagent.repair.prevalidate import Check
from myagent.repair.strategy import Fix
from myagent.storage.error_graph_records import SolutionRecord

TESTS_METRIC = "tests_pass_rate"
# The signatures of a task's failing tests, by node id, or as a plain sequence.
Signatures = Mapping[str, ErrorSignature] | Sequence[ErrorSignature]


def _values(signatures: Signatures) -> list[ErrorSignature]:
    return list(signatures.values()) if isinstance(signatures, Mapping) else list(signatures)


def problem_of(signatures: Iterable[ErrorSignature]) -> Problem:
    """The problem of a task: its most common exception type (the first on a tie)."""
    types = Counter(s.error_type for s in signatures)
    return Problem.error(types.most_common(1)[0][0] if types else "")


def problems_of(signatures: Iterable[ErrorSignature]) -> list[Problem]:
    """Every distinct exception type among `signatures`, in order."""
    return [Problem.error(t) for t in dict.fromkeys(s.error_type for s in signatures)]


def learned_priors(
    engine: LearningEngine | None, signatures: Signatures, base: Mapping[str, float]
) -> tuple[dict[str, float], bool]:
    """`base` ({strategy: prior}) with the learned mean of every strategy that has
    evidence for the task's problem (`problem_of`), and whether any had."""
    priors = dict(base)
    if engine is None:
        return priors, False
    learned = False
    for name, stats in engine.stats(problem_of(_values(signatures))).items():
        if stats.posterior.evidence > 0:
            priors[name] = stats.posterior.mean
            learned = True
    return priors, learned


def fix_order(engine: LearningEngine | None, signatures: Signatures) -> FixOrder | None:
    """Known fixes reordered by the learned success of the strategy that found each
    (stable: the error graph's order breaks ties, and stays without evidence)."""
    if engine is None:
        return None
    problem = problem_of(_values(signatures))

    def order(known: Sequence[SolutionRecord]) -> list[SolutionRecord]:
        return engine.rank_by(problem, known, lambda solution: solution.strategy)

    return order


def learn_from_checks(
    engine: LearningEngine | None,
    signatures: Signatures,
    checks: Sequence[Check],
    diff_of: Callable[[Fix], str],
) -> None:
    """One failure per strategy whose checked fixes all failed (see the module docstring)."""
    if engine is None:
        return
    problems = problems_of(_values(signatures))
    passed = {c.fix.strategy for c in checks if c.passed}
    failed: dict[str, Check] = {}
    for check in checks:
        strategy = check.fix.strategy
        if check.passed or strategy in passed:
            continue
        first = failed.get(strategy)
        if first is None or (check.stage == "covering" and first.stage != "covering"):
            failed[strategy] = check
    for strategy, check in failed.items():
        broke = check.stage == "covering"
        solution = Solution(check.fix.description, diff_of(check.fix)) if broke else None
        for problem in problems:
            engine.learn_from_failure(problem, strategy, solution, broke_tests=broke)


def learn_from_verdict(
    engine: LearningEngine | None, signatures: Signatures, fix: Fix, diff: str, verdict: Verdict
) -> None:
    """The ratchet's verdict on a fix: a success, or a failure (broke tests when the
    suite's pass rate dropped)."""
    if engine is None:
        return
    problems = problems_of(_values(signatures))
    solution = Solution(fix.description, diff)
    before = verdict.metrics_before.get(TESTS_METRIC)
    after = verdict.metrics_after.get(TESTS_METRIC)
    broke = before is not None and after is not None and after < before
    for problem in problems:
        if verdict.accepted:
            engine.learn_from_success(problem, fix.strategy, solution)
        else:
            engine.learn_from_failure(problem, fix.strategy, solution, broke_tests=broke)
