"""SubRip (.srt) subtitles: renumbering blocks and shifting their timestamps."""

from __future__ import annotations


def to_ms(stamp: str) -> int:
    """ "00:01:02,500" -> 62500."""
    clock, _, millis = stamp.strip().partition(",")
    hours, minutes, seconds = (int(part) for part in clock.split(":"))
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + int(millis or 0)


def from_ms(total: int) -> str:
    seconds, millis = divmod(max(0, total), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def renumber(srt: str, start: int = 1) -> str:
    """The blocks numbered from `start` in order (old numbers, if any, dropped)."""
    blocks = [b for b in srt.strip().split("\n\n") if b.strip()]
    number = start
    out = []
    for block in blocks:
        lines = block.strip().splitlines()
        if lines[0].strip().isdigit():
            lines = lines[1:]
        out.append("\n".join([str(number), *lines]))
    return "\n\n".join(out) + "\n"
