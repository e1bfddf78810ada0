"""Run-length encoding of text as count + character pairs ('aaab' <-> '3a1b')."""


def encode(text: str) -> str:
    """'aaab' -> '3a1b'; the text must not contain digits."""
    if any(ch.isdigit() for ch in text):
        raise ValueError("digits cannot be run-length encoded")
    pieces = []
    i = 0
    while i < len(text):
        current = text[i]
        run = 0
        while i < len(text) and text[i] == current:
            run += 1
        pieces.append(f"{run}{current}")
    return "".join(pieces)


def decode(encoded: str) -> str:
    """The inverse of encode(); raises ValueError on a character without a count."""
    pieces = []
    digits = ""
    for ch in encoded:
        if ch.isdigit():
            digits += ch
            continue
        if not digits:
            raise ValueError(f"missing count before {ch!r}")
        pieces.append(ch * int(digits))
        digits = ""
    if digits:
        raise ValueError("encoded text ends with a count")
    return "".join(pieces)


def ratio(text: str) -> float:
    """Encoded length over original length (below 1.0 when encoding saves space)."""
    return len(encode(text)) / len(text) if text else 1.0
