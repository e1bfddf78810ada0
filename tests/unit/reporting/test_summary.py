"""The summary printed at the end of a run: one line of LLM usage when a model was used."""

from __future__ import annotations

import io

from rich.console import Console

from myagent.director.outcome import RunOutcome, RunStatus
from myagent.llm.budget import AgentUsage
from myagent.protocol import QualityReport
from myagent.reporting.summary import print_summary


def outcome(**kw: object) -> RunOutcome:
    base: dict[str, object] = dict(
        run_id="r1", status=RunStatus.BUDGET_EXHAUSTED, reason="LLM token budget spent",
        iterations=2, gates=[], branch="myagent/r1", base="a" * 40, head="b" * 40,
        accepted=1, rejected=3, duration_s=12.0, report=QualityReport(),
    )  # fmt: skip
    base.update(kw)
    return RunOutcome(**base)  # type: ignore[arg-type]


def printed(result: RunOutcome) -> list[str]:
    out = io.StringIO()
    print_summary(result, Console(file=out, width=200))
    return out.getvalue().splitlines()


def test_one_line_of_llm_usage_when_a_model_was_used():
    usage = {
        "debugger": AgentUsage(calls=2, prompt_tokens=900, completion_tokens=100, cost_usd=0.01),
        "coder": AgentUsage(calls=1, prompt_tokens=50, completion_tokens=10),
    }
    lines = printed(outcome(llm_model="openai/gpt-4o-mini", llm_usage=usage))
    llm = [line for line in lines if line.startswith("LLM ")]
    assert llm == [
        "LLM openai/gpt-4o-mini: 3 call(s), 1060 tokens, $0.0100 "
        "(coder 1 call(s) 60 tokens; debugger 2 call(s) 1000 tokens)"
    ]


def test_no_llm_line_without_a_model():
    lines = printed(outcome())
    assert lines and not [line for line in lines if line.startswith("LLM ")]
