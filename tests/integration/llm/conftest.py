"""A real OpenAI-compatible server on 127.0.0.1, with the real-call guard off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_openai import FakeOpenAI, serve

from myagent.llm import testing


@pytest.fixture
def real_calls() -> Iterator[None]:
    """Allow real provider calls (to the local fake server) for one test, then restore."""
    previous = testing._REAL_CALLS_BLOCKED
    testing.block_real_calls(False)
    try:
        yield
    finally:
        testing.block_real_calls(previous)


@pytest.fixture
def fake_openai(real_calls: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """The fake server, running; a dummy OPENAI_API_KEY is set."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-fake-key-for-tests")
    with serve(FakeOpenAI()) as fake:
        yield fake
