"""Bar charts as inline SVG, drawn here in Python: no JavaScript, nothing from a CDN, and
nothing the Content-Security-Policy must allow (colours are SVG attributes, not styles).

Every label is escaped: article questions and names are user text. Each chart carries a
<title> and a <desc> for screen readers; the page shows the same numbers as a table.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9")
WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 16
GROUP_GAP = 10
LEGEND_HEIGHT = 24
LABEL_CHARACTERS = 34
_chart_ids = iter(range(1, 1_000_000_000))


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


def grouped_bar_chart_svg(
    *, title: str, groups: list[str], series: list[tuple[str, list[float]]]
) -> SafeString:
    """Horizontal bars: one band per group, one bar per series in each band."""
    chart_id = f"chart-{next(_chart_ids)}"
    if not groups:
        return mark_safe(  # noqa: S308 - built from escaped text only
            f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t" '
            f'viewBox="0 0 {WIDTH} 40" width="{WIDTH}" height="40">'
            f'<title id="{chart_id}-t">{escape(title)}: no data yet</title>'
            f'<text x="0" y="24" fill="#444">No data yet.</text></svg>'
        )
    largest = max((v for _, values in series for v in values), default=0) or 1
    legend = LEGEND_HEIGHT if len(series) > 1 else 0
    band = BAR_HEIGHT * len(series) + GROUP_GAP
    height = legend + band * len(groups) + GROUP_GAP
    scale = (WIDTH - LABEL_WIDTH - 60) / largest
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(_description(groups, series))}</desc>',
    ]
    if legend:
        x = LABEL_WIDTH
        for index, (name, _) in enumerate(series):
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{x + 16}" y="14" fill="#222">{escape(name)}</text>')
            x += 24 + 7 * len(name)
    for g, group in enumerate(groups):
        top = legend + g * band + GROUP_GAP // 2
        middle = top + BAR_HEIGHT * len(series) / 2 + 4
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:g}" text-anchor="end" fill="#222">'
            f"<title>{escape(group)}</title>{escape(_short(group))}</text>"
        )
        for index, (name, values) in enumerate(series):
            value = values[g]
            y = top + index * BAR_HEIGHT
            length = max(value * scale, 0)
            colour = PALETTE[index % len(PALETTE)]
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT - 2}" fill="{colour}">'
                f"<title>{escape(group)}, {escape(name)}: {_number(value)}</title></rect>"
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + BAR_HEIGHT - 4}" '
                f'fill="#222">{_number(value)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above


def bar_chart_svg(*, title: str, bars: list[tuple[str, float]]) -> SafeString:
    return grouped_bar_chart_svg(
        title=title,
        groups=[label for label, _ in bars],
        series=[("", [value for _, value in bars])],
    )


def _description(groups: list[str], series: list[tuple[str, list[float]]]) -> str:
    lines = []
    for g, group in enumerate(groups):
        values = ", ".join(
            f"{name}: {_number(values[g])}" if name else _number(values[g])
            for name, values in series
        )
        lines.append(f"{group}: {values}")
    return "; ".join(lines)
