"""LLM usage in the ledger: one `llm_usage` action per model call, and the sums read back.

Each action holds what one call used (`calls`, `prompt_tokens`, `completion_tokens`,
`tokens`, `cost_usd`, `seconds`), the `model`, and under `run` the agent's total for the
run so far. Summing a run's actions gives its usage per agent: what a resumed run
starts its budgets from, and what `myagent report` shows without the run in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from myagent.llm.budget import AgentUsage
from myagent.storage.records import ActionRecord

LLM_USAGE = "llm_usage"


def usage_details(model: str, used: AgentUsage, total: AgentUsage) -> dict[str, Any]:
    """The details of one `llm_usage` action: `used` by the call, `total` of the agent."""
    return {"model": model, **used.to_json(), "run": total.to_json()}


def usage_reason(used: AgentUsage) -> str:
    """The one line the action's reason shows."""
    calls = "LLM call" if used.calls == 1 else f"{used.calls} LLM calls"
    if not used.tokens:
        return f"{calls} failed after {used.seconds:.1f} s (no tokens counted)"
    return (
        f"{calls}: {used.tokens} tokens ({used.prompt_tokens} prompt, "
        f"{used.completion_tokens} completion), ${used.cost_usd:.4f}, {used.seconds:.1f} s"
    )


def _number(details: Mapping[str, Any], key: str) -> float:
    value = details.get(key, 0)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def usage_of(details: Mapping[str, Any]) -> AgentUsage:
    """What one `llm_usage` action records as used (missing fields count 0)."""
    return AgentUsage(
        calls=int(_number(details, "calls")),
        prompt_tokens=int(_number(details, "prompt_tokens")),
        completion_tokens=int(_number(details, "completion_tokens")),
        cost_usd=_number(details, "cost_usd"),
        seconds=_number(details, "seconds"),
    )


@dataclass(frozen=True)
class RecordedUsage:
    """A run's LLM usage as its ledger tells it."""

    by_agent: dict[str, AgentUsage] = field(default_factory=dict)
    models: tuple[str, ...] = ()  # the models called, in the order first seen

    @property
    def total(self) -> AgentUsage:
        return sum(self.by_agent.values(), AgentUsage())


def recorded_usage(actions: Iterable[ActionRecord]) -> RecordedUsage:
    """The sum of a run's `llm_usage` actions, per agent."""
    by_agent: dict[str, AgentUsage] = {}
    models: list[str] = []
    for action in actions:
        if action.action != LLM_USAGE:
            continue
        by_agent[action.agent] = by_agent.get(action.agent, AgentUsage()) + usage_of(action.details)
        model = str(action.details.get("model", ""))
        if model and model not in models:
            models.append(model)
    return RecordedUsage(dict(sorted(by_agent.items())), tuple(models))
