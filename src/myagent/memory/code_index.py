"""The code index: a project's Python functions and classes in `code_snippets`.

One snippet per function, method (`Class.method`) and class (its outline: header,
attributes and method signatures with their docstrings; the methods are snippets of
their own), id `path::qualname`. `update()` is incremental: a file whose content hash
is the stored one is not parsed again; in a changed file only snippets whose text
changed are embedded again (a snippet that only moved gets its new lines without
being embedded); snippets and files that are gone are removed. A file that does not
parse keeps what was indexed before, and is named in the report. Each snippet records
its file's hash and snippet count, so an update cut short (a crash, a failed embedding
call) is finished by the next one instead of leaving a file half indexed.

    report = CodeIndex(memory, root, ["src"]).update()
    print(report.added, report.updated, report.removed, report.unchanged)
"""

from __future__ import annotations

import ast
import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from myagent.memory.vector import CollectionName, Document, Hit, Metadata, VectorMemory

__all__ = ["CodeIndex", "IndexReport", "Snippet", "python_files", "snippets_of"]

COLLECTION: CollectionName = "code_snippets"
MAX_FILE_BYTES = 1_000_000  # larger files are generated or data: not indexed
MAX_SNIPPET_CHARS = 8_000  # what is stored of one snippet (the model reads far less)
_SKIPPED_DIRS = {"__pycache__", "node_modules", "venv", "build", "dist", "site-packages"}
_Def = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


@dataclass(frozen=True)
class Snippet:
    """One function, method or class of a file."""

    path: str  # relative to the project root, with forward slashes
    qualname: str  # "f", "Class", "Class.method"; "#2" and on for a redefined name
    kind: Literal["function", "class"]
    start_line: int  # the first decorator's line
    end_line: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.path}::{self.qualname}"


@dataclass(frozen=True)
class IndexReport:
    """What one `update()` did, counted in snippets (files where said)."""

    added: int
    updated: int
    removed: int
    unchanged: int
    files_parsed: int  # new or changed files with functions or classes, read again
    failed: tuple[str, ...] = ()  # files unreadable or not parsing (old snippets are kept)

    @property
    def embedded(self) -> int:
        return self.added + self.updated


def _start(node: _Def) -> int:
    return min([node.lineno, *(d.lineno for d in node.decorator_list)])


def _docstring_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, int] | None:
    first = node.body[0]
    if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)):
        return None
    if isinstance(first.value.value, str) and first.end_lineno is not None:
        return first.lineno, first.end_lineno
    return None


def _class_outline(node: ast.ClassDef, lines: list[str]) -> str:
    """The class without its method bodies: signatures (and docstrings) then `...`."""
    out: list[str] = []
    cursor = _start(node)
    for child in node.body:
        if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        out.extend(lines[cursor - 1 : _start(child) - 1])
        body_line = child.body[0].lineno
        out.extend(lines[_start(child) - 1 : max(body_line - 1, child.lineno)])
        doc = _docstring_lines(child)
        if doc is not None and doc[0] > child.lineno:
            out.extend(lines[doc[0] - 1 : doc[1]])
        indent = lines[child.lineno - 1][: child.col_offset]
        out.append(f"{indent}    ...")
        cursor = (child.end_lineno or child.lineno) + 1
    out.extend(lines[cursor - 1 : node.end_lineno])
    return "\n".join(out)


def _walk(body: list[ast.stmt], prefix: str) -> Iterator[tuple[str, _Def]]:
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield prefix + node.name, node
            if isinstance(node, ast.ClassDef):
                yield from _walk(node.body, f"{prefix}{node.name}.")


def snippets_of(source: str, path: str) -> list[Snippet]:
    """The functions, methods and classes of one file (`SyntaxError` if it does not parse)."""
    tree = ast.parse(source)
    lines = source.splitlines()
    seen: dict[str, int] = {}
    snippets = []
    for qualname, node in _walk(tree.body, ""):
        seen[qualname] = seen.get(qualname, 0) + 1
        name = qualname if seen[qualname] == 1 else f"{qualname}#{seen[qualname]}"
        start, end = _start(node), node.end_lineno or node.lineno
        if isinstance(node, ast.ClassDef):
            text, kind = _class_outline(node, lines), "class"
        else:
            text, kind = "\n".join(lines[start - 1 : end]), "function"
        snippets.append(Snippet(path, name, kind, start, end, text[:MAX_SNIPPET_CHARS]))  # type: ignore[arg-type]
    return snippets


def _indexed_dir(name: str) -> bool:
    return not name.startswith(".") and name not in _SKIPPED_DIRS and not name.endswith(".egg-info")


def _walk_py(start: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(start):
        dirs[:] = [d for d in dirs if _indexed_dir(d)]
        yield from (Path(folder) / f for f in files if f.endswith(".py"))


def python_files(root: Path, sources: Sequence[str] = ()) -> list[Path]:
    """The `.py` files under `sources` (folders or files relative to `root`; default: all
    of `root`), without hidden folders, virtualenvs, build output, or files over 1 MB."""
    found: set[Path] = set()
    for source in sources or ["."]:
        start = root / source
        is_py = start.is_file() and start.suffix == ".py"
        found.update([start] if is_py else _walk_py(start))
    return sorted(p for p in found if not p.is_symlink() and p.stat().st_size <= MAX_FILE_BYTES)


def _digest(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:24]


def _metadata(snippet: Snippet, file_hash: str, in_file: int) -> Metadata:
    return {
        "file_snippets": in_file,
        "path": snippet.path,
        "qualname": snippet.qualname,
        "kind": snippet.kind,
        "start_line": snippet.start_line,
        "end_line": snippet.end_line,
        "file_hash": file_hash,
        "text_hash": _digest(snippet.text),
    }


@dataclass
class _Changes:
    """What one update will write, collected file by file."""

    embed: list[Document] = field(default_factory=list)
    moved: dict[str, Metadata] = field(default_factory=dict)  # new lines, same text
    gone: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    added: int = 0
    unchanged: int = 0
    parsed: int = 0

    def compare(self, snippets: list[Snippet], old: dict[str, Metadata], file_hash: str) -> None:
        """Sort the snippets of one changed file against what was stored for it."""
        self.parsed += 1
        for snippet in snippets:
            meta = _metadata(snippet, file_hash, len(snippets))
            before = old.pop(snippet.id, None)
            if before is not None and before.get("text_hash") == meta["text_hash"]:
                self.unchanged += 1
                self.moved[snippet.id] = meta
                continue
            if before is None:
                self.added += 1
            self.embed.append(Document(snippet.id, snippet.text, meta))
        self.gone.extend(old)

    def report(self) -> IndexReport:
        updated = len(self.embed) - self.added
        return IndexReport(
            self.added, updated, len(self.gone), self.unchanged, self.parsed, tuple(self.failed)
        )


class CodeIndex:
    """Keeps `code_snippets` of `memory` in step with the Python files of `root`."""

    def __init__(
        self, memory: VectorMemory, root: Path, sources: Sequence[str] = (), batch: int = 64
    ) -> None:
        self._memory = memory
        self._root = root
        self._sources = list(sources)
        self._batch = max(1, batch)

    def update(self, progress: Callable[[int, int], None] | None = None) -> IndexReport:
        """Index what changed since the last update (everything, the first time).
        `progress(embedded, total)` is called after each batch of snippets embedded."""
        stored: dict[str, dict[str, Metadata]] = {}
        for id_, meta in self._memory.metadata(COLLECTION).items():
            stored.setdefault(str(meta.get("path", "")), {})[id_] = meta
        changes = _Changes()
        for file in python_files(self._root, self._sources):
            path = file.relative_to(self._root).as_posix()
            self._check_file(file, path, stored.pop(path, {}), changes)
        changes.gone.extend(id_ for ids in stored.values() for id_ in ids)  # files deleted
        changes.embed.sort(key=lambda d: len(d.text))  # batches of like length pad least
        for start in range(0, len(changes.embed), self._batch):
            self._memory.upsert(COLLECTION, changes.embed[start : start + self._batch])
            if progress is not None:
                progress(min(start + self._batch, len(changes.embed)), len(changes.embed))
        self._memory.update_metadata(COLLECTION, changes.moved)
        self._memory.delete(COLLECTION, changes.gone)
        return changes.report()

    def _check_file(
        self, file: Path, path: str, old: dict[str, Metadata], changes: _Changes
    ) -> None:
        try:
            data = file.read_bytes()
        except OSError:  # removed or unreadable since the walk: try again next time
            changes.failed.append(path)
            return
        file_hash = _digest(data)
        if old and all(
            m.get("file_hash") == file_hash and m.get("file_snippets") == len(old)
            for m in old.values()
        ):
            changes.unchanged += len(old)
            return
        try:
            snippets = snippets_of(data.decode("utf-8", errors="replace"), path)
        except (SyntaxError, ValueError):
            changes.failed.append(path)
            return
        if snippets or old:  # else nothing to index (an empty `__init__.py`), nor was there
            changes.compare(snippets, old, file_hash)

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The snippets nearest in meaning to `query`."""
        return self._memory.search(COLLECTION, query, k)
