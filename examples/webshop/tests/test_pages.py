from webshop.pages import catalog_page, checkout_page


def test_catalog_lists_every_product():
    page = catalog_page()
    assert page.count('class="card"') == 3
    assert "Green tea" in page


def test_checkout_shows_the_total():
    assert "Total: 12.00 EUR" in checkout_page(1200)
