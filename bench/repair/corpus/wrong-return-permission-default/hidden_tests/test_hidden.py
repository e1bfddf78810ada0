from access.permissions import User, can


def test_unknown_role_grants_nothing():
    assert not can(User("u", ("intern",)), "read")


def test_no_roles():
    assert not can(User("u", ()), "read")


def test_admin_invites_editor_does_not():
    assert can(User("a", ("admin",)), "invite")
    assert not can(User("e", ("editor",)), "invite")
