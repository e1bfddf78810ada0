"""Budgets for model calls, shared by every agent of a run.

`BudgetedLLM` wraps a model for one agent. Before each call it reserves the most the
call can use (the estimated prompt plus `max_tokens`, one call, the worst-case cost) and
refuses with `BudgetExhaustedError` when that could pass a limit, so no call ever
exceeds a budget, even with agents calling at once. After the call the reservation is
replaced by what the call actually used, recorded per agent in the `UsageMeter`.

Limits (`LlmBudget`): `max_tokens`, `max_calls` and `max_seconds` of 0 mean no limit;
`max_cost_usd` is always a limit (local models cost 0). `max_seconds` is wall time since
the meter started (the run's start). No call is started with less than
`min_call_seconds` of it left, and a call is given the time left as its timeout, so
no call runs past the time budget.

A resumed run continues the same budgets: `UsageMeter.restore` seeds the meter with
what the run's earlier sessions used (per agent, from the ledger) and moves its start
back by the wall time they worked, so the limits count the whole run. Listeners
(`UsageMeter.listen`) hear of every call as it is settled; the Director records each
one in the ledger, so a killed run loses no usage.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from myagent.llm.provider import LLM, ChatMessage, Completion, LLMError, estimate_tokens


class BudgetExhaustedError(LLMError):
    """A call was refused because it could pass an LLM budget; the run should end."""


@dataclass(frozen=True)
class PricedCompletion(Completion):
    """A completion that knows its price (from the provider's price table)."""

    cost_usd: float = 0.0


@runtime_checkable
class Priced(Protocol):
    """A provider that can price a call before making it (0.0 when the price is unknown)."""

    def estimate_cost(self, prompt_tokens: int, completion_tokens: int) -> float: ...


@dataclass(frozen=True)
class LlmBudget:
    max_tokens: int = 0  # 0: no limit
    max_calls: int = 0  # 0: no limit
    max_cost_usd: float = 1.0  # always a limit
    max_seconds: float = 0.0  # 0: no limit
    min_call_seconds: float = 2.0  # with max_seconds: no call starts with less time left


@dataclass(frozen=True)
class AgentUsage:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    seconds: float = 0.0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: AgentUsage) -> AgentUsage:
        return AgentUsage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cost_usd=self.cost_usd + other.cost_usd,
            seconds=self.seconds + other.seconds,
        )

    def __sub__(self, other: AgentUsage) -> AgentUsage:
        return AgentUsage(
            calls=self.calls - other.calls,
            prompt_tokens=self.prompt_tokens - other.prompt_tokens,
            completion_tokens=self.completion_tokens - other.completion_tokens,
            cost_usd=self.cost_usd - other.cost_usd,
            seconds=self.seconds - other.seconds,
        )

    def to_json(self) -> dict[str, float | int]:
        return {
            "calls": self.calls,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "tokens": self.tokens,
            "cost_usd": round(self.cost_usd, 6),
            "seconds": round(self.seconds, 3),
        }


UsageListener = Callable[[str, AgentUsage, AgentUsage], None]  # agent, call, agent's total


@dataclass
class _Reserved:
    calls: int = 0
    tokens: int = 0
    cost_usd: float = 0.0


@dataclass
class UsageMeter:
    """What the model calls of one run used, per agent. Thread-safe."""

    clock: Callable[[], float] = time.monotonic
    _usage: dict[str, AgentUsage] = field(default_factory=dict)
    _reserved: _Reserved = field(default_factory=_Reserved)
    _exhausted: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _started: float = -1.0
    _listeners: list[UsageListener] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._started = self.clock()

    def restore(self, usage: Mapping[str, AgentUsage], earlier_seconds: float = 0.0) -> None:
        """Count what earlier sessions of the run used: `usage` per agent, and
        `earlier_seconds` of wall time before this session (so `max_seconds` is the
        whole run's)."""
        with self._lock:
            for agent, used in usage.items():
                self._usage[agent] = self._usage.get(agent, AgentUsage()) + used
            self._started -= max(0.0, earlier_seconds)

    def listen(self, listener: UsageListener) -> None:
        """Call `listener(agent, used, agent_total)` after every settled call."""
        self._listeners.append(listener)

    def elapsed(self) -> float:
        return self.clock() - self._started

    def seconds_left(self, budget: LlmBudget) -> float | None:
        """The wall time left under `budget` (None: no time limit)."""
        if not budget.max_seconds:
            return None
        return max(0.0, budget.max_seconds - self.elapsed())

    def by_agent(self) -> dict[str, AgentUsage]:
        with self._lock:
            return dict(self._usage)

    def total(self) -> AgentUsage:
        with self._lock:
            return sum(self._usage.values(), AgentUsage())

    def exhausted(self) -> str | None:
        """Why the budget is spent (one line), or None while calls can still be made."""
        with self._lock:
            return self._exhausted

    def reserve(self, budget: LlmBudget, tokens: int, cost_usd: float) -> None:
        """Hold room for one call, or raise `BudgetExhaustedError` if it might not fit."""
        with self._lock:
            used = sum(self._usage.values(), AgentUsage())
            reason = _refusal(budget, used, self._reserved, tokens, cost_usd, self.elapsed())
            if reason is not None:
                self._exhausted = self._exhausted or reason
                raise BudgetExhaustedError(reason)
            self._reserved.calls += 1
            self._reserved.tokens += tokens
            self._reserved.cost_usd += cost_usd

    def settle(
        self, budget: LlmBudget, agent: str, tokens: int, cost_usd: float, used: AgentUsage
    ) -> None:
        """Replace a reservation by what the call used."""
        with self._lock:
            self._reserved.calls -= 1
            self._reserved.tokens -= tokens
            self._reserved.cost_usd -= cost_usd
            self._usage[agent] = self._usage.get(agent, AgentUsage()) + used
            agent_total = self._usage[agent]
            total = sum(self._usage.values(), AgentUsage())
            if self._exhausted is None:
                self._exhausted = _spent(budget, total)
        for listener in self._listeners:
            listener(agent, used, agent_total)


def _refusal(
    budget: LlmBudget,
    used: AgentUsage,
    reserved: _Reserved,
    tokens: int,
    cost_usd: float,
    elapsed: float,
) -> str | None:
    if budget.max_calls and used.calls + reserved.calls + 1 > budget.max_calls:
        return f"LLM call budget spent (max_calls {budget.max_calls})"
    if budget.max_tokens and used.tokens + reserved.tokens + tokens > budget.max_tokens:
        left = budget.max_tokens - used.tokens - reserved.tokens
        return (
            f"LLM token budget spent (max_tokens {budget.max_tokens}; a call needs up to "
            f"{tokens}, {max(0, left)} left)"
        )
    if used.cost_usd + reserved.cost_usd + cost_usd > budget.max_cost_usd:
        return f"LLM cost budget spent (max_cost_usd {budget.max_cost_usd:g})"
    seconds_left = budget.max_seconds - elapsed
    if budget.max_seconds and seconds_left < budget.min_call_seconds:
        return (
            f"LLM time budget spent ({budget.max_seconds:g} s; {max(0.0, seconds_left):.1f} s left, "
            f"a call needs at least {budget.min_call_seconds:g} s)"
        )
    return None


def _spent(budget: LlmBudget, total: AgentUsage) -> str | None:
    if budget.max_calls and total.calls >= budget.max_calls:
        return f"LLM call budget spent (max_calls {budget.max_calls})"
    if budget.max_tokens and total.tokens >= budget.max_tokens:
        return f"LLM token budget spent (max_tokens {budget.max_tokens})"
    if total.cost_usd >= budget.max_cost_usd:
        return f"LLM cost budget spent (max_cost_usd {budget.max_cost_usd:g})"
    return None


class BudgetedLLM:
    """`inner`, refused before any call that could pass `budget`; usage goes to `usage`."""

    def __init__(self, inner: LLM, budget: LlmBudget, usage: UsageMeter, agent: str) -> None:
        self.inner = inner
        self.budget = budget
        self.usage = usage
        self.agent = agent

    @property
    def model(self) -> str:
        return self.inner.model

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 1024,
        temperature: float = 0.0,
        timeout_s: float | None = None,
    ) -> Completion:
        """`inner.complete`, refused when it could pass a limit; given at most the time
        left as its timeout."""
        prompt = sum(estimate_tokens(m.content) for m in messages)
        tokens = prompt + max_tokens
        cost = self._estimate_cost(prompt, max_tokens)
        self.usage.reserve(self.budget, tokens, cost)
        started = self.usage.clock()
        left = self.usage.seconds_left(self.budget)
        if left is not None:
            timeout_s = left if timeout_s is None else min(timeout_s, left)
        try:
            completion = self.inner.complete(
                messages, max_tokens=max_tokens, temperature=temperature, timeout_s=timeout_s
            )
        except BaseException:
            failed = AgentUsage(calls=1, seconds=self.usage.clock() - started)  # no tokens known
            self.usage.settle(self.budget, self.agent, tokens, cost, failed)
            raise
        actual = completion.cost_usd if isinstance(completion, PricedCompletion) else 0.0
        used = AgentUsage(
            calls=1,
            prompt_tokens=completion.prompt_tokens,
            completion_tokens=completion.completion_tokens,
            cost_usd=actual,
            seconds=self.usage.clock() - started,
        )
        self.usage.settle(self.budget, self.agent, tokens, cost, used)
        return completion

    def _estimate_cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        if isinstance(self.inner, Priced):
            return self.inner.estimate_cost(prompt_tokens, completion_tokens)
        return 0.0
