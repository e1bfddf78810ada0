"""Candidate patches at the most suspicious lines.

For each of the top `max_lines` lines of a `Localization`, every template of the
catalog proposes mutations of the statement on that line (at most `cap(template)` per
template and line, in the template's own order). The candidates are then ordered by

    (suspiciousness desc, prior(template) desc, edit_size asc,
     rank of the line in the localization, generation order)

where `prior` is the learned success rate of a template (0.5 when unknown) and
`edit_size` the number of characters changed. With `weigh=True` (the priors were
learned for this kind of error, `myagent.learning.repair`) the first key is
suspiciousness * prior instead, then suspiciousness: a template that keeps fixing this
kind of error is tried at a slightly less suspicious line before templates that keep
failing at the top line. Walking that order, a candidate is kept
when its new source differs from every one kept before (duplicates are dropped, the
first in the order wins) and compiles; the walk stops at `max_patches`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice

import libcst as cst

from myagent.repair.templates.catalog import TEMPLATES, cap
from myagent.repair.templates.site import LineSite, Mutation
from myagent.repair.templates.source import SourceFile
from myagent.repair.types import Localization, Patch, SuspiciousLine

DEFAULT_PRIOR = 0.5


@dataclass(frozen=True)
class _Candidate:
    line: SuspiciousLine
    rank: int
    template: str
    prior: float
    mutation: Mutation
    order: int

    def key(self) -> tuple[float, float, int, int, int]:
        size = self.mutation.edit.size
        return (-self.line.score, -self.prior, size, self.rank, self.order)

    def weighed_key(self) -> tuple[float, float, float, int, int, int]:
        return (-self.line.score * self.prior, *self.key())


def generate_patches(
    sources: Mapping[str, str],
    localization: Localization,
    *,
    max_lines: int = 8,
    max_patches: int = 200,
    prior: Callable[[str], float] | None = None,
    weigh: bool = False,
) -> list[Patch]:
    """Candidate patches for the top `max_lines` suspicious lines, best first (see the
    module docstring for the order). `sources` maps a path to its current text."""
    priors = {name: prior(name) if prior else DEFAULT_PRIOR for name in TEMPLATES}
    files: dict[str, SourceFile | None] = {}
    candidates: list[_Candidate] = []
    for rank, suspicious in enumerate(localization.top(max_lines)):
        site = _site(files, sources, suspicious)
        if site is None:
            continue
        for name, template in TEMPLATES.items():
            for mutation in islice(_changes(template(site)), cap(name)):
                candidate = _Candidate(
                    suspicious, rank, name, priors[name], mutation, len(candidates)
                )
                candidates.append(candidate)
    candidates.sort(key=_Candidate.weighed_key if weigh else _Candidate.key)
    return _distinct_valid(candidates, files, max_patches)


def _site(
    files: dict[str, SourceFile | None], sources: Mapping[str, str], line: SuspiciousLine
) -> LineSite | None:
    if line.path not in files:
        files[line.path] = _parse(line.path, sources.get(line.path))
    file = files[line.path]
    statement = file.statement_at(line.line) if file is not None else None
    if file is None or statement is None:
        return None
    return LineSite(file, line.line, statement)


def _parse(path: str, source: str | None) -> SourceFile | None:
    if source is None:
        return None
    try:
        return SourceFile(path, source)
    except cst.ParserSyntaxError:
        return None


def _changes(mutations: Iterator[Mutation]) -> Iterator[Mutation]:
    return (m for m in mutations if m.edit.size > 0)


def _distinct_valid(
    candidates: list[_Candidate], files: Mapping[str, SourceFile | None], max_patches: int
) -> list[Patch]:
    patches: list[Patch] = []
    seen: set[tuple[str, str]] = set()
    for candidate in candidates:
        if len(patches) >= max_patches:
            break
        path = candidate.line.path
        file = files[path]
        assert file is not None
        new_source = candidate.mutation.edit.apply(file.source)
        if (path, new_source) in seen or new_source == file.source:
            continue
        seen.add((path, new_source))
        if compiles(new_source, path):
            patches.append(
                Patch(
                    path=path,
                    line=candidate.line.line,
                    template=candidate.template,
                    description=candidate.mutation.description,
                    new_source=new_source,
                    edit_size=candidate.mutation.edit.size,
                    suspiciousness=candidate.line.score,
                )
            )
    return patches


def compiles(source: str, path: str) -> bool:
    """Whether `source` is valid Python (compiled, never run)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(source, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            return False
    return True
