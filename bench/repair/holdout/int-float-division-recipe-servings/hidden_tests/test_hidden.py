from recipes.scale import Ingredient, scale, shopping_line


def test_halving():
    halved = scale([Ingredient("butter", 200, "g")], 4, 2)
    assert halved[0].quantity == 100


def test_one_serving_of_a_six_serving_recipe():
    one = scale([Ingredient("rice", 3, "cup")], 6, 1)
    assert shopping_line(one[0]) == "1/2 cup rice"


def test_same_servings_keep_quantities():
    assert scale([Ingredient("salt", 0.5, "tsp")], 3, 3)[0].quantity == 0.5
