"""Horizontal bar charts as static, self-contained SVG, built at generate time.

Colours come from CSS classes (content/assets/playbook.css) with currentColor as the fallback, so a
chart reads in light and dark mode. Every label is escaped; the figure is one raw HTML block with no
blank line inside, which Markdown passes through untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 180  # the label column, right-aligned against the bars
BAR_AREA = 300
ROW = 30
BAR = 18
TOP = 12
AXIS = 26  # room under the bars for the scale
MAX_LABEL = 26  # characters; longer labels are cut with an ellipsis (the table has them whole)


@dataclass(frozen=True)
class Bar:
    """One row: its label, its length as a share of the scale (None draws no bar), its value."""

    label: str
    value: float | None
    text: str
    kind: str = ""  # an extra CSS class, e.g. the outcome for outcome colours


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def bar_chart(title: str, bars: Sequence[Bar], ticks: Sequence[tuple[float, str]]) -> Markup:
    """An SVG chart of `bars`; values are between 0 and 1 of the scale, `ticks` mark the axis."""
    height = TOP + ROW * max(len(bars), 1) + AXIS
    bottom = TOP + ROW * max(len(bars), 1)
    x0 = LABEL_WIDTH + 10
    lines = [
        f'<svg class="pb-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for value, label in ticks:
        x = _num(x0 + BAR_AREA * value)
        lines.append(f'<line class="pb-grid" x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{bottom}" '
                     f'stroke="currentColor" stroke-opacity="0.15"/>')
        lines.append(f'<text class="pb-tick" x="{x}" y="{bottom + 17}" text-anchor="middle" '
                     f'font-size="11" fill="currentColor">{escape(label)}</text>')
    for i, bar in enumerate(bars):
        y = TOP + ROW * i
        middle = _num(y + ROW / 2)
        lines.append(f'<text class="pb-label" x="{LABEL_WIDTH}" y="{middle}" text-anchor="end" '
                     f'dominant-baseline="middle" font-size="13" fill="currentColor">'
                     f"{escape(_short(bar.label))}</text>")
        end: float = x0
        if bar.value is not None:
            width = BAR_AREA * min(max(bar.value, 0.0), 1.0)
            end = x0 + width
            kind = f" pb-bar-{bar.kind}" if bar.kind else ""
            lines.append(f'<rect class="pb-bar{kind}" x="{x0}" y="{_num(y + (ROW - BAR) / 2)}" '
                         f'width="{_num(max(width, 1.0))}" height="{BAR}" rx="2" '
                         f'fill="currentColor"/>')
        lines.append(f'<text class="pb-value" x="{_num(end + 6)}" y="{middle}" '
                     f'dominant-baseline="middle" font-size="12" fill="currentColor">'
                     f"{escape(bar.text)}</text>")
    lines.append(f'<line class="pb-axis" x1="{x0}" y1="{TOP - 4}" x2="{x0}" y2="{bottom}" '
                 f'stroke="currentColor"/>')
    lines.append("</svg>")
    return Markup("\n".join(lines))  # noqa: S704 - every text above went through escape()


def figure(chart: Markup, caption: str) -> Markup:
    """The chart and its caption as one HTML block: no blank line, so Markdown leaves it whole."""
    return Markup(  # noqa: S704 - chart is Markup, caption escaped
        f'<figure class="pb-figure">\n{chart}\n'
        f"<figcaption>{escape(caption)}</figcaption>\n</figure>"
    )


def rate_ticks() -> list[tuple[float, str]]:
    return [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")]


def count_ticks(largest: int) -> list[tuple[float, str]]:
    """Zero, the middle (when a whole number) and the largest count, on a scale of `largest`."""
    if largest <= 0:
        return [(0.0, "0")]
    ticks = [(0.0, "0"), (1.0, str(largest))]
    if largest % 2 == 0 and largest > 2:
        ticks.insert(1, (0.5, str(largest // 2)))
    return ticks
