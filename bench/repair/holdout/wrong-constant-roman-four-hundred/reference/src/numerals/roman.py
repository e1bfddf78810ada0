"""Roman numerals for chapter headings and clock faces (1 to 3999)."""

SYMBOLS = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"),
    (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
    (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]
VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def to_roman(number: int) -> str:
    if not 0 < number < 4000:
        raise ValueError(f"{number} is outside 1..3999")
    parts = []
    for value, symbol in SYMBOLS:
        count, number = divmod(number, value)
        parts.append(symbol * count)
    return "".join(parts)


def from_roman(text: str) -> int:
    """The value of a numeral; raises ValueError on anything that is not canonical."""
    numeral = text.strip().upper()
    if not numeral or any(ch not in VALUES for ch in numeral):
        raise ValueError(f"not a Roman numeral: {text!r}")
    total = 0
    for ch, following in zip(numeral, numeral[1:] + " "):
        value = VALUES[ch]
        total += -value if VALUES.get(following, 0) > value else value
    if to_roman(total) != numeral:
        raise ValueError(f"not a canonical Roman numeral: {text!r}")
    return total
