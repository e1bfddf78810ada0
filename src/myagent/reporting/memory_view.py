"""`myagent memory search|index|check PATH`: what the vector memory would recall.

* `search`: the stored texts nearest in meaning to a query, in one collection or all
  four, as a table (collection, similarity, an excerpt, the links to the other stores);
* `index`: bring the code index up to date (incremental; a progress line on a long
  first index) and print the counts;
* `check`: whether the vector memory, the error graph, the ledger and the pattern
  store agree (`memory.consistency`).

`search` and `check` only read: a folder MyAgent never worked in (no `.myagent/`) gets
a one-line error, as does a vector memory that is off.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from myagent.config import ProjectSettings, load_settings
from myagent.errors import UserError
from myagent.memory import git
from myagent.memory.consistency import check_memory
from myagent.memory.recall_setup import index_code, open_memory
from myagent.memory.vector import COLLECTIONS, CollectionName, Hit, Metadata, VectorMemory
from myagent.project import open_project_database
from myagent.storage.db import database_url, open_database

EXCERPT_CHARS = 120
# metadata that is bookkeeping, not a link a reader follows
_HIDDEN = {"diff", "description", "file_hash", "text_hash", "file_snippets", "kind", "qualname"}


def _memory(path: Path, *, read_only: bool) -> tuple[Path, ProjectSettings, VectorMemory]:
    root = git.repo_root(path.resolve())
    settings = load_settings(root)
    if read_only and not settings.state_dir(root).is_dir():
        raise UserError(
            f"{root} has no MyAgent state (.myagent/): run `myagent run {root}` "
            f"or `myagent memory index {root}` first"
        )
    memory, note = open_memory(root, settings.memory)
    if memory is None:
        raise UserError(note)
    return root, settings, memory


def _collections(name: str | None) -> tuple[CollectionName, ...]:
    if name is None:
        return COLLECTIONS
    for known in COLLECTIONS:
        if known == name:
            return (known,)
    raise UserError(f"unknown collection {name!r} (one of {', '.join(COLLECTIONS)})")


def links(meta: Metadata) -> str:
    """The metadata that points elsewhere (file lines, commit, run, ids), one line."""
    parts = []
    if "path" in meta and "start_line" in meta:
        parts.append(f"{meta['path']}:{meta['start_line']}-{meta.get('end_line', '')}")
    for key, value in sorted(meta.items()):
        if key in _HIDDEN or key in ("path", "start_line", "end_line") or value in ("", 0):
            continue
        shown = value[:12] if key == "commit" and isinstance(value, str) else value
        parts.append(f"{key}={shown}")
    return ", ".join(parts)


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"


def search_memory(
    path: Path, query: str, collection: str | None, k: int, console: Console
) -> list[tuple[CollectionName, Hit]]:
    """Print (and return) the `k` nearest stored texts to `query`."""
    if not query.strip():
        raise UserError("the query must not be empty")
    chosen = _collections(collection)
    root, _, memory = _memory(path, read_only=True)
    found = [(name, hit) for name in chosen for hit in memory.search(name, query, k=k)]
    found.sort(key=lambda pair: -pair[1].similarity)
    found = found[:k]
    if not found:
        where = chosen[0] if len(chosen) == 1 else "the vector memory"
        console.print(
            f"nothing stored in {where} of {root} yet "
            f"(`myagent memory index {root}` indexes the code)",
            highlight=False,
            soft_wrap=True,
        )
        return []
    table = Table(title=f"Recalled for {query!r}")
    table.add_column("collection", no_wrap=True)
    table.add_column("similarity", justify="right", no_wrap=True)
    table.add_column("text", overflow="fold", ratio=3)
    table.add_column("links", overflow="fold", ratio=2)
    for name, hit in found:
        table.add_row(
            name, f"{hit.similarity:.2f}", escape(_excerpt(hit.text)), escape(links(hit.metadata))
        )
    console.print(table)
    return found


def index_memory(path: Path, console: Console) -> None:
    """(Re)index the project's code and print the counts."""
    root, settings, memory = _memory(path, read_only=False)
    open_project_database(root, settings)  # the state folder, git-ignored, as a run makes it
    from myagent.quality.layout import detect_layout

    layout = detect_layout(root, settings.project)
    sources = [*layout.source_dirs, *layout.test_dirs]

    def say(line: str) -> None:
        console.print(line, highlight=False, soft_wrap=True)

    index_code(memory, root, sources, say)
    counts = ", ".join(f"{name} {memory.count(name)}" for name in COLLECTIONS)
    say(f"memory: {counts} (in {memory.where})")


def check_memory_view(path: Path, console: Console) -> int:
    """Print whether the stores agree; the number of disagreements."""
    root, settings, memory = _memory(path, read_only=True)
    from myagent.memory.error_graph import ErrorGraph
    from myagent.memory.ledger import Ledger
    from myagent.memory.patterns import PatternStore

    with open_database(database_url(settings.state_dir(root), settings.database_url)) as db:
        ledger = Ledger(db)
        project = ledger.find_project(root)
        project_id = project.id if project is not None else None
        graph = ErrorGraph(db, project_id) if project_id is not None else None
        patterns = PatternStore(db, project_id) if project_id is not None else None
        problems = check_memory(memory, graph, ledger, patterns)
    stored = memory.count("solutions")
    for problem in problems:
        console.print(f"[red]disagrees[/red] {escape(str(problem))}", soft_wrap=True)
    if not problems:
        console.print(
            f"memory agrees: {stored} stored solution(s), each found in the error graph, "
            f"the ledger and the pattern store",
            highlight=False,
        )
    return len(problems)
