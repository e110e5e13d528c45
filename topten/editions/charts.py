"""A small server-side SVG bar chart (horizontal bars), no ORM, no JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def bar_chart_svg(bars: list[Bar], *, title: str, width: int = 640, row: int = 28) -> str:
    """Horizontal bars, one per row, labelled, with their values; accessible (role=img)."""
    label_w, value_w = 260, 48
    height = max(1, len(bars)) * row + 8
    top = max((b.value for b in bars), default=0) or 1
    span = width - label_w - value_w
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, bar in enumerate(bars):
        y = i * row + 4
        length = round(span * bar.value / top)
        label = bar.label if len(bar.label) <= 38 else bar.label[:37] + "…"
        parts.append(
            f'<text x="0" y="{y + row * 0.6:.1f}" font-size="13" fill="currentColor">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{length}" height="{row - 10}" '
            f'fill="#b00020" rx="2"><title>{escape(bar.label)}: {bar.value}</title></rect>'
            f'<text x="{label_w + length + 6}" y="{y + row * 0.6:.1f}" font-size="13" '
            f'fill="currentColor">{bar.value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
