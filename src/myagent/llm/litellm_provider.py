"""Every hosted or self-hosted model through LiteLLM, by its LiteLLM model string.

`LiteLLMProvider("openai/gpt-4o-mini")`, `("anthropic/claude-3-5-haiku-latest")`,
`("ollama/llama3")`, or any OpenAI-compatible server with `("openai/<name>",
api_base="http://host:8000/v1")`. Transient errors (rate limit, timeout, 5xx, lost
connection) are retried with exponential backoff; the others (auth, bad request, unknown
model) fail at once. Every failure is an `LLMError` with one line a user can act on.
The provider's `timeout_s` bounds each attempt. A call given its own `timeout_s` (the
time left in the run's budget) ends by then, retries and their waits included: each
attempt gets at most the time left, and no retry starts that could not end in time.

LiteLLM is slow to import (seconds), so it is imported on first use.
"""

from __future__ import annotations

import os
import re
import time
import warnings
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from myagent.llm.budget import PricedCompletion
from myagent.llm.provider import ChatMessage, LLMError
from myagent.llm.testing import check_real_calls_allowed

MODEL_HINT = "LiteLLM model strings look like 'openai/gpt-4o-mini', 'ollama/llama3'"
TRANSIENT = (
    "RateLimitError",
    "Timeout",
    "APIConnectionError",
    "InternalServerError",
    "ServiceUnavailableError",
    "BadGatewayError",
)


def load_litellm() -> ModuleType:
    """Import LiteLLM with its price table read from the package (no network at import)."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    # LiteLLM's own pydantic models warn on their first use; not the user's concern.
    warnings.filterwarnings("ignore", message=r".*`ReadOnly` qualifier", category=UserWarning)
    import litellm

    litellm.suppress_debug_info = True
    return litellm


def provider_of(model: str) -> str:
    """LiteLLM's provider for `model`; `LLMError` (one line) when it names none."""
    litellm = load_litellm()
    try:
        return str(litellm.get_llm_provider(model)[1])
    except Exception:
        raise LLMError(f"unknown model {model!r} ({MODEL_HINT})") from None


def missing_key(model: str) -> str | None:
    """The one-line error for a missing API key, or None when the keys are set."""
    litellm = load_litellm()
    try:
        env = litellm.validate_environment(model)
    except Exception:
        return None
    keys = [k for k in env.get("missing_keys", []) if k.endswith(("_KEY", "_TOKEN"))]
    if not keys:
        return None
    return f"no API key for {provider_of(model)}: set {', '.join(keys)}"


class LiteLLMProvider:
    """A chat model reached through `litellm.completion`."""

    def __init__(
        self,
        model: str,
        *,
        timeout_s: float = 60,
        max_retries: int = 3,
        api_base: str | None = None,
        backoff_s: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._model = model
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.api_base = api_base or None
        self.backoff_s = backoff_s
        self.sleep = sleep
        self.clock = clock

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
    ) -> PricedCompletion:
        check_real_calls_allowed(self._model)
        litellm = load_litellm()
        no_key = missing_key(self._model)
        if no_key is not None:
            raise LLMError(no_key)
        deadline = None if timeout_s is None else self.clock() + timeout_s
        attempt = 0
        while True:
            limit = self._attempt_timeout(deadline)
            try:
                response = litellm.completion(
                    model=self._model,
                    messages=[{"role": m.role, "content": m.content} for m in messages],
                    max_tokens=max_tokens,
                    temperature=temperature,
                    timeout=limit,
                    api_base=self.api_base,
                    num_retries=0,
                    max_retries=0,
                )
                return self._completion(litellm, response)
            except LLMError:
                raise
            except Exception as exc:
                wait = self.backoff_s * 2**attempt
                retry = _is_transient(exc) and not _not_json(exc) and attempt < self.max_retries
                if retry and (deadline is None or self.clock() + wait < deadline):
                    self.sleep(wait)
                    attempt += 1
                    continue
                raise LLMError(self._describe(exc, attempt, limit)) from None

    def _attempt_timeout(self, deadline: float | None) -> float:
        """The provider's per-attempt timeout, cut to what is left before `deadline`."""
        if deadline is None:
            return self.timeout_s
        return max(0.001, min(self.timeout_s, deadline - self.clock()))

    def estimate_cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        """The price of a call from LiteLLM's table; 0.0 for models it does not price."""
        litellm = load_litellm()
        try:
            prompt, completion = litellm.cost_per_token(
                model=self._model, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens
            )
        except Exception:
            return 0.0
        return float(prompt) + float(completion)

    def _completion(self, litellm: ModuleType, response: Any) -> PricedCompletion:
        try:
            text = response.choices[0].message.content or ""
            usage = response.usage
            prompt_tokens = int(usage.prompt_tokens)
            completion_tokens = int(usage.completion_tokens)
        except (AttributeError, IndexError, TypeError, ValueError):
            raise LLMError(f"{self._model}: malformed answer (no text or usage)") from None
        try:
            cost = float(litellm.completion_cost(completion_response=response))
        except Exception:
            cost = 0.0
        return PricedCompletion(
            text=text,
            model=self._model,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost_usd=cost,
        )

    def _describe(self, exc: Exception, retries: int, limit: float) -> str:
        kind = type(exc).__name__
        detail = _first_line(str(exc))
        after = f" after {retries} retries" if retries else ""
        if kind in ("AuthenticationError", "PermissionDeniedError"):
            return f"{self._model}: authentication failed{after}: {detail}"
        if "LLM Provider NOT provided" in str(exc):
            return f"unknown model {self._model!r} ({MODEL_HINT})"
        if kind == "NotFoundError":
            return f"unknown model {self._model!r} ({MODEL_HINT}): {detail}"
        if _not_json(exc):
            return f"{self._model}: the server's answer is not valid JSON (is api_base right?)"
        if kind == "Timeout":
            return f"{self._model}: no answer within {limit:.3g} s{after}"
        return f"{self._model}: {kind}{after}: {detail}"


def _is_transient(exc: Exception) -> bool:
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names.intersection(TRANSIENT):
        return True
    status = getattr(exc, "status_code", None)
    return isinstance(status, int) and status >= 500


def _not_json(exc: Exception) -> bool:
    text = str(exc)
    return "Expecting value" in text or "JSONDecodeError" in text


def _first_line(text: str, limit: int = 300) -> str:
    """The first line of LiteLLM's message, without its repeated 'litellm.XError: ' prefixes."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    line = re.sub(r"^(?:(?:litellm\.)?\w+Error: |\w+Exception - )+", "", line)
    return line if len(line) <= limit else line[: limit - 3] + "..."
