import pytest

from myagent.llm.provider import ChatMessage
from myagent.llm.testing import (
    FunctionLLM,
    RealCallBlockedError,
    ScriptedLLM,
    check_real_calls_allowed,
    real_calls_blocked,
)

HELLO = [ChatMessage(role="user", content="hello there")]


def test_scripted_llm_replies_in_order_and_counts_tokens():
    llm = ScriptedLLM(["one", "two"])
    first = llm.complete(HELLO)
    assert first.text == "one" and first.model == "scripted"
    assert first.prompt_tokens == 3 and first.completion_tokens == 1
    assert llm.complete(HELLO).text == "two"
    assert llm.prompts == [HELLO, HELLO]
    llm.assert_consumed()


def test_scripted_llm_fails_when_the_script_runs_out_or_has_leftovers():
    llm = ScriptedLLM(["only"])
    llm.complete(HELLO)
    with pytest.raises(AssertionError, match="ran out"):
        llm.complete(HELLO)
    with pytest.raises(AssertionError, match="1 unused"):
        ScriptedLLM(["left"]).assert_consumed()


def test_function_llm():
    llm = FunctionLLM(lambda messages: messages[-1].content.upper())
    assert llm.complete(HELLO).text == "HELLO THERE"
    assert llm.calls == 1


def test_real_calls_are_blocked_in_unit_tests():
    with pytest.raises(RealCallBlockedError):
        check_real_calls_allowed("gpt-x")
    with real_calls_blocked(), pytest.raises(RealCallBlockedError):
        check_real_calls_allowed("gpt-x")
