"""A small server-side SVG bar chart for the admin (no JavaScript, fits our CSP).

Used only when `topten.lib.svgchart` is not available; see admin.totals_chart().
"""

from django.utils.html import escape


def bar_chart(labels, values, *, title: str, value_label=str, width=720, height=260) -> str:
    pad_left, pad_bottom, pad_top = 60, 40, 30
    plot_w, plot_h = width - pad_left - 10, height - pad_bottom - pad_top
    top = max([*values, 0]) or 1
    slot = plot_w / max(len(values), 1)
    bar_w = max(slot * 0.7, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        'font-family="system-ui, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="{pad_left}" y="18" font-size="13" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{pad_left}" y1="{pad_top + plot_h}" x2="{width - 10}" '
        f'y2="{pad_top + plot_h}" stroke="#888"/>',
        f'<text x="{pad_left - 6}" y="{pad_top + 4}" text-anchor="end">'
        f"{escape(value_label(top))}</text>",
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_h = plot_h * max(value, 0) / top
        x = pad_left + index * slot + (slot - bar_w) / 2
        y = pad_top + plot_h - bar_h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{bar_h:.1f}" fill="#b00020">'
            f"<title>{escape(label)}: {escape(value_label(value))}</title></rect>"
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{pad_top + plot_h + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
