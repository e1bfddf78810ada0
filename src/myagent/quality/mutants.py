"""Mutants for the mutation score: the Debugger's fix templates, used the other way round.

A fix template turns a statement into a slightly different one (`>` -> `>=`, `+ 1`
dropped, a condition negated, a literal changed, ...). Applied to correct code, the
same change is a mutant: a small fault the tests should notice. A `Mutant` is one such
change at one source line that at least one passing test executes; the tests that
execute that line are the ones that must fail on it.

Candidate lines are the project source lines (`sources`, test files left out) that a
passing test executes (`CoverageData.covered_by`). The sample is deterministic and
spread over the whole project:

- every candidate line gets a rank, a hash of (seed, path, the line's stripped text,
  how many earlier lines of the file have that same text): line numbers do not enter
  it, so an edit elsewhere in a file does not reshuffle the sample, and a line that
  becomes covered only adds itself to the ranking;
- lines are taken in rank order (hash order is uniform over files and lines), and the
  templates propose mutations at them (`generate_patches` over a `Localization` of
  those lines, all equally suspicious);
- of one line's mutations, at most `PER_LINE` are kept, each of a different template,
  chosen by a random generator seeded with the line's rank key;
- this stops at `max_mutants`.

So the same seed and the same project give the same mutants, and a change to one
function leaves the mutants of the others as they were.

Each mutant has a `key` that does not depend on line numbers: its line's rank key and
the text of the change (`<line key>:<digest>`). `keep` carries the keys of an earlier
sample (the baseline's): the lines those mutants were at come first, with the same
mutations where they still exist, and only the rest of the sample is drawn as above. So
a candidate is measured on the baseline's mutants (the ratchet compares like with like), and the lines it newly covers join the sample only in the room left.

Two templates are left out: `none-guard` and `mirror-statement` add code that handles a
case the program forgot; on correct code that case rarely occurs, so their mutants
mostly behave as the original (equivalent mutants) and would count as survivors that
no test can kill. For the same reason the condition templates' guards that only add a
`None` test (`x is not None and c`, `x is None or c`) are left out.
"""

from __future__ import annotations

import difflib
import hashlib
import random
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from myagent.protocol import CoverageData
from myagent.repair.localize import is_test_file, parse_location
from myagent.repair.templates import generate_patches
from myagent.repair.types import Localization, Patch, SuspiciousLine

PER_LINE = 2
EXCLUDED_TEMPLATES = frozenset({"none-guard", "mirror-statement"})
NONE_GUARDS = (" is not None and ", " is None or ")
_MAX_PATCHES_PER_LINE = 400  # generate_patches' cap for one batch, per line


@dataclass(frozen=True)
class Mutant:
    """One template mutation at one covered source line."""

    id: str  # stable: a digest of the path and the mutated source
    path: str  # workspace-relative, as in CoverageData
    line: int
    operator: str  # the template's name, e.g. "comparison-operator"
    description: str  # e.g. "`>` -> `>=` in bulk_discount (discounts.py:12)"
    new_source: str  # the whole mutated file
    tests: tuple[str, ...]  # passing tests that execute the line, sorted
    key: str = ""  # "<line rank key>:<digest of the change>", free of line numbers


@dataclass(frozen=True)
class _Line:
    path: str
    line: int
    key: str  # the rank key (a hex digest)
    tests: tuple[str, ...]


def generate_mutants(
    sources: Mapping[str, str],
    coverage: CoverageData,
    *,
    passing: Collection[str] | None = None,
    max_mutants: int = 40,
    seed: int = 0,
    keep: Collection[str] = (),
) -> list[Mutant]:
    """At most `max_mutants` mutants of `sources` (path -> text), in sample order (see
    the module docstring). `passing` names the tests that passed; None takes every test
    in `coverage` as passing. `keep`: the keys of an earlier sample, taken first where
    they still exist."""
    lines = candidate_lines(sources, coverage, passing, seed)
    mutants = _kept(sources, lines, keep)[:max_mutants]
    if keep:
        used = {m.key.partition(":")[0] for m in mutants}
        lines = [line for line in lines if line.key not in used]
    position = 0
    while len(mutants) < max_mutants and position < len(lines):
        wanted = max_mutants - len(mutants)
        batch = lines[position : position + -(-wanted // PER_LINE)]
        position += len(batch)
        for line, patches in _patches_by_line(sources, batch):
            for patch in _pick(patches, line.key)[:wanted]:
                mutants.append(_mutant(patch, line, sources[patch.path]))
            wanted = max_mutants - len(mutants)
    return mutants


def _kept(sources: Mapping[str, str], lines: list[_Line], keep: Collection[str]) -> list[Mutant]:
    """The mutants of `keep` that still exist, at the lines they were drawn at."""
    wanted = set(keep)
    line_keys = {key.partition(":")[0] for key in wanted}
    batch = [line for line in lines if line.key in line_keys]
    if not batch:
        return []
    found = [
        _mutant(patch, line, sources[patch.path])
        for line, patches in _patches_by_line(sources, batch)
        for patch in patches
    ]
    return [m for m in found if m.key in wanted]


def candidate_lines(
    sources: Mapping[str, str],
    coverage: CoverageData,
    passing: Collection[str] | None,
    seed: int,
) -> list[_Line]:
    """The source lines a passing test executes, in rank order."""
    allowed = None if passing is None else set(passing)
    by_file: dict[str, dict[int, tuple[str, ...]]] = defaultdict(dict)
    for entry, tests in coverage.covered_by.items():
        location = parse_location(entry)
        if location is None or location[0] not in sources or is_test_file(location[0]):
            continue
        covering = sorted({t for t in tests if allowed is None or t in allowed})
        if covering:
            by_file[location[0]][location[1]] = tuple(covering)
    found = [
        _Line(path, line, key, by_file[path][line])
        for path in sorted(by_file)
        for line, key in _keys(path, sources[path], by_file[path], seed)
    ]
    found.sort(key=lambda c: (c.key, c.path, c.line))
    return found


def _keys(path: str, source: str, lines: Collection[int], seed: int) -> Iterator[tuple[int, str]]:
    """Each line of `lines` with its rank key (see the module docstring)."""
    texts = source.splitlines()
    seen: Counter[str] = Counter()
    for number, raw in enumerate(texts, start=1):
        text = raw.strip()
        seen[text] += 1
        if number in lines:
            material = f"{seed}\0{path}\0{text}\0{seen[text]}"
            yield number, hashlib.sha256(material.encode()).hexdigest()


def _patches_by_line(
    sources: Mapping[str, str], batch: list[_Line]
) -> list[tuple[_Line, list[Patch]]]:
    """The template patches at each line of `batch`, in the batch's order."""
    suspicious = tuple(SuspiciousLine(c.path, c.line, 1.0, 0, len(c.tests), False) for c in batch)
    localization = Localization("ochiai", (), 0, suspicious)
    patches = generate_patches(
        sources,
        localization,
        max_lines=len(batch),
        max_patches=_MAX_PATCHES_PER_LINE * len(batch),
    )
    grouped: dict[tuple[str, int], list[Patch]] = defaultdict(list)
    for patch in patches:
        if patch.template not in EXCLUDED_TEMPLATES and not _adds_none_guard(
            sources[patch.path], patch.new_source
        ):
            grouped[(patch.path, patch.line)].append(patch)
    return [(c, grouped.get((c.path, c.line), [])) for c in batch]


def _adds_none_guard(source: str, new_source: str) -> bool:
    return any(new_source.count(guard) > source.count(guard) for guard in NONE_GUARDS)


def _pick(patches: list[Patch], key: str) -> list[Patch]:
    """At most `PER_LINE` patches of different templates, drawn with a generator seeded
    by the line's key (the same line gives the same draw)."""
    shuffled = sorted(patches, key=lambda p: (p.template, p.description, p.new_source))
    random.Random(key).shuffle(shuffled)  # noqa: S311 - a reproducible sample, not a secret
    picked: list[Patch] = []
    for patch in shuffled:
        if len(picked) < PER_LINE and all(p.template != patch.template for p in picked):
            picked.append(patch)
    return picked


def _mutant(patch: Patch, line: _Line, source: str) -> Mutant:
    digest = hashlib.sha256(f"{patch.path}\0{patch.new_source}".encode()).hexdigest()
    return Mutant(
        id=digest[:12],
        path=patch.path,
        line=patch.line,
        operator=patch.template,
        description=patch.description,
        new_source=patch.new_source,
        tests=line.tests,
        key=f"{line.key}:{change_digest(patch, source)}",
    )


def change_digest(patch: Patch, source: str) -> str:
    """A digest of what `patch` does to `source` (the operator and the removed and added
    lines, stripped), free of line numbers."""
    changed = [
        text.strip()
        for text in difflib.unified_diff(source.splitlines(), patch.new_source.splitlines(), n=0)
        if text[:1] in "+-" and not text.startswith(("+++", "---"))
    ]
    material = "\0".join([patch.template, *changed])
    return hashlib.sha256(material.encode()).hexdigest()[:16]
