from shipping.rates import cost, zone


def test_every_eu_country_is_europe():
    for code in ("AT", "BE", "IT", "SE", " nl "):
        assert zone(code) == "europe"


def test_heavy_parcel_to_spain():
    assert cost(9.1, "ES") == 25.50


def test_world():
    assert cost(0.5, "JP") == 23.20
