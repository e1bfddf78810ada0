"""Query-string parameters of the search API, read with forgiving defaults."""

from __future__ import annotations

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


def int_param(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    """The integer in `params[name]`, clamped to [low, high]; `default` if absent or bad."""
    raw = params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        return 0
    return max(low, min(high, value))


def bool_param(params: dict[str, str], name: str) -> bool:
    return params.get(name, "").strip().lower() in TRUE_WORDS


def search_options(params: dict[str, str]) -> dict[str, object]:
    return {
        "query": params.get("q", "").strip(),
        "page": int_param(params, "page", 1, 1, 1000),
        "per_page": int_param(params, "per_page", 20, 1, 100),
        "exact": bool_param(params, "exact"),
    }
