"""Server-side SVG charts: no JavaScript, no dependencies, accessible.

    line_chart(labels, [Series("New", [1, 4, 2])], title="Daily growth")
    bar_chart(labels, [Series("Opens", [10, 12, 8])], title="Opens per day")

Both return an SVG string with role="img", a <title> and a <desc> (a text
summary of every series for screen readers), axes with "nice" ticks, and a
legend. Labels are plain strings (e.g. dates already formatted). Values may be
ints or floats; None draws as a gap (line) or nothing (bar).
"""

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape

PALETTE = ("#1f6feb", "#2da44e", "#cf222e", "#bf8700", "#8250df", "#57606a")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    color: str = ""


@dataclass(frozen=True)
class _Frame:
    width: int
    height: int
    left: int = 48
    right: int = 12
    top: int = 28
    bottom: int = 40

    @property
    def plot_width(self):
        return self.width - self.left - self.right

    @property
    def plot_height(self):
        return self.height - self.top - self.bottom


def _esc(text) -> str:
    return _escape(str(text), {'"': "&quot;"})


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `maximum` (1, 2, 2.5 or 5 times a power of 10)."""
    if maximum <= 0 or not math.isfinite(maximum):
        return [0, 1]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [0.0]
    while ticks[-1] < maximum:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def _colors(series: Sequence[Series]) -> list[str]:
    return [s.color or PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]


def _open(frame: _Frame, title: str, desc: str) -> list[str]:
    uid = "c" + hashlib.sha1(f"{title}|{desc}".encode()).hexdigest()[:8]
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width} {frame.height}" '
        f'width="{frame.width}" height="{frame.height}" role="img" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-family="sans-serif" font-size="11">',
        f'<title id="{uid}-title">{_esc(title)}</title>',
        f'<desc id="{uid}-desc">{_esc(desc)}</desc>',
    ]


def _describe(labels: Sequence[str], series: Sequence[Series]) -> str:
    if not labels:
        return "No data."
    parts = []
    for s in series:
        values = [v for v in s.values if v is not None]
        total = _fmt(sum(values)) if values else "0"
        peak = _fmt(max(values)) if values else "0"
        parts.append(f"{s.name}: total {total}, highest {peak}")
    return f"From {labels[0]} to {labels[-1]}. " + "; ".join(parts) + "."


def _axes(frame: _Frame, labels: Sequence[str], ticks: list[float], x_of) -> list[str]:
    out = []
    top = ticks[-1] or 1
    for tick in ticks:
        y = frame.top + frame.plot_height * (1 - tick / top)
        out.append(
            f'<line x1="{frame.left}" x2="{frame.width - frame.right}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="#d0d7de" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#57606a">'
            f"{_fmt(tick)}</text>"
        )
    step = max(1, math.ceil(len(labels) / 8))
    for i in range(0, len(labels), step):
        out.append(
            f'<text x="{x_of(i):.1f}" y="{frame.height - frame.bottom + 16}" '
            f'text-anchor="middle" fill="#57606a">{_esc(labels[i])}</text>'
        )
    return out


def _legend(frame: _Frame, series: Sequence[Series], colors: list[str]) -> list[str]:
    out, x = [], frame.left
    for s, color in zip(series, colors, strict=True):
        out.append(f'<rect x="{x}" y="8" width="10" height="10" fill="{_esc(color)}"/>')
        out.append(f'<text x="{x + 14}" y="17" fill="#24292f">{_esc(s.name)}</text>')
        x += 24 + 7 * len(s.name)
    return out


def _empty(frame: _Frame) -> str:
    return (
        f'<text x="{frame.width / 2}" y="{frame.height / 2}" text-anchor="middle" '
        f'fill="#57606a">No data yet</text>'
    )


def _maximum(series: Sequence[Series], stacked: bool = False) -> float:
    if stacked:
        length = max((len(s.values) for s in series), default=0)
        sums = [sum((s.values[i] or 0) for s in series if i < len(s.values)) for i in range(length)]
        return max(sums, default=0)
    return max((v for s in series for v in s.values if v is not None), default=0)


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    desc: str = "",
    width: int = 640,
    height: int = 240,
) -> str:
    frame = _Frame(width, height)
    colors = _colors(series)
    out = _open(frame, title, desc or _describe(labels, series))
    ticks = nice_ticks(_maximum(series))
    span = max(len(labels) - 1, 1)

    def x_of(i):
        return frame.left + frame.plot_width * (i / span if len(labels) > 1 else 0.5)

    def y_of(v):
        return frame.top + frame.plot_height * (1 - v / (ticks[-1] or 1))

    out += _axes(frame, labels, ticks, x_of)
    if not labels:
        out.append(_empty(frame))
    for s, color in zip(series, colors, strict=True):
        runs, run = [], []
        for i, value in enumerate(s.values[: len(labels)]):
            if value is None:
                runs, run = runs + [run] if run else runs, []
                continue
            run.append(f"{x_of(i):.1f},{y_of(value):.1f}")
        if run:
            runs.append(run)
        for points in runs:
            out.append(
                f'<polyline fill="none" stroke="{_esc(color)}" stroke-width="2" '
                f'points="{" ".join(points)}"><title>{_esc(s.name)}</title></polyline>'
            )
    out += _legend(frame, series, colors)
    out.append("</svg>")
    return "\n".join(out)


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    desc: str = "",
    width: int = 640,
    height: int = 240,
    stacked: bool = False,
) -> str:
    frame = _Frame(width, height)
    colors = _colors(series)
    out = _open(frame, title, desc or _describe(labels, series))
    ticks = nice_ticks(_maximum(series, stacked))
    slot = frame.plot_width / max(len(labels), 1)
    groups = 1 if stacked else max(len(series), 1)
    bar = max(slot * 0.8 / groups, 1)

    def x_of(i):
        return frame.left + slot * (i + 0.5)

    def h_of(v):
        return frame.plot_height * (v / (ticks[-1] or 1))

    out += _axes(frame, labels, ticks, x_of)
    if not labels:
        out.append(_empty(frame))
    base = [0.0] * len(labels)
    for k, (s, color) in enumerate(zip(series, colors, strict=True)):
        for i, value in enumerate(s.values[: len(labels)]):
            if not value:
                continue
            h = h_of(value)
            if stacked:
                x = x_of(i) - bar / 2
                y = frame.top + frame.plot_height - base[i] - h
                base[i] += h
            else:
                x = x_of(i) - slot * 0.4 + k * bar
                y = frame.top + frame.plot_height - h
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{_esc(color)}"><title>{_esc(s.name)}, {_esc(labels[i])}: '
                f"{_fmt(value)}</title></rect>"
            )
    out += _legend(frame, series, colors)
    out.append("</svg>")
    return "\n".join(out)
