"""Charts drawn from a Result: SVG for HTML and PDF, PNG (the same drawing, rasterised by Pillow) for DOCX.

One function per chart and format: `characteristics_svg(result, kb)` and `characteristics_png(result, kb)`
draw the eight characteristics of Table 4 as horizontal bars, one stage a third of the track. Cohort and
trend charts belong here too, each as its own pair of functions over the data it needs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape

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
    """One characteristic: its name, its stage rank (0 not assessed, 1-3) and stage name, and its colour."""
    name: str
    rank: int
    stage: str
    colour: str


def characteristic_bars(result: Result, kb: Knowledge) -> list[Bar]:
    """The eight characteristics of Table 4, in the table's order, as bars."""
    bars = []
    for c in result.characteristics.values():
        if c.stage:
            bars.append(Bar(c.name, kb.stage_rank(c.stage.id), c.stage.name, STAGE_COLOURS[c.stage.id]))
        else:
            bars.append(Bar(c.name, 0, "Not assessed", NOT_ASSESSED))
    return bars


def _height(n: int) -> int:
    return TOP + ROW_H * n + 4


def characteristics_svg(result: Result, kb: Knowledge) -> str:
    """An SVG (text) bar chart of the eight characteristics; width 100% of its container, height by viewBox.

    Each bar's length is its stage (Table 4): a third of the track for transactional, two thirds for
    transitional, the whole for transformational; an unassessed characteristic says so on an empty track."""
    bars = characteristic_bars(result, kb)
    h = _height(len(bars))
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {h}" width="100%" '
           f'preserveAspectRatio="xMinYMin meet" role="img" '
           f'aria-label="Stage of each of the eight characteristics of Table 4">')]
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
    out.append("</svg>")
    return "\n".join(out)


def characteristics_png(result: Result, kb: Knowledge, scale: int = 3) -> bytes:
    """The same chart as a PNG (bytes), `scale` pixels per drawing unit (3: sharp when printed at 16 cm)."""
    from PIL import Image, ImageDraw, ImageFont

    bars = characteristic_bars(result, kb)
    s = scale
    img = Image.new("RGB", (WIDTH * s, _height(len(bars)) * s), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=11 * s)
    small = ImageFont.load_default(size=10 * s)
    for i, stage in enumerate(kb.stages.values()):
        x = (LABEL_W + STAGE_W * i + STAGE_W // 2) * s
        draw.text((x, 16 * s), stage.name, font=font, fill=MUTED, anchor="ms")
    for i, bar in enumerate(bars):
        y = (TOP + ROW_H * i) * s
        draw.text((0, y + 14 * s), bar.name, font=font, fill=INK, anchor="ls")
        draw.rectangle([LABEL_W * s, y, (LABEL_W + STAGE_W * 3) * s - 1, y + BAR_H * s - 1], fill=TRACK)
        if bar.rank:
            draw.rectangle([LABEL_W * s, y, (LABEL_W + STAGE_W * bar.rank) * s - 1, y + BAR_H * s - 1], fill=bar.colour)
        else:
            draw.text(((LABEL_W + 6) * s, y + 13 * s), "not assessed", font=small, fill="#777777", anchor="ls")
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
