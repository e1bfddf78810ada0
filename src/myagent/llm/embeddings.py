"""Embeddings from a hosted or self-hosted model through LiteLLM (the vector memory's
`[memory] embedder = "openai/text-embedding-3-small"`, `"ollama/nomic-embed-text"`, ...).

The only place that calls LiteLLM for embeddings. A failed call is an `LLMError` with
one line; texts are sent in batches of `batch_size`. The vector size is what the model
answers (asked with one probe call if `dimension` is read before any `embed`): LiteLLM's
table can disagree with a self-hosted server or a model called with fewer dimensions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from myagent.llm.litellm_provider import load_litellm, missing_key, provider_of
from myagent.llm.provider import LLMError
from myagent.llm.testing import check_real_calls_allowed

EmbeddingCall = Callable[..., Any]


def embedding_model_problem(model: str) -> str | None:
    """Why `model` cannot embed here (unknown to LiteLLM, API key missing), or None."""
    try:
        provider_of(model)
    except LLMError as exc:
        return str(exc)
    return missing_key(model)


def _vectors(response: Any, expected: int) -> list[list[float]]:
    data = response["data"] if isinstance(response, dict) else response.data
    rows = sorted(data, key=lambda item: int(item["index"]))
    if len(rows) != expected:
        raise LLMError(f"the embedding model returned {len(rows)} vectors for {expected} texts")
    return [[float(x) for x in row["embedding"]] for row in rows]


class LiteLLMEmbedder:
    """An embedding model reached through `litellm.embedding`.

    `call` replaces `litellm.embedding` (tests hand in a fake; the real one is refused
    while real calls are blocked)."""

    def __init__(
        self,
        model: str,
        *,
        timeout_s: float = 60.0,
        api_base: str | None = None,
        batch_size: int = 128,
        call: EmbeddingCall | None = None,
    ) -> None:
        self._model = model
        self._timeout_s = timeout_s
        self._api_base = api_base or None
        self._batch_size = max(1, batch_size)
        self._call = call
        self._dimension: int | None = None

    @property
    def name(self) -> str:
        return self._model

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            self._dimension = len(self.embed(["dimension probe"])[0])
        return self._dimension

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self._batch_size):
            vectors.extend(self._embed_batch(list(texts[start : start + self._batch_size])))
        if vectors and self._dimension is None:
            self._dimension = len(vectors[0])
        return vectors

    def _embed_batch(self, batch: list[str]) -> list[list[float]]:
        call = self._call
        if call is None:
            check_real_calls_allowed(self._model)
            call = load_litellm().embedding
        try:
            response = call(
                model=self._model, input=batch, timeout=self._timeout_s, api_base=self._api_base
            )
        except Exception as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise LLMError(f"embedding with {self._model} failed: {first}") from None
        return _vectors(response, len(batch))
