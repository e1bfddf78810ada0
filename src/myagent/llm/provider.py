"""The interface every model provider implements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from myagent.errors import MyAgentError

Role = Literal["system", "user", "assistant"]


class LLMError(MyAgentError):
    """A model call failed (transport, quota, refusal). Recorded; the loop goes on."""


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str


@dataclass(frozen=True)
class Completion:
    text: str
    model: str
    prompt_tokens: int
    completion_tokens: int

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class LLM(Protocol):
    """A chat model. `complete` is deterministic at temperature 0 where the model allows.

    `timeout_s` is the most wall time the call may take (None: the provider's own
    limit); a provider that cannot stop in time raises `LLMError` or returns what it
    has, as it does at `max_tokens`."""

    @property
    def model(self) -> str: ...

    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 1024,
        temperature: float = 0.0,
        timeout_s: float | None = None,
    ) -> Completion: ...


def estimate_tokens(text: str) -> int:
    """A rough token count (4 characters a token) for fakes and budgets."""
    return max(1, (len(text) + 3) // 4)
