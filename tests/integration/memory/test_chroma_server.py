"""The vector memory on a real Chroma server (`chroma run` on a free 127.0.0.1 port).

Skips with the reason when the server cannot start here, except under
`MYAGENT_REQUIRE_SERVICES=1` (CI), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from myagent.config import MemoryConfig
from myagent.llm.testing import DeterministicEmbedder
from myagent.memory.vector import Document, VectorMemory, open_vector_memory, server_namespace

pytestmark = pytest.mark.integration


def skip_or_fail(reason: str) -> None:
    if os.environ.get("MYAGENT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"MYAGENT_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        found = shutil.which("chroma")
        if found is None:
            skip_or_fail("the `chroma` command is not installed (the 'memory' extra)")
        chroma = Path(str(found))
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = (data / "server.log").open("wb")
    server = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(data / "db"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not answers(url):
            if server.poll() is not None or time.monotonic() > deadline:
                tail = (data / "server.log").read_text(errors="replace")[-300:].strip()
                skip_or_fail(f"`chroma run` did not start on port {port}: {tail}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_two_projects_on_one_server_remember_separately(chroma_url: str, tmp_path: Path):
    shop = open_vector_memory(
        tmp_path / "shop", MemoryConfig(embedder="deterministic", chroma_url=chroma_url)
    )
    blog = VectorMemory.server(
        chroma_url, DeterministicEmbedder(), server_namespace(tmp_path / "blog")
    )
    assert shop is not None
    shop.upsert("error_patterns", [Document("e1", "KeyError: 'cart_id'", {"fix": "s1"})])
    blog.upsert("error_patterns", [Document("e9", "KeyError: 'post_slug'", {"fix": "s9"})])
    assert [h.metadata["fix"] for h in shop.search("error_patterns", "KeyError cart")] == ["s1"]
    assert [h.id for h in blog.search("error_patterns", "KeyError", k=5)] == ["e9"]
    again = VectorMemory.server(
        chroma_url, DeterministicEmbedder(), server_namespace(tmp_path / "shop")
    )
    assert again.count("error_patterns") == 1
