"""Word frequencies for the search index's "popular terms" box."""

from __future__ import annotations

import re
from collections import Counter

WORD = re.compile(r"[a-z']+")
STOP_WORDS = frozenset({"a", "an", "and", "in", "is", "of", "the", "to"})


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS]


def counts(text: str) -> Counter[str]:
    return Counter(words(text))


def top_words(text: str, n: int) -> list[str]:
    """The `n` most frequent words, most frequent first, ties alphabetical."""
    ranked = sorted(counts(text).items(), key=lambda pair: (-pair[1], pair[0]))
    return ranked[:n]


def vocabulary_size(text: str) -> int:
    return len(counts(text))
