"""Comparing two `pip freeze` outputs: what was added, removed or changed."""


def parse_freeze(text: str) -> dict[str, str]:
    """'name==version' lines as {normalised name: version}; comments and blanks skipped."""
    packages = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or "==" not in line:
            continue
        name, version = line.split("==", 1)
        packages[name.strip().lower().replace("_", "-")] = version.strip()
    return packages


def sorted_diff(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    """(removed, added) between two sorted lists of names, in one merge pass."""
    removed: list[str] = []
    added: list[str] = []
    i = j = 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            i += 1
            j += 1
        elif old[i] < new[j]:
            removed.append(old[i])
            i += 1
        else:
            added.append(new[j])
            j += 1
    removed.extend(old[i:])
    return removed, added


def compare(before: str, after: str) -> dict[str, list[str]]:
    """Names removed and added, and version changes as 'name old -> new'."""
    old, new = parse_freeze(before), parse_freeze(after)
    removed, added = sorted_diff(sorted(old), sorted(new))
    both = sorted(set(old) & set(new))
    changed = [f"{name} {old[name]} -> {new[name]}" for name in both if old[name] != new[name]]
    return {"removed": removed, "added": added, "changed": changed}
