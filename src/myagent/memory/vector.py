"""Vector memory: semantic recall over ChromaDB (seed section "Vector Memory").

Four collections (`code_snippets`, `error_patterns`, `solutions`, `requirements`) in
an embedded Chroma under `PATH/.myagent/vectors/` by default, or on a Chroma server
(`[memory] chroma_url`), where a project's collections are named
`<folder>-<hash of its path>-<collection>` so projects sharing a server never mix.

MyAgent embeds every text itself with the configured `Embedder` and hands Chroma the
vectors: Chroma's own default embedder (which downloads a model at run time) is never
used, and Chroma's telemetry is off, so the embedded store touches no network. Distances
are cosine distances (0: same direction, 2: opposite); `Hit.similarity` is 1 - distance.

A collection remembers the embedder that built it; opening it with another one raises
`EmbedderMismatchError` (vectors of two models cannot be compared), unless it is opened
with `rebuild=True`, which empties such a collection for the new embedder.

    memory = VectorMemory.persistent(root / ".myagent" / "vectors", embedder)
    memory.upsert("error_patterns", [Document("e1", "ZeroDivisionError: ...", {"fix": "s3"})])
    for hit in memory.search("error_patterns", "division by zero in mean()", k=3):
        ...
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args
from urllib.parse import urlsplit

from myagent.config import STATE_DIR, MemoryConfig
from myagent.errors import ConfigError, MyAgentError, UserError
from myagent.memory.embedders import (
    MISSING_EXTRA,
    Embedder,
    EmbedderUnavailableError,
    make_embedder,
)

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection as ChromaCollection

__all__ = [
    "COLLECTIONS",
    "CollectionName",
    "Document",
    "EmbedderMismatchError",
    "Hit",
    "Metadata",
    "VectorMemory",
    "VectorMemoryError",
    "open_vector_memory",
    "server_namespace",
    "text_id",
]

CollectionName = Literal["code_snippets", "error_patterns", "solutions", "requirements"]
COLLECTIONS: tuple[CollectionName, ...] = get_args(CollectionName)
MetadataValue = str | int | float | bool
Metadata = Mapping[str, MetadataValue]
_BATCH = 512  # texts embedded and written per step


class VectorMemoryError(MyAgentError):
    """The vector store cannot be reached or opened (one line saying where and why)."""


class EmbedderMismatchError(VectorMemoryError, UserError):
    """The stored vectors come from another embedder than the configured one."""


@dataclass(frozen=True)
class Document:
    """One text to remember, with its id (stable: writing the same id replaces it)."""

    id: str
    text: str
    metadata: Metadata = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """One search result; the nearest first."""

    id: str
    text: str
    metadata: Metadata
    distance: float

    @property
    def similarity(self) -> float:
        return 1.0 - self.distance


def text_id(text: str) -> str:
    """A stable id for a text (its content hash)."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def server_namespace(root: Path) -> str:
    """The collection prefix of project `root` on a Chroma server."""
    resolved = root.resolve()
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", resolved.name).strip("-_")[:40] or "project"
    return f"{slug}-{hashlib.sha256(str(resolved).encode()).hexdigest()[:8]}"


def _chromadb() -> Any:
    try:
        import chromadb
    except ImportError:
        raise EmbedderUnavailableError(MISSING_EXTRA) from None
    return chromadb


def _settings() -> Any:
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _ours(meta: Mapping[str, object] | None) -> dict[str, MetadataValue]:
    """Metadata as stored by us (scalar values only)."""
    return {k: v for k, v in (meta or {}).items() if isinstance(v, str | int | float | bool)}


def _where(filters: Metadata | None) -> dict[str, Any] | None:
    """Chroma's `where` for equality on every key of `filters`."""
    if not filters:
        return None
    clauses: list[dict[str, Any]] = [{key: value} for key, value in sorted(filters.items())]
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class VectorMemory:
    """The four collections of one project, searched by meaning."""

    def __init__(
        self,
        client: ClientAPI,
        embedder: Embedder,
        *,
        namespace: str = "",
        where: str = "",
        rebuild: bool = False,
    ) -> None:
        self._client = client
        self._embedder = embedder
        self._namespace = namespace
        self.where = where or "the vector store"
        self._collections = {name: self._open(name, rebuild) for name in COLLECTIONS}

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    # ------------------------------------------------------------------ opening
    @classmethod
    def persistent(cls, path: Path, embedder: Embedder, *, rebuild: bool = False) -> VectorMemory:
        """An embedded Chroma stored in the folder `path` (created when missing)."""
        chromadb = _chromadb()
        path.mkdir(parents=True, exist_ok=True)
        try:
            client = chromadb.PersistentClient(path=str(path), settings=_settings())
        except Exception as exc:
            message = f"cannot open the vector store {path}: {_first_line(exc)}"
            raise VectorMemoryError(message) from None
        return cls(client, embedder, where=str(path), rebuild=rebuild)

    @classmethod
    def server(
        cls, url: str, embedder: Embedder, namespace: str, *, rebuild: bool = False
    ) -> VectorMemory:
        """A Chroma server at `url` ("http://host:8000"); `namespace` prefixes collections."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"[memory] chroma_url {url!r} is not an http(s)://host:port URL")
        ssl = parts.scheme == "https"
        try:
            port = parts.port or (443 if ssl else 8000)
        except ValueError:
            raise ConfigError(f"[memory] chroma_url {url!r} has a bad port") from None
        chromadb = _chromadb()
        try:
            client = chromadb.HttpClient(
                host=parts.hostname, port=port, ssl=ssl, settings=_settings()
            )
            client.heartbeat()
            where = f"Chroma at {url}"
            return cls(client, embedder, namespace=namespace, where=where, rebuild=rebuild)
        except MyAgentError:
            raise
        except Exception as exc:
            raise VectorMemoryError(
                f"the Chroma server at {url} does not answer: {_first_line(exc)}"
            ) from None

    def _name(self, collection: CollectionName) -> str:
        return f"{self._namespace}-{collection}" if self._namespace else collection

    def _open(self, collection: CollectionName, rebuild: bool = False) -> ChromaCollection:
        name = self._embedder.name
        handle = self._client.get_or_create_collection(
            self._name(collection),
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": name},
            embedding_function=None,
        )
        built_by = (handle.metadata or {}).get("embedder", name)
        if built_by == name:
            return handle
        if rebuild:
            self._client.delete_collection(self._name(collection))
            return self._open(collection)
        raise EmbedderMismatchError(
            f"{self.where} ({collection}) was built with the embedder {built_by!r}, not "
            f"{name!r}: set [memory] embedder back, or rebuild the vector memory"
        )

    def reset(self, collection: CollectionName | None = None) -> None:
        """Forget `collection` (default: all four)."""
        for name in (collection,) if collection else COLLECTIONS:
            self._client.delete_collection(self._name(name))
            self._collections[name] = self._open(name)

    # ------------------------------------------------------------------ writing
    def upsert(self, collection: CollectionName, documents: Sequence[Document]) -> None:
        """Embed and store `documents`; an id already stored is replaced, metadata
        included (Chroma's own upsert would merge old metadata keys in)."""
        handle = self._collections[collection]
        unique = list({d.id: d for d in documents}.values())  # the last of an id wins
        for start in range(0, len(unique), _BATCH):
            batch = unique[start : start + _BATCH]
            vectors = self.embedder.embed([d.text for d in batch])
            handle.delete(ids=[d.id for d in batch])
            handle.add(
                ids=[d.id for d in batch],
                embeddings=vectors,  # type: ignore[arg-type]  # (its stubs want Sequence rows)
                documents=[d.text for d in batch],
                # Chroma refuses {} but takes None, which its stubs do not say
                metadatas=[dict(d.metadata) or None for d in batch],  # type: ignore[misc]
            )

    def add(self, collection: CollectionName, text: str, metadata: Metadata | None = None) -> str:
        """Store one text under its content hash (the same text is stored once); its id."""
        document = Document(text_id(text), text, metadata or {})
        self.upsert(collection, [document])
        return document.id

    def update_metadata(self, collection: CollectionName, metadata: Mapping[str, Metadata]) -> None:
        """Set metadata keys of stored ids ({id: metadata}, other keys are kept) without
        embedding again."""
        ids = list(metadata)
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            self._collections[collection].update(
                ids=batch,
                metadatas=[dict(metadata[i]) for i in batch],
            )

    def delete(self, collection: CollectionName, ids: Sequence[str]) -> None:
        """Forget the given ids (unknown ids are ignored)."""
        for start in range(0, len(ids), _BATCH):
            self._collections[collection].delete(ids=list(ids[start : start + _BATCH]))

    # ------------------------------------------------------------------ reading
    def count(self, collection: CollectionName) -> int:
        return self._collections[collection].count()

    def search(
        self,
        collection: CollectionName,
        query: str,
        k: int = 5,
        where: Metadata | None = None,
    ) -> list[Hit]:
        """The `k` stored texts nearest in meaning to `query` (matching `where`), nearest
        first."""
        handle = self._collections[collection]
        n = min(k, handle.count())
        if n <= 0:
            return []
        found = handle.query(
            query_embeddings=self.embedder.embed([query]),  # type: ignore[arg-type]
            n_results=n,
            where=_where(where),
            include=["documents", "metadatas", "distances"],
        )
        ids = found["ids"][0]
        texts = (found["documents"] or [[]])[0]
        metas = (found["metadatas"] or [[]])[0]
        distances = (found["distances"] or [[]])[0]
        return [
            Hit(id_, text or "", _ours(meta), float(distance))
            for id_, text, meta, distance in zip(ids, texts, metas, distances, strict=True)
        ]

    def get(
        self,
        collection: CollectionName,
        ids: Sequence[str] | None = None,
        where: Metadata | None = None,
    ) -> list[Document]:
        """Stored documents by id and/or metadata (no ids and no filter: all of them)."""
        found = self._collections[collection].get(
            ids=list(ids) if ids is not None else None,
            where=_where(where),
            include=["documents", "metadatas"],
        )
        texts = found["documents"] or [""] * len(found["ids"])
        metas = found["metadatas"] or [{}] * len(found["ids"])
        return [
            Document(id_, text or "", _ours(meta))
            for id_, text, meta in zip(found["ids"], texts, metas, strict=True)
        ]

    def metadata(
        self, collection: CollectionName, where: Metadata | None = None
    ) -> dict[str, Metadata]:
        """{id: metadata} of the stored documents (matching `where`), texts not read."""
        found = self._collections[collection].get(
            where=_where(where),
            include=["metadatas"],
        )
        metas = found["metadatas"] or [{}] * len(found["ids"])
        return {id_: _ours(meta) for id_, meta in zip(found["ids"], metas, strict=True)}


def open_vector_memory(
    root: Path, config: MemoryConfig, *, rebuild: bool = False
) -> VectorMemory | None:
    """The vector memory of project `root` as `[memory]` says: None when it is off
    (`enabled = false`, or `auto` without the `memory` extra; `choose_embedder(...).note`
    has the line to tell the user), else on the Chroma server of `chroma_url`, else
    embedded under `root/.myagent/vectors/`. `rebuild`: see `VectorMemory`."""
    if not config.enabled:
        return None
    embedder = make_embedder(config.embedder)
    if embedder is None:
        return None
    if config.chroma_url:
        namespace = server_namespace(root)
        return VectorMemory.server(config.chroma_url, embedder, namespace, rebuild=rebuild)
    return VectorMemory.persistent(root / STATE_DIR / "vectors", embedder, rebuild=rebuild)
