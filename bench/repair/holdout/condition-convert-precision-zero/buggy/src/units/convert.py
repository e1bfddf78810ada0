"""Converting lengths and masses between metric and imperial units."""

LENGTH_IN_METRES = {
    "mm": 0.001, "cm": 0.01, "m": 1.0, "km": 1000.0,
    "in": 0.0254, "ft": 0.3048, "yd": 0.9144, "mi": 1609.344,
}
MASS_IN_GRAMS = {"mg": 0.001, "g": 1.0, "kg": 1000.0, "oz": 28.349523125, "lb": 453.59237}


def _table(unit: str) -> dict[str, float]:
    for table in (LENGTH_IN_METRES, MASS_IN_GRAMS):
        if unit in table:
            return table
    raise ValueError(f"unknown unit {unit!r}")


def convert(value: float, source: str, target: str, precision: int | None = None) -> float:
    """`value` in `source` units expressed in `target` units, rounded if `precision` is given."""
    table = _table(source)
    if target not in table:
        raise ValueError(f"cannot convert {source} to {target}")
    result = value * table[source] / table[target]
    if precision:
        result = round(result, precision)
    return result


def parse_quantity(text: str) -> tuple[float, str]:
    """'5.5 km' or '12lb' as (5.5, 'km') and (12.0, 'lb')."""
    stripped = text.strip()
    split = len(stripped.rstrip("abcdefghijklmnopqrstuvwxyz"))
    number, unit = stripped[:split].strip(), stripped[split:]
    if not number or not unit:
        raise ValueError(f"not a quantity: {text!r}")
    return float(number), unit
