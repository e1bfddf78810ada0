"""The model a run uses, from its `[llm]` settings: `auto`, `none`, `local`, or a LiteLLM string.

`auto` (the default) is the bundled local model when the `local` extra is installed,
else no model; `choose_model` says which and why, so the run can tell the user.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from myagent.errors import ConfigError, UserError
from myagent.llm.provider import LLM, LLMError

LOCAL_EXTRA = "the local model needs the 'local' extra: pip install 'myagent[local]'"
AUTO = "auto"


@dataclass(frozen=True)
class ModelChoice:
    """The model setting to build (`none`, `local` or a LiteLLM string) and, when it was
    chosen for the user (`auto`), the one line that says so."""

    name: str
    note: str = ""


def choose_model(model: str) -> ModelChoice:
    """Resolve `auto`; any other setting is taken as it is."""
    name = model.strip()
    if name != AUTO:
        return ModelChoice(name)
    if _local_available():
        return ModelChoice("local", "the bundled model, as the 'local' extra is installed")
    return ModelChoice("none", "the 'local' extra is not installed")


def make_llm(
    model: str, *, api_base: str | None = None, timeout_s: float = 60, max_retries: int = 3
) -> LLM | None:
    """The provider for `model` (None for "none"; `auto` is resolved by `choose_model`).

    A model string LiteLLM cannot place, or a hosted model without its API key, raises
    `ConfigError` here, before the run starts."""
    name = choose_model(model).name
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


def _local_available() -> bool:
    """Whether the `local` extra is installed (nothing is loaded)."""
    if importlib.util.find_spec("myagent.llm.local") is None:
        return False
    module = importlib.import_module("myagent.llm.local")
    available = getattr(module, "available", None)
    return bool(available()) if available is not None else False


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
