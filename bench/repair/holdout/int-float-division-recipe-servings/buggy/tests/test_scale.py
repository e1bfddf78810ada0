import pytest

from recipes.scale import Ingredient, kitchen_amount, scale, shopping_line

PANCAKES = [Ingredient("flour", 1.5, "cup"), Ingredient("eggs", 2), Ingredient("milk", 1.25, "cup")]


def test_doubling():
    assert [i.quantity for i in scale(PANCAKES, 4, 8)] == [3.0, 4, 2.5]


def test_kitchen_amounts():
    assert [kitchen_amount(q) for q in (1.5, 0.333, 2.0, 0.125)] == ["1 1/2", "1/3", "2", "1/8"]


def test_shopping_line():
    assert shopping_line(Ingredient("eggs", 3)) == "3 eggs"
    assert shopping_line(PANCAKES[0]) == "1 1/2 cup flour"


def test_invalid_servings():
    with pytest.raises(ValueError):
        scale(PANCAKES, 0, 2)


def test_four_servings_to_six():
    assert [i.quantity for i in scale(PANCAKES, 4, 6)] == [2.25, 3.0, 1.875]
