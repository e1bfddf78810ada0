"""Check digits for the till's receipt numbers (digital root, "casting out nines")."""

from __future__ import annotations


def digits(number: int) -> list[int]:
    return [int(char) for char in str(abs(number))]


def digit_sum(number: int) -> int:
    number = abs(number)
    total = 0
    while number:
        total += number % 10
        number //= 10
    return total


def digital_root(number: int) -> int:
    number = abs(number)
    while number >= 10:
        number = digit_sum(number)
    return number


def with_check_digit(number: int) -> str:
    return f"{number}-{digital_root(number)}"


def is_valid(receipt: str) -> bool:
    body, _, check = receipt.partition("-")
    return body.isdigit() and check.isdigit() and digital_root(int(body)) == int(check)
