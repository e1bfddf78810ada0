"""Formatting and parsing elapsed times as H:MM:SS, as shown on a run tracker."""


def format_elapsed(seconds: int) -> str:
    """3725 -> '1:02:05'; under an hour, 'M:SS' (125 -> '2:05')."""
    if seconds < 0:
        raise ValueError("elapsed time cannot be negative")
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    secs = rest % 60
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def parse_elapsed(text: str) -> int:
    """'1:02:05', '2:05' or '45' as seconds."""
    parts = [int(part) for part in text.strip().split(":")]
    if len(parts) > 3 or any(not 0 <= part < 60 for part in parts[1:]):
        raise ValueError(f"not an elapsed time: {text!r}")
    total = 0
    for part in parts:
        total = total * 60 + part
    return total


def pace(seconds: int, kilometres: float) -> str:
    """Time per kilometre, formatted like an elapsed time ('5:03 /km')."""
    if kilometres <= 0:
        raise ValueError("distance must be positive")
    return f"{format_elapsed(round(seconds / kilometres))} /km"
