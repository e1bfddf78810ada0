"""Fakes for tests, shipped in the package (as pydantic-ai does), and the real-call guard.

* `ScriptedLLM(["reply 1", "reply 2"])` answers in order, fails when its script runs
  out, and `assert_consumed()` fails when replies are left over;
* `FunctionLLM(fn)` answers with `fn(messages)`;
* both record the `timeout_s` each call was given (`timeouts`);
* `DeterministicEmbedder()` turns texts into hashed bag-of-words vectors (no model):
  texts sharing words are near, and it records every text it embedded (`texts`);
* `block_real_calls()` makes every real provider refuse to call out (unit tests turn it
  on for the whole session; a real provider must call `check_real_calls_allowed()`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from hashlib import blake2b

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


_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def _features(text: str) -> Iterator[tuple[str, float]]:
    """Lower-cased words (camelCase and snake_case split) with weight 1, and the
    character trigrams of each word with weight 0.5, so `ZeroDivisionError` is near
    `division by zero` and near `ZeroDivision`."""
    for word in _WORD.findall(text):
        word = word.lower()
        yield "w:" + word, 1.0
        padded = f"#{word}#"
        for i in range(len(padded) - 2):
            yield "c:" + padded[i : i + 3], 0.5


class DeterministicEmbedder:
    """A hashing embedder for tests: the same text always gives the same unit vector,
    and texts that share words or word pieces are nearer than texts that share none.
    No model, no network; `calls` and `texts` count what was embedded."""

    def __init__(self, dimension: int = 256) -> None:
        if dimension < 8:
            raise ValueError("dimension must be at least 8")
        self._dimension = dimension
        self.calls = 0
        self.texts: list[str] = []

    @property
    def name(self) -> str:
        return f"deterministic-{self._dimension}"

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls += 1
        self.texts.extend(texts)
        return [self._vector(text) for text in texts]

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self._dimension
        for feature, weight in _features(text):
            digest = int.from_bytes(blake2b(feature.encode(), digest_size=8).digest(), "big")
            sign = 1.0 if digest & 1 else -1.0
            vector[(digest >> 1) % self._dimension] += sign * weight
        norm = math.sqrt(sum(v * v for v in vector))
        if norm == 0.0:  # no word at all: one fixed direction, never a zero vector
            vector[0] = 1.0
            return vector
        return [v / norm for v in vector]
