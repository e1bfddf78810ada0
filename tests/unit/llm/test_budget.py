"""Budgets refuse a call before it is made, never let one pass a limit, count per agent."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import pytest

from myagent.llm.budget import (
    AgentUsage,
    BudgetedLLM,
    BudgetExhaustedError,
    LlmBudget,
    PricedCompletion,
    UsageMeter,
)
from myagent.llm.provider import ChatMessage, Completion, LLMError, estimate_tokens
from myagent.llm.testing import FunctionLLM, ScriptedLLM

PROMPT = [ChatMessage(role="user", content="x" * 40)]  # 10 estimated tokens


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class PricedFake:
    """A provider with a price table: $0.001 a token; answers with a priced completion."""

    model = "priced"

    def __init__(self) -> None:
        self.calls = 0

    def estimate_cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens + completion_tokens) * 0.001

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 1024,
        temperature: float = 0.0,
        timeout_s: float | None = None,
    ) -> Completion:
        self.calls += 1
        prompt = sum(estimate_tokens(m.content) for m in messages)
        return PricedCompletion("ok", self.model, prompt, 5, cost_usd=(prompt + 5) * 0.001)


def test_a_call_that_could_pass_the_token_budget_is_refused_before_it_is_made():
    inner = ScriptedLLM(["a", "b"])
    meter = UsageMeter()
    llm = BudgetedLLM(inner, LlmBudget(max_tokens=50), meter, "debugger")

    llm.complete(PROMPT, max_tokens=20)  # 10 + 20 <= 50
    with pytest.raises(BudgetExhaustedError, match="LLM token budget spent"):
        llm.complete(PROMPT, max_tokens=30)  # 11 used + 10 + 30 > 50

    assert len(inner.prompts) == 1  # the second call never reached the model
    assert meter.total().tokens <= 50
    assert meter.exhausted() is not None and "max_tokens 50" in (meter.exhausted() or "")


def test_the_budget_exhausted_error_is_an_llm_error_so_strategies_record_it():
    assert issubclass(BudgetExhaustedError, LLMError)


def test_the_call_budget_counts_every_agent_of_the_run():
    meter = UsageMeter()
    budget = LlmBudget(max_calls=2)
    debugger = BudgetedLLM(ScriptedLLM(["1"]), budget, meter, "debugger")
    coder = BudgetedLLM(ScriptedLLM(["2"]), budget, meter, "coder")

    debugger.complete(PROMPT)
    coder.complete(PROMPT)
    assert meter.exhausted() == "LLM call budget spent (max_calls 2)"
    with pytest.raises(BudgetExhaustedError, match="max_calls 2"):
        debugger.complete(PROMPT)
    assert meter.total().calls == 2


def test_the_cost_budget_refuses_a_call_whose_worst_case_price_does_not_fit():
    inner = PricedFake()
    meter = UsageMeter()
    llm = BudgetedLLM(inner, LlmBudget(max_cost_usd=0.05), meter, "debugger")

    llm.complete(PROMPT, max_tokens=20)  # worst case 0.030, costs 0.015
    with pytest.raises(BudgetExhaustedError, match="LLM cost budget spent"):
        llm.complete(PROMPT, max_tokens=30)  # 0.015 + worst case 0.040 > 0.05
    assert inner.calls == 1
    assert meter.total().cost_usd == pytest.approx(0.015)


def test_the_time_budget_is_wall_time_since_the_run_started():
    clock = Clock()
    meter = UsageMeter(clock=clock)
    llm = BudgetedLLM(ScriptedLLM(["a"]), LlmBudget(max_seconds=60), meter, "debugger")
    llm.complete(PROMPT)
    clock.now = 61
    with pytest.raises(BudgetExhaustedError, match="LLM time budget spent"):
        llm.complete(PROMPT)


def test_usage_is_recorded_per_agent_with_the_provider_counts():
    clock = Clock()
    meter = UsageMeter(clock=clock)
    budget = LlmBudget()

    def slow(messages: Sequence[ChatMessage]) -> str:
        clock.now += 2.5
        return "four tokens of text"  # 19 characters: 5 tokens

    BudgetedLLM(FunctionLLM(slow), budget, meter, "debugger").complete(PROMPT)
    BudgetedLLM(FunctionLLM(slow), budget, meter, "debugger").complete(PROMPT)
    BudgetedLLM(PricedFake(), budget, meter, "coder").complete(PROMPT, max_tokens=20)

    usage = meter.by_agent()
    assert usage["debugger"] == AgentUsage(
        calls=2, prompt_tokens=20, completion_tokens=10, seconds=5.0
    )
    assert usage["coder"].calls == 1 and usage["coder"].cost_usd == pytest.approx(0.015)
    assert meter.total().tokens == 30 + 15
    assert usage["debugger"].to_json()["tokens"] == 30


def test_a_failed_call_counts_as_a_call_without_tokens_and_frees_its_reservation():
    def broken(messages: Sequence[ChatMessage]) -> str:
        raise LLMError("rate limited")

    meter = UsageMeter()
    budget = LlmBudget(max_tokens=100)
    with pytest.raises(LLMError, match="rate limited"):
        BudgetedLLM(FunctionLLM(broken), budget, meter, "debugger").complete(PROMPT, max_tokens=80)
    failed = meter.by_agent()["debugger"]
    assert (failed.calls, failed.tokens, failed.cost_usd) == (1, 0, 0.0)
    # the 90 reserved tokens are free again
    BudgetedLLM(ScriptedLLM(["ok"]), budget, meter, "debugger").complete(PROMPT, max_tokens=80)


def test_concurrent_agents_never_pass_the_token_budget_together():
    started = threading.Barrier(8)
    inner_calls: list[int] = []
    lock = threading.Lock()

    def answer(messages: Sequence[ChatMessage]) -> str:
        with lock:
            inner_calls.append(1)
        return "x" * 40  # 10 tokens

    meter = UsageMeter()
    budget = LlmBudget(max_tokens=200)  # each call may use 10 + 30: at most 5 fit
    refused: list[BudgetExhaustedError] = []

    def agent(n: int) -> None:
        llm = BudgetedLLM(FunctionLLM(answer), budget, meter, f"agent{n % 2}")
        started.wait()
        for _ in range(5):
            try:
                llm.complete(PROMPT, max_tokens=30)
            except BudgetExhaustedError as exc:
                with lock:
                    refused.append(exc)

    threads = [threading.Thread(target=agent, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    total = meter.total()
    assert total.tokens <= 200
    # a call reserves 40 tokens and settles at 20: 5 to 10 calls fit, by the interleaving
    assert 5 <= total.calls == len(inner_calls) <= 10
    assert len(refused) == 40 - total.calls
    assert sum(u.calls for u in meter.by_agent().values()) == total.calls


def test_a_call_is_given_at_most_the_time_left_as_its_timeout():
    clock = Clock()
    meter = UsageMeter(clock=clock)
    inner = ScriptedLLM(["a", "b", "c"])
    llm = BudgetedLLM(inner, LlmBudget(max_seconds=60), meter, "debugger")

    llm.complete(PROMPT)  # 60 s left
    clock.now = 45
    llm.complete(PROMPT, timeout_s=30)  # 15 s left: less than the caller's 30
    llm.complete(PROMPT, timeout_s=5)  # the caller's own limit is shorter

    assert inner.timeouts == [60, 15, 5]


def test_without_a_time_limit_the_callers_timeout_is_passed_on():
    inner = ScriptedLLM(["a", "b"])
    llm = BudgetedLLM(inner, LlmBudget(), UsageMeter(), "debugger")
    llm.complete(PROMPT)
    llm.complete(PROMPT, timeout_s=7)
    assert inner.timeouts == [None, 7]


def test_no_call_starts_with_less_time_left_than_a_call_needs():
    clock = Clock()
    meter = UsageMeter(clock=clock)
    inner = ScriptedLLM(["a"])
    budget = LlmBudget(max_seconds=60, min_call_seconds=2)
    clock.now = 58.5  # 1.5 s left

    with pytest.raises(BudgetExhaustedError, match=r"1.5 s left, a call needs at least 2 s"):
        BudgetedLLM(inner, budget, meter, "debugger").complete(PROMPT)

    assert inner.prompts == []  # never started
    assert (meter.exhausted() or "").startswith("LLM time budget spent (60 s")


def test_a_slow_model_is_cut_at_the_time_left_and_the_run_never_passes_max_seconds():
    budget = LlmBudget(max_seconds=1.0, min_call_seconds=0.2)
    meter = UsageMeter()

    def slow(messages: Sequence[ChatMessage]) -> str:
        # a model that honours its timeout: it stops when given time is up
        given = inner.timeouts[-1]
        assert given is not None
        time.sleep(min(0.4, given))
        return "x"

    inner = FunctionLLM(slow)
    llm = BudgetedLLM(inner, budget, meter, "debugger")
    with pytest.raises(BudgetExhaustedError, match="LLM time budget spent"):
        for _ in range(10):
            llm.complete(PROMPT)

    assert 2 <= inner.calls <= 4  # 0.4 s each, the last one cut, none after
    assert all(t is not None and t <= 1.0 for t in inner.timeouts)
    assert meter.elapsed() < 1.0 + 0.1  # no call ran past the budget


def test_restored_usage_counts_against_the_limits_of_the_resumed_run():
    clock = Clock()
    meter = UsageMeter(clock=clock)
    meter.restore({"debugger": AgentUsage(calls=3, prompt_tokens=900, completion_tokens=50)}, 50)
    budget = LlmBudget(max_tokens=1000, max_seconds=60)

    assert meter.total().tokens == 950 and meter.seconds_left(budget) == 10
    llm = BudgetedLLM(ScriptedLLM(["ok"]), budget, meter, "debugger")
    llm.complete(PROMPT, max_tokens=20)  # 10 + 20 fit in the 50 left
    with pytest.raises(BudgetExhaustedError, match="max_tokens 1000; a call needs up to 40, 39"):
        llm.complete(PROMPT, max_tokens=30)


def test_listeners_hear_of_every_settled_call_with_the_agents_total():
    meter = UsageMeter()
    heard: list[tuple[str, int, int]] = []
    meter.listen(lambda agent, used, total: heard.append((agent, used.tokens, total.tokens)))
    llm = BudgetedLLM(ScriptedLLM(["abcd", "abcd"]), LlmBudget(), meter, "coder")
    llm.complete(PROMPT)
    llm.complete(PROMPT)
    assert heard == [("coder", 11, 11), ("coder", 11, 22)]
