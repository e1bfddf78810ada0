from shop.cart import Cart


def test_remove_returns_the_same_cart():
    cart = Cart().add("a", 1.0)
    assert cart.remove("a") is cart


def test_removing_an_unknown_sku_is_harmless():
    assert Cart().add("a", 2.0).remove("zzz").remove("a").count() == 0
