"""Plain-text tables for the command line: left-aligned columns under a header."""

from __future__ import annotations


def column_widths(header: list[str], rows: list[list[str]]) -> list[int]:
    widths = [len(title) for title in header]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    return widths


def format_row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()


def format_table(header: list[str], rows: list[list[str]]) -> str:
    widths = column_widths(header, rows)
    lines = [format_row(header, widths), "  ".join("-" * w for w in widths)]
    lines += [format_row(row, widths) for row in rows]
    return "\n".join(lines)
