"""`make_llm`: the model a run uses, with one-line errors before the run starts."""

from __future__ import annotations

import importlib.util

import pytest

from myagent.config import LlmConfig
from myagent.errors import ConfigError, UserError
from myagent.llm import factory, local
from myagent.llm.factory import AUTO, LOCAL_EXTRA, ModelChoice, choose_model, make_llm
from myagent.llm.litellm_provider import LiteLLMProvider
from myagent.llm.provider import ChatMessage
from myagent.llm.testing import RealCallBlockedError


def test_none_disables_llm_work():
    assert make_llm("none") is None
    assert make_llm("") is None


def test_a_litellm_model_string_gives_the_litellm_provider(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    llm = make_llm("openai/gpt-4o-mini", api_base="http://127.0.0.1:9/v1", timeout_s=5)
    assert isinstance(llm, LiteLLMProvider)
    assert llm.model == "openai/gpt-4o-mini"
    assert llm.api_base == "http://127.0.0.1:9/v1" and llm.timeout_s == 5


def test_an_unknown_model_is_a_one_line_config_error():
    with pytest.raises(ConfigError) as info:
        make_llm("gpt-nonsense-9000")
    message = str(info.value)
    assert "unknown model 'gpt-nonsense-9000'" in message
    assert "'openai/gpt-4o-mini'" in message and "\n" not in message


def test_a_missing_api_key_is_a_one_line_config_error(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ConfigError, match=r"^no API key for openai: set OPENAI_API_KEY$"):
        make_llm("openai/gpt-4o-mini")


def test_a_local_server_model_needs_no_key(monkeypatch):
    monkeypatch.delenv("OLLAMA_API_BASE", raising=False)
    llm = make_llm("ollama/llama3")
    assert llm is not None and llm.model == "ollama/llama3"


def test_local_without_the_extra_names_the_extra(monkeypatch):
    real_find_spec = importlib.util.find_spec

    def without_local(name: str, *args: object) -> object:
        return None if name == "myagent.llm.local" else real_find_spec(name)

    monkeypatch.setattr(factory.importlib.util, "find_spec", without_local)
    with pytest.raises(UserError, match=r"^the local model needs the 'local' extra"):
        make_llm("local")
    assert "pip install 'myagent[local]'" in LOCAL_EXTRA


def test_the_real_call_guard_stops_the_provider_in_unit_tests(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    llm = make_llm("openai/gpt-4o-mini")
    assert llm is not None
    with pytest.raises(RealCallBlockedError):
        llm.complete([ChatMessage(role="user", content="hi")])


def test_auto_is_no_model_when_the_local_extra_is_reported_missing(monkeypatch):
    monkeypatch.setattr(local, "available", lambda: False)

    choice = choose_model("auto")

    assert choice == ModelChoice("none", "the 'local' extra is not installed")
    assert make_llm("auto") is None


def test_auto_is_the_bundled_model_when_the_local_extra_is_installed(monkeypatch):
    monkeypatch.setattr(local, "available", lambda: True)

    assert choose_model(" auto ").name == "local"
    llm = make_llm("auto")
    assert llm is not None and llm.model == local.LOCAL_MODEL  # built, nothing loaded yet


def test_an_explicit_model_is_taken_as_it_is_without_a_note(monkeypatch):
    monkeypatch.setattr(local, "available", lambda: True)
    assert choose_model("none") == ModelChoice("none")
    assert choose_model("ollama/llama3") == ModelChoice("ollama/llama3")
    assert make_llm("none") is None


def test_the_default_setting_is_auto():
    assert LlmConfig().model == AUTO == "auto"
