"""Inline SVG line charts for the HTML report (no JavaScript, no external files)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT, PAD = 520, 180, 34


def line_chart(
    title: str, values: Sequence[float | None], target: float | None = None, percent: bool = False
) -> str:
    """An SVG chart of `values` over the iterations, with a dashed target line."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if not points:
        return f'<div class="chart"><h3>{escape(title)}</h3><p>not measured</p></div>'
    ys = [v for _, v in points] + ([target] if target is not None else [])
    lo, hi = min(ys), max(ys)
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    n = max(len(values) - 1, 1)

    def x(i: float) -> float:
        return PAD + (WIDTH - 2 * PAD) * i / n

    def y(v: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (v - lo) / (hi - lo)

    def label(v: float) -> str:
        return f"{v:.0%}" if percent else f"{v:g}"

    path = " ".join(
        f"{'M' if k == 0 else 'L'}{x(i):.1f},{y(v):.1f}" for k, (i, v) in enumerate(points)
    )
    dots = "".join(
        f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3"><title>iteration {i}: {label(v)}</title></circle>'
        for i, v in points
    )
    target_line = ""
    if target is not None:
        ty = y(target)
        target_line = (
            f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{ty:.1f}" y2="{ty:.1f}" class="target"/>'
            f'<text x="{WIDTH - PAD}" y="{ty - 4:.1f}" text-anchor="end" class="tl">target {label(target)}</text>'
        )
    axis = (
        f'<text x="4" y="{y(hi) + 4:.1f}">{label(hi)}</text>'
        f'<text x="4" y="{y(lo) + 4:.1f}">{label(lo)}</text>'
        f'<text x="{PAD}" y="{HEIGHT - 8}">0</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" text-anchor="end">{len(values) - 1}</text>'
    )
    return (
        f'<div class="chart"><h3>{escape(title)}</h3>'
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)} over iterations">'
        f'<rect x="{PAD}" y="{PAD}" width="{WIDTH - 2 * PAD}" height="{HEIGHT - 2 * PAD}" class="frame"/>'
        f'{target_line}<path d="{path}" class="line"/>{dots}{axis}</svg></div>'
    )
