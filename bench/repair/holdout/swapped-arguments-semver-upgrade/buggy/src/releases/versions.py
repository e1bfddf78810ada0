"""Comparing semantic versions (MAJOR.MINOR.PATCH[-PRERELEASE]) to decide on upgrades."""

import re

VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$")


def parse(text: str) -> tuple[int, int, int, str | None]:
    match = VERSION.match(text.strip())
    if match is None:
        raise ValueError(f"not a semantic version: {text!r}")
    major, minor, patch, pre = match.groups()
    return int(major), int(minor), int(patch), pre


def _sort_key(text: str) -> tuple:
    """A release sorts after its pre-releases; numeric identifiers compare as numbers."""
    major, minor, patch, pre = parse(text)
    if pre is None:
        return (major, minor, patch, 1, [])
    parts = [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")]
    return (major, minor, patch, 0, parts)


def compare(a: str, b: str) -> int:
    """-1, 0 or 1 as version a is older than, the same as, or newer than b."""
    left, right = _sort_key(a), _sort_key(b)
    return (left > right) - (left < right)


def is_upgrade(installed: str, candidate: str) -> bool:
    """Whether installing `candidate` over `installed` moves forward."""
    return compare(installed, candidate) > 0


def latest(versions: list[str], include_prereleases: bool = False) -> str | None:
    """The newest of `versions`, skipping pre-releases unless asked to include them."""
    best = None
    for version in versions:
        if parse(version)[3] is not None and not include_prereleases:
            continue
        if best is None or compare(version, best) > 0:
            best = version
    return best
