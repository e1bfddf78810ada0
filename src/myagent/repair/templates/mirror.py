"""The mirror-statement template: a missing statement that a nearby one mirrors.

Statements are one-line simple statements (`analogy.copyable`); two of them match when
their code is equal, or equal once every name is blanked (the skeleton).

- Branches: around the suspicious line (an `if`/`elif` header or a statement directly
  in one of its branches), a statement of one branch with no match in another branch
  is copied there: verbatim, and renamed the way matched pairs rename
  (`a_count += 1` / `b_count += 1` turns `a_sum += v` into `b_sum += v`).
- Opposite function: a sibling function named as the opposite of this one (`undo` for
  `redo`) has a statement whose opposite (`self._redo.append(...)` ->
  `self._undo.append(...)`) has no match here: it is copied here.
- Opposite statement: in the block of the suspicious line (or the body of its
  compound statement), the opposite of a statement for one pair of opposite words
  (`min_y = min(min_y, y)` -> `max_y = max(max_y, y)` or `min_x = min(min_x, x)`),
  or for all of them at once (`"<"` / `"&lt;"` -> `">"` / `"&gt;"`), also with
  `+=` <-> `-=` flipped, that the block lacks goes right after it; the statements
  nearest the suspicious line first.
- Unused parameter: a statement of the block that reads parameter `p` (`self.p = p`)
  is copied with `p` renamed to a parameter the function never reads, after the last
  statement of the same skeleton.

A copy goes after the counterpart of the statement preceding the original (before it
when that is a `return`/`raise`/`break`/`continue`), or first in the block.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import permutations

import libcst as cst

from myagent.repair.templates import analogy
from myagent.repair.templates.site import LineSite, Mutation

_TERMINAL = (cst.Return, cst.Raise, cst.Break, cst.Continue)
Key = tuple[str, str] | None  # (text, skeleton) of a copyable statement


def _is_terminal(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and isinstance(
        statement.body[-1], _TERMINAL
    )


def _keys(
    site: LineSite,
    block: Sequence[cst.BaseStatement],
    transformer: cst.CSTTransformer | None = None,
) -> list[Key]:
    return [
        (analogy.text(site, s, transformer), analogy.skeleton(site, s))
        if analogy.copyable(site, s)
        else None
        for s in block
    ]


def _match(a: list[Key], b: list[Key]) -> dict[int, int]:
    """Index in `a` -> index in `b`, one to one, equal text first, then skeleton."""
    matched: dict[int, int] = {}
    for part in (0, 1):
        used = set(matched.values())
        for i, key in enumerate(a):
            if key is None or i in matched:
                continue
            j = next(
                (j for j, k in enumerate(b) if k and j not in used and k[part] == key[part]), None
            )
            if j is not None:
                matched[i] = j
                used.add(j)
    return matched


def _position(
    b: Sequence[cst.BaseStatement], matched: dict[int, int], index: int
) -> tuple[cst.BaseStatement, bool]:
    """Where in `b` the copy of statement `index` of the other block goes."""
    for previous in range(index - 1, -1, -1):
        if previous in matched:
            anchor = b[matched[previous]]
            return anchor, not _is_terminal(anchor)
    return b[0], False


def _chain(site: LineSite) -> cst.If | None:
    """The top `if` of the chain whose header or branch holds the statement."""
    node: cst.CSTNode | None = site.statement
    if not isinstance(node, cst.If):
        block = site.file.parent(site.statement)
        node = site.file.parent(block) if isinstance(block, cst.IndentedBlock) else None
        if isinstance(node, cst.Else):
            node = site.file.parent(node)
    if not isinstance(node, cst.If):
        return None
    parent = site.file.parent(node)
    while isinstance(parent, cst.If) and parent.orelse is node:
        node, parent = parent, site.file.parent(parent)
    return node


def _branches(top: cst.If) -> list[cst.IndentedBlock]:
    blocks: list[cst.BaseSuite] = []
    node: cst.If | cst.Else | None = top
    while node is not None:
        blocks.append(node.body)
        node = node.orelse if isinstance(node, cst.If) else None
    return [b for b in blocks if isinstance(b, cst.IndentedBlock)]


def _renaming(
    site: LineSite,
    a: Sequence[cst.BaseStatement],
    b: Sequence[cst.BaseStatement],
    matched: dict[int, int],
) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for i, j in matched.items():
        for old, new in zip(analogy.names(site, a[i]), analogy.names(site, b[j]), strict=False):
            if old != new:
                mapping.setdefault(old, new)
    known = {
        n.value for n in site.walk(site.function or site.file.module) if isinstance(n, cst.Name)
    }
    for statement in a:
        for name in analogy.names(site, statement):
            renamed = _affix_renamed(mapping, name)
            if name not in mapping and renamed in known:
                mapping[name] = renamed
    return mapping


def _affix_renamed(mapping: dict[str, str], name: str) -> str:
    """`name` with the part that differs between a mapped pair substituted."""
    for old, new in list(mapping.items()):
        prefix = 0
        while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
            prefix += 1
        suffix = 0
        while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
            suffix += 1
        core_old, core_new = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
        if core_old and core_old in name:
            return name.replace(core_old, core_new)
    return name


def _branch_copies(site: LineSite) -> Iterator[Mutation]:
    top = _chain(site)
    if top is None:
        return
    for a, b in permutations(_branches(top), 2):
        a_keys, b_keys = _keys(site, a.body), _keys(site, b.body)
        matched = _match(a_keys, b_keys)
        rename = analogy.Rename(_renaming(site, a.body, b.body, matched))
        for i, key in enumerate(a_keys):
            if key is not None and i not in matched:
                anchor, after = _position(b.body, matched, i)
                for copy in dict.fromkeys((key[0], analogy.text(site, a.body[i], rename))):
                    yield site.insert(anchor, copy + "\n", after=after)


def _opposite_function_copies(site: LineSite) -> Iterator[Mutation]:
    function = site.function
    holder = site.file.parent(function) if function is not None else None
    if function is None or not isinstance(holder, cst.IndentedBlock | cst.Module):
        return
    if not isinstance(function.body, cst.IndentedBlock):
        return
    name = analogy.opposite_identifier(function.name.value)
    for sibling in holder.body:
        if (
            not isinstance(sibling, cst.FunctionDef)
            or sibling.name.value != name
            or sibling is function
        ):
            continue
        if not isinstance(sibling.body, cst.IndentedBlock):
            continue
        words = {
            a: b
            for a, b in zip(function.name.value.split("_"), name.split("_"), strict=True)
            if a != b
        }
        opposite = analogy.Opposite({**words, **{b: a for a, b in words.items()}}, operators=False)
        a_keys = _keys(site, sibling.body.body, opposite)
        here = function.body.body
        matched = _match(a_keys, _keys(site, here))
        for i, key in enumerate(a_keys):
            if key is not None and i not in matched:
                anchor, after = _position(here, matched, i)
                yield site.insert(anchor, key[0] + "\n", after=after)


def _blocks(site: LineSite) -> list[cst.IndentedBlock]:
    found: list[cst.IndentedBlock] = []
    parent = site.file.parent(site.statement)
    if isinstance(parent, cst.IndentedBlock):
        found.append(parent)
    body = getattr(site.statement, "body", None)
    if isinstance(body, cst.IndentedBlock):
        found.append(body)
    return found


def _opposite_copies(site: LineSite) -> Iterator[Mutation]:
    for block in _blocks(site):
        present = {key[0] for key in _keys(site, block.body) if key}
        statements = sorted(block.body, key=lambda s: abs(site.file.first_line(s) - site.line))
        for statement in statements:
            if not analogy.copyable(site, statement) or _is_terminal(statement):
                continue
            pairs = analogy.families(site, statement)
            every = {word: other for pair in pairs for word, other in pair.items()}
            variants = [*pairs, every] if len(pairs) > 1 else pairs
            copies = [
                analogy.text(site, statement, analogy.Opposite(opposites, operators=operators))
                for opposites in variants
                for operators in (False, True)
            ]
            for copy in dict.fromkeys(copies):
                if copy not in present:
                    yield site.insert(statement, copy + "\n", after=True)


def _unused_parameter_copies(site: LineSite) -> Iterator[Mutation]:
    block = site.file.parent(site.statement)
    if site.function is None or not isinstance(block, cst.IndentedBlock):
        return
    params = site.parameters
    read = {
        n.value
        for n in site.scope_walk(site.function.body)
        if isinstance(n, cst.Name) and site.name_role(n) in ("load", "call")
    }
    unused = [p for p in params if p not in read]
    keys = _keys(site, block.body)
    for statement, key in zip(block.body, keys, strict=True):
        used = [p for p in params if p in analogy.names(site, statement) and p in read]
        if key is None or len(used) != 1:
            continue
        last = [s for s, k in zip(block.body, keys, strict=True) if k and k[1] == key[1]][-1]
        for name in unused:
            copy = analogy.text(site, statement, analogy.Rename({used[0]: name}))
            yield site.insert(last, copy + "\n", after=True)


def mirror_statement(site: LineSite) -> Iterator[Mutation]:
    """Copy a statement that a sibling branch, function or statement suggests."""
    yield from _branch_copies(site)
    yield from _opposite_function_copies(site)
    yield from _opposite_copies(site)
    yield from _unused_parameter_copies(site)
