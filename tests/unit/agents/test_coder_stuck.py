"""Stuck detection: same proposal or same error again switches strategy, then stops."""

from __future__ import annotations

from myagent.agents.coder.stuck import StuckDetector, normalise_error, proposal_key


def test_new_failures_retry_and_a_repeated_proposal_switches() -> None:
    stuck = StuckDetector(("rewrite", "edit"))
    assert stuck.strategy("job") == "rewrite"
    assert stuck.observe("job", "p1", "AssertionError: 1 != 2") == "retry"
    assert stuck.observe("job", "p2", "TypeError: bad operand") == "retry"
    assert stuck.observe("job", "p1", "AssertionError: 1 != 3") == "switch"
    assert stuck.strategy("job") == "edit"


def test_the_same_error_twice_switches_even_with_different_proposals() -> None:
    stuck = StuckDetector(("rewrite", "edit"))
    stuck.observe("job", "p1", "assert 3 == 4 at /tmp/ws-12/a.py:10")
    assert stuck.observe("job", "p2", "assert 5 == 6 at /tmp/ws-99/a.py:11") == "switch"


def test_every_strategy_stuck_or_too_many_attempts_stops_the_job() -> None:
    stuck = StuckDetector(("edit",))
    stuck.observe("a", "p", "x")
    assert stuck.observe("a", "p", "y") == "stop"
    assert stuck.given_up("a") and stuck.strategy("a") is None
    capped = StuckDetector(("edit", "edit-warm"), max_attempts=3)
    assert [capped.observe("b", f"p{i}", f"error {'abc'[i]}") for i in range(3)] == [
        "retry",
        "retry",
        "stop",
    ]
    assert not stuck.given_up("other")


def test_keys_and_normalised_errors_are_stable() -> None:
    assert proposal_key({"a.py": "x", "b.py": None}) == proposal_key({"b.py": None, "a.py": "x"})
    assert proposal_key({"a.py": "x"}) != proposal_key({"a.py": "y"})
    assert normalise_error("at 0x7f3a line 12") == normalise_error("at 0x1b2c line 99")
