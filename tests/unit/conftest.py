"""Unit tests use fakes only: any real LLM call is an error for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from myagent.llm.testing import block_real_calls


@pytest.fixture(autouse=True, scope="session")
def _no_real_llm_calls() -> Iterator[None]:
    block_real_calls(True)
    yield
    block_real_calls(False)
