"""The Learning Engine: learns which strategies work for which problems, and uses it.

* `learn_from_success` / `learn_from_failure` count an outcome of a strategy (a fix
  template, an agent) for a kind of problem, with the concrete solution when there is
  one; a failure that broke passing tests makes that solution an anti-pattern and
  counts twice against the strategy.
* `rank(problem, options)` orders options by learned success: the posterior mean of
  each option's counts (0.5, the prior, without evidence). Sorting is stable, so
  options without evidence keep their given order among themselves, and with no
  evidence at all the order does not change. A success moves an option up past the
  unknown ones; failures move it down below them.
* `suggest_solution(problem)` returns the solutions that worked for the problem, none
  an anti-pattern, each with a *confidence*: the 5 % lower credible bound of its
  Beta posterior (`learning.posterior`). Below `threshold` (default 0.3) nothing is
  suggested: one success in one try (0.22) is not enough, two in two (0.37) are.

Knowledge lives in the project's database (`PATH/.myagent/` by default) and, when
configured, also in a user-level store shared by every project. Both are written;
reading merges them, the user store's counts at `user_weight` (0.5), so a project's own
evidence weighs first. A user store that fails is logged and then left alone: the
run goes on with the project's knowledge.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from myagent.errors import StorageError
from myagent.learning.posterior import Posterior
from myagent.memory.patterns import Pattern, PatternStore, Problem, Solution, StrategyStats

DEFAULT_THRESHOLD = 0.3
USER_WEIGHT = 0.5
T = TypeVar("T")
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A solution that worked for a problem, and how far to trust it."""

    strategy: str
    solution: Solution
    confidence: float  # the posterior's 5 % lower credible bound
    mean: float  # the posterior mean (the expected success rate)
    successes: float  # merged counts (the user store's weighted)
    failures: float


class LearningEngine:
    """Learning over a project's pattern store and an optional user-level one."""

    def __init__(
        self,
        store: PatternStore,
        user_store: PatternStore | None = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        user_weight: float = USER_WEIGHT,
    ) -> None:
        self.store = store
        self.user_store = user_store
        self.threshold = threshold
        self.user_weight = user_weight

    # ------------------------------------------------------------------ learning
    def learn_from_success(
        self, problem: Problem, strategy: str, solution: Solution | None = None
    ) -> None:
        """`strategy` (with `solution`) solved `problem`."""
        self._record(problem, strategy, True, solution, False)

    def learn_from_failure(
        self,
        problem: Problem,
        strategy: str,
        solution: Solution | None = None,
        *,
        broke_tests: bool = False,
    ) -> None:
        """`strategy` did not solve `problem`; `broke_tests`: it broke passing tests
        (the solution becomes an anti-pattern, never suggested again)."""
        self._record(problem, strategy, False, solution, broke_tests)

    def _record(
        self,
        problem: Problem,
        strategy: str,
        succeeded: bool,
        solution: Solution | None,
        broke: bool,
    ) -> None:
        self.store.record(problem, strategy, succeeded, solution=solution, broke_tests=broke)
        self._user(
            lambda u: u.record(problem, strategy, succeeded, solution=solution, broke_tests=broke)
        )

    # ------------------------------------------------------------------ reading
    def stats(self, problem: Problem) -> dict[str, StrategyStats]:
        """{strategy: merged counts} for `problem` (the user store's at `user_weight`)."""
        merged = dict(self.store.stats(problem))
        for name, theirs in (self._user(lambda u: u.stats(problem)) or {}).items():
            mine = merged.get(name, StrategyStats(name))
            merged[name] = mine.plus(theirs, self.user_weight)
        return merged

    def posterior(self, problem: Problem, strategy: str) -> Posterior:
        """The belief about `strategy`'s success on `problem` (the prior without evidence)."""
        found = self.stats(problem).get(strategy)
        return Posterior() if found is None else found.posterior

    def has_evidence(self, problem: Problem) -> bool:
        return any(s.posterior.evidence > 0 for s in self.stats(problem).values())

    def rank(self, problem: Problem, options: Sequence[str]) -> list[str]:
        """`options` ordered by learned success on `problem` (see the module docstring)."""
        return self.rank_by(problem, options, lambda option: option)

    def rank_by(self, problem: Problem, options: Sequence[T], name: Callable[[T], str]) -> list[T]:
        """`options` ordered by the learned success of `name(option)`, stably."""
        return rank_by_stats(self.stats(problem), options, name)

    def suggest_solution(self, problem: Problem, limit: int = 5) -> list[Suggestion]:
        """The best known solutions of `problem` whose confidence reaches `threshold`,
        the most trusted first; anti-patterns are never suggested."""
        merged: dict[tuple[str, str], Suggestion] = {}
        blocked: set[tuple[str, str]] = set()
        mine = self.store.patterns(problem)
        theirs = self._user(lambda u: u.patterns(problem)) or []
        for weight, patterns in ((1.0, mine), (self.user_weight, theirs)):
            for pattern in patterns:
                key = (pattern.strategy, pattern.solution.key)
                if pattern.anti_pattern:
                    blocked.add(key)
                merged[key] = _add(merged.get(key), pattern, weight)
        found = [
            s for k, s in merged.items() if k not in blocked and s.confidence >= self.threshold
        ]
        found.sort(key=lambda s: (-s.confidence, -s.mean))
        return found[: max(limit, 0)]

    # ------------------------------------------------------------------ user store
    def _user(self, action: Callable[[PatternStore], T]) -> T | None:
        """`action` on the user store; a failing store is logged and switched off."""
        if self.user_store is None:
            return None
        try:
            return action(self.user_store)
        except StorageError as exc:
            _log.warning("learning: user store disabled for this run: %s", exc)
            self.user_store = None
            return None


def rank_by_stats(
    stats: Mapping[str, StrategyStats], options: Sequence[T], name: Callable[[T], str]
) -> list[T]:
    """`options` ordered by the posterior mean of `stats[name(option)]` (the prior's mean
    without evidence), stably."""
    prior = Posterior().mean

    def score(option: T) -> float:
        found = stats.get(name(option))
        return prior if found is None else found.posterior.mean

    return sorted(options, key=lambda option: -score(option))


def _add(current: Suggestion | None, pattern: Pattern, weight: float) -> Suggestion:
    successes = weight * pattern.successes + (current.successes if current else 0.0)
    failures = weight * pattern.failures + (current.failures if current else 0.0)
    posterior = Posterior(successes, failures)
    solution = current.solution if current else pattern.solution
    return Suggestion(
        pattern.strategy, solution, posterior.lower, posterior.mean, successes, failures
    )
