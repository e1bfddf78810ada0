"""Tags of the blog's published posts, for the tag cloud and the tag pages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Post:
    title: str
    tags: list[str] = field(default_factory=list)
    draft: bool = False


def all_tags(posts: list[Post]) -> list[str]:
    """Every tag of a published post, once, sorted."""
    collected: list[str] = []
    for post in posts:
        if not post.draft:
            collected.append(post.tags)
    return sorted(set(collected))


def tag_counts(posts: list[Post]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for post in posts:
        for tag in post.tags:
            if not post.draft:
                counts[tag] = counts.get(tag, 0) + 1
    return counts


def tagged(posts: list[Post], tag: str) -> list[str]:
    return [p.title for p in posts if tag in p.tags and not p.draft]
