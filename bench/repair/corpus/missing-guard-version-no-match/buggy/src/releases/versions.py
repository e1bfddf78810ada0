"""Release versions like "v1.4", "2.0.3" or "3.1.0-rc.1", compared the semver way."""

from __future__ import annotations

import re
from dataclasses import dataclass

PATTERN = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.]+))?$")


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int
    final: bool  # a release sorts after its pre-releases
    pre: str


def parse_version(text: str) -> Version:
    match = PATTERN.match(text.strip())
    major, minor, patch, pre = match.groups()
    return Version(int(major), int(minor), int(patch or 0), pre is None, pre or "")


def latest(tags: list[str]) -> str:
    """The highest version among `tags` (ValueError on a tag that is not a version)."""
    return max(tags, key=parse_version)
