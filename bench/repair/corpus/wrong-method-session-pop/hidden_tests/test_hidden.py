from webauth.sessions import SessionStore


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_lookups_do_not_end_the_session():
    store = SessionStore(30, Clock())
    token = store.create("bob")
    store.user(token)
    assert store.active() == 1


def test_logout():
    store = SessionStore(30, Clock())
    token = store.create("bob")
    assert store.user(token) == "bob"
    store.logout(token)
    assert store.user(token) is None
