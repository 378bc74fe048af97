"""All the project's charts, drawn as plain SVG by a few lines of our own code (no scripts), in one place.

From a Result (letters): `characteristics_svg(result, kb)` for HTML and PDF and `characteristics_png(result,
kb)` (the same drawing, rasterised by Pillow) for DOCX draw the eight characteristics of Table 4 as
horizontal bars, one stage a third of the track, with a black mark at each characteristic's target.

From a cohort or a series of assessments (benchmark and compare pages), each over the data it needs:
- `distribution`: a stacked bar per characteristic, the share of a cohort at each stage;
- `stage_grid`: each characteristic's stage at each assessment, a grid of cells with the stage's number and
  word, the overall stage set apart;
- `current_target`: a bar per characteristic, the current stage, with a mark at the target.

Every chart can be read without its colours and without seeing it (WCAG 2.2 AA): the SVG's first child is
a <title> and a <desc> gives its data in words (the PDF's alternative text comes from that title); colours
have at least 4.5:1 contrast with white and the track; a bar's length, a pattern or a written stage tells
the stages apart; no type is under 8 pt printed or 12 px on screen. Every label is placed inside the
chart's frame: in the cohort charts label columns are sized from the longest label at 0.62 of the type
size per character (a generous estimate for the sans-serif fonts browsers and WeasyPrint use); the letter
chart's label column fits Table 4's longest name.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from html import escape
from xml.sax.saxutils import escape as xml_escape

from backtofront.classifier.knowledge import Knowledge
from backtofront.classifier.result import Result

# Colours that read (WCAG 2.2 AA): every stage colour and the "not assessed" grey is at least 4.5:1 against
# white and against the track (#f2f2f2), the colours a bar touches, so the same colours also serve as text;
# no colour is ever the only cue (the bar's length, a pattern, a label or a mark says the stage too).
STAGE_COLOURS: dict[str | None, str] = {"transactional": "#c0392b", "transitional": "#946200",
                                        "transformational": "#1a7a42"}
NOT_ASSESSED = "#6e6e6e"
TRACK = "#f2f2f2"
INK = "#222222"
MUTED = "#555555"

# The drawing's own units (the SVG scales to its container; the PNG multiplies by `scale`). Type is never
# under MIN_FONT units: printed at PRINT_WIDTH_PT points wide (85% of an A4 page inside 2 cm margins; the
# letter's print stylesheet) a unit is 0.745 pt, so 11 units are 8.2 pt; in Word, 16 cm wide, 9.1 pt; on
# screen, the letter's 48em column at 10 pt (640 px), 12.8 px.
WIDTH = 550
LABEL_W = 240  # Table 4's longest name, 228 units in 11-unit DejaVu Sans
ROW_H = 23
BAR_H = 16
TOP = 22
STAGE_W = (WIDTH - LABEL_W - 10) // 3  # 100: one stage, wide enough for "Transformational" over it
MIN_FONT = 11
PRINT_WIDTH_PT = 0.85 * (210 - 40) / 25.4 * 72


@dataclass(frozen=True)
class Bar:
    """One characteristic: its name, its stage rank (0 not assessed, 1-3) and stage name, its colour, and its
    target (Result.targets): the target's rank (0: no target), stage name ("" when none) and whether it is
    met."""
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

    @property
    def words(self) -> str:
        """The bar in words, for alternative text: "Efficiency policy: transitional, target
        transformational"."""
        stage = self.stage.lower() if self.rank else "not assessed"
        return f"{self.name}: {stage}, target {self.target_words.lower()}"


def characteristic_bars(result: Result, kb: Knowledge) -> list[Bar]:
    """The eight characteristics of Table 4, in the table's order, as bars with their targets."""
    bars = []
    for cid, c in result.characteristics.items():
        t = result.targets.get(cid)
        held = cid in result.held
        target = (kb.stage_rank(t.stage), kb.stages[t.stage].name, t.met, held) if t else (0, "", False, held)
        if c.stage:
            bars.append(Bar(c.name, kb.stage_rank(c.stage.id), c.stage.name, STAGE_COLOURS[c.stage.id],
                            *target))
        else:
            bars.append(Bar(c.name, 0, "Not assessed", NOT_ASSESSED, *target))
    return bars


CHART_TITLE = "The eight characteristics of Table 4: the stage each has reached, against the council's target"


def characteristics_alt(result: Result, kb: Knowledge) -> str:
    """The chart's alternative text: its data in words, one characteristic after another ("Efficiency
    policy: transitional, target transformational; ..."), for screen readers and the PDF's structure tree."""
    return "; ".join(bar.words for bar in characteristic_bars(result, kb)) + "."


LEGEND_H = 4  # the foot under the last bar (the key stands over the names, beside the stages' names)


def _height(n: int) -> int:
    return TOP + ROW_H * n + LEGEND_H


def _mark_x(rank: int) -> int:
    """The left edge of a target mark (4 units wide) at the end of stage `rank`."""
    return LABEL_W + STAGE_W * rank - 2


def characteristics_svg(result: Result, kb: Knowledge, chart_id: str = "stages") -> str:
    """An SVG (text) bar chart of the eight characteristics, current against target; width 100% of its
    container, height by viewBox.

    Each bar's length is its stage (Table 4): a third of the track for transactional, two thirds for
    transitional, the whole for transformational, under the stages' names; an unassessed characteristic
    says so on an empty track. A black mark stands at the end of the target stage (the profile's target,
    else the next stage; paras 33, 69-74); a key over the names says so. The SVG's first child is its
    `<title>` and a `<desc>` follows with the data in words (characteristics_alt): WeasyPrint takes a PDF
    figure's alternative text from that title, and screen readers read both through aria-labelledby."""
    bars = characteristic_bars(result, kb)
    h = _height(len(bars))
    alt = characteristics_alt(result, kb)
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {h}" width="100%" '
            f'preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{chart_id}-title '
            f'{chart_id}-desc" font-family="DejaVu Sans, Arial, sans-serif">'),
           f'<title id="{chart_id}-title">{escape(CHART_TITLE)}: {escape(alt)}</title>',
           f'<desc id="{chart_id}-desc">{escape(alt)}</desc>']
    for i, name in enumerate(kb.stages.values()):
        x = LABEL_W + STAGE_W * i + STAGE_W // 2
        out.append(f'<text x="{x}" y="13" font-size="{MIN_FONT}" fill="{MUTED}" text-anchor="middle" '
                   f'aria-hidden="true">{escape(name.name)}</text>')
    for i, bar in enumerate(bars):
        y = TOP + ROW_H * i
        out.append(f'<text x="0" y="{y + 12}" font-size="{MIN_FONT}" fill="{INK}" aria-hidden="true">'
                   f'{escape(bar.name)}</text>')
        out.append(f'<rect x="{LABEL_W}" y="{y}" width="{STAGE_W * 3}" height="{BAR_H}" fill="{TRACK}"/>')
        out.append(f'<rect x="{LABEL_W}" y="{y}" width="{STAGE_W * bar.rank}" height="{BAR_H}" '
                   f'fill="{bar.colour}"/>')
        if not bar.rank:
            out.append(f'<text x="{LABEL_W + 6}" y="{y + 12}" font-size="{MIN_FONT}" fill="{MUTED}" '
                       f'aria-hidden="true">not assessed</text>')
        if bar.target_rank:
            out.append(f'<rect x="{_mark_x(bar.target_rank)}" y="{y - 3}" width="4" height="{BAR_H + 6}" '
                       f'fill="{INK}"/>')
    out.append(f'<rect x="0" y="2" width="4" height="13" fill="{INK}"/>')
    out.append(f'<text x="10" y="13" font-size="{MIN_FONT}" fill="{MUTED}" aria-hidden="true">'
               f'target; the bar is the current stage</text>')
    out.append("</svg>")
    return "\n".join(out)


def characteristics_png(result: Result, kb: Knowledge, scale: int = 3) -> bytes:
    """The same chart as a PNG (bytes), `scale` pixels per drawing unit (3: sharp when printed at 16 cm)."""
    return bars_png(characteristic_bars(result, kb), [stage.name for stage in kb.stages.values()], scale)


def bars_png(bars: list[Bar], stage_names: list[str], scale: int = 3) -> bytes:
    """The characteristics chart as a PNG (bytes) from its bars (characteristic_bars) and the three stages'
    names in Table 4's order; `scale` pixels per drawing unit. Only Word letters use it (Pillow is slow to
    draw): HTML and PDF letters take the SVG. Its alternative text (characteristics_alt) is set on the image
    by the Word renderer."""
    from PIL import Image, ImageDraw, ImageFont

    s = scale
    img = Image.new("RGB", (WIDTH * s, _height(len(bars)) * s), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=MIN_FONT * s)
    for i, name in enumerate(stage_names):
        x = (LABEL_W + STAGE_W * i + STAGE_W // 2) * s
        draw.text((x, 13 * s), name, font=font, fill=MUTED, anchor="ms")
    for i, bar in enumerate(bars):
        y = (TOP + ROW_H * i) * s
        draw.text((0, y + 12 * s), bar.name, font=font, fill=INK, anchor="ls")
        draw.rectangle([LABEL_W * s, y, (LABEL_W + STAGE_W * 3) * s - 1, y + BAR_H * s - 1], fill=TRACK)
        if bar.rank:
            draw.rectangle([LABEL_W * s, y, (LABEL_W + STAGE_W * bar.rank) * s - 1, y + BAR_H * s - 1],
                           fill=bar.colour)
        else:
            draw.text(((LABEL_W + 6) * s, y + 12 * s), "not assessed", font=font, fill=MUTED, anchor="ls")
        if bar.target_rank:
            x = _mark_x(bar.target_rank) * s
            draw.rectangle([x, y - 3 * s, x + 4 * s - 1, y + (BAR_H + 3) * s - 1], fill=INK)
    draw.rectangle([0, 2 * s, 4 * s - 1, 15 * s - 1], fill=INK)
    draw.text((10 * s, 13 * s), "target; the bar is the current stage", font=font, fill=MUTED,
              anchor="ls")
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# -- charts of a cohort and of the journey over time (benchmark, compare) -------------------------------

STAGES = ("transactional", "transitional", "transformational")
COHORT_COLOURS = {**STAGE_COLOURS, None: NOT_ASSESSED}  # None: not assessed
FONT = 13  # cohort pages are HTML only: the smallest type (FONT - 1) is 12 px at any window width
SMALL = FONT - 1
# Never colour alone: each stage's part of a bar carries its own pattern as well as its colour (the legend
# shows both): none for transactional, diagonal lines for transitional, a cross-hatch for transformational;
# not assessed is an empty box with a grey edge. The lines are dark, so the colour's contrast with white
# stays what it is.
PATTERNS = {
    "transactional": "",
    "transitional": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#000" stroke-opacity=".45" '
                    'stroke-width="1.5"/>',
    "transformational": ('<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#000" stroke-opacity=".45" '
                         'stroke-width="1.2"/>'),
    None: "",
}


def text_width(text: str, size: float = FONT) -> float:
    """The width a label is given, in pixels (an upper estimate)."""
    return len(text) * 0.62 * size


def _defs() -> str:
    """The stage patterns (PATTERNS) as SVG <pattern>s, ids `p-<stage>`."""
    out = ["<defs>"]
    for stage, lines in PATTERNS.items():
        if lines:
            out.append(f'<pattern id="p-{stage or "not_assessed"}" width="8" height="8" '
                       f'patternUnits="userSpaceOnUse">{lines}</pattern>')
    out.append("</defs>")
    return "".join(out)


def _part(x: float, y: float, w: float, h: float, stage: str | None, tooltip: str = "") -> str:
    """One stage's part of a bar: its colour, its pattern over it, and a white edge so that parts that meet
    touch white, not each other."""
    title = f"<title>{xml_escape(tooltip)}</title>" if tooltip else ""
    if stage is None:
        return (f'<rect x="{x + 1:.1f}" y="{y + 1}" width="{max(w - 2, 1):.1f}" height="{h - 2}" fill="#fff" '
                f'stroke="{NOT_ASSESSED}" stroke-width="1.5">{title}</rect>')
    out = (f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" fill="{COHORT_COLOURS[stage]}" '
           f'stroke="#fff" stroke-width="1">{title}</rect>')
    if PATTERNS[stage]:
        out += (f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" '
                f'fill="url(#p-{stage or "not_assessed"})" stroke="#fff" stroke-width="1"/>')
    return out


def _svg(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    """An SVG whose first child is its <title> and whose <desc> carries the data in words; screen readers
    read both (aria-labelledby), and the parts' own titles stay as tooltips."""
    slug = "c" + hashlib.sha1(f"{title}\n{desc}".encode()).hexdigest()[:8]  # ids unique within a page
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-labelledby="{slug}-t {slug}-d" '
            f'font-family="sans-serif" font-size="{FONT}">\n'
            f'<title id="{slug}-t">{xml_escape(title)}</title>\n<desc '
            f'id="{slug}-d">{xml_escape(desc)}</desc>\n'
            + _defs() + "\n" + "\n".join(body) + "\n</svg>\n")


def _text(x: float, y: float, text: str, anchor: str = "start", size: float = FONT, fill: str = INK,
          weight: str = "") -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"{bold}>'
            f'{xml_escape(text)}</text>')


def _stage_word(stage: str | None) -> str:
    return stage or "not assessed"


def distribution(rows: list[tuple[str, dict[str, int]]], *, bar_width: float = 320,
                 title: str = "Stages across the cohort", here: list[str | None] | None = None,
                 here_label: str = "This council") -> str:
    """Stacked horizontal bars. `rows`: (label, {stage id or "not_assessed": count}); each bar is the
    whole cohort, split by stage (colour and pattern, in Table 4's order), with the count written in each
    part wide enough to hold it. `here`: the council's own stage for each row (None: not assessed), written
    in a column after the bars, so its place reads without a key. The
    description gives every count, and the council's stage, in words."""
    label_w = max(text_width(label) for label, _ in rows) + 10
    legend_w = sum(text_width(s) + 30 for s in (*STAGES, "not assessed"))
    here_w = max(text_width(w) for w in ("This council", "Transformational",
                                         "Not assessed")) + 16 if here else 0
    width = max(label_w + bar_width + 10 + here_w, legend_w + 10, text_width(title, FONT + 1) + 4)
    row_h, top = 26, 48
    height = top + row_h * len(rows) + 8
    body = [_text(0, 15, title, size=FONT + 1, weight="bold")]
    if here is not None:
        body.append(_text(label_w + bar_width + 12, 36, "This council", weight="bold"))
    x = 0.0
    for stage in (*STAGES, None):
        name = _stage_word(stage)
        body.append(_part(x, 24, 14, 14, stage))
        body.append(_text(x + 18, 36, name))
        x += text_width(name) + 30
    desc = []
    for i, (label, counts) in enumerate(rows):
        y = top + row_h * i
        total = sum(counts.values()) or 1
        body.append(_text(0, y + 14, label))
        x = label_w
        parts = []
        for stage in (*STAGES, None):
            n = counts.get(stage or "not_assessed", 0)
            if not n:
                continue
            parts.append(f"{n} {_stage_word(stage)}")
            w = bar_width * n / total
            body.append(_part(x, y, w, 20, stage, f"{label}: {n} {_stage_word(stage)}"))
            if w >= text_width(str(n)) + 6:  # white on every stage colour: 4.5:1 or more
                body.append(_text(x + w / 2, y + 15, str(n), anchor="middle", fill="#fff" if stage else MUTED,
                                  weight="bold"))
            x += w
        line = f"{label}: {', '.join(parts) or 'no councils'}"
        if here is not None:
            own = here[i]
            body.append(_text(label_w + bar_width + 12, y + 15, _stage_word(own).capitalize(), weight="bold"))
            line += f" ({here_label}: {_stage_word(own)})"
        desc.append(line)
    return _svg(width, height, title, "; ".join(desc) + ".", body)



def stage_grid(dates: list[str], rows: list[tuple[str, list[int | None]]], *,
               overall: list[int | None] | None = None, title: str = "Stage at each assessment") -> str:
    """A grid of characteristics by assessments: each cell the stage's number and word on its colour (rank
    1-3; None: not assessed), the overall stage set apart in a row of its own under a rule. `dates` heads
    the columns (one per assessment); `rows` is (label, [rank or None per assessment])."""
    words = {None: "Not assessed", 1: "1 Transactional", 2: "2 Transitional", 3: "3 Transformational"}
    labels = [label for label, _ in rows] + (["Overall stage"] if overall is not None else [])
    label_w = max(text_width(label) for label in labels) + 12
    cell_w = max(text_width(words[3], SMALL) + 14, max(text_width(d, SMALL) for d in dates) + 14)
    top, row_h, gap = 46, 24, 14
    width = label_w + cell_w * len(dates) + 4
    height = top + row_h * len(rows) + (gap + row_h if overall is not None else 0) + 6
    body = [_text(0, 15, title, size=FONT + 1, weight="bold")]
    for j, d in enumerate(dates):
        body.append(_text(label_w + cell_w * j + cell_w / 2, 38, d, anchor="middle", size=SMALL,
                          weight="bold"))
    desc = []

    def row(y: float, label: str, ranks: list[int | None], weight: str = "") -> None:
        body.append(_text(0, y + 16, label, weight=weight))
        for j, rank in enumerate(ranks):
            x = label_w + cell_w * j
            stage = STAGES[rank - 1] if rank else None
            if stage:
                body.append(f'<rect x="{x + 1:.1f}" y="{y + 1}" width="{cell_w - 2:.1f}" '
                            f'height="{row_h - 2}" fill="{COHORT_COLOURS[stage]}"/>')
                body.append(_text(x + cell_w / 2, y + 16, words[rank], anchor="middle", size=SMALL,
                                  fill="#fff",
                                  weight=weight))
            else:
                body.append(f'<rect x="{x + 1.5:.1f}" y="{y + 1.5}" width="{cell_w - 3:.1f}" '
                            f'height="{row_h - 3}" fill="#fff" stroke="{NOT_ASSESSED}"/>')
                body.append(_text(x + cell_w / 2, y + 16, words[None], anchor="middle", size=SMALL,
                                  fill=MUTED))
        desc.append(f"{label}: " + ", ".join(f"{d} {STAGES[r - 1] if r else 'not assessed'}"
                                             for d, r in zip(dates, ranks)))

    for i, (label, ranks) in enumerate(rows):
        row(top + row_h * i, label, ranks)
    if overall is not None:
        y = top + row_h * len(rows) + gap
        body.append(f'<line x1="0" y1="{y - gap / 2}" x2="{width:.0f}" y2="{y - gap / 2}" stroke="{INK}" '
                    f'stroke-width="1.5"/>')
        row(y, "Overall stage", overall, weight="bold")
    return _svg(width, height, title, "; ".join(desc) + ".", body)


def current_target(rows: list[tuple[str, str | None, str | None]], *, bar_width: float = 330,
                   title: str = "Current stage against target") -> str:
    """A bar per characteristic: its current stage (bar length, colour and pattern), and a black mark at its
    target. `rows`: (label, current stage id or None, target stage id or None)."""
    label_w = max(text_width(label) for label, _, _ in rows) + 10
    col = bar_width / 3
    width = label_w + bar_width + 10
    top, row_h = 42, 28
    height = top + row_h * len(rows) + 26
    body = [_text(0, 15, title, size=FONT + 1, weight="bold")]
    for i, stage in enumerate(STAGES):
        body.append(_text(label_w + col * i + col / 2, 34, stage.capitalize(), anchor="middle", size=SMALL))
    desc = []
    for i, (label, current, target) in enumerate(rows):
        y = top + row_h * i
        rank = STAGES.index(current) + 1 if current else 0
        body.append(_text(0, y + 14, label))
        body.append(f'<rect x="{label_w:.1f}" y="{y}" width="{bar_width}" height="20" fill="{TRACK}"/>')
        if rank:
            body.append(_part(label_w, y, col * rank, 20, current, f"{label}: {current}"))
        else:
            body.append(_text(label_w + 6, y + 15, "not assessed", fill=MUTED, size=SMALL))
        if target:
            tx = label_w + col * (STAGES.index(target) + 1) - 2
            body.append(f'<rect x="{tx:.1f}" y="{y - 3}" width="4" height="26" fill="#000">'
                        f'<title>{xml_escape(label)}: target {target}</title></rect>')
        desc.append(f"{label}: {_stage_word(current)}" + (f", target {target}" if target else ", no target"))
    ly = top + row_h * len(rows) + 14
    body.append(f'<rect x="0" y="{ly - 10}" width="4" height="14" fill="#000"/>')
    body.append(_text(8, ly, "target; the bar is the current stage"))
    return _svg(width, height, title, "; ".join(desc) + ".", body)
