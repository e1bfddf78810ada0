"""How the address book shows people's names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Contact:
    first: str
    last: str
    middle: str | None = None
    title: str | None = None


def middle_initial(contact: Contact) -> str:
    return contact.middle[0].upper() + "."


def display_name(contact: Contact) -> str:
    """ "Dr Ada B. Lovelace": title, first name, middle initial, last name."""
    parts = [contact.title, contact.first, middle_initial(contact), contact.last]
    return " ".join(part for part in parts if part)


def sort_key(contact: Contact) -> tuple[str, str]:
    return contact.last.casefold(), contact.first.casefold()


def directory(contacts: list[Contact]) -> list[str]:
    return [display_name(c) for c in sorted(contacts, key=sort_key)]
