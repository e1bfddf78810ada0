"""Embedders: the hashed test embedder, the choice from `[memory]`, LiteLLM embeddings."""

from __future__ import annotations

import math
from typing import Any

import pytest

from myagent.config import load_settings
from myagent.errors import ConfigError, UserError
from myagent.llm.embeddings import LiteLLMEmbedder
from myagent.llm.provider import LLMError
from myagent.llm.testing import DeterministicEmbedder, RealCallBlockedError
from myagent.memory import embedders
from myagent.memory.embedders import (
    EmbedderUnavailableError,
    MiniLMEmbedder,
    choose_embedder,
    make_embedder,
    minilm_folder,
)


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


@pytest.fixture
def no_memory_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine without the `memory` extra: one of its modules cannot be found."""
    monkeypatch.setattr(embedders, "_EXTRA_MODULES", ("chromadb", "no_such_module_xyz"))


def test_the_deterministic_embedder_gives_the_same_unit_vector_for_the_same_text():
    embedder = DeterministicEmbedder(dimension=64)
    first, again, empty = embedder.embed(["KeyError: 'name'", "KeyError: 'name'", ""])
    assert first == again
    assert len(first) == embedder.dimension == 64
    assert math.isclose(math.sqrt(cosine(first, first)), 1.0)
    assert math.isclose(math.sqrt(cosine(empty, empty)), 1.0)  # never a zero vector
    assert embedder.calls == 1
    assert embedder.texts == ["KeyError: 'name'", "KeyError: 'name'", ""]


def test_the_deterministic_embedder_puts_similar_error_messages_nearer_than_unrelated_ones():
    zero, zero_again, key, code = DeterministicEmbedder().embed(
        [
            "ZeroDivisionError: division by zero in mean()",
            "ZeroDivisionError: float division by zero",
            "KeyError: 'user_id' not found in mapping",
            "def render_template(name): return jinja.load(name)",
        ]
    )
    assert cosine(zero, zero_again) > 0.5
    assert cosine(zero, zero_again) > cosine(zero, key) + 0.3
    assert cosine(zero, zero_again) > cosine(zero, code) + 0.3


def test_auto_is_minilm_when_the_memory_extra_is_installed():
    choice = choose_embedder("auto")
    assert choice.name == "minilm"
    assert "all-MiniLM-L6-v2" in choice.note


def test_auto_without_the_memory_extra_turns_vector_memory_off_and_says_how_to_get_it(
    no_memory_extra: None,
):
    choice = choose_embedder("auto")
    assert choice.name == "none"
    assert "pip install 'myagent[memory]'" in choice.note
    assert make_embedder("auto") is None


def test_minilm_without_the_memory_extra_is_a_one_line_user_error(no_memory_extra: None):
    with pytest.raises(EmbedderUnavailableError) as info:
        make_embedder("minilm")
    assert isinstance(info.value, UserError)
    assert str(info.value) == embedders.MISSING_EXTRA


def test_named_embedders_are_built_as_asked():
    assert isinstance(make_embedder("deterministic"), DeterministicEmbedder)
    assert isinstance(make_embedder(" minilm "), MiniLMEmbedder)
    assert make_embedder("none") is None


def test_the_bundled_model_is_found_in_the_installed_package_without_loading_it():
    folder = minilm_folder()
    assert folder.name == "model"
    assert (folder / "model.safetensors").is_file()
    assert (folder / "1_Pooling" / "config.json").is_file()


def test_minilm_is_refused_in_unit_tests_before_anything_is_loaded(
    monkeypatch: pytest.MonkeyPatch,
):
    # an empty cache of loaded models (an integration test earlier in the same process
    # may have loaded the real one): the refused call must leave it empty
    monkeypatch.setattr(embedders, "_MODELS", {})
    with pytest.raises(RealCallBlockedError):
        MiniLMEmbedder().embed(["anything"])
    assert not embedders._MODELS


@pytest.mark.parametrize(
    ("setting", "needle"),
    [
        ("not-a-provider/xyz-model", "unknown model"),
        ("openai/text-embedding-3-small", "OPENAI_API_KEY"),
        ("", "embedder is empty"),
    ],
)
def test_an_unusable_embedding_model_is_a_config_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, setting: str, needle: str
):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ConfigError) as info:
        make_embedder(setting)
    assert needle in str(info.value)
    assert "\n" not in str(info.value)


class FakeEmbeddingCall:
    """Answers like `litellm.embedding`, rows out of order; records each batch."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.batches: list[list[str]] = []
        self.fail = fail

    def __call__(self, **kwargs: Any) -> dict[str, Any]:
        if self.fail is not None:
            raise self.fail
        batch = kwargs["input"]
        self.batches.append(batch)
        rows = [{"index": i, "embedding": [float(len(t)), 1.0, 0.0]} for i, t in enumerate(batch)]
        return {"data": list(reversed(rows))}


def test_a_litellm_embedder_sends_batches_and_keeps_the_order_of_the_texts():
    call = FakeEmbeddingCall()
    embedder = LiteLLMEmbedder("openai/text-embedding-3-small", batch_size=2, call=call)
    vectors = embedder.embed(["a", "bb", "ccc", "dddd", "eeeee"])
    assert [v[0] for v in vectors] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert call.batches == [["a", "bb"], ["ccc", "dddd"], ["eeeee"]]
    assert embedder.dimension == 3
    assert embedder.name == "openai/text-embedding-3-small"


def test_a_failed_embedding_call_is_one_line_naming_the_model():
    call = FakeEmbeddingCall(fail=RuntimeError("401 Unauthorized\nbody: {...}"))
    with pytest.raises(LLMError) as info:
        LiteLLMEmbedder("openai/text-embedding-3-small", call=call).embed(["x"])
    assert (
        str(info.value) == "embedding with openai/text-embedding-3-small failed: 401 Unauthorized"
    )


def test_a_real_litellm_embedding_call_is_refused_in_unit_tests():
    with pytest.raises(RealCallBlockedError):
        LiteLLMEmbedder("openai/text-embedding-3-small").embed(["x"])


def test_the_memory_section_of_myagent_toml_and_its_environment_variables(tmp_path):
    (tmp_path / "myagent.toml").write_text(
        '[memory]\nembedder = "deterministic"\nchroma_url = "http://127.0.0.1:8000"\n'
    )
    settings = load_settings(tmp_path, environ={})
    assert settings.memory.embedder == "deterministic"
    assert settings.memory.chroma_url == "http://127.0.0.1:8000"
    assert settings.memory.enabled
    env = {"MYAGENT_EMBEDDER": "minilm", "MYAGENT_CHROMA_URL": ""}
    overridden = load_settings(tmp_path, environ=env)
    assert (overridden.memory.embedder, overridden.memory.chroma_url) == ("minilm", "")
    (tmp_path / "myagent.toml").write_text("[memory]\nembeder = 'minilm'\n")
    with pytest.raises(ConfigError, match=r"unknown key 'memory.embeder'"):
        load_settings(tmp_path, environ={})
