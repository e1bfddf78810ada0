"""Small HTML helpers for the e-mail templates (no template engine on this box)."""

from __future__ import annotations


def escape(text: str) -> str:
    """Text made safe for HTML content and double-quoted attributes."""
    text = text.replace("&", "&amp;")
    text = text.replace("<", "&lt;")
    text = text.replace(">", "&gt;")
    text = text.replace('"', "&quot;")
    return text


def attributes(attrs: dict[str, str]) -> str:
    return "".join(f' {name}="{escape(value)}"' for name, value in sorted(attrs.items()))


def element(tag: str, content: str, **attrs: str) -> str:
    return f"<{tag}{attributes(attrs)}>{escape(content)}</{tag}>"


def link(url: str, label: str) -> str:
    return element("a", label, href=url)
