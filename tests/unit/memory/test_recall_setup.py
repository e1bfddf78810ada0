"""Opening the vector memory for a command, and the lines a code index update prints."""

from __future__ import annotations

from pathlib import Path

from myagent.config import MemoryConfig
from myagent.memory.recall_setup import index_code, open_memory


def test_memory_off_is_none_with_the_reason(tmp_path: Path) -> None:
    assert open_memory(tmp_path, MemoryConfig(enabled=False)) == (
        None,
        "vector memory is off ([memory] enabled = false)",
    )
    assert open_memory(tmp_path, MemoryConfig(embedder="none")) == (None, "vector memory is off")


def test_a_first_index_says_so_reports_progress_then_counts(tmp_path: Path) -> None:
    memory, note = open_memory(tmp_path, MemoryConfig(embedder="deterministic"))
    assert memory is not None
    assert note == "vector memory embeds with deterministic-256"
    (tmp_path / "src").mkdir()
    body = "\n\n".join(f"def f{n}(x):\n    return x + {n}\n" for n in range(70))
    (tmp_path / "src/many.py").write_text(body)
    ticks = iter(float(n) for n in range(0, 100, 4))
    said: list[str] = []

    report = index_code(memory, tmp_path, ["src", "src"], said.append, clock=lambda: next(ticks))

    assert report.added == 70
    assert (
        said[0] == "memory: indexing the code for the first time (every function is embedded once)"
    )
    assert said[1] == "memory: indexing the code, 64/70 snippets embedded"
    assert said[-1].startswith(
        "memory: code index: 70 added, 0 updated, 0 removed, 0 unchanged in "
    )
    again: list[str] = []
    index_code(memory, tmp_path, ["src"], again.append)
    assert len(again) == 1 and "0 added, 0 updated, 0 removed, 70 unchanged" in again[0]
