"""A tiny OpenAI-compatible server on 127.0.0.1 for provider and run tests.

Each POST /v1/chat/completions takes the next behaviour from `script` (the last one
repeats): "ok" answers with `reply`, "429"/"401"/"500" answer with that status, "sleep"
waits `sleep_s` before answering, "garbage" answers with a body that is not JSON. Every
request body is kept in `requests`; `answered` holds the usage of each answer.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class FakeOpenAI:
    reply: str = "hello"
    script: list[str] = field(default_factory=lambda: ["ok"])
    sleep_s: float = 2.0
    prompt_tokens: int = 11
    completion_tokens: int = 7
    count_tokens: bool = False  # usage from the request text (4 characters a token)
    requests: list[dict[str, Any]] = field(default_factory=list)
    answered: list[dict[str, int]] = field(default_factory=list)
    port: int = 0

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def next_behaviour(self) -> str:
        index = min(len(self.requests) - 1, len(self.script) - 1)
        return self.script[index]

    def body(self, request: dict[str, Any]) -> dict[str, Any]:
        prompt, completion = self.prompt_tokens, self.completion_tokens
        if self.count_tokens:
            prompt = sum((len(m["content"]) + 3) // 4 for m in request.get("messages", []))
            completion = (len(self.reply) + 3) // 4
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "fake-model"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": self.reply},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            },
        }


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            request = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append(request)
            behaviour = fake.next_behaviour()
            if behaviour == "sleep":
                time.sleep(fake.sleep_s)
                behaviour = "ok"
            if behaviour in ("429", "401", "500"):
                error = {"error": {"message": f"fake {behaviour}", "type": "fake", "code": None}}
                self._send(int(behaviour), json.dumps(error).encode())
            elif behaviour == "garbage":
                self._send(200, b"<html>not json at all")
            else:
                body = fake.body(request)
                fake.answered.append(body["usage"])
                self._send(200, json.dumps(body).encode())

        def _send(self, status: int, payload: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

    return Handler


@contextmanager
def serve(fake: FakeOpenAI) -> Iterator[FakeOpenAI]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
