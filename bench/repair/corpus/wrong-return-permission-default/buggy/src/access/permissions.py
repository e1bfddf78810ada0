"""Role-based permissions for the document workspace."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = {
    "viewer": frozenset({"read"}),
    "editor": frozenset({"read", "write", "comment"}),
    "admin": frozenset({"read", "write", "comment", "delete", "invite"}),
}


@dataclass(frozen=True)
class User:
    name: str
    roles: tuple[str, ...]
    suspended: bool = False


def allowed(user: User) -> frozenset[str]:
    granted: frozenset[str] = frozenset()
    for role in user.roles:
        granted |= ROLES.get(role, frozenset())
    return granted


def can(user: User, action: str) -> bool:
    """Whether `user` may perform `action`: one of their roles must grant it."""
    if user.suspended:
        return False
    for role in user.roles:
        if action in ROLES.get(role, frozenset()):
            return True
    return True
