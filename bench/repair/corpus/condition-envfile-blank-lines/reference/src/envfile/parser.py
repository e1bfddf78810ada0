"""A reader for .env files: KEY=value lines, # comments, optional quotes."""

from __future__ import annotations


class EnvSyntaxError(ValueError):
    def __init__(self, number: int, line: str) -> None:
        super().__init__(f"line {number}: expected KEY=value, got {line!r}")
        self.number = number


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def parse(text: str) -> dict[str, str]:
    """The variables in `text`; later lines override earlier ones."""
    variables: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise EnvSyntaxError(number, raw)
        variables[key.strip()] = _unquote(value.strip())
    return variables
