"""LiteLLMProvider against a real OpenAI-compatible HTTP server on 127.0.0.1."""

from __future__ import annotations

import time

import pytest
from fake_openai import FakeOpenAI

from myagent.llm.litellm_provider import LiteLLMProvider
from myagent.llm.provider import ChatMessage, LLMError
from myagent.llm.testing import RealCallBlockedError, real_calls_blocked

MESSAGES = [
    ChatMessage(role="system", content="You answer briefly."),
    ChatMessage(role="user", content="Say hello."),
]


def provider(fake: FakeOpenAI, **options: float) -> LiteLLMProvider:
    sleeps: list[float] = []
    llm = LiteLLMProvider(
        "openai/fake-model",
        api_base=fake.api_base,
        timeout_s=options.get("timeout_s", 10),
        max_retries=int(options.get("max_retries", 3)),
        backoff_s=0.01,
        sleep=lambda s: (sleeps.append(s), time.sleep(s))[1],
    )
    llm.sleeps = sleeps  # type: ignore[attr-defined]
    return llm


def test_a_completion_carries_the_text_and_the_server_usage(fake_openai):
    fake_openai.reply = "Hello!"
    completion = provider(fake_openai).complete(MESSAGES, max_tokens=50, temperature=0.0)

    assert completion.text == "Hello!"
    assert completion.model == "openai/fake-model"
    assert (completion.prompt_tokens, completion.completion_tokens) == (11, 7)
    assert completion.cost_usd == 0.0  # LiteLLM has no price for a local fake model
    (request,) = fake_openai.requests
    assert request["model"] == "fake-model"
    assert request["max_tokens"] == 50 and request["temperature"] == 0.0
    assert request["messages"][1] == {"role": "user", "content": "Say hello."}


def test_a_rate_limit_is_retried_with_exponential_backoff(fake_openai):
    fake_openai.script = ["429", "429", "ok"]
    llm = provider(fake_openai)

    assert llm.complete(MESSAGES).text == "hello"
    assert len(fake_openai.requests) == 3
    assert llm.sleeps == [0.01, 0.02]  # type: ignore[attr-defined]


def test_retries_stop_after_max_retries_with_one_line(fake_openai):
    fake_openai.script = ["500"]
    with pytest.raises(LLMError) as info:
        provider(fake_openai, max_retries=2).complete(MESSAGES)
    assert len(fake_openai.requests) == 3
    assert "after 2 retries" in str(info.value) and "\n" not in str(info.value)


def test_an_auth_error_is_one_line_and_not_retried(fake_openai):
    fake_openai.script = ["401"]
    with pytest.raises(LLMError) as info:
        provider(fake_openai).complete(MESSAGES)
    message = str(info.value)
    assert message.startswith("openai/fake-model: authentication failed: ")
    assert "fake 401" in message and "\n" not in message
    assert len(fake_openai.requests) == 1


def test_a_server_slower_than_the_timeout_is_a_timeout_error(fake_openai):
    fake_openai.script = ["sleep"]
    fake_openai.sleep_s = 3
    started = time.monotonic()
    with pytest.raises(LLMError, match=r"no answer within 0.5 s after 1 retries"):
        provider(fake_openai, timeout_s=0.5, max_retries=1).complete(MESSAGES)
    assert time.monotonic() - started < 2.9  # did not wait for the server
    assert len(fake_openai.requests) == 2


def test_a_call_given_less_time_than_the_provider_timeout_ends_in_that_time(fake_openai):
    fake_openai.script = ["sleep"]
    fake_openai.sleep_s = 3
    llm = provider(fake_openai, timeout_s=10, max_retries=3)
    started = time.monotonic()
    with pytest.raises(LLMError, match=r"no answer within 0.5 s$"):
        llm.complete(MESSAGES, timeout_s=0.5)  # what is left of the run's time budget
    assert time.monotonic() - started < 1.5  # neither the server nor 10 s was waited for
    assert len(fake_openai.requests) == 1  # no retry could end in time
    assert llm.sleeps == []  # type: ignore[attr-defined]


def test_an_answer_that_is_not_json_is_one_line_and_not_retried(fake_openai):
    fake_openai.script = ["garbage"]
    with pytest.raises(LLMError) as info:
        provider(fake_openai).complete(MESSAGES)
    assert str(info.value) == (
        "openai/fake-model: the server's answer is not valid JSON (is api_base right?)"
    )
    assert len(fake_openai.requests) == 1


def test_a_missing_api_key_is_one_line_before_any_request(fake_openai, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(LLMError, match=r"^no API key for openai: set OPENAI_API_KEY$"):
        provider(fake_openai).complete(MESSAGES)
    assert fake_openai.requests == []


def test_the_guard_stops_the_provider_before_any_request(fake_openai):
    with real_calls_blocked(), pytest.raises(RealCallBlockedError):
        provider(fake_openai).complete(MESSAGES)
    assert fake_openai.requests == []
    assert provider(fake_openai).complete(MESSAGES).text == "hello"  # the guard is off again
