"""What the Debugger's learning keeps apart: errors of one type but different shapes
(`myagent.learning.repair`: counted at both levels, read blended)."""

from __future__ import annotations

import pytest

from myagent.learning import repair as learned
from myagent.learning.engine import LearningEngine
from myagent.memory.error_signature import ErrorSignature
from myagent.memory.patterns import Problem
from myagent.protocol import Verdict
from myagent.repair.strategy import Fix

COMPARED = ErrorSignature("AssertionError", "assert <num> == <num>", "calc.py:total")
CONTAINS = ErrorSignature("AssertionError", "assert <str> in <str>", "names.py:greet")
MISSING = ErrorSignature("KeyError", "<str>", "store.py:get")
SWAP = "template:swap-operator"


def verdict(accepted: bool) -> Verdict:
    return Verdict(
        accepted=accepted,
        reason="",
        metrics_before={"tests_pass_rate": 0.5},
        metrics_after={"tests_pass_rate": 1.0 if accepted else 0.5},
    )


def learn(engine: LearningEngine, signature: ErrorSignature, accepted: bool) -> None:
    fix = Fix(SWAP, "swap an operator", {"calc.py": "x"})
    learned.learn_from_verdict(engine, [signature], fix, "diff", verdict(accepted))


def test_the_shape_is_the_type_and_the_start_of_the_masked_message() -> None:
    assert learned.shape_of(COMPARED) == Problem.error("AssertionError: assert <num> == <num>")
    assert learned.shape_of(ErrorSignature("ValueError", "", "")) == Problem.error("ValueError")
    long = ErrorSignature("TypeError", "x" * 300, "")
    assert learned.shape_of(long).key == "TypeError: " + "x" * learned.SHAPE_CHARS
    # the most common type first, then its most common shape
    task = [COMPARED, CONTAINS, CONTAINS, MISSING]
    assert learned.shape_problem_of(task) == learned.shape_of(CONTAINS)
    assert learned.problems_of(task) == [
        Problem.error("AssertionError"),
        learned.shape_of(COMPARED),
        learned.shape_of(CONTAINS),
        Problem.error("KeyError"),
        learned.shape_of(MISSING),
    ]


def test_every_outcome_is_counted_for_the_type_and_for_the_shape(engine: LearningEngine) -> None:
    learn(engine, COMPARED, accepted=True)
    for problem in (Problem.error("AssertionError"), learned.shape_of(COMPARED)):
        stats = engine.stats(problem)[SWAP]
        assert (stats.successes, stats.failures) == (1, 0)
    assert engine.stats(learned.shape_of(CONTAINS)) == {}


def test_the_same_shape_counts_fully_and_other_shapes_of_the_type_at_half(
    engine: LearningEngine,
) -> None:
    learn(engine, COMPARED, accepted=True)
    learn(engine, CONTAINS, accepted=False)
    learn(engine, CONTAINS, accepted=False)

    compared = learned.blended_stats(engine, [COMPARED])[SWAP]
    assert (compared.successes, compared.failures) == (1.0, 1.0)  # 1 + 2 * 0.5 failures
    contains = learned.blended_stats(engine, [CONTAINS])[SWAP]
    assert (contains.successes, contains.failures) == (0.5, 2.0)
    priors, used = learned.learned_priors(engine, [COMPARED], {SWAP: 0.5, "other": 0.5})
    assert used and priors == {SWAP: pytest.approx(0.5), "other": 0.5}  # (1+1) / (2+2)
    priors, _ = learned.learned_priors(engine, [CONTAINS], {SWAP: 0.5})
    assert priors[SWAP] == pytest.approx(1.5 / 4.5)
    # by type alone both tasks would get the same prior, (1+1) / (3+2) = 0.4
    assert engine.posterior(Problem.error("AssertionError"), SWAP).mean == pytest.approx(0.4)


def test_outcomes_counted_by_type_alone_still_count_at_half(engine: LearningEngine) -> None:
    engine.learn_from_success(Problem.error("AssertionError"), SWAP)  # a store of before
    stats = learned.blended_stats(engine, [COMPARED])[SWAP]
    assert (stats.successes, stats.failures) == (0.5, 0.0)
    assert learned.blended_stats(engine, [MISSING]) == {}  # another type: nothing
