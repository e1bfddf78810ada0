"""Ranking of known fixes: closest match first, then a success estimate that respects counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from myagent.memory.error_graph import FixCandidate, SolutionRecord, rank_known_fixes
from myagent.storage.error_graph_records import success_estimate

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _fix(
    sid: int, attempts: int, successes: int, patch: str = "", tier: int = 0, age: int = 0
) -> FixCandidate:
    solution = SolutionRecord(
        id=sid,
        error_id=1,
        strategy="template:x",
        description=f"fix {sid}",
        diff="",
        patch_key=patch or f"p{sid}",
        attempts=attempts,
        successes=successes,
        created_at=T0,
        last_used=T0 - timedelta(days=age),
        run_id=None,
        commit=None,
    )
    return FixCandidate(tier, solution)


def _ids(candidates: list[FixCandidate], limit: int = 5) -> list[int]:
    return [s.id for s in rank_known_fixes(candidates, limit)]


def test_the_estimate_respects_counts() -> None:
    assert success_estimate(0, 0) == 0.5
    assert success_estimate(1, 1) < success_estimate(10, 9)
    assert success_estimate(10, 1) < success_estimate(1, 0) < success_estimate(1, 1)


def test_an_exact_match_ranks_before_similar_errors_whatever_their_record() -> None:
    candidates = [_fix(1, 10, 10, tier=2), _fix(2, 10, 10, tier=1), _fix(3, 4, 1, tier=0)]
    assert _ids(candidates) == [3, 2, 1]


def test_within_a_tier_the_higher_estimate_wins_then_successes_then_recency() -> None:
    candidates = [
        _fix(1, 1, 1),  # 0.67
        _fix(2, 10, 9),  # 0.83
        _fix(3, 3, 2, age=5),  # 0.60
        _fix(4, 3, 2, age=1),  # 0.60, used more recently
        _fix(5, 8, 5),  # 0.60, more successes
    ]
    assert _ids(candidates) == [2, 1, 5, 4, 3]


def test_fixes_that_never_worked_are_dropped_unless_nothing_else_is_known() -> None:
    assert _ids([_fix(1, 5, 0), _fix(2, 2, 1), _fix(3, 1, 0, tier=0)]) == [2]
    assert _ids([_fix(1, 5, 0), _fix(2, 1, 0)]) == [2, 1]
    assert _ids([]) == []


def test_one_fix_appears_once_where_it_ranks_best_and_limit_applies() -> None:
    candidates = [_fix(1, 2, 2, patch="same", tier=1), _fix(2, 1, 1, patch="same", tier=0)]
    candidates += [_fix(i, 1, 1, tier=2) for i in range(3, 10)]
    ranked = _ids(candidates, limit=3)
    assert ranked[0] == 2 and 1 not in ranked and len(ranked) == 3
    assert _ids(candidates, limit=0) == []
