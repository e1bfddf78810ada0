"""Regressions between runs: a gate's metric worse now than where a past run left it.

The project changes between runs (people commit, dependencies move). This run's first
measurement is compared with the previous run's: with where it ended when its branch
was merged into what this run starts from, else with where it started (both then
measured the user's own code). What is worse shows what changed in between, before
MyAgent changed anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from myagent.quality.gates import GATES, worse


@dataclass(frozen=True)
class Regression:
    gate: str
    before: float  # where the previous run left it
    now: float  # this run's first measurement
    run_id: str  # the previous run
    since: str = "ended"  # "ended": compared with its end (merged); "started": its start

    def describe(self) -> str:
        return (
            f"{self.gate} got worse since run {self.run_id} {self.since}: "
            f"{self.before:g} -> {self.now:g}"
        )


def regressions(
    gates: Mapping[str, float],
    previous: Mapping[str, float],
    current: Mapping[str, float],
    previous_run: str,
    since: str = "ended",
) -> list[Regression]:
    """The gates of `gates` whose metric is worse in `current` than in `previous`."""
    found = []
    for gate in gates:
        old, new = previous.get(gate), current.get(gate)
        if gate in GATES and old is not None and new is not None and worse(gate, old, new):
            found.append(Regression(gate, old, new, previous_run, since))
    return found
