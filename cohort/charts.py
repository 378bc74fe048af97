"""SVG charts for many councils and for the journey over time, drawn with a few lines of our own code
(plain SVG elements, no scripts), for HTML pages and letters:

- `distribution`: a stacked bar per characteristic, the share of a cohort at each stage;
- `trend`: each characteristic's stage at each assessment, as lines;
- `current_target`: a bar per characteristic, the current stage, with a mark at the target.

Every label is placed inside the chart's frame: label columns are sized from the longest label at
LABEL_CHAR_WIDTH per character (a generous estimate for the sans-serif fonts browsers and WeasyPrint use)."""

from __future__ import annotations

from xml.sax.saxutils import escape

STAGES = ("transactional", "transitional", "transformational")
STAGE_COLOURS = {"transactional": "#c0392b", "transitional": "#d68910", "transformational": "#1e8449",
                 None: "#cccccc"}
FONT = 11
LABEL_CHAR_WIDTH = 0.62 * FONT
SERIES_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                  "#bcbd22")


def text_width(text: str, size: float = FONT) -> float:
    """The width a label is given, in pixels (an upper estimate)."""
    return len(text) * 0.62 * size


def _svg(width: float, height: float, label: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(label, {chr(34): "&quot;"})}" '
            f'font-family="sans-serif" font-size="{FONT}">\n' + "\n".join(body) + "\n</svg>\n")


def _text(x: float, y: float, text: str, anchor: str = "start", size: float = FONT, fill: str = "#222") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}">'
            f'{escape(text)}</text>')


def distribution(rows: list[tuple[str, dict[str, int]]], *, bar_width: float = 320,
                 title: str = "Stages across the cohort") -> str:
    """Stacked horizontal bars. `rows`: (label, {stage id or "not_assessed": count}); each bar is the
    whole cohort, split by stage, with the count written in each part wide enough to hold it."""
    label_w = max(text_width(label) for label, _ in rows) + 10
    legend_w = sum(text_width(s) + 30 for s in (*STAGES, "not assessed"))
    width = max(label_w + bar_width + 10, legend_w + 10)
    row_h, top = 24, 44
    height = top + row_h * len(rows) + 8
    body = [_text(0, 14, title, size=FONT + 1)]
    x = 0.0
    for stage in (*STAGES, None):
        name = stage or "not assessed"
        body.append(f'<rect x="{x:.1f}" y="22" width="12" height="12" fill="{STAGE_COLOURS[stage]}"/>')
        body.append(_text(x + 16, 32, name))
        x += text_width(name) + 30
    for i, (label, counts) in enumerate(rows):
        y = top + row_h * i
        total = sum(counts.values()) or 1
        body.append(_text(0, y + 13, label))
        x = label_w
        for stage in (*STAGES, None):
            n = counts.get(stage or "not_assessed", 0)
            if not n:
                continue
            w = bar_width * n / total
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="18" fill="{STAGE_COLOURS[stage]}">'
                        f'<title>{escape(label)}: {n} {stage or "not assessed"}</title></rect>')
            if w >= text_width(str(n)) + 4:
                body.append(_text(x + w / 2, y + 13, str(n), anchor="middle", fill="#fff" if stage else "#333"))
            x += w
    return _svg(width, height, title, body)


def trend(dates: list[str], series: list[tuple[str, list[int | None]]], *, plot_width: float = 360,
          title: str = "Stage at each assessment") -> str:
    """Lines of stage rank (1-3; None: not assessed, a gap) at each assessment. `dates` labels the
    x axis (one per assessment); `series` is (label, [rank or None per assessment]). The legend sits
    on the right, one line a series."""
    left = text_width("Transformational") + 10
    legend_w = max(text_width(label) for label, _ in series) + 24
    n = max(len(dates), 2)
    step = plot_width / (n - 1)
    top, plot_h = 30, 150
    date_w = max(text_width(d, FONT - 1) for d in dates)
    width = left + plot_width + date_w / 2 + 16 + legend_w
    height = max(top + plot_h + 40, top + 16 * len(series) + 10)
    y_of = {1: top + plot_h, 2: top + plot_h / 2, 3: top}
    body = [_text(0, 14, title, size=FONT + 1)]
    for rank, stage in enumerate(STAGES, start=1):
        body.append(_text(left - 6, y_of[rank] + 4, stage.capitalize(), anchor="end"))
        body.append(f'<line x1="{left}" y1="{y_of[rank]}" x2="{left + plot_width}" y2="{y_of[rank]}" '
                    f'stroke="#ddd"/>')
    for i, d in enumerate(dates):
        body.append(_text(left + step * i, top + plot_h + 20, d, anchor="middle", size=FONT - 1))
    legend_x = left + plot_width + date_w / 2 + 16
    for k, (label, ranks) in enumerate(series):
        colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        offset = (k - len(series) / 2) * 1.5  # keep equal lines apart
        points = [(left + step * i, y_of[r] + offset) for i, r in enumerate(ranks) if r]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in points:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{escape(label)}</title>'
                        f'</circle>')
        ly = top + 16 * k
        body.append(f'<rect x="{legend_x:.1f}" y="{ly - 9}" width="12" height="4" fill="{colour}"/>')
        body.append(_text(legend_x + 16, ly, label))
    return _svg(width, height, title, body)


def current_target(rows: list[tuple[str, str | None, str | None]], *, bar_width: float = 330,
                   title: str = "Current stage against target") -> str:
    """A bar per characteristic: its current stage (bar length and colour), and a black mark at its
    target. `rows`: (label, current stage id or None, target stage id or None)."""
    label_w = max(text_width(label) for label, _, _ in rows) + 10
    col = bar_width / 3
    width = label_w + bar_width + 10
    top, row_h = 40, 26
    height = top + row_h * len(rows) + 24
    body = [_text(0, 14, title, size=FONT + 1)]
    for i, stage in enumerate(STAGES):
        body.append(_text(label_w + col * i + col / 2, 32, stage.capitalize(), anchor="middle", size=FONT - 1))
    for i, (label, current, target) in enumerate(rows):
        y = top + row_h * i
        rank = STAGES.index(current) + 1 if current else 0
        body.append(_text(0, y + 13, label))
        body.append(f'<rect x="{label_w:.1f}" y="{y}" width="{bar_width}" height="18" fill="#f2f2f2"/>')
        if rank:
            body.append(f'<rect x="{label_w:.1f}" y="{y}" width="{col * rank:.1f}" height="18" '
                        f'fill="{STAGE_COLOURS[current]}"><title>{escape(label)}: {current}</title></rect>')
        else:
            body.append(_text(label_w + 6, y + 13, "not assessed", fill="#777", size=FONT - 1))
        if target:
            tx = label_w + col * (STAGES.index(target) + 1) - 2
            body.append(f'<rect x="{tx:.1f}" y="{y - 3}" width="4" height="24" fill="#000">'
                        f'<title>{escape(label)}: target {target}</title></rect>')
    ly = top + row_h * len(rows) + 12
    body.append(f'<rect x="0" y="{ly - 9}" width="4" height="12" fill="#000"/>')
    body.append(_text(8, ly, "target"))
    return _svg(width, height, title, body)
