from webauth.sessions import SessionStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_new_session_is_live():
    store = SessionStore(60, Clock())
    assert store.user(store.create("ada")) == "ada"


def test_unknown_token():
    assert SessionStore(60, Clock()).user("nope") is None


def test_a_session_serves_many_requests():
    store = SessionStore(60, Clock())
    token = store.create("ada")
    assert [store.user(token) for _ in range(3)] == ["ada", "ada", "ada"]


def test_expiry():
    clock = Clock()
    store = SessionStore(60, clock)
    token = store.create("ada")
    clock.now += 61
    assert store.user(token) is None
