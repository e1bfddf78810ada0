"""Scaling a recipe's ingredient quantities to a different number of servings."""

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Ingredient:
    name: str
    quantity: float
    unit: str = ""


def scale(ingredients: list[Ingredient], servings: int, for_servings: int) -> list[Ingredient]:
    """The ingredients for `for_servings` people, from a recipe that serves `servings`."""
    if servings < 1 or for_servings < 1:
        raise ValueError("servings must be at least 1")
    factor = for_servings // servings
    return [Ingredient(i.name, i.quantity * factor, i.unit) for i in ingredients]


def kitchen_amount(quantity: float) -> str:
    """A quantity as a cook writes it: 1.5 -> '1 1/2', 0.333 -> '1/3', 2.0 -> '2'."""
    fraction = Fraction(quantity).limit_denominator(8)
    whole, rest = divmod(fraction, 1)
    if rest == 0:
        return str(whole)
    if whole == 0:
        return f"{rest.numerator}/{rest.denominator}"
    return f"{whole} {rest.numerator}/{rest.denominator}"


def shopping_line(ingredient: Ingredient) -> str:
    """'1 1/2 cup flour', or '3 eggs' when there is no unit."""
    words = [kitchen_amount(ingredient.quantity), ingredient.unit, ingredient.name]
    return " ".join(word for word in words if word)
