"""Parsing the header block of an e-mail message (RFC 5322, simplified)."""


def parse_headers(raw: str) -> dict[str, list[str]]:
    """Header names (lower-cased) to their values, in order of appearance.

    Folded lines (starting with whitespace) continue the previous header; other
    lines without a colon are skipped, as lenient mail readers do. A blank line ends
    the headers.
    """
    headers: dict[str, list[str]] = {}
    last: str | None = None
    for line in raw.splitlines():
        if not line.strip():
            break
        if line[0] in " \t" and last is not None:
            headers[last][-1] += " " + line.strip()
            continue
        colon = line.index(":")
        if colon <= 0:
            continue
        last = line[:colon].strip().lower()
        headers.setdefault(last, []).append(line[colon + 1 :].strip())
    return headers


def first(headers: dict[str, list[str]], name: str, default: str = "") -> str:
    values = headers.get(name.lower())
    return values[0] if values else default


def address(value: str) -> str:
    """The bare address of 'Ada Lovelace <ada@example.org>' (or of a bare address)."""
    start, end = value.rfind("<"), value.rfind(">")
    if start != -1 and end > start:
        return value[start + 1 : end].strip()
    return value.strip()
