"""A terminal heatmap of councils by the eight characteristics of Table 4 (and the overall stage).

Each cell shows the stage as a number and a shade (1 ░ transactional, 2 ▒ transitional, 3 █
transformational, · not assessed), so it reads the same without colour (NO_COLOR, a pipe, a printout);
on a colour terminal the cell is also coloured."""

from __future__ import annotations

from backtofront.classifier.knowledge import Knowledge

SHADES = {"transactional": "░", "transitional": "▒", "transformational": "█"}
COLOURS = {"transactional": "white on red", "transitional": "black on yellow", "transformational": "white on green"}
SHORT = {"efficiency_policy": "Pol", "service_transformation": "Svc", "organisational_change": "Org",
         "back_office_front_line": "B/F", "planning_monitoring": "Plan", "sustainability": "Sust",
         "time_scales": "Time", "management_leadership": "Lead"}


def cell(kb: Knowledge, stage: str | None) -> tuple[str, str]:
    """A stage as the heatmap's cell text and colour style: ("2▒", "black on yellow"); ("·", "dim")."""
    if stage is None:
        return "·", "dim"
    return f"{kb.stage_rank(stage)}{SHADES[stage]}", COLOURS[stage]


def legend(kb: Knowledge) -> str:
    """The key under a heatmap: what each cell and each column heading stands for (two lines)."""
    stages = ", ".join(f"{kb.stage_rank(s)}{SHADES[s]} {s}" for s in kb.stages)
    columns = "; ".join(f"{SHORT.get(cid, cid[:4])} {c.name.lower()}" for cid, c in kb.characteristics.items())
    return f"Stages: {stages}, · not assessed.\nColumns: {columns}; All the overall stage."


def render(kb: Knowledge, rows: list[tuple[str, dict[str, str | None], str | None]], *, color: bool,
           width: int, title: str = "Councils by characteristic (Table 4)", mark: str | None = None,
           extra: tuple[str, ...] = (), extra_cells: list[tuple[str, ...]] | None = None) -> str:
    """The heatmap as text. `rows`: (council label, {characteristic id: stage or None}, overall stage or
    None). `mark` is the label of a row to highlight (the council being benchmarked). `extra` names more
    columns after the council's, `extra_cells` gives their text per row. Width in columns."""
    from backtofront.render.formats import _plain, console
    from rich.table import Table
    from rich.text import Text

    out, buffer = console(color, width)
    table = Table(title=title, show_edge=False, pad_edge=False, box=None, padding=(0, 1), collapse_padding=True)
    heads = [SHORT.get(cid, cid[:4]) for cid in kb.characteristics] + ["All"]
    extra_widths = [min(12, max([len(name), *(len(cells[i]) for cells in extra_cells or [])]))
                    for i, name in enumerate(extra)]
    others = sum(len(h) + 1 for h in heads)
    if others + sum(w + 1 for w in extra_widths) + 14 > width:  # a narrow terminal: the stages come first
        extra, extra_cells, extra_widths = (), None, []
    others += sum(w + 1 for w in extra_widths)
    # names wrap between words rather than lose their ends to an ellipsis
    table.add_column("Council", min_width=8, max_width=max(8, width - others - 1))
    for name, w in zip(extra, extra_widths):
        table.add_column(name, min_width=min(w, 12), max_width=12)
    for head in heads:
        table.add_column(head, justify="center", no_wrap=True, min_width=len(head))
    for i, (label, stages, overall) in enumerate(rows):
        cells = []
        for cid in kb.characteristics:
            text, style = cell(kb, stages.get(cid))
            cells.append(Text(text, style=style if color else ""))
        text, style = cell(kb, overall)
        cells.append(Text(text, style=(style + " bold") if color else ""))
        name = Text(("▶ " if label == mark else "") + label, style="bold" if label == mark else "")
        table.add_row(name, *(extra_cells[i] if extra_cells else ()), *cells)
    out.print(table)
    out.print(legend(kb), highlight=False)
    return _plain(buffer.getvalue(), color)
