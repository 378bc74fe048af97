"""All the project's charts, drawn as plain SVG by a few lines of our own code (no scripts), in one place.

From a Result (letters): `characteristics_svg(result, kb)` for HTML and PDF and `characteristics_png(result,
kb)` (the same drawing, rasterised by Pillow) for DOCX draw the eight characteristics of Table 4 as
horizontal bars, one stage a third of the track, with a black mark at each characteristic's target.

From a cohort or a series of assessments (benchmark and compare pages), each over the data it needs:
- `distribution`: a stacked bar per characteristic, the share of a cohort at each stage;
- `trend`: each characteristic's stage at each assessment, as lines;
- `current_target`: a bar per characteristic, the current stage, with a mark at the target.

Every label is placed inside the chart's frame: in the cohort charts label columns are sized from the
longest label at 0.62 of the font size per character (text_width: a generous estimate for the sans-serif fonts browsers and
WeasyPrint use); the letter chart's label column fits Table 4's longest name.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from xml.sax.saxutils import escape as xml_escape

from backtofront.classifier.knowledge import Knowledge
from backtofront.classifier.result import Result

STAGE_COLOURS = {"transactional": "#c0392b", "transitional": "#d68910", "transformational": "#1e8449"}
NOT_ASSESSED = "#999999"
TRACK = "#f2f2f2"
INK = "#222222"
MUTED = "#555555"

# The drawing's own units (the SVG scales to its container; the PNG multiplies by `scale`).
WIDTH = 640
LABEL_W = 250
ROW_H = 28
BAR_H = 18
TOP = 28
STAGE_W = (WIDTH - LABEL_W - 30) // 3  # 120: one stage


@dataclass(frozen=True)
class Bar:
    """One characteristic: its name, its stage rank (0 not assessed, 1-3) and stage name, its colour, and its
    target (Result.targets): the target's rank (0: no target), stage name ("" when none) and whether it is met."""
    name: str
    rank: int
    stage: str
    colour: str
    target_rank: int = 0
    target: str = ""
    met: bool = False
    held: bool = False  # no target for now: a stage ahead of the council (Result.held)

    @property
    def target_words(self) -> str:
        """The target in words for a table cell (plain.target_words): "Transitional", "Transitional (met)",
        "None for now" (held a stage ahead of the council), "Already transformational" or "Assess first"."""
        from .plain import target_words

        stage = {0: None, 3: "transformational"}.get(self.rank, "below")
        return target_words(self.target, self.met, held=self.held, stage=stage)


def characteristic_bars(result: Result, kb: Knowledge) -> list[Bar]:
    """The eight characteristics of Table 4, in the table's order, as bars with their targets."""
    bars = []
    for cid, c in result.characteristics.items():
        t = result.targets.get(cid)
        target = (kb.stage_rank(t.stage), kb.stages[t.stage].name, t.met) if t else (0, "", False)
        target += (cid in result.held,)
        if c.stage:
            bars.append(Bar(c.name, kb.stage_rank(c.stage.id), c.stage.name, STAGE_COLOURS[c.stage.id], *target))
        else:
            bars.append(Bar(c.name, 0, "Not assessed", NOT_ASSESSED, *target))
    return bars


LEGEND_H = 22  # the key under the bars: "bar: current stage; black mark: target"


def _height(n: int) -> int:
    return TOP + ROW_H * n + LEGEND_H


def _mark_x(rank: int) -> int:
    """The left edge of a target mark (4 units wide) at the end of stage `rank`."""
    return LABEL_W + STAGE_W * rank - 2


def characteristics_svg(result: Result, kb: Knowledge) -> str:
    """An SVG (text) bar chart of the eight characteristics, current against target; width 100% of its
    container, height by viewBox.

    Each bar's length is its stage (Table 4): a third of the track for transactional, two thirds for
    transitional, the whole for transformational; an unassessed characteristic says so on an empty track.
    A black mark stands at the end of the target stage (the profile's target, else the next stage; paras 33,
    69-74); a key under the bars says so."""
    bars = characteristic_bars(result, kb)
    h = _height(len(bars))
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {h}" width="100%" '
           f'preserveAspectRatio="xMinYMin meet" role="img" '
           f'aria-label="Stage of each of the eight characteristics of Table 4, against the council\'s target">')]
    for i, name in enumerate(kb.stages.values()):
        x = LABEL_W + STAGE_W * i + STAGE_W // 2
        out.append(f'<text x="{x}" y="16" font-size="11" fill="{MUTED}" text-anchor="middle">{escape(name.name)}</text>')
    for i, bar in enumerate(bars):
        y = TOP + ROW_H * i
        out.append(f'<text x="0" y="{y + 14}" font-size="11" fill="{INK}">{escape(bar.name)}</text>')
        out.append(f'<rect x="{LABEL_W}" y="{y}" width="{STAGE_W * 3}" height="{BAR_H}" fill="{TRACK}"/>')
        out.append(f'<rect x="{LABEL_W}" y="{y}" width="{STAGE_W * bar.rank}" height="{BAR_H}" fill="{bar.colour}">'
                   f'<title>{escape(bar.name)}: {escape(bar.stage)}</title></rect>')
        if not bar.rank:
            out.append(f'<text x="{LABEL_W + 6}" y="{y + 13}" font-size="10" fill="#777777">not assessed</text>')
        if bar.target_rank:
            out.append(f'<rect x="{_mark_x(bar.target_rank)}" y="{y - 3}" width="4" height="{BAR_H + 6}" fill="{INK}">'
                       f'<title>{escape(bar.name)}: target {escape(bar.target_words.lower())}</title></rect>')
    ky = TOP + ROW_H * len(bars) + 4
    out.append(f'<rect x="{LABEL_W}" y="{ky}" width="4" height="12" fill="{INK}"/>')
    out.append(f'<text x="{LABEL_W + 10}" y="{ky + 10}" font-size="10" fill="{MUTED}">'
               f'target; the bar is the current stage</text>')
    out.append("</svg>")
    return "\n".join(out)


def characteristics_png(result: Result, kb: Knowledge, scale: int = 3) -> bytes:
    """The same chart as a PNG (bytes), `scale` pixels per drawing unit (3: sharp when printed at 16 cm)."""
    return bars_png(characteristic_bars(result, kb), [stage.name for stage in kb.stages.values()], scale)


def bars_png(bars: list[Bar], stage_names: list[str], scale: int = 3) -> bytes:
    """The characteristics chart as a PNG (bytes) from its bars (characteristic_bars) and the three stages'
    names in Table 4's order; `scale` pixels per drawing unit. Only Word letters use it (Pillow is slow to
    draw): HTML and PDF letters take the SVG."""
    from PIL import Image, ImageDraw, ImageFont

    s = scale
    img = Image.new("RGB", (WIDTH * s, _height(len(bars)) * s), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=11 * s)
    small = ImageFont.load_default(size=10 * s)
    for i, name in enumerate(stage_names):
        x = (LABEL_W + STAGE_W * i + STAGE_W // 2) * s
        draw.text((x, 16 * s), name, font=font, fill=MUTED, anchor="ms")
    for i, bar in enumerate(bars):
        y = (TOP + ROW_H * i) * s
        draw.text((0, y + 14 * s), bar.name, font=font, fill=INK, anchor="ls")
        draw.rectangle([LABEL_W * s, y, (LABEL_W + STAGE_W * 3) * s - 1, y + BAR_H * s - 1], fill=TRACK)
        if bar.rank:
            draw.rectangle([LABEL_W * s, y, (LABEL_W + STAGE_W * bar.rank) * s - 1, y + BAR_H * s - 1], fill=bar.colour)
        else:
            draw.text(((LABEL_W + 6) * s, y + 13 * s), "not assessed", font=small, fill="#777777", anchor="ls")
        if bar.target_rank:
            x = _mark_x(bar.target_rank) * s
            draw.rectangle([x, y - 3 * s, x + 4 * s - 1, y + (BAR_H + 3) * s - 1], fill=INK)
    ky = (TOP + ROW_H * len(bars) + 4) * s
    draw.rectangle([LABEL_W * s, ky, (LABEL_W + 4) * s - 1, ky + 12 * s - 1], fill=INK)
    draw.text(((LABEL_W + 10) * s, ky + 10 * s), "target; the bar is the current stage", font=small, fill=MUTED,
              anchor="ls")
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# -- charts of a cohort and of the journey over time (benchmark, compare) -------------------------------

STAGES = ("transactional", "transitional", "transformational")
COHORT_COLOURS = {**STAGE_COLOURS, None: "#cccccc"}  # None: not assessed
FONT = 11
SERIES_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                  "#bcbd22")


def text_width(text: str, size: float = FONT) -> float:
    """The width a label is given, in pixels (an upper estimate)."""
    return len(text) * 0.62 * size


def _svg(width: float, height: float, label: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{xml_escape(label, {chr(34): "&quot;"})}" '
            f'font-family="sans-serif" font-size="{FONT}">\n' + "\n".join(body) + "\n</svg>\n")


def _text(x: float, y: float, text: str, anchor: str = "start", size: float = FONT, fill: str = "#222") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}">'
            f'{xml_escape(text)}</text>')


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
        body.append(f'<rect x="{x:.1f}" y="22" width="12" height="12" fill="{COHORT_COLOURS[stage]}"/>')
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
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="18" fill="{COHORT_COLOURS[stage]}">'
                        f'<title>{xml_escape(label)}: {n} {stage or "not assessed"}</title></rect>')
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
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{xml_escape(label)}</title>'
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
                        f'fill="{COHORT_COLOURS[current]}"><title>{xml_escape(label)}: {current}</title></rect>')
        else:
            body.append(_text(label_w + 6, y + 13, "not assessed", fill="#777", size=FONT - 1))
        if target:
            tx = label_w + col * (STAGES.index(target) + 1) - 2
            body.append(f'<rect x="{tx:.1f}" y="{y - 3}" width="4" height="24" fill="#000">'
                        f'<title>{xml_escape(label)}: target {target}</title></rect>')
    ly = top + row_h * len(rows) + 12
    body.append(f'<rect x="0" y="{ly - 9}" width="4" height="12" fill="#000"/>')
    body.append(_text(8, ly, "target"))
    return _svg(width, height, title, body)
