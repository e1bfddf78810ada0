"""Opening a project's vector memory for a command, and bringing its code index up to date.

`open_memory` follows `[memory]`: off (`enabled = false`, or `auto` without the
`memory` extra) is None and the line that says why; a Chroma server that does not
answer, or vectors built by another embedder, raise one-line errors before anything
runs. `index_code` updates the code index incrementally (by content hash: only changed
functions are embedded again) and reports progress at most every few seconds, so a
first index of a large project, which takes a minute or two, is never silent.

`myagent run` indexes at its start when it has a model (see `run_command._recall`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from myagent.config import MemoryConfig
from myagent.memory.code_index import CodeIndex, IndexReport
from myagent.memory.embedders import choose_embedder
from myagent.memory.vector import VectorMemory, open_vector_memory

PROGRESS_EVERY_S = 3.0
Say = Callable[[str], None]


def open_memory(
    root: Path, config: MemoryConfig, *, rebuild: bool = False
) -> tuple[VectorMemory | None, str]:
    """The project's vector memory (None when off) and a one-line note about it."""
    if not config.enabled:
        return None, "vector memory is off ([memory] enabled = false)"
    choice = choose_embedder(config.embedder)
    memory = open_vector_memory(root, config, rebuild=rebuild)
    if memory is None:
        return None, choice.note or "vector memory is off"
    return memory, choice.note or f"vector memory embeds with {memory.embedder.name}"


def index_code(
    memory: VectorMemory,
    root: Path,
    sources: Sequence[str],
    say: Say,
    clock: Callable[[], float] = time.monotonic,
) -> IndexReport:
    """Update the code index of `sources` (folders or files under `root`; empty: all),
    saying how far a long update is, then what it did."""
    started = clock()
    last = [started]
    if memory.count("code_snippets") == 0:
        say("memory: indexing the code for the first time (every function is embedded once)")

    def progress(done: int, total: int) -> None:
        now = clock()
        if now - last[0] >= PROGRESS_EVERY_S and done < total:
            last[0] = now
            say(f"memory: indexing the code, {done}/{total} snippets embedded")

    report = CodeIndex(memory, root, sorted(set(sources))).update(progress)
    say(f"memory: {describe_index(report)} in {clock() - started:.1f} s")
    return report


def describe_index(report: IndexReport) -> str:
    """One line of counts: "code index: 3 added, 1 updated, 0 removed, 120 unchanged"."""
    line = (
        f"code index: {report.added} added, {report.updated} updated, "
        f"{report.removed} removed, {report.unchanged} unchanged"
    )
    if report.failed:
        line += f"; {len(report.failed)} file(s) not indexed (e.g. {report.failed[0]})"
    return line
