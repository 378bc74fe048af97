"""Every output format of `assess`, each a rendering of the same Result."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from backtofront import defaults
from backtofront.classifier import knowledge
from backtofront.classifier.result import READING_MARKER, READING_NOTE, Quote, Result, marked

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

from . import output_format

COUNCIL_TYPES = knowledge.COUNCIL_TYPE_NAMES  # "District council": a council type as a heading gives it
SEVERITY_STYLE = {"high": "bold red", "warning": "yellow", "info": "cyan"}
STAGE_STYLE = {"transactional": "red", "transitional": "yellow", "transformational": "green"}


# assess's formats (TEXT, JSON, MD or MARKDOWN), from its registry in render/output_format.py
Format: type[output_format.FormatName] = output_format.ASSESS.enum("Format", __name__)


def why_not_lines(result: Result) -> list[str]:
    """Why the council is not at the next overall stage, as lines for people (the walkthrough, the `assess`
    report): "Why not transformational:", then "  - " and one sentence per unmet condition, then, where the
    rules are the assessment's own reading, the heading carries the reading marker (the document gives the
    note it refers to once: result.READING_NOTE). [] when there is nothing to say (Result.why_not)."""
    why = result.why_not
    if why is None:
        return []
    heading = f"Why not {why.name.lower()}"
    return [(marked(heading) if why.basis == "inferred" else heading)
            + ":", *(f"  - {reason}" for reason in why.reasons)]


def overall_words(result: Result) -> str:
    """The overall stage as people read it: the headline with the reading marker (the report gives no rule
    for the overall stage), e.g. "Transitional (the assessment's reading)"; "Not assessed" alone."""
    return result.overall.marked_headline


# A characteristic not assessed costs one move, "assess it", and the path then needs it at a stage the
# assessment has not found: said as a condition, never as the council's stage
PATH_NEEDS = " (this path needs it at "
# The column of the report's table giving Table 4's words for a characteristic's stage: the stage's
# description, not a finding about the council.
THIS_STAGE = "Table 4 at this stage"
PATH_NOTE = ("This path is the assessment's reading of para 47 and Figure 12; the report gives no formula "
             "for it.")


def path_move_words(result: Result, move) -> str:
    """One move of a path to the next overall stage (classifier.result.PathMove) for people, with Table 4's
    words for its target stage: "Efficiency policy to transitional: “Policy – but not linked to other
    policies.”", or for a characteristic not assessed "Assess management and leadership (this path needs it at
    transitional: “...”)"."""
    name = result.characteristics[move.characteristic].name
    stage = move.to.replace("_", " ")
    if move.from_ == "not_assessed":
        return f"Assess {name[0].lower() + name[1:]}{PATH_NEEDS}{stage}: “{move.descriptor}”)"
    return f"{name} to {stage}: “{move.descriptor}”"


def path_heading(result: Result) -> str:
    """"Shortest path to transitional: two moves" (Result.next_stage_path); "" when there is none."""
    from backtofront.classifier.rules import counted

    path = result.next_stage_path
    if path is None:
        return ""
    return f"Shortest path to {path.to.replace('_', ' ')}: {counted(path.moves, 'move')}"


def equally_short(others: int) -> str:
    """The words after a path's heading when `others` more paths are as short: ", one of 15 equally short
    paths"; "" when it is the only one."""
    from backtofront.classifier.rules import in_words

    return f", one of {in_words(others + 1)} equally short paths" if others else ""


def path_lines(result: Result, most: int = 3) -> list[str]:
    """The shortest path to the next overall stage as lines for people (assess, the walkthrough): the
    heading, then the first `most` paths (one line a move, numbered paths when more than one is shown),
    "and N more paths as short", and the note that it is the assessment's reading. [] at transformational or
    when not assessed."""
    path = result.next_stage_path
    if path is None:
        return []
    shown = path.paths[:most]
    lines = [path_heading(result) + (" (one of several as short)" if len(shown) == 1 and path.more else "")]
    for i, moves in enumerate(shown, start=1):
        if len(shown) > 1:
            lines.append(f"  Path {i}:")
        lines += [f"{'    ' if len(shown) > 1 else '  '}- {path_move_words(result, m)}" for m in moves]
    more = path.more + len(path.paths) - len(shown)
    if more and len(shown) > 1:
        lines.append(f"  and {more} more {'path' if more == 1 else 'paths'} as short")
    lines.append(f"  {PATH_NOTE}")
    return lines


def what_if_heading(result: Result) -> str:
    """"What if: efficiency policy transitional; time scales not assessed" (Result.what_if); "" without."""
    w = result.what_if
    if w is None:
        return ""
    parts = [f"{_lower_name(result.characteristics[cid].name)} {stage.replace('_', ' ')}"
             for cid, stage in w.set.items()]
    return "What if: " + "; ".join(parts)


def what_if_changes(result: Result) -> list[str]:
    """The "Changes" of a what-if in `compare`'s words: the overall stage and each characteristic that
    moved ("Overall stage: transactional → transitional (up)"), flags added and removed, recommendations
    that no longer apply and new ones. [] without a what-if."""
    from backtofront.cohort.compare import CHANGE_WORDS

    w = result.what_if
    if w is None:
        return []

    def stage(s: str | None) -> str:
        return s.replace("_", " ") if s else "not assessed"
    o = w.overall
    lines = [f"Overall stage: {stage(o['from'])} → {stage(o['to'])} ({CHANGE_WORDS[o['change']]})"]
    for cid, c in w.characteristics.items():
        lines.append(f"{result.characteristics[cid].name}: {stage(c['from'])} → {stage(c['to'])} "
                     f"({CHANGE_WORDS[c['change']]})")
    lines += [f"Flag added: {f['message']}" for f in w.flags["added"]]
    lines += [f"Flag removed: {f['message']}" for f in w.flags["removed"]]
    achieved = w.recommendations.get("achieved", [])
    lines += [f"Recommendation achieved: {r['title']}" for r in achieved]
    went_down = w.recommendations.get("went_down", [])
    lines += [f"Recommendation not reached, its characteristic set lower: {r['title']}" for r in went_down]
    lines += [f"Recommendation that no longer applies: {r['title']}" for r in w.recommendations["closed"]
              if r not in achieved and r not in went_down]
    lines += [f"New recommendation: {r['title']}" for r in w.recommendations["new"]]
    return lines


def _lower_name(name: str) -> str:
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


# The pressures and barriers of Table 3 the council reports are context to the advice: a factor is advice only
# where a recommendation responds to it (rules BT210, BT211), directly or merged into other advice that says
# the same (classifier/consistency.one_each); held back, it stays context.
CONTEXT_HEADING = "Pressures and barriers recorded for the council (Table 3)"
CONTEXT_LEAD = "Context for the advice; where a recommendation responds to one, its number follows it."


def case_readings(result: Result, quoted: dict[str, Quote] | None = None) -> dict[str, str]:
    """{profile field ("strategic_approach.political_support"): "Case study N"} for the fields of a
    case-study council's bundled profile that are the assessment's reading of the report (examples/cases/,
    `basis: reading`), where the assessment rests on that profile (its stages are the report's sentences,
    `quoted`, by default result.report_quotes); {} for any other council. A reading of another place in the
    report (the source's `place`: "para 58", said of all 23 case study sites) names that place instead."""
    from backtofront.classifier import cases as cases_mod

    quoted = result.report_quotes if quoted is None else quoted
    numbers = sorted({quote.case for quote in quoted.values()})
    out: dict[str, str] = {}
    for n in numbers:
        try:
            case = cases_mod.get(n)
        except Exception:  # noqa: BLE001 - a case study without a bundled profile reads nothing
            continue
        for key, source in case.sources.items():
            if source.basis == "reading":
                out.setdefault(key, source.place or f"Case study {n}")
    return out


def factor_context(result: Result, kb=None, ref: str = "recommendation {n}") -> list[str]:
    """The Table 3 factors recorded for the council, one line a kind: ["External pressures: CSR07
    (recommendation 4); council tax levels", "Internal barriers: none"]; "none" where the profile's list is
    empty, no line where it has no such section (not recorded is not none). Each factor names the
    recommendation (its rank `n`, in the words of `ref`) that responds to it, where one does, and, for a
    case-study council's factor the report does not state of it, the reading marker first ("CSR07 (the
    assessment's reading of the report, Case study 9; recommendation 1)"); `kb` defaults to the bundled
    knowledge."""
    from backtofront.classifier import knowledge as knowledge_mod
    from backtofront.classifier.rules import midsentence

    kb = kb or knowledge_mod.load()
    answered = result.responding()
    readings = case_readings(result)
    lines = []
    for kind, words, ids, recorded, table in (
            ("pressure", "External pressures", result.pressures, result.pressures_recorded, kb.pressures),
            ("barrier", "Internal barriers", result.barriers, result.barriers_recorded, kb.barriers)):
        if not recorded:
            continue
        names = []
        for fid in ids:
            name = midsentence(table[fid].name) if fid in table else fid
            n = answered.get(f"{kind}_{fid}")
            # a case-study council's factor that the report does not state of it
            notes = [f"{READING_MARKER} of the report, {readings[f'{kind}s.{fid}']}"] \
                if f"{kind}s.{fid}" in readings else []
            notes += [ref.format(n=n)] if n else []
            names.append(f"{name} ({'; '.join(notes)})" if notes else name)
        lines.append(f"{words}: {'; '.join(names) if names else 'none'}")
    return lines


SCREEN_LINES = 24  # the opening screen of the text report fits a 24-line terminal
# ... with two lines to spare: one for what follows it (the interview's pointer to the full report after
# "assess now", the detail's heading) and one for the shell's prompt, so that nothing of it scrolls away
OPENING_LINES = SCREEN_LINES - 2


def page_one(recs: list) -> list:
    """The priorities of the letter's page 1 and of the opening screen of `assess`: the head of the ranked
    recommendations `recs`, as many as are high priority, at least three and at most five."""
    high = sum(1 for r in recs if r.priority == "high")
    return list(recs[:max(3, min(high, 5))])


def shown_recommendations(result: Result, top: int | None = defaults.TOP, show_all: bool = False) -> list:
    """The recommendations a text or Markdown report details: all with `show_all`, the first `top` when
    given, else the letter's page-1 priorities (`page_one`). JSON always has them all."""
    recs = list(result.recommendations)
    if show_all:
        return recs
    return recs[:max(top, 0)] if top is not None else page_one(recs)


def why_words(result: Result) -> list[str]:
    """Why the council is at its overall stage, in one or two sentences for the opening screen: the reason
    of the rule that placed it (its citation kept), then the first reason it is not at the next stage."""
    out = []
    if result.overall.reasons:
        out.append(result.overall.reasons[-1])
    if result.why_not and result.why_not.reasons:
        out.append(result.why_not.reasons[0])
    return [w if w.endswith(".") else w + "." for w in out]


def reading_list(case_studies: list[str], most: int = 3) -> str:
    """Case studies to read, for a terminal line: the first `most` the recommendation names (the rules list
    the report's own links first; the JSON keeps them all), in the report's order, e.g. ["Case study 9",
    "Case study 2"] -> "Case studies 2 and 9"."""
    numbers = list(dict.fromkeys(int(c.removeprefix("Case study ")) for c in case_studies))
    shown, rest = [str(n) for n in sorted(numbers[:most])], len(numbers) - most
    if len(shown) == 1:
        text = f"Case study {shown[0]}"
    else:
        text = "Case studies " + ", ".join(shown[:-1]) + f" and {shown[-1]}"
    return text + (f" (and {rest} more with --format json)" if rest > 0 else "")


def render(result: Result, fmt: output_format.FormatName | str, *, color: bool = False, width: int = 100,
           encoding: str | None = None, top: int | None = defaults.TOP, show_all: bool = False,
           screen_only: bool = False) -> str:
    """`result` in `fmt` (a Format or its name: text, json, md), through assess's format registry
    (render/output_format.py); a text report `width` columns wide, for output in `encoding` (None: Unicode;
    a legacy one such as cp1252: the table is measured with the ASCII stand-ins the output will show).
    `top`/`show_all` pick the recommendations text and Markdown detail (`shown_recommendations`); JSON has
    them all. `screen_only`: the text report's opening screen alone (the interview's last word)."""
    return output_format.ASSESS.render_text(fmt, result, color=color, width=width, encoding=encoding, top=top,
                                            show_all=show_all, screen_only=screen_only)


def as_json(result: Result, **_options) -> str:
    """`assess -f json`: the assessment's public JSON (classifier/contract.py); takes no option."""
    from backtofront.classifier import contract

    from .terminal import json_text

    return json_text(contract.assessment(result.to_dict()))


def markdown(result: Result, *, top: int | None = defaults.TOP, show_all: bool = False, **_options) -> str:
    """`assess -f md`: the Markdown report, detailing the recommendations `top`/`show_all` pick
    (`shown_recommendations`), acronyms spelled out at first use; the reading note once where a marker
    is used."""
    from . import respondents_view, templating
    from .plain import Expander, abbreviations_markdown, result_target_words, user_texts
    recs = shown_recommendations(result, top, show_all)
    doc = Expander(protect=user_texts(result)).document(
        templating.render("assess.md.j2", r=result, council_types=COUNCIL_TYPES, marker=READING_MARKER,
                          # the respondents' table is the product's own Markdown (Markup: not escaped)
                          respondents_md=templating.MarkdownMarkup(respondents_view.markdown(result)),
                          target_words=lambda cid: result_target_words(result, cid),
                          recs=recs, more=len(result.recommendations) - len(recs),
                          context=factor_context(result), context_heading=CONTEXT_HEADING,
                          context_lead=CONTEXT_LEAD, why=why_words(result),
                          path_move=lambda m: path_move_words(result, m),
                          what_if=what_if_heading(result), changes=what_if_changes(result),
                          path_note=PATH_NOTE))
    if READING_MARKER in " ".join(doc.split()):  # the note the markers refer to, once
        doc = doc.rstrip("\n") + f"\n\n**Note:** {READING_NOTE}\n"
    return doc + abbreviations_markdown(doc)


def console(color: bool, width: int) -> tuple[Console, io.StringIO]:
    from rich.console import Console  # rich is imported only for text output

    buffer = io.StringIO()
    # height given: rich would otherwise ask the operating system for the terminal size at every line
    # it renders (output does not depend on it: nothing here pages or fills the screen); markup off: a
    # user's "[link=...]" or "[on red]" in a note, a reason or a name is text, printed as written (styles
    # come only from Text objects)
    return Console(file=buffer, force_terminal=color, no_color=True if not color else None, width=width,
                   height=25, markup=False,
                   highlight=False, emoji=False), buffer


class _Hanging:
    """`prefix` then `body` wrapped in the width left beside it, continuation lines under the body's start:
    what a two-column rich grid (prefix unwrapped, body folded, both left-justified) draws, character for
    character and style for style, without measuring a table for every line of a report. A str is read
    as rich markup, as a grid's cell reads it."""

    def __init__(self, prefix, body):
        self.prefix, self.body = prefix, body

    def __rich_console__(self, console, options):
        from rich.segment import Segment
        from rich.text import Text

        def text(part) -> Text:
            return console.render_str(part) if isinstance(part, str) else part

        prefix, body = text(self.prefix), text(self.body)
        width = options.max_width
        lead = prefix.cell_len
        if not lead or lead + 2 > width:  # no prefix, or no room beside it: as the grid draws them
            yield _grid(prefix, body)
            return
        longest = max((Text(line).cell_len for line in body.plain.split("\n")), default=0)
        column = max(min(longest, width - lead), 1)
        blank = Segment(" " * lead)
        for i, line in enumerate(body.wrap(console, column, justify="left", overflow="fold")):
            if i == 0:
                yield from Text().join([prefix]).render(console)
            else:
                yield blank
            yield from Text().join([line]).render(console)
            yield Segment.line()


def _grid(prefix, body):
    from rich.table import Table

    grid = Table.grid(padding=0)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(prefix, body)
    return grid


def hanging(prefix, body):
    """A rich renderable: `prefix` then `body`, continuation lines aligned under the body (hanging indent).
    Both are rich Text (or str)."""
    return _Hanging(prefix, body)


def fit_columns(columns: list[list[str]], width: int, *, floors: list[int] | None = None) -> list[int] | None:
    """Content widths for a bordered table of `columns` (each a list of its cells, heading first) that
    fills `width` columns exactly and cuts no word: each column gets at least its longest word (or its
    floor), then the rest goes to the columns with the most text. None when even that does not fit (the
    caller shows a list instead). Each column also takes two of padding and one of border."""
    avail = width - 3 * len(columns) - 1
    mins = [max(min_words(*cells), (floors or [0] * len(columns))[i]) for i, cells in enumerate(columns)]
    maxs = [max(max((len(line) for cell in cells for line in cell.split("\n")), default=1), least)
            for cells, least in zip(columns, mins, strict=True)]
    if sum(mins) > avail:
        return None
    if sum(maxs) <= avail:
        widths = list(maxs)
        spare, weights = avail - sum(maxs), maxs
    else:
        widths = list(mins)
        spare, weights = avail - sum(mins), [hi - lo for hi, lo in zip(maxs, mins, strict=True)]
    total = sum(weights) or 1
    for i, weight in enumerate(weights):
        widths[i] += spare * weight // total
    widths[max(range(len(widths)), key=lambda i: weights[i])] += avail - sum(widths)
    return widths


def min_words(*cells: str) -> int:
    """The width of the longest word in `cells`: a table column at least this wide cuts no word."""
    return max((len(w) for cell in cells for w in cell.split()), default=1)


def text(result: Result, *, color: bool = False, width: int = 100, encoding: str | None = None,
         top: int | None = defaults.TOP, show_all: bool = False, screen_only: bool = False) -> str:
    """The terminal report: `width` columns; below 80 the characteristics table becomes a list.
    It opens with one screen (at most OPENING_LINES lines at 80 columns): council, stage, why, the first
    shortest path and the top priorities (`opening`); then the detail. `top`/`show_all`: which
    recommendations the detail gives (`shown_recommendations`); `screen_only`: the opening screen alone.
    Text from the profile (council name, evidence) is stripped of control characters. `encoding`: a
    legacy encoding the output is written in (None: Unicode): the table's cells are given in the ASCII
    stand-ins that encoding will show ("->" for "→"), so that they are measured as they will be printed."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from .plain import Expander, flag_title, user_texts
    from .terminal import NARROW, clean, encodable

    r = result
    expand = Expander(protect=user_texts(r))  # acronyms spelled out at first use in the product's own prose

    def x(s: str | None) -> str:
        s = expand(s) or ""
        return encodable(s, encoding) if encoding else s
    arrow = encodable("→", encoding) if encoding else "→"
    recs = shown_recommendations(r, top, show_all)
    head = opening(r, x, color=color, width=width, top=top, show_all=show_all)
    if screen_only:
        return head
    out, buffer = console(color, width)
    expand = Expander(protect=user_texts(r))  # the detail spells acronyms out again: it is read on its own
    if r.what_if is not None:
        out.print(Text("Changes", style="bold"))
        for line in what_if_changes(r):
            out.print(Padding(hanging("- ", Text(x(line))), (0, 0, 0, 2)))
        out.print()
    out.print(Text("In detail", style="bold"))
    out.print(Text("Overall stage: ") + overall_text(r))
    for reason in r.overall.reasons:
        out.print(Padding(hanging("- ", Text(x(reason))), (0, 0, 0, 2)))
    if r.why_not:  # the same words as the walkthrough's (why_not_lines), with hanging indents
        out.print(Padding(Text(why_not_lines(r)[0]), (0, 0, 0, 2)))
        for reason in r.why_not.reasons:
            out.print(Padding(hanging("- ", Text(x(reason))), (0, 0, 0, 4)))
    for line in path_lines(r):  # the shortest paths, three of them, as the walkthrough gives them
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped.startswith("- "):
            out.print(Padding(hanging("- ", Text(x(stripped[2:]))), (0, 0, 0, indent)))
        else:
            out.print(Padding(Text(x(stripped), style="dim" if stripped == PATH_NOTE else ""),
                              (0, 0, 0, indent)))
    out.print()

    rows = []
    for cid, c in r.characteristics.items():
        stage = Text(c.stage.name, style=STAGE_STYLE[c.stage.id]) if c.stage else Text("not assessed",
                                                                                       style="dim")
        this = c.stage.descriptor if c.stage else "–"
        if c.evidence:
            this += f"\nEvidence: {clean(r.evidence_words(cid) or '')}"
        if c.stage and c.basis:  # issue 10: what the stage rests on
            this += f"\nRests on: {r.rests_on_words(cid, 'provisional')}"
        if c.override:
            this += f"\nOverride reason: {clean(c.override['reason'])}"
        if c.answers:
            this += (f"\nAnswers: {c.count('answered')} of {c.indicators}, {c.count('na')} not applicable, "
                     f"{c.count('dont_know')} don't know")
        nxt = f"{c.next.name}: {c.next.descriptor}" if c.next else "–"
        rows.append((x(c.name), stage, target_text(r, c.id), x(this), x(nxt)))
    heading = f"Stage {arrow} target"
    stages = [heading, *(row[1].plain for row in rows), *(f"{arrow} {row[2].plain}" for row in rows)]
    # no next stage for any characteristic (all transformational, or held): the column would hold only
    # dashes, and its room goes to Table 4's words
    ahead = any(row[4] != "–" for row in rows)
    columns = [["Characteristic", *(x[0] for x in rows)], stages, [THIS_STAGE, *(x[3] for x in rows)]]
    if ahead:
        columns.append(["Next stage", *(x[4] for x in rows)])
    widths = fit_columns(columns, width,
                         floors=[0, max(map(len, stages)), 0, 0][:len(columns)])  # stages never wrap
    if width < NARROW or widths is None:  # a list: each characteristic, its stage, then its descriptors
        out.print(Text("The eight characteristics (Table 4)", style="bold"))
        for name, stage, target, this, nxt in rows:
            out.print(Padding(hanging("- ", Text(f"{name}: ", style="bold") + stage), (0, 0, 0, 2)))
            out.print(Padding(hanging("Target: ", target), (0, 0, 0, 4)))
            out.print(Padding(hanging(f"{THIS_STAGE}: ", Text(this)), (0, 0, 0, 4)))
            if ahead:
                out.print(Padding(hanging("Next stage: ", Text(nxt)), (0, 0, 0, 4)))
        out.print()
    else:
        table = Table(title="The eight characteristics (Table 4)", show_lines=True)
        titles = ("Characteristic", heading, THIS_STAGE, "Next stage")[:len(columns)]
        for title, least in zip(titles, widths, strict=True):
            table.add_column(title, width=least, no_wrap=title == heading)
        for name, stage, target, this, nxt in rows:
            table.add_row(name, stage + Text(f"\n{arrow} ") + target, this, *([nxt] if ahead else []))
        out.print(table)
    if r.evidence_note:
        out.print(Text(x(r.evidence_note), style="italic"))
    if r.held_note:
        out.print(Text(x(r.held_note), style="italic"))
    if r.notes:   # the assessor's notes, as in the Markdown report and the letter
        out.print()
        out.print(hanging(Text("Assessor's notes: ", style="bold"), Text(clean(r.notes))))
        out.print()

    if r.respondents is not None:   # a combined profile: the spread by role, beside the agreed stage
        from . import respondents_view
        respondents_view.print_text(out, r, width, x)

    if r.flags:
        out.print(Text("Flags", style="bold"))
        for f in r.flags:
            out.print(Padding(hanging(Text(f"[{f.severity}] ", style=SEVERITY_STYLE[f.severity]),
                                      Text(f"{flag_title(f.id)}: {x(f.message)}")
                                      + Text(f" ({', '.join(f.citations)})", style="dim")), (0, 0, 0, 2)))
        out.print()

    context = factor_context(r)
    # Table 3's pressures and barriers: context, each with the recommendation that responds to it
    if context:
        out.print(Text(CONTEXT_HEADING, style="bold"))
        out.print(Padding(Text(CONTEXT_LEAD, style="dim"), (0, 0, 0, 2)))
        for line in context:
            out.print(Padding(hanging("- ", Text(x(line))), (0, 0, 0, 2)))
        out.print()

    out.print(Text("Recommendations", style="bold"))
    if not r.recommendations:
        out.print("  None.")
    for i, rec in enumerate(recs, start=1):
        out.print(hanging(f"{i:>3}. ", Text(x(rec.title), style="bold")
                          + Text(f"  [{rec.priority} priority, {rec.effort} effort]", style="dim")))
        out.print(Padding(Text(x(rec.action)), (0, 0, 0, 5)))
        if rec.why:
            out.print(Padding(Text(x(r.credited(f"Why: {' '.join(rec.why)}")), style="dim"), (0, 0, 0, 5)))
        # a case study to read is named once, in "read …", not also among the citations
        # the reading marker after the places it marks, before the case studies to read (whose list may end
        # in a bracket of its own): never two brackets back to back
        cites = ", ".join(c for c in rec.citations if c not in rec.case_studies) + (
            f" ({READING_MARKER})" if rec.basis == "inferred" else "") + (
            f"; read {reading_list(rec.case_studies)}" if rec.case_studies else "")
        out.print(Padding(Text(f"Cites: {cites}", style="dim"), (0, 0, 0, 5)))
    if r.to_confirm:
        out.print()
        out.print(Text("To confirm", style="bold"))
        out.print(Padding(Text("Advice that would rest on a fact the profile does not record is not given; "
                               "record these instead:", style="dim"), (0, 0, 0, 2)))
        for t in r.to_confirm:
            out.print(Padding(hanging("- ", Text(x(t.text))), (0, 0, 0, 2)))
    if len(recs) < len(r.recommendations):
        out.print(f"  and {len(r.recommendations) - len(recs)} more: --all")
    so_far = head + _plain(buffer.getvalue(), False)
    if READING_MARKER in " ".join(so_far.split()):  # the note the markers refer to, once
        out.print()
        out.print(Text(f"Note: {READING_NOTE}", style="italic"))
    return head + "\n" + _plain(buffer.getvalue(), color)


def opening(result: Result, x, *, color: bool = False, width: int = 100, top: int | None = defaults.TOP,
            show_all: bool = False) -> str:
    """The opening screen of the text report: council, overall stage, why in one or two sentences, the
    first shortest path (one line a move) and the top priorities (the letter's page-1 priorities, or the
    first `top`), then "and N more: --all". At most OPENING_LINES lines at 80 columns: where the full
    wording would be longer, the path's Table 4 words and then the second "why" sentence give way.
    `x`: the prose filter (acronyms spelled out, the output's encoding)."""
    from rich.padding import Padding
    from rich.text import Text

    from .terminal import clean

    r = result
    recs = list(r.recommendations)
    shown = recs if show_all else (recs[:max(top, 0)] if top is not None else page_one(recs))
    on_screen = shown[:5] if show_all or (top is not None and top > 5) else shown

    def build(descriptors: bool, whys: int, compact: bool = False) -> str:
        out, buffer = console(color, width)
        if r.what_if is not None:
            out.print(Text(x(what_if_heading(r)), style="bold"))
        out.print(Text(clean(r.council["name"]), style="bold"), Text(f"({COUNCIL_TYPES[r.council['type']]})"))
        if r.assessed_on:
            out.print(f"Assessed on {r.assessed_on}")
        out.print(Text("Overall stage: ") + overall_text(r))
        for sentence in why_words(r)[:whys]:
            out.print(Padding(hanging("Why: " if sentence == why_words(r)[0] else "     ", Text(x(sentence))),
                              (0, 0, 0, 2)))
        path = r.next_stage_path
        if path is not None:
            others = path.more + len(path.paths) - 1
            out.print(Text(path_heading(r) + equally_short(others)
                           + " (the assessment's reading of para 47 and Figure 12)", style="bold"))
            moves = []
            for move in path.paths[0]:
                words = path_move_words(r, move)
                if not descriptors:
                    words = words.split(": “")[0].removesuffix(PATH_NEEDS + move.to.replace("_", " "))
                moves.append(words)
            if compact:  # one wrapped paragraph: the moves in order, without Table 4's words
                out.print(Padding(Text(x("; ".join(moves) + ".")), (0, 0, 0, 2)))
            for words in [] if compact else moves:
                out.print(Padding(hanging("- ", Text(x(words))), (0, 0, 0, 2)))
        out.print(Text("Top priorities", style="bold") if recs else Text("No recommendations.", style="bold"))
        for i, rec in enumerate(on_screen, start=1):
            # the priority before the title, as a flag's severity is: never a line of its own at the end
            out.print(Padding(hanging(f"{i}. ", Text(f"[{rec.priority}] ", style="dim") + Text(x(rec.title))),
                              (0, 0, 0, 2)))
        rest = len(recs) - len(on_screen)
        if rest:
            out.print(Padding(Text(f"and {rest} more: "
                                   + ("below" if len(shown) > len(on_screen) else "--all"),
                                   style="dim"), (0, 0, 0, 2)))
        return _plain(buffer.getvalue(), color)

    tries = [(True, 2, False), (False, 2, False), (False, 1, False), (False, 1, True)]
    for descriptors, whys, compact in tries:
        screen = build(descriptors, whys, compact)
        if width > 80 or len(screen.splitlines()) <= OPENING_LINES:
            break
    return screen


def overall_text(result: Result) -> Text:
    """The overall stage for the terminal: its name in its stage's style, then what the headline adds (that it
    is provisional, the reading marker) in one bracket (Overall.marked_headline)."""
    from rich.text import Text

    o = result.overall
    return (Text(o.name, style=f"bold {STAGE_STYLE.get(o.stage or '', '')}")
            + Text(o.marked_headline[len(o.name):]))


def target_text(result: Result, cid: str) -> Text:
    """A characteristic's target for a table cell (plain.target_words): "Transitional", "Transitional (met)",
    "None for now" (held a stage ahead of the council: Result.held_note says why), "Already transformational"
    or "Assess first"."""
    from rich.text import Text

    from .plain import result_target_words

    t = result.targets.get(cid)
    words = result_target_words(result, cid)
    if t is None:
        return Text(words, style="dim")
    return Text(words, style="green") if t.met else Text(words, style=STAGE_STYLE.get(t.stage, ""))


def _plain(text: str, color: bool) -> str:
    """Without colour (a file or a pipe), lines lose the trailing spaces that padding adds."""
    return text if color else "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
