"""URL slugs for blog posts: ASCII, lower case, hyphen-separated, unique per site."""

import re
import unicodedata

MAX_LENGTH = 60


def slugify(title: str) -> str:
    """'Crème brûlée: a how-to!' -> 'creme-brulee-a-how-to'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0]
    return slug or "post"


def unique_slug(title: str, taken: set[str]) -> str:
    """The title's slug, with -2, -3, ... appended until it is not in `taken`."""
    base = slugify(title)
    candidate = base
    suffix = 2
    while candidate in taken:
        candidate = f"{base}-{suffix}"
        suffix += 1
    return base
