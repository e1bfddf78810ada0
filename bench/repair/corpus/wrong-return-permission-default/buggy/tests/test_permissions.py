from access.permissions import User, allowed, can


def test_editor_can_write():
    assert can(User("eve", ("editor",)), "write")


def test_suspended_users_can_do_nothing():
    assert not can(User("mal", ("admin",), suspended=True), "read")


def test_viewer_cannot_delete():
    assert not can(User("vic", ("viewer",)), "delete")


def test_allowed_is_the_union_of_roles():
    assert allowed(User("x", ("viewer", "editor"))) == {"read", "write", "comment"}
