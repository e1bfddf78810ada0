"""The grade book of one course: weighted scores per student and for the class."""

from __future__ import annotations

WEIGHTS = {"homework": 0.3, "midterm": 0.3, "final": 0.4}
LETTERS = ((90.0, "A"), (80.0, "B"), (70.0, "C"), (60.0, "D"))


def weighted_score(scores: dict[str, float]) -> float:
    """The weighted mean of the parts graded so far (weights rescaled to those parts)."""
    graded = {part: weight for part, weight in WEIGHTS.items() if part in scores}
    total_weight = sum(graded.values())
    return round(sum(scores[p] * w for p, w in graded.items()) / total_weight, 1)


def class_average(book: dict[str, dict[str, float]]) -> float:
    if not book:
        return 0.0
    return round(sum(weighted_score(s) for s in book.values()) / len(book), 1)


def letter(score: float) -> str:
    for floor, grade in LETTERS:
        if score >= floor:
            return grade
    return "F"
