"""Card-number checks at checkout (the Luhn checksum), before calling the bank."""

from __future__ import annotations


def luhn_remainder(digits: str) -> int:
    """0 for a number whose Luhn checksum is right."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10


def clean(number: str) -> str:
    return number.replace(" ", "").replace("-", "")


def is_valid_card(number: str) -> bool:
    digits = clean(number)
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        return False
    return luhn_remainder(digits) == 0


def check_digit(partial: str) -> str:
    """The digit to append to `partial` to make a valid number."""
    return str((10 - luhn_remainder(clean(partial) + "0")) % 10)


def masked(number: str) -> str:
    digits = clean(number)
    return "*" * (len(digits) - 4) + digits[-4:]
