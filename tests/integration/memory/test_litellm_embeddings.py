"""A LiteLLM embedding model for real, against an OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from myagent.llm.embeddings import LiteLLMEmbedder
from myagent.llm.provider import LLMError
from myagent.llm.testing import DeterministicEmbedder, block_real_calls, real_calls_blocked
from myagent.memory.vector import Document, VectorMemory

pytestmark = pytest.mark.integration


class Embeddings(BaseHTTPRequestHandler):
    """POST /v1/embeddings: the hashed test vectors of the inputs (status 500 for "boom")."""

    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append(body)
        texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
        if "boom" in texts:
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b'{"error": {"message": "the model is down"}}')
            return
        vectors = DeterministicEmbedder(dimension=32).embed(texts)
        data = [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vectors)]
        usage = {"prompt_tokens": len(texts), "total_tokens": len(texts)}
        payload = {"object": "list", "model": body["model"], "data": data, "usage": usage}
        answer = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-fake-key-for-tests")
    Embeddings.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Embeddings)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    with real_calls_blocked():
        block_real_calls(False)
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_a_litellm_embedding_model_fills_and_searches_the_vector_memory(
    server: str, tmp_path: Path
):
    embedder = LiteLLMEmbedder("openai/text-embedding-3-small", api_base=server, batch_size=2)
    memory = VectorMemory.persistent(tmp_path / "v", embedder)
    memory.upsert(
        "solutions",
        [
            Document("s1", "return 0 when the list of values is empty", {"error": "zero"}),
            Document("s2", "use dict.get with a default for a missing key", {"error": "key"}),
            Document("s3", "check the index against len(items) first", {"error": "index"}),
        ],
    )
    hit = memory.search("solutions", "missing key in the dict: use get with a default", k=1)[0]
    assert hit.id == "s2"
    assert embedder.dimension == 32  # what the server answers, not LiteLLM's 1536
    sent = [r["input"] for r in Embeddings.requests]
    assert sent[:2] == [
        [
            "return 0 when the list of values is empty",
            "use dict.get with a default for a missing key",
        ],
        ["check the index against len(items) first"],
    ]
    assert {r["model"] for r in Embeddings.requests} == {"text-embedding-3-small"}


def test_a_failing_embedding_server_is_one_line_naming_the_model(server: str):
    embedder = LiteLLMEmbedder("openai/text-embedding-3-small", api_base=server, timeout_s=5)
    with pytest.raises(LLMError) as info:
        embedder.embed(["boom"])
    message = str(info.value)
    assert message.startswith("embedding with openai/text-embedding-3-small failed:")
    assert "\n" not in message
