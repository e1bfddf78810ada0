"""Subscribers of the mailing list grouped by e-mail domain, for delivery batches."""

from __future__ import annotations


def domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def group_by_domain(emails: list[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for email in emails:
        groups.setdefault(domain(email), []).append(email)
    return groups


def domains(emails: list[str]) -> list[str]:
    return sorted(group_by_domain(emails))


def largest_group(emails: list[str]) -> list[str]:
    """The addresses of the domain with the most subscribers (first one on ties)."""
    groups = group_by_domain(emails)
    if not groups:
        return []
    return max(groups.keys(), key=len)
