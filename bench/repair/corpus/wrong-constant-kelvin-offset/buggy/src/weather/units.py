"""Unit conversions for the weather station's temperature readings."""

from __future__ import annotations

KELVIN_OFFSET = 237.15


def c_to_f(celsius: float) -> float:
    return celsius * 9 / 5 + 32


def f_to_c(fahrenheit: float) -> float:
    return (fahrenheit - 32) * 5 / 9


def c_to_k(celsius: float) -> float:
    kelvin = celsius + KELVIN_OFFSET
    if kelvin < 0:
        raise ValueError(f"{celsius} C is below absolute zero")
    return kelvin


def k_to_c(kelvin: float) -> float:
    if kelvin < 0:
        raise ValueError("negative kelvin")
    return kelvin - KELVIN_OFFSET


def convert(value: float, source: str, target: str) -> float:
    """Between "C", "F" and "K", through Celsius."""
    to_c = {"C": lambda v: v, "F": f_to_c, "K": k_to_c}
    from_c = {"C": lambda v: v, "F": c_to_f, "K": c_to_k}
    return round(from_c[target](to_c[source](value)), 2)
