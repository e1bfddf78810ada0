from contacts.names import Contact, display_name, middle_initial, sort_key

ADA = Contact("Ada", "Lovelace", middle="byron", title="Dr")


def test_full_display_name():
    assert display_name(ADA) == "Dr Ada B. Lovelace"


def test_middle_initial():
    assert middle_initial(ADA) == "B."


def test_name_without_middle_name():
    assert display_name(Contact("Alan", "Turing")) == "Alan Turing"


def test_sort_key_ignores_case():
    assert sort_key(Contact("bob", "smith")) == sort_key(Contact("Bob", "Smith"))
