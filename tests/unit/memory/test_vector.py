"""The vector memory on a real embedded Chroma in tmp_path, with the hashed embedder."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from myagent.config import MemoryConfig
from myagent.errors import ConfigError
from myagent.llm.testing import DeterministicEmbedder
from myagent.memory.vector import (
    COLLECTIONS,
    Document,
    EmbedderMismatchError,
    VectorMemory,
    VectorMemoryError,
    open_vector_memory,
    server_namespace,
)

ERRORS = [
    Document("e1", "ZeroDivisionError: division by zero in mean()", {"solution": "s1"}),
    Document("e2", "KeyError: 'user_id' when reading the session", {"solution": "s2"}),
    Document("e3", "IndexError: list index out of range in pop_last", {"solution": "s3"}),
    Document("e4", "TypeError: unsupported operand type(s) for +: 'int' and 'str'", {}),
]


def forget_open_clients() -> None:
    """Chroma keeps one system per path in a process; drop it, as a new process would."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


@pytest.fixture
def memory(tmp_path: Path) -> VectorMemory:
    return VectorMemory.persistent(tmp_path / "vectors", DeterministicEmbedder())


def test_the_four_collections_exist_and_start_empty(memory: VectorMemory):
    assert COLLECTIONS == ("code_snippets", "error_patterns", "solutions", "requirements")
    assert [memory.count(c) for c in COLLECTIONS] == [0, 0, 0, 0]
    assert memory.search("solutions", "anything") == []


def test_search_finds_the_nearest_error_first_with_its_metadata(memory: VectorMemory):
    memory.upsert("error_patterns", ERRORS)
    hits = memory.search("error_patterns", "ZeroDivisionError: float division by zero", k=2)
    assert hits[0].id == "e1"
    assert hits[0].metadata == {"solution": "s1"}
    assert hits[0].text == ERRORS[0].text
    assert hits[0].similarity > hits[1].similarity
    assert hits[0].distance == pytest.approx(1 - hits[0].similarity)
    assert memory.search("error_patterns", "x", k=10)[-1].id  # k above the count is fine
    assert len(memory.search("error_patterns", "x", k=10)) == 4


def test_search_can_be_limited_by_metadata(memory: VectorMemory):
    memory.upsert("error_patterns", ERRORS)
    hits = memory.search("error_patterns", "division by zero", k=4, where={"solution": "s3"})
    assert [h.id for h in hits] == ["e3"]


def test_upsert_replaces_an_id_and_add_stores_the_same_text_once(memory: VectorMemory):
    memory.upsert("error_patterns", ERRORS)
    memory.upsert("error_patterns", [Document("e1", "RecursionError: maximum depth", {"n": 2})])
    assert memory.count("error_patterns") == 4
    assert memory.get("error_patterns", ["e1"]) == [
        Document("e1", "RecursionError: maximum depth", {"n": 2})
    ]
    first = memory.add("solutions", "guard the empty list before dividing", {"wins": 3})
    again = memory.add("solutions", "guard the empty list before dividing", {"wins": 4})
    assert first == again
    assert memory.count("solutions") == 1
    assert memory.metadata("solutions") == {first: {"wins": 4}}


def test_delete_forgets_ids_and_ignores_unknown_ones(memory: VectorMemory):
    memory.upsert("error_patterns", ERRORS)
    memory.delete("error_patterns", ["e2", "e4", "never-stored"])
    assert sorted(d.id for d in memory.get("error_patterns")) == ["e1", "e3"]
    assert {h.id for h in memory.search("error_patterns", "KeyError user_id", k=5)} == {"e1", "e3"}


def test_what_is_stored_is_still_there_when_the_project_is_opened_again(tmp_path: Path):
    first = VectorMemory.persistent(tmp_path / "vectors", DeterministicEmbedder())
    first.upsert("requirements", [Document("r1", "export the report as CSV", {"done": False})])
    del first
    forget_open_clients()
    again = VectorMemory.persistent(tmp_path / "vectors", DeterministicEmbedder())
    hits = again.search("requirements", "CSV export of the report", k=1)
    assert [(h.id, h.metadata) for h in hits] == [("r1", {"done": False})]


def test_another_embedder_on_stored_vectors_is_refused_unless_rebuilt(tmp_path: Path):
    VectorMemory.persistent(tmp_path / "v", DeterministicEmbedder(64)).add("solutions", "x")
    with pytest.raises(EmbedderMismatchError) as info:
        VectorMemory.persistent(tmp_path / "v", DeterministicEmbedder(128))
    message = str(info.value)
    assert "'deterministic-64', not 'deterministic-128'" in message
    assert "\n" not in message
    rebuilt = VectorMemory.persistent(tmp_path / "v", DeterministicEmbedder(128), rebuild=True)
    assert rebuilt.count("solutions") == 0
    rebuilt.add("solutions", "y")
    again = VectorMemory.persistent(tmp_path / "v", DeterministicEmbedder(128))
    assert again.count("solutions") == 1


def test_reset_forgets_one_collection_or_all(memory: VectorMemory):
    memory.upsert("error_patterns", ERRORS)
    memory.add("solutions", "guard the empty list")
    memory.reset("error_patterns")
    assert (memory.count("error_patterns"), memory.count("solutions")) == (0, 1)
    memory.reset()
    assert memory.count("solutions") == 0


def test_the_embedded_store_touches_no_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """No telemetry, no model download: every outgoing connection fails the test."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    memory = VectorMemory.persistent(tmp_path / "offline", DeterministicEmbedder())
    memory.upsert("code_snippets", [Document("f", "def f(): return 1", {"path": "a.py"})])
    assert [h.id for h in memory.search("code_snippets", "def f", k=1)] == ["f"]
    assert attempts == []


@pytest.mark.parametrize("url", ["ftp://host:1", "localhost:8000", "http://:8000", "http://h:x"])
def test_a_malformed_chroma_url_is_a_config_error(url: str):
    with pytest.raises(ConfigError, match=r"\[memory\] chroma_url"):
        VectorMemory.server(url, DeterministicEmbedder(), "ns")


def test_a_chroma_server_that_does_not_answer_is_one_line_naming_the_url():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(VectorMemoryError) as info:
        VectorMemory.server(f"http://127.0.0.1:{port}", DeterministicEmbedder(), "ns")
    assert str(info.value).startswith(f"the Chroma server at http://127.0.0.1:{port} does not")
    assert "\n" not in str(info.value)
    assert time.monotonic() - started < 10


def test_projects_on_one_server_get_their_own_collection_prefix(tmp_path: Path):
    one, two = tmp_path / "a" / "shop", tmp_path / "b" / "shop"
    assert server_namespace(one).startswith("shop-")
    assert server_namespace(one) != server_namespace(two)
    assert server_namespace(one) == server_namespace(one)


def test_the_configured_memory_lives_under_the_project_state_folder(tmp_path: Path):
    memory = open_vector_memory(tmp_path, MemoryConfig(embedder="deterministic"))
    assert memory is not None
    memory.add("requirements", "a CLI flag to export CSV")
    assert (tmp_path / ".myagent" / "vectors").is_dir()
    assert open_vector_memory(tmp_path, MemoryConfig(enabled=False)) is None
