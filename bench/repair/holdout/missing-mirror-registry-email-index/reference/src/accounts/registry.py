"""An in-memory user registry looked up by username or by e-mail address."""

from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    username: str
    email: str
    name: str


class Registry:
    def __init__(self) -> None:
        self._by_username: dict[str, User] = {}
        self._by_email: dict[str, User] = {}

    def __len__(self) -> int:
        return len(self._by_username)

    def add(self, user: User) -> None:
        """Register a user; usernames and e-mail addresses (in any case) are unique."""
        email = user.email.lower()
        if user.username in self._by_username:
            raise ValueError(f"username {user.username!r} is taken")
        if email in self._by_email:
            raise ValueError(f"e-mail {user.email!r} is already registered")
        self._by_username[user.username] = user
        self._by_email[email] = user

    def remove(self, username: str) -> User:
        """Delete a user and return it; raises KeyError for an unknown username."""
        user = self._by_username.pop(username)
        del self._by_email[user.email.lower()]
        return user

    def by_username(self, username: str) -> User | None:
        return self._by_username.get(username)

    def by_email(self, email: str) -> User | None:
        return self._by_email.get(email.strip().lower())
