"""The respondents of a combined profile in every output: the spread of their judged stages per
characteristic by role (one mark per respondent, never an average), the stage the merge rule reached and
the facilitator's agreed stage beside it and the questions they answer differently (the figures they give
differently are Result.to_confirm items, under To confirm). Tables for text and Markdown (`rows`,
`markdown`, `print_text`), a chart for HTML, PDF and Word (`svg`, `png`, `alt`).

Each function takes a Result (assess, letter) or a `SpreadView` built by `view` from the JSON block of
Result.respondents_summary (compare's assessments, benchmark's council), so every output draws the same
table and chart from the same data."""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from typing import Any

from backtofront.classifier.result import Result

from . import charts

ROLE_ORDER = ("officer", "councillor", "staff", "assessor", None)
ROLE_TITLES = {"officer": "Officers", "councillor": "Councillors", "staff": "Staff", "assessor": "Assessors",
               None: "No role given"}
ROLE_SHAPES = {"officer": "circle", "councillor": "square", "staff": "diamond", "assessor": "triangle",
               None: "ring"}
STAGE_NAMES = {"transactional": "Transactional", "transitional": "Transitional",
               "transformational": "Transformational", None: "no stage"}
RANKS = {"transactional": 1, "transitional": 2, "transformational": 3}
STATED = " (stated)"   # after a respondent's stage that their own file states rather than their answers give


@dataclass(frozen=True)
class Row:
    """One characteristic: `cells` {role: "Ann: Transitional; Dee: Transformational (stated)"}, `combined`
    (the merge rule's stage name), `agreed` (the override's stage and reason, or ""), `divergent`;
    `respondents` {name: stage id or None}, `roles` {name: role} and `agreed_stage` (id or None) for the
    chart."""
    cid: str
    name: str
    cells: dict[str | None, str]
    combined: str
    agreed: str
    divergent: bool
    respondents: dict[str, str | None]
    roles: dict[str, str | None]
    agreed_stage: str | None = None
    stated: frozenset[str] = frozenset()   # the names whose stage their own file states


@dataclass(frozen=True)
class SpreadView:
    """What the table and chart show: `people` [(name, role)], the merge rule's `note`, the `rows` in
    Table 4's order and the `disagreements` [(question text, {name: answer as shown})]."""
    people: list[tuple[str, str | None]]
    note: str
    rows: list[Row]
    disagreements: list[tuple[str, dict[str, str]]]


def view(summary: dict[str, Any], names: dict[str, str]) -> SpreadView:
    """The SpreadView of a respondents block (Result.respondents_summary, or the same block read back from
    compare's or benchmark's JSON); `names` {characteristic id: its name}."""
    roles = {p["name"]: p["role"] for p in summary["people"]}
    rows = []
    for cid, c in summary["characteristics"].items():
        cells: dict[str | None, list[str]] = {}
        stated = set(c.get("stated_by", ()))
        for person, stage in c["respondents"].items():
            cells.setdefault(roles.get(person), []).append(
                f"{person}: {STAGE_NAMES[stage]}" + (STATED if person in stated else ""))
        agreed = c.get("agreed")
        rows.append(Row(cid, names[cid], {role: "; ".join(v) for role, v in cells.items()},
                        STAGE_NAMES[c["combined"]] if c.get("combined") else "not assessed",
                        f"{STAGE_NAMES[agreed['stage']]} ({agreed['reason']})" if agreed else "",
                        bool(c.get("divergent")), dict(c["respondents"]),
                        {p: roles.get(p) for p in c["respondents"]}, agreed["stage"] if agreed else None,
                        frozenset(stated)))
    return SpreadView([(p["name"], p["role"]) for p in summary["people"]], summary["note"], rows,
                  [(d["text"], dict(d["answers"])) for d in summary["disagreements"]])


def _spread(source: Result | SpreadView | None) -> SpreadView | None:
    if source is None or isinstance(source, SpreadView):
        return source
    summary = source.respondents_summary()
    if summary is None:
        return None
    return view(summary, {cid: c.name for cid, c in source.characteristics.items()})


def roles_present(result: Result | SpreadView) -> list[str | None]:
    sp = _spread(result)
    given = {role for _, role in sp.people} if sp else set()
    return [r for r in ROLE_ORDER if r in given]


def rows(result: Result | SpreadView) -> list[Row]:
    """The spread table's rows, in Table 4's order (empty for one respondent's profile)."""
    sp = _spread(result)
    return sp.rows if sp else []


STATED_NOTE = ("(stated): the stage that respondent's own file states, counted because their answers give "
               "none for that characteristic.")


def stated_note(result: Result | SpreadView) -> str:
    """STATED_NOTE when a respondent's stage in the table is a stated one, else ""."""
    sp = _spread(result)
    return STATED_NOTE if sp and any(r.stated for r in sp.rows) else ""


def table(result: Result | SpreadView) -> tuple[list[str], list[list[str]]]:
    """The spread table as (column titles, rows of cells) for HTML and Word: the characteristic, each role
    present, the merge rule's stage and the agreed stage ("–" where there is none)."""
    sp = _spread(result)
    if sp is None:
        return [], []
    roles = roles_present(sp)
    titles = ["Characteristic", *(ROLE_TITLES[r] for r in roles), "Combined", "Agreed stage"]
    return titles, [[r.name, *(r.cells.get(role, "–") for role in roles), r.combined, r.agreed or "–"]
                    for r in sp.rows]


def disagreement_lines(result: Result | SpreadView) -> list[str]:
    """The questions the respondents answer differently, one line each: "question (Ann: yes; Bea: no)"."""
    sp = _spread(result)
    return [f"{text} ({'; '.join(f'{n}: {a}' for n, a in answers.items())})"
            for text, answers in sp.disagreements] \
        if sp else []


def html_parts(result: Result | SpreadView, heading: str, *, level: int = 3,
               chart_id: str = "spread") -> dict[str, Any]:
    """What templates/respondents.html.j2 shows (compare, benchmark): `heading` at `level` (h3 by default),
    the chart (`svg`, its ids from `chart_id`, unique in the page), the table (`titles`, `rows`), the note
    on stated stages (`stated`) and the `disagreements`."""
    from markupsafe import Markup

    titles, cells = table(result)
    chart = svg(result, chart_id, f"{heading}: {TITLE[0].lower()}{TITLE[1:]}")
    return {"heading": heading, "level": level, "svg": Markup(chart), "titles": titles, "rows": cells,
            "stated": stated_note(result), "disagreements": disagreement_lines(result)}


def _md(text: str) -> str:
    """User text (a name, a reason, an answer) for one cell or line of the product's own Markdown."""
    from .plain import markdown_cell
    from .templating import markdown_text

    return markdown_text(markdown_cell(text))


def markdown(result: Result | SpreadView, heading: str = "## Respondents") -> str:
    """The Markdown section: `heading` with the note, the table and disagreements (figures to confirm
    are in the assessment's To confirm, from Result.to_confirm); "" for one respondent's profile."""
    sp = _spread(result)
    if sp is None:
        return ""
    roles = roles_present(sp)
    people = ", ".join(f"{n} ({r or 'no role given'})" for n, r in sp.people)
    out = [heading, "", f"{len(sp.people)} respondents: {_md(people)}. {sp.note}", "",
           "| Characteristic | " + " | ".join(ROLE_TITLES[r] for r in roles) + " | Combined | Agreed stage |",
           "|---|" + "---|" * len(roles) + "---|---|"]
    for row in sp.rows:
        flag = " (divergent)" if row.divergent else ""
        out.append(f"| {row.name}{flag} | " + " | ".join(_md(row.cells.get(r, "–")) for r in roles)
                   + f" | {row.combined} | {_md(row.agreed or '–')} |")
    if note := stated_note(sp):
        out += ["", note]
    if sp.disagreements:
        out += ["", "Questions the respondents answer differently:", ""]
        for text, answers in sp.disagreements:
            out.append(f"- {text} ({_md('; '.join(f'{n}: {a}' for n, a in answers.items()))})")
    return "\n".join(out) + "\n"


def print_text(out, result: Result | SpreadView, width: int, x=lambda s: s,
               title: str = "Respondents") -> None:
    """The terminal section (rich `out`) under `title`: a table where every stage column holds the longest
    stage word whole (about 113 columns for three roles), a list otherwise."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from .formats import hanging
    from .terminal import NARROW, clean

    sp = _spread(result)
    if sp is None:
        return
    roles = roles_present(sp)
    people = ", ".join(f"{clean(n)} ({r or 'no role given'})" for n, r in sp.people)
    out.print(Text(title, style="bold"))
    out.print(Padding(Text(x(f"{len(sp.people)} respondents: {people}. {sp.note}")), (0, 0, 0, 2)))
    # a stage is never split across lines ("Transformation" / "al"): the table only where every stage
    # column holds the longest stage word, a list otherwise
    stage_w = max(len(w) for w in ("Transformational", "Transitional", "Transactional"))
    needed = CHARACTERISTIC_W + stage_w * (len(roles) + 2) + 3 * (len(roles) + 3) + 1
    if width < NARROW or width < needed:
        for row in sp.rows:
            out.print(Padding(hanging("- ", Text(f"{row.name}: ", style="bold") + Text(
                f"combined {row.combined}" + (f"; agreed {clean(row.agreed)}" if row.agreed else "")
                + (" (divergent)" if row.divergent else ""))), (0, 0, 0, 2)))
            for role in roles:
                if role in row.cells:
                    out.print(Padding(hanging(f"{ROLE_TITLES[role]}: ", Text(clean(row.cells[role]))),
                                      (0, 0, 0, 4)))
    else:
        table = Table(title="Each respondent's stage, by role", show_lines=True)
        table.add_column("Characteristic", min_width=CHARACTERISTIC_W)
        for role in roles:
            table.add_column(ROLE_TITLES[role], overflow="fold", min_width=stage_w)
        table.add_column("Combined", min_width=stage_w)
        table.add_column("Agreed stage", min_width=stage_w)
        for row in sp.rows:
            table.add_row(row.name + ("\n(divergent)" if row.divergent else ""),
                          *(clean(row.cells.get(r, "–")) for r in roles), row.combined,
                          clean(row.agreed) or "–")
        out.print(table)
    if note := stated_note(sp):
        out.print(Padding(Text(note), (0, 0, 0, 2)))
    if sp.disagreements:
        out.print(Padding(Text("Questions the respondents answer differently:"), (0, 0, 0, 2)))
        for text, answers in sp.disagreements:
            words = "; ".join(f"{clean(n)}: {a}" for n, a in answers.items())
            out.print(Padding(hanging("- ", Text(x(f"{text} ({words})"))), (0, 0, 0, 2)))
    out.print()


CHARACTERISTIC_W = 14  # the table's first column: "Sustainability" and "transformation" whole


# -- the chart: one mark per respondent on each characteristic's three stages -------------------------
# The letter chart's conventions (render/charts.py): the same drawing width and label column, so type of
# charts.MIN_FONT units is at least 8 pt printed and in Word and 12 px on screen; a mark is filled with its
# stage's colour (charts.STAGE_COLOURS, 4.5:1 against the track) and shaped by role, so neither colour nor
# shape is the only cue (the band says the stage, the key the shape's role).
WIDTH, LABEL_W, ROW_H, TOP = charts.WIDTH, charts.LABEL_W, 30, 28
STAGE_W = (WIDTH - LABEL_W - 10) // 3
FONT = charts.MIN_FONT
TITLE = "Each respondent's judged stage of each characteristic, by role"
KEY_STEP = 100


def _marks(sp: SpreadView):
    """(row, characteristic name, [(x, y, role, person, stage, stated)], agreed rank or None) for the
    chart."""
    out = []
    for i, row in enumerate(sp.rows):
        y = TOP + ROW_H * i + ROW_H // 2
        by_stage: dict[str | None, int] = {}
        marks = []
        for person, stage in row.respondents.items():
            if stage is None:
                continue
            k = by_stage.get(stage, 0)
            by_stage[stage] = k + 1
            x = LABEL_W + STAGE_W * (RANKS[stage] - 1) + 12 + 13 * k
            marks.append((x, y, row.roles.get(person), person, stage, person in row.stated))
        out.append((i, row.name, marks, RANKS[row.agreed_stage] if row.agreed_stage else None))
    return out


def _height(sp: SpreadView) -> int:
    return TOP + ROW_H * len(sp.rows) + 30


def alt(result: Result | SpreadView) -> str:
    """The spread chart's data in words (its <desc> in HTML and PDF, its alternative text in Word): each
    characteristic's respondents and stages, by role, and the agreed stage where there is one."""
    parts = []
    for r in rows(result):
        cells = "; ".join(f"{ROLE_TITLES[role]}: {r.cells[role]}" for role in ROLE_ORDER if role in r.cells) \
            or "no stage judged"
        parts.append(f"{r.name}: {cells}" + (f"; agreed {r.agreed}" if r.agreed else ""))
    return "Each respondent's stage, by role. " + ". ".join(parts) + "."


def _shape_svg(shape: str, x: float, cy: float, colour: str, title: str = "") -> str:
    if shape == "square":
        return f'<rect x="{x - 5}" y="{cy - 5}" width="10" height="10" fill="{colour}">{title}</rect>'
    if shape == "diamond":
        return (f'<polygon points="{x},{cy - 6} {x + 6},{cy} {x},{cy + 6} {x - 6},{cy}" '
                f'fill="{colour}">{title}</polygon>')
    if shape == "triangle":
        return (f'<polygon points="{x},{cy - 6} {x + 6},{cy + 5} {x - 6},{cy + 5}" '
                f'fill="{colour}">{title}</polygon>')
    if shape == "ring":
        return (f'<circle cx="{x}" cy="{cy}" r="4.5" fill="#ffffff" stroke="{colour}" stroke-width="2">'
                f'{title}</circle>')
    return f'<circle cx="{x}" cy="{cy}" r="5" fill="{colour}">{title}</circle>'


def svg(result: Result | SpreadView, chart_id: str = "spread", title: str = TITLE) -> str:
    """The spread chart as SVG text: each characteristic a row of three stage bands, one mark per
    respondent (shaped by role, filled with its stage's colour) in the band of their judged stage, and a
    black bar at the stage the facilitator agreed (the override), where there is one. The first child is its
    <title> (`title`; `chart_id` makes its ids, unique in a page), then a <desc> with the data in words
    (`alt`), both named by aria-labelledby; the marks' own titles stay as tooltips. Empty for one
    respondent's profile."""
    sp = _spread(result)
    if sp is None:
        return ""
    h = _height(sp)
    words = alt(sp)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {h}" width="100%" '
           f'preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{chart_id}-title '
           f'{chart_id}-desc">',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           f'<desc id="{chart_id}-desc">{escape(words)}</desc>']
    for i, name in enumerate(("Transactional", "Transitional", "Transformational")):
        out.append(f'<text x="{LABEL_W + STAGE_W * i + STAGE_W // 2}" y="16" font-size="{FONT}" '
                   f'fill="{charts.MUTED}" text-anchor="middle" aria-hidden="true">{name}</text>')
    for i, name, marks, agreed in _marks(sp):
        y = TOP + ROW_H * i
        out.append(f'<text x="0" y="{y + 19}" font-size="{FONT}" fill="{charts.INK}" aria-hidden="true">'
                   f'{escape(name)}</text>')
        for band in range(3):
            out.append(f'<rect x="{LABEL_W + STAGE_W * band + 1}" y="{y + 4}" width="{STAGE_W - 2}" '
                       f'height="{ROW_H - 8}" fill="{charts.TRACK}"/>')
        if agreed:
            out.append(f'<rect x="{LABEL_W + STAGE_W * agreed - 4}" y="{y + 1}" width="4" '
                       f'height="{ROW_H - 2}" fill="#000000"><title>agreed stage</title></rect>')
        for x, cy, role, person, stage, stated in marks:
            title = (f"<title>{escape(person)} ({role or 'no role'}): "
                     f"{stage}{STATED if stated else ''}</title>")
            out.append(_shape_svg(ROLE_SHAPES[role], x, cy, charts.STAGE_COLOURS[stage], title))
    ky = TOP + ROW_H * len(sp.rows) + 14
    kx = 0
    for role in roles_present(sp):
        out.append(_shape_svg(ROLE_SHAPES[role], kx + 5, ky, charts.INK)
                   + f'<text x="{kx + 14}" y="{ky + 4}" font-size="{FONT}" fill="{charts.MUTED}" '
                     f'aria-hidden="true">{ROLE_TITLES[role]}</text>')
        kx += KEY_STEP
    out.append(f'<rect x="{kx}" y="{ky - 6}" width="4" height="12" fill="#000000"/>'
               f'<text x="{kx + 8}" y="{ky + 4}" font-size="{FONT}" fill="{charts.MUTED}" '
               f'aria-hidden="true">agreed stage</text>')
    out.append("</svg>")
    return "\n".join(out)


def png(result: Result | SpreadView, scale: int = 3) -> bytes:
    """The same chart as PNG bytes (for Word), `scale` pixels per drawing unit. ValueError for one
    respondent's profile, which has no spread to draw (`rows` is empty: check it first)."""
    from PIL import Image, ImageDraw, ImageFont

    sp = _spread(result)
    if sp is None:
        raise ValueError("one respondent's profile has no spread chart")
    s = scale
    img = Image.new("RGB", (WIDTH * s, _height(sp) * s), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=FONT * s)

    def shape(kind: str, x: float, cy: float, colour: str) -> None:
        if kind == "square":
            draw.rectangle([(x - 5) * s, (cy - 5) * s, (x + 5) * s, (cy + 5) * s], fill=colour)
        elif kind == "diamond":
            draw.polygon([(x * s, (cy - 6) * s), ((x + 6) * s, cy * s), (x * s, (cy + 6) * s),
                          ((x - 6) * s, cy * s)], fill=colour)
        elif kind == "triangle":
            draw.polygon([(x * s, (cy - 6) * s), ((x + 6) * s, (cy + 5) * s), ((x - 6) * s, (cy + 5) * s)],
                         fill=colour)
        elif kind == "ring":
            draw.ellipse([(x - 5.5) * s, (cy - 5.5) * s, (x + 5.5) * s, (cy + 5.5) * s], fill="#ffffff",
                         outline=colour, width=2 * s)
        else:
            draw.ellipse([(x - 5) * s, (cy - 5) * s, (x + 5) * s, (cy + 5) * s], fill=colour)

    for i, name in enumerate(("Transactional", "Transitional", "Transformational")):
        draw.text(((LABEL_W + STAGE_W * i + STAGE_W // 2) * s, 16 * s), name, font=font, fill=charts.MUTED,
                  anchor="ms")
    for i, name, marks, agreed in _marks(sp):
        y = TOP + ROW_H * i
        draw.text((0, (y + 19) * s), name, font=font, fill=charts.INK, anchor="ls")
        for band in range(3):
            x0 = (LABEL_W + STAGE_W * band + 1) * s
            draw.rectangle([x0, (y + 4) * s, x0 + (STAGE_W - 2) * s - 1, (y + ROW_H - 4) * s - 1],
                           fill=charts.TRACK)
        if agreed:
            x0 = (LABEL_W + STAGE_W * agreed - 4) * s
            draw.rectangle([x0, (y + 1) * s, x0 + 4 * s - 1, (y + ROW_H - 1) * s - 1], fill="#000000")
        for x, cy, role, _, stage, _ in marks:
            shape(ROLE_SHAPES[role], x, cy, charts.STAGE_COLOURS[stage])
    ky = TOP + ROW_H * len(sp.rows) + 14
    kx = 0
    for role in roles_present(sp):
        shape(ROLE_SHAPES[role], kx + 5, ky, charts.INK)
        draw.text(((kx + 14) * s, (ky + 4) * s), ROLE_TITLES[role], font=font, fill=charts.MUTED, anchor="ls")
        kx += KEY_STEP
    draw.rectangle([kx * s, (ky - 6) * s, (kx + 4) * s - 1, (ky + 6) * s - 1], fill="#000000")
    draw.text(((kx + 8) * s, (ky + 4) * s), "agreed stage", font=font, fill=charts.MUTED, anchor="ls")
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
