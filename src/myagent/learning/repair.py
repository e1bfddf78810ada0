"""What the Debugger learns from its checks and verdicts, and the order it gets back.

Learning is kept at two levels. The *type* (`problem_of`: the exception type, e.g.
`AssertionError`) makes what was learned on one `KeyError` apply to the next, in any
function; the *shape* (`shape_of`: the type and the first `SHAPE_CHARS` characters of
the signature's masked message, e.g. `AssertionError: assert <num> == <num>`) keeps a
wrong comparison apart from a missing key or a failed `isinstance` check, which the type
alone lumps together. Every outcome is counted at both levels; reading blends them
(`blended_stats`): the outcomes of the same shape count fully, the type's other
outcomes at `OTHER_SHAPES_WEIGHT`. Counting is one outcome per strategy per task, not
per patch (a template proposes many patches at many lines):

* a strategy whose checked fixes all failed counts one failure; when one of them broke
  a passing test, that fix is kept as an anti-pattern (`broke_tests`);
* the strategy of the fix that passed waits for the ratchet: accepted is a success,
  rejected a failure (an anti-pattern when the suite's pass rate dropped).

`learned_priors` feeds the result back: a strategy with (blended) evidence for the task
gets its posterior mean as its prior; one without keeps the prior it had. Once there is
evidence, fix templates are ordered by suspiciousness * prior
(`repair.templates.generate`), so a template that keeps fixing this kind of error is
tried before templates that keep failing, even at a slightly less suspicious line;
without evidence nothing changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from myagent.learning.engine import LearningEngine, rank_by_stats
from myagent.memory.error_signature import ErrorSignature
from myagent.memory.patterns import Problem, Solution, StrategyStats
from myagent.protocol import Verdict
from myagent.repair.known_fixes import FixOrder
from myagent.repair.prevalidate import Check
from myagent.repair.strategy import Fix
from myagent.storage.error_graph_records import SolutionRecord

TESTS_METRIC = "tests_pass_rate"
SHAPE_CHARS = 80  # of the masked message that make an error's shape
OTHER_SHAPES_WEIGHT = 0.5  # the type's outcomes on other shapes, when blending
# The signatures of a task's failing tests, by node id, or as a plain sequence.
Signatures = Mapping[str, ErrorSignature] | Sequence[ErrorSignature]


def _values(signatures: Signatures) -> list[ErrorSignature]:
    return list(signatures.values()) if isinstance(signatures, Mapping) else list(signatures)


def problem_of(signatures: Iterable[ErrorSignature]) -> Problem:
    """The problem of a task: its most common exception type (the first on a tie)."""
    types = Counter(s.error_type for s in signatures)
    return Problem.error(types.most_common(1)[0][0] if types else "")


def shape_of(signature: ErrorSignature) -> Problem:
    """The error's shape: its type and the start of its masked message."""
    pattern = signature.message_pattern[:SHAPE_CHARS].strip()
    return Problem.error(f"{signature.error_type}: {pattern}" if pattern else signature.error_type)


def shape_problem_of(signatures: Iterable[ErrorSignature]) -> Problem:
    """The task's shape: the most common among the signatures of its most common type."""
    values = list(signatures)
    error_type = problem_of(values).key
    shapes = Counter(shape_of(s) for s in values if (s.error_type or "unknown") == error_type)
    return shapes.most_common(1)[0][0] if shapes else Problem.error(error_type)


def problems_of(signatures: Iterable[ErrorSignature]) -> list[Problem]:
    """Every distinct exception type and shape among `signatures`, in order."""
    found: dict[Problem, None] = {}
    for s in signatures:
        found[Problem.error(s.error_type)] = None
        found[shape_of(s)] = None
    return list(found)


def blended_stats(engine: LearningEngine, signatures: Signatures) -> dict[str, StrategyStats]:
    """{strategy: counts} for the task: its shape's outcomes in full, the other
    outcomes of its type at `OTHER_SHAPES_WEIGHT` (see the module docstring)."""
    values = _values(signatures)
    shape, kind = shape_problem_of(values), problem_of(values)
    own = engine.stats(shape)
    if shape == kind:
        return own
    blended: dict[str, StrategyStats] = {}
    for name, of_type in engine.stats(kind).items():
        mine = own.get(name, StrategyStats(name))
        others = StrategyStats(
            name,
            successes=max(of_type.successes - mine.successes, 0.0),
            failures=max(of_type.failures - mine.failures, 0.0),
            broke=max(of_type.broke - mine.broke, 0.0),
        )
        blended[name] = mine.plus(others, OTHER_SHAPES_WEIGHT)
    for name, mine in own.items():
        blended.setdefault(name, mine)
    return blended


def learned_priors(
    engine: LearningEngine | None, signatures: Signatures, base: Mapping[str, float]
) -> tuple[dict[str, float], bool]:
    """`base` ({strategy: prior}) with the learned mean of every strategy that has
    evidence for the task (`blended_stats`), and whether any had."""
    priors = dict(base)
    if engine is None:
        return priors, False
    learned = False
    for name, stats in blended_stats(engine, signatures).items():
        if stats.posterior.evidence > 0:
            priors[name] = stats.posterior.mean
            learned = True
    return priors, learned


def fix_order(engine: LearningEngine | None, signatures: Signatures) -> FixOrder | None:
    """Known fixes reordered by the learned success of the strategy that found each
    (stable: the error graph's order breaks ties, and stays without evidence)."""
    if engine is None:
        return None

    def order(known: Sequence[SolutionRecord]) -> list[SolutionRecord]:
        stats = blended_stats(engine, signatures)
        return rank_by_stats(stats, known, lambda solution: solution.strategy)

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
