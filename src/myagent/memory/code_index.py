"""The code index: a project's Python functions and classes in `code_snippets`.

One snippet per function, method (`Class.method`) and class (its outline: header,
attributes and method signatures with their docstrings; the methods are snippets of
their own), id `path::qualname`. `update()` is incremental: a file whose content hash
is the stored one is not parsed again; in a changed file only snippets whose text
changed are embedded again (a snippet that only moved gets its new lines without
being embedded); snippets and files that are gone are removed. A file that does not
parse keeps what was indexed before, and is named in the report.

    report = CodeIndex(memory, root, ["src"]).update()
    print(report.added, report.updated, report.removed, report.unchanged)
"""

from __future__ import annotations

import ast
import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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
    files_parsed: int  # new or changed files read again
    failed: tuple[str, ...] = ()  # files that do not parse (their old snippets are kept)

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


def python_files(root: Path, sources: Sequence[str] = ()) -> list[Path]:
    """The `.py` files under `sources` (folders or files relative to `root`; default: all
    of `root`), without hidden folders, virtualenvs, build output, or files over 1 MB."""
    found: set[Path] = set()
    for source in sources or ["."]:
        start = root / source
        if start.is_file() and start.suffix == ".py":
            found.add(start)
            continue
        for folder, dirs, files in os.walk(start):
            dirs[:] = [
                d
                for d in dirs
                if not d.startswith(".") and d not in _SKIPPED_DIRS and not d.endswith(".egg-info")
            ]
            found.update(Path(folder) / f for f in files if f.endswith(".py"))
    return sorted(p for p in found if not p.is_symlink() and p.stat().st_size <= MAX_FILE_BYTES)


def _digest(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:24]


def _metadata(snippet: Snippet, file_hash: str) -> Metadata:
    return {
        "path": snippet.path,
        "qualname": snippet.qualname,
        "kind": snippet.kind,
        "start_line": snippet.start_line,
        "end_line": snippet.end_line,
        "file_hash": file_hash,
        "text_hash": _digest(snippet.text),
    }


class CodeIndex:
    """Keeps `code_snippets` of `memory` in step with the Python files of `root`."""

    def __init__(self, memory: VectorMemory, root: Path, sources: Sequence[str] = ()) -> None:
        self._memory = memory
        self._root = root
        self._sources = list(sources)

    def update(self) -> IndexReport:
        """Index what changed since the last update (everything, the first time)."""
        stored: dict[str, dict[str, Metadata]] = {}
        for id_, meta in self._memory.metadata(COLLECTION).items():
            stored.setdefault(str(meta.get("path", "")), {})[id_] = meta
        embed: list[Document] = []
        moved: dict[str, Metadata] = {}
        gone: list[str] = []
        unchanged = added = parsed = 0
        failed: list[str] = []
        for file in python_files(self._root, self._sources):
            path = file.relative_to(self._root).as_posix()
            old = stored.pop(path, {})
            data = file.read_bytes()
            file_hash = _digest(data)
            if old and all(m.get("file_hash") == file_hash for m in old.values()):
                unchanged += len(old)
                continue
            try:
                snippets = snippets_of(data.decode("utf-8", errors="replace"), path)
            except (SyntaxError, ValueError):
                failed.append(path)
                continue
            parsed += 1
            for snippet in snippets:
                meta = _metadata(snippet, file_hash)
                before = old.pop(snippet.id, None)
                if before is None:
                    added += 1
                    embed.append(Document(snippet.id, snippet.text, meta))
                elif before.get("text_hash") != meta["text_hash"]:
                    embed.append(Document(snippet.id, snippet.text, meta))
                else:
                    unchanged += 1
                    moved[snippet.id] = meta
            gone.extend(old)
        gone.extend(id_ for ids in stored.values() for id_ in ids)
        self._memory.upsert(COLLECTION, embed)
        self._memory.update_metadata(COLLECTION, moved)
        self._memory.delete(COLLECTION, gone)
        return IndexReport(added, len(embed) - added, len(gone), unchanged, parsed, tuple(failed))

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The snippets nearest in meaning to `query`."""
        return self._memory.search(COLLECTION, query, k)
