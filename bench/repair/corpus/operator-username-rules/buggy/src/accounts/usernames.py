"""Username rules for the sign-up form."""

from __future__ import annotations

MIN_LENGTH = 3
MAX_LENGTH = 16
EXTRA_CHARACTERS = "_-."


def normalize(name: str) -> str:
    """Trim surrounding blanks and lower-case, as usernames are stored."""
    return name.strip().lower()


def is_valid(name: str) -> bool:
    """Letters, digits and _-. only, 3 to 16 of them, not starting with a digit."""
    if not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        return False
    allowed = all(ch.isalnum() or ch in EXTRA_CHARACTERS for ch in name)
    return allowed or not name[0].isdigit()


def suggest(name: str, taken: set[str]) -> str:
    """`name` normalized, or with the smallest number appended that makes it free."""
    base = normalize(name)
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"
