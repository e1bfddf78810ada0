import pytest

from accounts.registry import Registry, User


def test_the_address_can_be_registered_again():
    registry = Registry()
    registry.add(User("old", "x@example.org", "Old Account"))
    registry.remove("old")
    registry.add(User("new", "X@example.org", "New Account"))
    assert registry.by_email("x@example.org").username == "new"


def test_removing_an_unknown_user():
    with pytest.raises(KeyError):
        Registry().remove("ghost")


def test_other_users_stay():
    registry = Registry()
    registry.add(User("a", "a@example.org", "A"))
    registry.add(User("b", "b@example.org", "B"))
    registry.remove("a")
    assert registry.by_email("b@example.org").username == "b"
    assert registry.by_email("a@example.org") is None
