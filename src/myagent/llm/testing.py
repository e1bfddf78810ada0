"""Fakes for tests, shipped in the package (as pydantic-ai does), and the real-call guard.

* `ScriptedLLM(["reply 1", "reply 2"])` answers in order, fails when its script runs
  out, and `assert_consumed()` fails when replies are left over;
* `FunctionLLM(fn)` answers with `fn(messages)`;
* both record the `timeout_s` each call was given (`timeouts`);
* `block_real_calls()` makes every real provider refuse to call out (unit tests turn it
  on for the whole session; a real provider must call `check_real_calls_allowed()`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from myagent.llm.provider import ChatMessage, Completion, LLMError, estimate_tokens

_REAL_CALLS_BLOCKED = False


class RealCallBlockedError(LLMError):
    """A test tried to reach a real model."""


def block_real_calls(blocked: bool = True) -> None:
    global _REAL_CALLS_BLOCKED
    _REAL_CALLS_BLOCKED = blocked


@contextmanager
def real_calls_blocked() -> Iterator[None]:
    previous = _REAL_CALLS_BLOCKED
    block_real_calls(True)
    try:
        yield
    finally:
        block_real_calls(previous)


def check_real_calls_allowed(model: str) -> None:
    """Real providers call this first; it raises while the guard is on."""
    if _REAL_CALLS_BLOCKED:
        raise RealCallBlockedError(f"real LLM call to {model!r} attempted while calls are blocked")


def _completion(model: str, messages: Sequence[ChatMessage], text: str) -> Completion:
    prompt = sum(estimate_tokens(m.content) for m in messages)
    return Completion(
        text=text, model=model, prompt_tokens=prompt, completion_tokens=estimate_tokens(text)
    )


class ScriptedLLM:
    """Replies from a fixed script; records every prompt it was given."""

    def __init__(self, replies: Sequence[str], model: str = "scripted") -> None:
        self._replies = list(replies)
        self._model = model
        self.prompts: list[list[ChatMessage]] = []
        self.timeouts: list[float | None] = []

    @property
    def model(self) -> str:
        return self._model

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 1024,
        temperature: float = 0.0,
        timeout_s: float | None = None,
    ) -> Completion:
        self.prompts.append(list(messages))
        self.timeouts.append(timeout_s)
        if not self._replies:
            raise AssertionError(f"ScriptedLLM ran out of replies at call {len(self.prompts)}")
        return _completion(self._model, messages, self._replies.pop(0))

    def assert_consumed(self) -> None:
        if self._replies:
            raise AssertionError(f"ScriptedLLM has {len(self._replies)} unused replies")


class FunctionLLM:
    """Replies with `fn(messages)`."""

    def __init__(self, fn: Callable[[Sequence[ChatMessage]], str], model: str = "function") -> None:
        self._fn = fn
        self._model = model
        self.calls = 0
        self.timeouts: list[float | None] = []

    @property
    def model(self) -> str:
        return self._model

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 1024,
        temperature: float = 0.0,
        timeout_s: float | None = None,
    ) -> Completion:
        self.calls += 1
        self.timeouts.append(timeout_s)
        return _completion(self._model, messages, self._fn(messages))
