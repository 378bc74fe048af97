"""A terminal heatmap of councils by the eight characteristics of Table 4 (and the overall stage).

Each cell shows the stage as a number and a shade (1 ░ transactional, 2 ▒ transitional, 3 █
transformational, · not assessed), so it reads the same without colour (NO_COLOR, a pipe, a printout);
on a colour terminal the cell is also coloured."""

from __future__ import annotations

from collections.abc import Sequence

from backtofront.classifier.knowledge import Knowledge

SHADES = {"transactional": "░", "transitional": "▒", "transformational": "█"}
COLOURS = {"transactional": "white on red", "transitional": "black on yellow",
           "transformational": "white on green"}
SHORT = {"efficiency_policy": "Pol", "service_transformation": "Svc", "organisational_change": "Org",
         "back_office_front_line": "B/F", "planning_monitoring": "Plan", "sustainability": "Sust",
         "time_scales": "Time", "management_leadership": "Lead"}


def cell(kb: Knowledge, stage: str | None) -> tuple[str, str]:
    """A stage as the heatmap's cell text and colour style: ("2▒", "black on yellow"); ("·", "dim")."""
    if stage is None:
        return "·", "dim"
    return f"{kb.stage_rank(stage)}{SHADES[stage]}", COLOURS[stage]


PROVISIONAL = "?"  # after the overall stage (All) when it rests on fewer than half the characteristics


def legend(kb: Knowledge, *, provisional: bool = False) -> str:
    """The key under a heatmap: what each cell and each column heading stands for (two lines), and with
    `provisional` what the marker after a provisional overall stage means (`2▒?`)."""
    stages = ", ".join(f"{kb.stage_rank(s)}{SHADES[s]} {s}" for s in kb.stages)
    columns = "; ".join(f"{SHORT.get(cid, cid[:4])} {c.name.lower()}"
                        for cid, c in kb.characteristics.items())
    marker = (f" {PROVISIONAL} after the overall stage: provisional, fewer than half the characteristics "
              "assessed." if provisional else "")
    return f"Stages: {stages}, · not assessed.\nColumns: {columns}; All the overall stage.{marker}"


def render(kb: Knowledge, rows: list[tuple[str, dict[str, str | None], str | None]], *, color: bool,
           width: int, title: str = "Councils by characteristic (Table 4)", mark: str | None = None,
           extra: tuple[str, ...] = (), extra_cells: Sequence[tuple[str, ...]] | None = None,
           provisional: list[bool] | None = None) -> str:
    """The heatmap as text. `rows`: (council label, {characteristic id: stage or None}, overall stage or
    None). `mark` is the label of a row to highlight (the council being benchmarked). `extra` names more
    columns after the council's, `extra_cells` gives their text per row. `provisional` says per row
    whether its overall stage is provisional: its All cell then ends in the marker `PROVISIONAL` (`2▒?`),
    which the legend explains. Width in columns.

    The grid is laid out here, a line a council, and only styled and printed by rich: a rich Table
    measures every cell and costs about a second for a thousand councils, which a batch would spend
    after its workers have finished. Names wrap between words rather than lose their ends to an
    ellipsis; columns are separated by one space; the stage cells are centred under their headings."""
    from backtofront.render.formats import _plain, console
    from rich.cells import cell_len
    from rich.text import Text

    out, buffer = console(color, width)
    heads = [SHORT.get(cid, cid[:4]) for cid in kb.characteristics] + ["All"]
    extra_widths = [min(14, max([len(name), *(len(cells[i]) for cells in extra_cells or [])]))
                    for i, name in enumerate(extra)]
    others = sum(len(h) + 1 for h in heads)
    if others + sum(w + 1 for w in extra_widths) + 14 > width:  # a narrow terminal: the stages come first
        extra, extra_cells, extra_widths = (), None, []
    others += sum(w + 1 for w in extra_widths)
    labels = [("▶ " if label == mark else "") + label for label, _, _ in rows]
    marked = list(provisional or [False] * len(rows))

    def stage_cell(i: int, head: str, stage: str | None) -> tuple[str, str]:
        text, style = cell(kb, stage)
        if head == "All" and stage is not None and marked[i]:
            text += PROVISIONAL
        return text, style
    name_width = max(8, min(max(cell_len(s) for s in ["Council", *labels]), width - others - 1))

    def lines_of(text: str, w: int) -> list[str]:
        if cell_len(text) <= w:
            return [text]
        return [line.plain.rstrip() for line in Text(text).wrap(out, w, overflow="fold")]

    def pad(text: str, w: int) -> str:
        return text + " " * max(0, w - cell_len(text))

    # (text, style) pieces, a line ending in "\n"; styled by rich only on a colour terminal
    pieces: list[tuple[str, str]] = []
    table_width = name_width + sum(w + 1 for w in extra_widths) + sum(len(h) + 1 for h in heads)
    longest_word = min(20, max([8, *(cell_len(w) for label in labels for w in label.split())]))
    if table_width > width or width - others - 1 < longest_word:
        # too narrow for a grid with whole words in the council column: a council's stages under its name
        for line in lines_of(title, width):
            pieces += [(line, "italic"), ("\n", "")]
        for i, (label, stages, overall) in enumerate(rows):
            for line in lines_of(labels[i], width):
                pieces += [(line, "bold"), ("\n", "")]
            used = 0
            for head, stage in zip(heads, [*(stages.get(cid) for cid in kb.characteristics), overall]):
                text, style = stage_cell(i, head, stage)
                if used and used + 1 + len(head) + 1 + cell_len(text) > width:
                    pieces.append(("\n", ""))
                    used = 0
                lead = "  " if not used else " "
                pieces += [(f"{lead}{head} ", ""), (text, style + (" bold" if head == "All" else ""))]
                used += len(lead) + len(head) + 1 + cell_len(text)
            pieces.append(("\n", ""))
        rows = []
    else:
        for line in lines_of(title, table_width):
            pieces += [(" " * ((table_width - cell_len(line)) // 2), ""), (line, "italic"), ("\n", "")]
        pieces.append((" ".join([pad("Council", name_width),
                                 *(pad(n, w) for n, w in zip(extra, extra_widths)),
                                 *heads]), "bold"))
        pieces.append(("\n", ""))
    for i, (label, stages, overall) in enumerate(rows):
        names = lines_of(labels[i], name_width)
        extras = [lines_of(text, w) for text, w in zip(extra_cells[i] if extra_cells else (), extra_widths)]
        for n in range(max([len(names), *(len(e) for e in extras)])):
            pieces.append((pad(names[n] if n < len(names) else "", name_width),
                           "bold" if label == mark else ""))
            for lines, w in zip(extras, extra_widths):
                pieces.append((" " + pad(lines[n] if n < len(lines) else "", w), ""))
            if n == 0:
                for head, stage in zip(heads, [*(stages.get(cid) for cid in kb.characteristics), overall]):
                    text, style = stage_cell(i, head, stage)
                    left = (len(head) - cell_len(text)) // 2
                    pieces += [(" " * (1 + left), ""), (text, style + (" bold" if head == "All" else "")),
                               (" " * (len(head) - left - cell_len(text)), "")]
            pieces.append(("\n", ""))
    if color:
        out.print(Text.assemble(*pieces, no_wrap=True, overflow="ignore", end=""), crop=False)
        grid = ""
    else:
        grid = "".join(text for text, _ in pieces)
    out.print(legend(kb, provisional=any(marked)), highlight=False)
    return _plain(grid + buffer.getvalue(), color)
