"""Login sessions kept in memory, each valid for `ttl` seconds."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable


class SessionStore:
    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._sessions: dict[str, tuple[str, float]] = {}  # token -> (user, expiry)

    def create(self, user: str) -> str:
        token = secrets.token_hex(16)
        self._sessions[token] = (user, self._clock() + self.ttl)
        return token

    def user(self, token: str) -> str | None:
        """The user of a live session, or None (an expired session is forgotten)."""
        entry = self._sessions.get(token)
        if entry is None:
            return None
        user, expires = entry
        if self._clock() >= expires:
            self._sessions.pop(token, None)
            return None
        return user

    def logout(self, token: str) -> None:
        self._sessions.pop(token, None)

    def active(self) -> int:
        now = self._clock()
        return sum(1 for _, expires in self._sessions.values() if expires > now)
