"""Stuck detection: the same proposal, or the same error, again and again.

Per job the detector keeps the proposals it has seen (a hash of the edits) and the
last errors (normalised: numbers, addresses and paths of temporary folders masked).
`observe` returns what to do next:

* `retry`: a new failure, worth another attempt with the feedback;
* `switch`: the same proposal came back, or the same error `repeats` times in a row:
  change strategy (the other answer format, a higher temperature);
* `stop`: every strategy is stuck, or the job had `max_attempts` attempts: give it up
  for this run (the task moves on to the next job).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Action = Literal["retry", "switch", "stop"]

_MASKS = (
    (re.compile(r"0x[0-9a-fA-F]+"), "0x?"),
    (re.compile(r"/tmp/[^\s:'\"]+"), "<tmp>"),  # noqa: S108 (masks paths, creates none)
    (re.compile(r"\d+(\.\d+)?"), "N"),
)


def normalise_error(text: str) -> str:
    for pattern, mask in _MASKS:
        text = pattern.sub(mask, text)
    return " ".join(text.split())[:500]


def proposal_key(files: dict[str, str | None]) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted(files):
        digest.update(path.encode())
        digest.update(b"\0")
        digest.update((files[path] or "<deleted>").encode())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass
class _JobState:
    proposals: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    attempts: int = 0
    strategy: int = 0


@dataclass
class StuckDetector:
    strategies: Sequence[str]
    repeats: int = 2
    max_attempts: int = 6
    _jobs: dict[str, _JobState] = field(default_factory=dict)

    def strategy(self, job: str) -> str | None:
        """The strategy to use for `job` now (None: given up)."""
        state = self._jobs.setdefault(job, _JobState())
        if state.strategy >= len(self.strategies) or state.attempts >= self.max_attempts:
            return None
        return self.strategies[state.strategy]

    def given_up(self, job: str) -> bool:
        return self.strategy(job) is None

    def give_up(self, job: str) -> None:
        self._jobs.setdefault(job, _JobState()).strategy = len(self.strategies)

    def observe(self, job: str, proposal: str | None, error: str) -> Action:
        """Record one failed attempt (`proposal`: its key, None when there was none)."""
        state = self._jobs.setdefault(job, _JobState())
        state.attempts += 1
        repeated = proposal is not None and proposal in state.proposals
        if proposal is not None:
            state.proposals.add(proposal)
        state.errors.append(normalise_error(error))
        recent = state.errors[-self.repeats :]
        same_error = len(recent) == self.repeats and len(set(recent)) == 1
        if repeated or same_error:
            state.strategy += 1
            state.errors.clear()
            action: Action = "switch"
        else:
            action = "retry"
        if state.strategy >= len(self.strategies) or state.attempts >= self.max_attempts:
            return "stop"
        return action

    def succeeded(self, job: str) -> None:
        """A proposal passed its checks: forget the job's errors (not its proposals)."""
        state = self._jobs.setdefault(job, _JobState())
        state.errors.clear()
