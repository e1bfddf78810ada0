"""A ranked map of a repository's definitions that fits a token budget (after Aider's).

Every Python file is parsed with `ast` (project code is never imported). A file's
*definitions* are its module-level functions, classes (with their methods, fields and
nested classes) and UPPER_CASE constants, each with its signature as written and the
first line of its docstring. Its *references* are the names it imports (counted with
each use) and the attribute names it uses. A bare name used without an import is a
local one, so only imported names and `module.name` point at another file's top-level
definitions, and only attribute names (`obj.method`) at methods. Where an import names
the module that defines the name, the reference goes to that file alone.

Files are ranked with PageRank over a graph whose edge A -> B is weighted by how often
A uses names that B defines (square root of the count; names defined in more than
`MAX_DEFINERS` files, dunders, builtins and methods of everyday types draw no edges).
The random jump favours what the task is about:

| file                                    | personalization weight |
|-----------------------------------------|------------------------|
| any file                                | 1 (`BASE_WEIGHT`)      |
| a focus file                            | +20                    |
| defines a focus name (or is named so)   | +10                    |
| uses a focus name                       | +2                     |

A definition's rank is its file's rank split in proportion to how often other files
use it. The map lists definitions in this order: those in focus files (focus names
among them first), then focus names defined elsewhere, then all others by rank, and
keeps the longest prefix whose rendering fits `max_tokens` (`estimate_tokens`).
"""

from __future__ import annotations

import ast
import builtins
import importlib.util
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from io import TextIOWrapper
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from myagent.llm.provider import estimate_tokens

BASE_WEIGHT = 1.0
FOCUS_FILE_WEIGHT = 20.0
DEFINES_FOCUS_WEIGHT = 10.0
MENTIONS_FOCUS_WEIGHT = 2.0
DAMPING = 0.85
# A name defined in more files than this says little about which file is meant.
MAX_DEFINERS = 5
# Builtins and the attributes of everyday objects: `text.replace(...)` or `path.parent`
# says nothing about which project file is used, so these names draw no edges.
AMBIGUOUS_NAMES = frozenset(
    name
    for namespace in (builtins, str, bytes, int, float, list, tuple, dict, set, Path, TextIOWrapper)
    for name in dir(namespace)
)
ELISION = "⋮"
_MAX_VALUE_CHARS = 24
_MAX_ANNOTATION_CHARS = 40
_MAX_DECORATOR_CHARS = 48
_MAX_DOC_CHARS = 80
_MAX_FIELDS = 12
_CONSTANT = re.compile(r"_?[A-Z][A-Z0-9_]*")
_FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class RepoMap:
    """The rendered map: `files` are the files it shows, `ranks` every file's PageRank."""

    text: str
    tokens: int
    files: tuple[str, ...]
    ranks: Mapping[str, float]


@dataclass(frozen=True)
class Definition:
    """One function, method, class or constant, with the lines that show it."""

    name: str
    qualname: str
    line: int
    decorators: tuple[str, ...]
    header: str
    doc: str
    fields: tuple[tuple[str, str], ...] = ()  # (name, "name: type = value") of a class
    children: tuple[Definition, ...] = ()

    @property
    def member(self) -> bool:
        """Defined inside a class: reachable only as an attribute."""
        return self.qualname != self.name

    def walk(self) -> Iterator[Definition]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class ParsedFile:
    """What the map needs from one file; `parses` is False for a syntax error.

    `imported` counts the uses of each from-imported name (the import included),
    `imported_from` says from which module, `modules` are the modules the file imports
    (absolute dotted names) and `attributes` counts the attribute names it uses.
    """

    path: str
    parses: bool
    definitions: tuple[Definition, ...] = ()
    imported: Mapping[str, int] = field(default_factory=dict)
    imported_from: Mapping[str, str] = field(default_factory=dict)
    modules: frozenset[str] = frozenset()
    attributes: Mapping[str, int] = field(default_factory=dict)

    def all_definitions(self) -> Iterator[Definition]:
        for definition in self.definitions:
            yield from definition.walk()


def parse_source(path: str, data: bytes) -> ParsedFile:
    """Extract definitions and references from one file's bytes."""
    try:
        source = importlib.util.decode_source(data)
        tree = ast.parse(source, filename=path)
    except (SyntaxError, ValueError, UnicodeDecodeError):
        return ParsedFile(path, parses=False)
    extractor = _Extractor(source.encode().splitlines())
    definitions = tuple(extractor.scope(_statements(tree.body), prefix="", in_class=False))
    names: Counter[str] = Counter()
    attributes: Counter[str] = Counter()
    local_to_original: dict[str, str] = {}
    imported_from: dict[str, str] = {}
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names[node.id] += 1
        elif isinstance(node, ast.Attribute):
            attributes[node.attr] += 1
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute_module(path, node.module, node.level)
            modules.add(module)
            for alias in node.names:
                local_to_original[alias.asname or alias.name] = alias.name
                imported_from[alias.name] = module
                modules.add(f"{module}.{alias.name}")  # `from pkg import submodule`
    imported: Counter[str] = Counter()
    for local, original in local_to_original.items():
        imported[original] += 1 + names[local]
    return ParsedFile(
        path, True, definitions, dict(imported), imported_from, frozenset(modules), dict(attributes)
    )


def _module_parts(path: str) -> list[str]:
    """`src/pkg/mod.py` -> [src, pkg, mod]; a package's `__init__.py` is the package."""
    parts = list(PurePosixPath(path).with_suffix("").parts)
    return parts[:-1] if parts and parts[-1] == "__init__" else parts


def _absolute_module(path: str, module: str | None, level: int) -> str:
    if not level:
        return module or ""
    package = _module_parts(path)
    if not path.endswith("__init__.py"):
        package = package[:-1]
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join([*base, *([module] if module else [])])


class _Extractor:
    """Turns `ast` nodes into `Definition`s, quoting expressions as the source wrote them."""

    def __init__(self, lines: list[bytes]) -> None:
        self._lines = lines

    def scope(
        self, body: Iterable[ast.stmt], *, prefix: str, in_class: bool
    ) -> Iterator[Definition]:
        for node in body:
            if isinstance(node, _FunctionNode):
                yield self._function(node, prefix)
            elif isinstance(node, ast.ClassDef):
                yield self._class(node, prefix)
            elif not in_class:
                for name, text in self._assignment(node):
                    if _CONSTANT.fullmatch(name):
                        yield Definition(name, prefix + name, node.lineno, (), text, "")

    def _function(self, node: _FunctionNode, prefix: str) -> Definition:
        keyword = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
        returns = f" -> {self._annotation(node.returns)}" if node.returns else ""
        header = f"{keyword} {node.name}({self._parameters(node.args)}){returns}:"
        decorators = self._decorators(node)
        return Definition(
            node.name, prefix + node.name, node.lineno, decorators, header, _doc(node)
        )

    def _class(self, node: ast.ClassDef, prefix: str) -> Definition:
        bases = [self.quote(base) for base in node.bases]
        for keyword in node.keywords:
            value = self.quote(keyword.value)
            bases.append(f"{keyword.arg}={value}" if keyword.arg else f"**{value}")
        header = f"class {node.name}({', '.join(bases)}):" if bases else f"class {node.name}:"
        qualname = prefix + node.name
        fields = tuple(field for stmt in node.body for field in self._assignment(stmt))
        children = tuple(self.scope(node.body, prefix=qualname + ".", in_class=True))
        decorators = self._decorators(node)
        doc = _doc(node)
        return Definition(
            node.name, qualname, node.lineno, decorators, header, doc, fields, children
        )

    def _assignment(self, node: ast.stmt) -> Iterator[tuple[str, str]]:
        """Annotated names and UPPER_CASE names assigned by `node`, as `name: type = value`."""
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            value = f" = {self.quote(node.value, _MAX_VALUE_CHARS)}" if node.value else ""
            yield node.target.id, f"{node.target.id}: {self._annotation(node.annotation)}{value}"
        elif isinstance(node, ast.Assign):
            value = self.quote(node.value, _MAX_VALUE_CHARS)
            for target in node.targets:
                if isinstance(target, ast.Name) and _CONSTANT.fullmatch(target.id):
                    yield target.id, f"{target.id} = {value}"

    def _parameters(self, args: ast.arguments) -> str:
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        defaults += args.defaults
        parts: list[str] = []
        for index, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
            parts.append(self._parameter(arg, default))
            if index == len(args.posonlyargs) - 1:
                parts.append("/")
        if args.vararg:
            parts.append("*" + self._parameter(args.vararg, None))
        elif args.kwonlyargs:
            parts.append("*")
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            parts.append(self._parameter(arg, default))
        if args.kwarg:
            parts.append("**" + self._parameter(args.kwarg, None))
        return ", ".join(parts)

    def _parameter(self, arg: ast.arg, default: ast.expr | None) -> str:
        text = arg.arg
        if arg.annotation:
            text += f": {self._annotation(arg.annotation)}"
        if default is not None:
            text += (" = " if arg.annotation else "=") + self.quote(default, _MAX_VALUE_CHARS)
        return text

    def _annotation(self, node: ast.expr) -> str:
        """An annotation as written, but `Annotated[T, <long metadata>]` as `Annotated[T, ...]`."""
        text = self.quote(node)
        if len(text) > _MAX_ANNOTATION_CHARS and isinstance(node, ast.Subscript):
            outer = self.quote(node.value)
            if outer.endswith("Annotated") and isinstance(node.slice, ast.Tuple):
                return f"{outer}[{self.quote(node.slice.elts[0])}, ...]"
        return text

    def _decorators(self, node: _FunctionNode | ast.ClassDef) -> tuple[str, ...]:
        return tuple("@" + self.quote(d, _MAX_DECORATOR_CHARS) for d in node.decorator_list)

    def quote(self, node: ast.expr, limit: int = 0) -> str:
        """The source text of `node` on one line; "..." when longer than `limit` (if set)."""
        single_line = node.lineno == node.end_lineno and node.lineno <= len(self._lines)
        if single_line and node.end_col_offset is not None:
            raw = self._lines[node.lineno - 1][node.col_offset : node.end_col_offset]
            text = raw.decode(errors="replace")
        else:
            text = ast.unparse(node)
        return "..." if limit and len(text) > limit else text


def _statements(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Module statements, looking inside module-level `if` and `try` blocks."""
    for node in body:
        if isinstance(node, ast.If):
            yield from _statements([*node.body, *node.orelse])
        elif isinstance(node, ast.Try | ast.TryStar):
            handlers = [stmt for handler in node.handlers for stmt in handler.body]
            yield from _statements([*node.body, *handlers, *node.orelse, *node.finalbody])
        else:
            yield node


def _doc(node: _FunctionNode | ast.ClassDef) -> str:
    lines = (ast.get_docstring(node) or "").strip().splitlines()
    first = lines[0].strip() if lines else ""
    return first if len(first) <= _MAX_DOC_CHARS else first[: _MAX_DOC_CHARS - 3] + "..."


@dataclass(frozen=True)
class ReferenceGraph:
    """`edges[a][b]`: how strongly file a uses file b; `uses[(b, name)]`: uses from others."""

    edges: Mapping[str, Mapping[str, float]]
    uses: Mapping[tuple[str, str], int]


def reference_graph(parsed: Sequence[ParsedFile]) -> ReferenceGraph:
    """The graph of cross-file name use (see the module docstring for what counts)."""
    definers: dict[str, set[str]] = {}
    top_level: set[tuple[str, str]] = set()
    members: set[tuple[str, str]] = set()
    for file in parsed:
        for definition in file.all_definitions():
            definers.setdefault(definition.name, set()).add(file.path)
            (members if definition.member else top_level).add((file.path, definition.name))
            for name, _ in definition.fields:  # `obj.name` may be a field as well as a method
                definers.setdefault(name, set()).add(file.path)
                members.add((file.path, name))
    by_module: dict[str, set[str]] = {}
    for file in parsed:
        parts = _module_parts(file.path)
        for start in range(len(parts)):
            by_module.setdefault(".".join(parts[start:]), set()).add(file.path)

    def resolve(module: str) -> str | None:
        found = by_module.get(module, set())
        return next(iter(found)) if len(found) == 1 else None

    edges: dict[str, dict[str, float]] = {}
    uses: Counter[tuple[str, str]] = Counter()
    for file in parsed:
        imported_files = {resolve(module) for module in file.modules}
        targets: dict[str, float] = {}
        for name in sorted({*file.imported, *file.attributes}):
            owners = definers.get(name, set())
            if not _informative(name, owners):
                continue
            source = resolve(file.imported_from.get(name, ""))
            pinned = source if (source, name) in top_level else None
            for owner in sorted(owners - {file.path}):
                top = (owner, name) in top_level
                count = file.imported.get(name, 0) if top and pinned in (None, owner) else 0
                if (owner, name) in members or (top and owner in imported_files):
                    count += file.attributes.get(name, 0)  # obj.method or module.name
                if count:
                    uses[(owner, name)] += count
                    # sqrt: a file calling one helper fifty times is not fifty times as tied to it.
                    weight = math.sqrt(count) / len(owners)
                    targets[owner] = targets.get(owner, 0.0) + weight
        edges[file.path] = targets
    return ReferenceGraph(edges, uses)


def _informative(name: str, owners: set[str]) -> bool:
    common = (name.startswith("__") and name.endswith("__")) or name in AMBIGUOUS_NAMES
    return bool(owners) and len(owners) <= MAX_DEFINERS and not common


def pagerank(
    edges: Mapping[str, Mapping[str, float]],
    personalization: Mapping[str, float],
    *,
    damping: float = DAMPING,
    iterations: int = 100,
    tolerance: float = 1e-8,
) -> dict[str, float]:
    """Personalized PageRank by power iteration; the nodes are the keys of `personalization`."""
    total = sum(personalization.values())
    if total <= 0:
        return {}
    jump = {node: weight / total for node, weight in personalization.items()}
    out_weight = {node: sum(targets.values()) for node, targets in edges.items()}
    dangling = [node for node in jump if out_weight.get(node, 0.0) <= 0]
    rank = dict(jump)
    for _ in range(iterations):
        lost = damping * sum(rank[node] for node in dangling)
        new = {node: (1 - damping + lost) * jump[node] for node in jump}
        for source, targets in edges.items():
            if out_weight[source] > 0:
                share = damping * rank[source] / out_weight[source]
                for target, weight in targets.items():
                    new[target] += share * weight
        change = sum(abs(new[node] - rank[node]) for node in jump)
        rank = new
        if change < tolerance:
            break
    return rank


def _personalization(
    parsed: Sequence[ParsedFile], focus_files: set[str], focus_names: set[str]
) -> dict[str, float]:
    simple_names = {name.rpartition(".")[2] for name in focus_names}
    weights: dict[str, float] = {}
    for file in parsed:
        weight = BASE_WEIGHT
        if file.path in focus_files:
            weight += FOCUS_FILE_WEIGHT
        stem = PurePosixPath(file.path).stem
        if stem in simple_names or any(_is_focus(d, focus_names) for d in file.all_definitions()):
            weight += DEFINES_FOCUS_WEIGHT
        if any(name in file.imported or name in file.attributes for name in simple_names):
            weight += MENTIONS_FOCUS_WEIGHT
        weights[file.path] = weight
    return weights


def _is_focus(definition: Definition, focus_names: set[str]) -> bool:
    return definition.name in focus_names or definition.qualname in focus_names


@dataclass(frozen=True)
class _Entry:
    """One map entry: a definition (None: a file that does not parse) and its sort key."""

    path: str
    definition: Definition | None
    key: tuple[int, float, str, int]


def _ranked_entries(
    parsed: Sequence[ParsedFile],
    ranks: Mapping[str, float],
    uses: Mapping[tuple[str, str], int],
    focus_files: set[str],
    focus_names: set[str],
) -> list[_Entry]:
    """Every definition, best first: its file's rank split by how often others use it."""
    entries: list[_Entry] = []
    for file in parsed:
        in_focus_file = file.path in focus_files
        if not file.parses:
            key = (0 if in_focus_file else 3, -ranks[file.path], file.path, 0)
            entries.append(_Entry(file.path, None, key))
            continue
        definitions = list(file.all_definitions())
        weights = [1 + uses.get((file.path, d.name), 0) for d in definitions]
        total = sum(weights)
        for definition, weight in zip(definitions, weights, strict=True):
            focus = _is_focus(definition, focus_names)
            tier = (0 if focus else 1) if in_focus_file else (2 if focus else 3)
            rank = ranks[file.path] * weight / total
            entries.append(_Entry(file.path, definition, (tier, -rank, file.path, definition.line)))
    entries.sort(key=lambda entry: entry.key)
    return entries


def _render(
    entries: Sequence[_Entry], file_order: Sequence[str], by_path: Mapping[str, ParsedFile]
) -> tuple[str, tuple[str, ...]]:
    """The map text showing `entries` (in source order within each file) and its files."""
    chosen: dict[str, set[int]] = {}
    for entry in entries:
        chosen.setdefault(entry.path, set()).add(entry.definition.line if entry.definition else 0)
    lines: list[str] = []
    shown = tuple(path for path in file_order if path in chosen)
    for path in shown:
        file = by_path[path]
        if not file.parses:
            lines.append(f"{path}: (does not parse)")
            continue
        lines.append(f"{path}:")
        lines.extend(_render_scope(file.definitions, chosen[path], depth=0)[0])
    return ("\n".join(lines) + "\n" if lines else ""), shown


def _render_scope(
    definitions: Sequence[Definition], chosen: set[int], depth: int
) -> tuple[list[str], bool]:
    """Lines for the chosen definitions of one scope, `⋮` where others are left out, and
    whether anything in the scope was chosen (a chosen method shows its class line)."""
    indent = "│" + "    " * depth
    lines: list[str] = []
    any_chosen = False
    for definition in definitions:
        inner, inner_chosen = _render_scope(definition.children, chosen, depth + 1)
        if definition.line in chosen:
            lines.extend(indent + decorator for decorator in definition.decorators)
            doc = f"  # {definition.doc}" if definition.doc else ""
            lines.append(indent + definition.header + doc)
            lines.extend(f"{indent}    {text}" for _, text in definition.fields[:_MAX_FIELDS])
            if len(definition.fields) > _MAX_FIELDS:
                lines.append(ELISION)
        elif inner_chosen:
            lines.append(indent + definition.header)
        else:
            inner = [ELISION]
        any_chosen = any_chosen or definition.line in chosen or inner_chosen
        for line in inner:
            if line != ELISION or lines[-1:] != [ELISION]:
                lines.append(line)
    return lines, any_chosen


class RepoMapper:
    """Builds repository maps of one workspace, caching parsed files by (mtime, size)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, tuple[tuple[int, int], ParsedFile]] = {}

    def parse(self, path: str) -> ParsedFile | None:
        """The parsed file, from the cache while it is unchanged; None when unreadable."""
        try:
            stat = (self.root / path).stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            cached = self._cache.get(path)
            if cached and cached[0] == stamp:
                return cached[1]
            parsed = parse_source(path, (self.root / path).read_bytes())
        except OSError:
            return None
        self._cache[path] = (stamp, parsed)
        return parsed

    def build(
        self,
        files: Sequence[str],
        *,
        focus_files: Sequence[str] = (),
        focus_names: Sequence[str] = (),
        max_tokens: int = 1024,
    ) -> RepoMap:
        """The map of the Python files among `files` (workspace-relative)."""
        parsed = self._parse_all(files)
        focus = {PurePosixPath(path).as_posix() for path in focus_files}
        graph = reference_graph(parsed)
        ranks = pagerank(graph.edges, _personalization(parsed, focus, set(focus_names)))
        entries = _ranked_entries(parsed, ranks, graph.uses, focus, set(focus_names))
        tiers: dict[str, int] = {}  # focus files, then files defining focus names, then rank
        for entry in entries:
            tiers.setdefault(entry.path, entry.key[0])
        file_order = sorted(tiers, key=lambda path: (tiers[path], -ranks[path], path))
        by_path = {file.path: file for file in parsed}
        # The longest prefix of `entries` that fits, by binary search; `best` always fits.
        best: tuple[str, tuple[str, ...]] = ("", ())
        low, high = 1, len(entries) if max_tokens > 0 else 0
        while low <= high:
            middle = (low + high) // 2
            text, shown = _render(entries[:middle], file_order, by_path)
            if estimate_tokens(text) <= max_tokens:
                best, low = (text, shown), middle + 1
            else:
                high = middle - 1
        text, shown = best
        tokens = estimate_tokens(text) if text else 0
        return RepoMap(text, tokens, shown, MappingProxyType(ranks))

    def relevant_files(
        self, files: Sequence[str], focus_names: Sequence[str], limit: int = 3
    ) -> list[str]:
        """Files that define the focus names (most names first), then the top-ranked ones."""
        parsed = self._parse_all(files)
        wanted = set(focus_names)
        ranks = pagerank(reference_graph(parsed).edges, _personalization(parsed, set(), wanted))
        defined = {
            file.path: sum(_is_focus(d, wanted) for d in file.all_definitions()) for file in parsed
        }
        order = sorted(ranks, key=lambda path: (-defined[path], -ranks[path], path))
        return order[: max(limit, 0)]

    def _parse_all(self, files: Sequence[str]) -> list[ParsedFile]:
        paths = sorted({PurePosixPath(f).as_posix() for f in files if f.endswith(".py")})
        return [parsed for path in paths if (parsed := self.parse(path)) is not None]


def build_repo_map(
    root: Path,
    files: Sequence[str],
    *,
    focus_files: Sequence[str] = (),
    focus_names: Sequence[str] = (),
    max_tokens: int = 1024,
) -> RepoMap:
    """A ranked map of `files` (workspace-relative) under `root` that fits `max_tokens`."""
    return RepoMapper(root).build(
        files, focus_files=focus_files, focus_names=focus_names, max_tokens=max_tokens
    )


def relevant_files(
    root: Path, files: Sequence[str], focus_names: Sequence[str], limit: int = 3
) -> list[str]:
    """The files worth including whole: those defining `focus_names`, then the top-ranked."""
    return RepoMapper(root).relevant_files(files, focus_names, limit)
