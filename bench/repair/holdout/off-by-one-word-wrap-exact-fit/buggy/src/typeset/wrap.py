"""Greedy word wrapping for fixed-width terminals and plain-text e-mails."""


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters; a word longer than `width` gets a line of its own."""
    if width < 1:
        raise ValueError("width must be at least 1")
    lines: list[str] = []
    current = ""
    for word in text.split():
        if not current:
            current = word
        elif len(current) + 1 + len(word) < width:
            current = f"{current} {word}"
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def fill(text: str, width: int) -> str:
    """Paragraphs (separated by blank lines) wrapped and joined back with newlines."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "\n\n".join("\n".join(wrap(p, width)) for p in paragraphs)


def quote(lines: list[str], prefix: str = "> ") -> list[str]:
    """Quote lines for a reply, as mail clients do."""
    return [f"{prefix}{line}".rstrip() for line in lines]
