"""Every output format of `assess`, each a rendering of the same Result."""

from __future__ import annotations

import enum
import io
import json
from typing import TYPE_CHECKING

from backtofront.classifier.result import Result

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

from . import templating

COUNCIL_TYPES = {"district": "District council", "county": "County council", "unitary": "Unitary authority",
                 "metropolitan": "Metropolitan borough council", "london_borough": "London borough council"}
SEVERITY_STYLE = {"high": "bold red", "warning": "yellow", "info": "cyan"}
STAGE_STYLE = {"transactional": "red", "transitional": "yellow", "transformational": "green"}


class Format(str, enum.Enum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def render(result: Result, fmt: Format, *, color: bool = False, width: int = 100) -> str:
    if fmt is Format.JSON:
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt is Format.MARKDOWN:
        from .plain import Expander
        return Expander().document(templating.render("assess.md.j2", r=result, council_types=COUNCIL_TYPES))
    if fmt is Format.TEXT:
        return text(result, color=color, width=width)
    raise AssertionError(f"unhandled format {fmt}")


def console(color: bool, width: int) -> tuple[Console, io.StringIO]:
    from rich.console import Console  # rich is imported only for text output

    buffer = io.StringIO()
    # height given: rich would otherwise ask the operating system for the terminal size at every line
    # it renders (output does not depend on it: nothing here pages or fills the screen)
    return Console(file=buffer, force_terminal=color, no_color=True if not color else None, width=width,
                   height=25,
                   highlight=False, emoji=False), buffer


def text(result: Result, *, color: bool = False, width: int = 100) -> str:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    out, buffer = console(color, width)
    r = result
    out.print(Text(r.council["name"], style="bold"), Text(f"({COUNCIL_TYPES[r.council['type']]})"))
    if r.assessed_on:
        out.print(f"Assessed on {r.assessed_on}")
    stage_style = STAGE_STYLE.get(r.overall.stage or "", "")
    out.print(Text("Overall stage: ") + Text(r.overall.name, style=f"bold {stage_style}"))
    for reason in r.overall.reasons:
        out.print(Padding(Text(f"- {reason}"), (0, 0, 0, 2)))
    out.print()

    table = Table(title="The eight characteristics (Table 4)", show_lines=True, expand=True)
    table.add_column("Characteristic", ratio=2)
    table.add_column("Stage → target", min_width=18, no_wrap=True)
    table.add_column("This stage", ratio=3)
    table.add_column("Next stage", ratio=3)
    for c in r.characteristics.values():
        stage = Text(c.stage.name, style=STAGE_STYLE[c.stage.id]) if c.stage else Text("not assessed", style="dim")
        this = c.stage.descriptor if c.stage else "–"
        if c.evidence:
            this += f"\nEvidence: {c.evidence}"
        if c.stage and c.basis:  # issue 10: what the stage rests on
            this += f"\nRests on: {c.basis_words}" + (" (provisional)" if c.provisional else "")
        if c.override:
            this += f"\nOverride reason: {c.override['reason']}"
        if c.answers:
            this += (f"\nAnswers: {c.count('answered')} of {c.indicators}, {c.count('na')} not applicable, "
                     f"{c.count('dont_know')} don't know")
        nxt = f"{c.next.name}: {c.next.descriptor}" if c.next else "–"
        table.add_row(c.name, stage + Text("\n→ ") + target_text(r, c.id), this, nxt)
    out.print(table)
    if r.evidence_note:
        out.print(Text(r.evidence_note, style="italic"))

    if r.flags:
        out.print(Text("Flags", style="bold"))
        for f in r.flags:
            out.print(Padding(Text(f"[{f.severity}] ", style=SEVERITY_STYLE[f.severity])
                              + Text(f"{f.id}: {f.message}") + Text(f" ({', '.join(f.citations)})", style="dim"),
                              (0, 0, 0, 2)))
        out.print()

    out.print(Text("Recommendations", style="bold"))
    if not r.recommendations:
        out.print("  None.")
    for i, rec in enumerate(r.recommendations, start=1):
        out.print(Text(f"{i:>3}. ") + Text(rec.title, style="bold")
                  + Text(f"  [{rec.priority} priority, {rec.effort} effort]", style="dim"))
        out.print(Padding(Text(rec.action), (0, 0, 0, 5)))
        if rec.why:
            out.print(Padding(Text(f"Why: {' '.join(rec.why)}", style="dim"), (0, 0, 0, 5)))
        cites = ", ".join(rec.citations) + (f"; read {', '.join(rec.case_studies)}" if rec.case_studies else "")
        out.print(Padding(Text(f"Cites: {cites}", style="dim"), (0, 0, 0, 5)))
    return _plain(buffer.getvalue(), color)


def target_text(result: Result, cid: str) -> Text:
    """A characteristic's target for a table cell: "Transitional", "Transitional (met)" or "none"."""
    from rich.text import Text

    t = result.targets.get(cid)
    if t is None:
        return Text("none", style="dim")
    name = t.stage.capitalize()
    return Text(f"{name} (met)", style="green") if t.met else Text(name, style=STAGE_STYLE.get(t.stage, ""))


def _plain(text: str, color: bool) -> str:
    """Without colour (a file or a pipe), lines lose the trailing spaces that padding adds."""
    return text if color else "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
