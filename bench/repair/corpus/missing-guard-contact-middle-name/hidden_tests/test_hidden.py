from contacts.names import Contact, directory, middle_initial


def test_empty_middle_name():
    assert middle_initial(Contact("A", "B", middle="")) == ""


def test_directory_order():
    people = [Contact("Zoe", "Adams"), Contact("Al", "Baker", "j"), Contact("Amy", "adams")]
    assert directory(people) == ["Amy adams", "Zoe Adams", "Al J. Baker"]
