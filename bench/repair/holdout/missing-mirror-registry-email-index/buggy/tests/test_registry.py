import pytest

from accounts.registry import Registry, User

ADA = User("ada", "Ada@Example.org", "Ada Lovelace")


def test_lookups():
    registry = Registry()
    registry.add(ADA)
    assert registry.by_username("ada") is ADA
    assert registry.by_email(" ada@example.org") is ADA


def test_e_mail_addresses_are_unique_in_any_case():
    registry = Registry()
    registry.add(ADA)
    with pytest.raises(ValueError):
        registry.add(User("ada2", "ADA@example.org", "Someone Else"))


def test_removing_a_user():
    registry = Registry()
    registry.add(ADA)
    assert registry.remove("ada") is ADA
    assert len(registry) == 0
    assert registry.by_username("ada") is None


def test_a_removed_user_is_not_found_by_e_mail():
    registry = Registry()
    registry.add(ADA)
    registry.remove("ada")
    assert registry.by_email("ada@example.org") is None
