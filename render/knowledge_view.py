"""`backtofront knowledge`: the report's model, as text tables or JSON; `backtofront rules`: the rules'
list; `backtofront example`: the starter profile. Each format's renderer is registered in
render/output_format.py."""

from __future__ import annotations

from backtofront.classifier.knowledge import Knowledge, to_data

from .formats import _plain, console

TOPICS = ("characteristics", "pressures", "barriers", "techniques", "case-studies", "figures")


def as_data(kb: Knowledge, topic: str) -> list[dict]:
    if topic == "characteristics":
        return [to_data(c) for c in kb.characteristics.values()]
    if topic == "pressures":
        return [to_data(p) for p in kb.pressures.values()]
    if topic == "barriers":
        return [to_data(b) for b in kb.barriers.values()]
    if topic == "techniques":
        return [to_data(t) for t in kb.techniques.values()]
    if topic == "case-studies":
        return [to_data(c) for c in kb.case_studies.values()]
    if topic == "figures":
        return [to_data(f) for f in kb.national_figures.values()]
    raise AssertionError(topic)


def as_json(kb: Knowledge, topics: list[str], *, to_file: bool = False) -> str:
    """{topic: [item, ...]} for `topics`, through its contract (classifier/contract.py: KnowledgeView)."""
    from backtofront.classifier import contract

    from .terminal import json_text

    return json_text(contract.knowledge_view({t: as_data(kb, t) for t in topics}), to_file=to_file)


def _entries(kb: Knowledge, topic: str) -> tuple[str, list[tuple[str, list[tuple[str, str]]]], str]:
    """One topic as (title, [(heading, [(label, value), ...]), ...], caption): the shape both the table
    and the narrow list are drawn from. Headings start with the id a user types (never cut), except the
    national figures', which are their plain names."""
    if topic == "characteristics":
        return ("Table 4: characteristics at each stage",
                [(f"{c.id}\n{c.name}", [(s.name, c.descriptors[s.id]) for s in kb.stages.values()])
                 for c in kb.characteristics.values()], "")
    if topic in ("pressures", "barriers"):
        items = kb.pressures if topic == "pressures" else kb.barriers
        rows = []
        for f in items.values():
            cs = ", ".join(f"{c.number}{'' if c.link == 'report' else '*'}" for c in f.case_studies) or "–"
            rows.append((f.id, [("Name", f.name), ("Case studies", cs),
                                ("Report's response", f"{f.response.action} "
                                                      f"({', '.join(f.response.citations)})")]))
        return f"Table 3: {topic}", rows, ("* the link to this case study is the assessment's own reading, "
                                           "not the report's")
    if topic == "techniques":
        return ("Table 5: methods and techniques",
                [(tq.id, [("Method", tq.method), ("Technique", tq.name), ("SR04 sites", str(tq.sr04_sites)),
                          ("Value range", tq.value_range), ("CSR07 sites", str(tq.csr07_sites))])
                 for tq in kb.techniques.values()],
                (f"Of {kb.case_study_sites} case study sites. SR04 and CSR07: the 2004 Spending Review and "
                 "the 2007 Comprehensive Spending Review periods."))
    if topic == "case-studies":
        return ("Case studies",
                [(str(c.number), [("Council", c.council), ("Title", c.title), ("Under", c.para),
                                  ("Stage", _stage(c))]) for c in kb.case_studies.values()], "")
    if topic == "figures":
        y = kb.targets_by_year
        def target(gbp_bn: float | None) -> str:
            return "Nil" if gbp_bn is None else f"{gbp_bn:.2f}"

        years = "; ".join(f"{r.year}: {target(r.cumulative_target_gbp_bn)}, {r.reported_gbp_bn:.2f}, "
                          f"{r.excess_gbp_bn:.2f}" for r in y.rows)
        return ("National figures",
                [(f.name or f.id.replace("_", " ").capitalize(),
                  [("Value", figure_value(f.value, f.unit)), ("Citation", f.citation),
                   ("The report's words", f.text)])
                 for f in kb.national_figures.values()],
                f"{y.citation}: {y.title} (£bn: cumulative target, efficiencies reported, excess over "
                f"target): {years}.")
    raise AssertionError(topic)


def figure_value(value: float, unit: str) -> str:
    """A national figure as people write it: (4.3, "£bn") -> "£4.3 billion", (30, "£bn (central and local
    government)") -> "£30 billion (central and local government)", (28, "per cent") -> "28 per cent"."""
    if unit.startswith("£bn"):
        return f"£{value:g} billion{unit.removeprefix('£bn')}"
    if unit.startswith("£m"):
        return f"£{value:g} million{unit.removeprefix('£m')}"
    return f"{value:g} {unit}"


def _stage(c) -> str:
    """A case study's stage, saying whether the report states it or only prints it under the heading."""
    if not c.stage:
        return "–"
    return f"{c.stage} ({'stated' if c.stage_source == 'stated' else 'under heading'})"


MIN_WIDTHS = {"Value range": 26, "Report's response": 30}  # long prose columns, on wide terminals
HEADINGS = {"characteristics": "Id / characteristic", "pressures": "Id", "barriers": "Id", "techniques": "Id",
            "case-studies": "No.", "figures": "Figure"}
def as_text(kb: Knowledge, topics: list[str], *, color: bool = False, width: int = 100) -> str:
    """The topics as tables `width` columns wide; below 80 columns as lists (heading, then label: value
    lines). Ids are never cut or wrapped."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from .formats import fit_columns, hanging
    from .terminal import NARROW

    out, buffer = console(color, width)
    for topic in topics:
        title, entries, caption = _entries(kb, topic)
        labels = [label for label, _ in entries[0][1]]
        # ids are never cut; a figure's heading is its plain name, wrapped between words like any text
        id_width = 0 if topic == "figures" else max(len(h.split("\n")[0]) for h, _ in entries)
        columns = [[HEADINGS[topic], *(h for h, _ in entries)]]
        columns += [[label, *(fields[i][1] for _, fields in entries)] for i, label in enumerate(labels)]
        floors = [id_width] + [MIN_WIDTHS.get(label, 0) if width >= 100 else 0 for label in labels]
        widths = None if width < NARROW else fit_columns(columns, width, floors=floors)
        if widths is None:
            out.print(Text(title, style="bold"))
            for heading, fields in entries:
                ident, _, name = heading.partition("\n")
                out.print(Text(ident, style="bold") + Text(f"  {name}" if name else ""))
                for label, value in fields:
                    out.print(Padding(hanging(f"{label}: ", Text(value)), (0, 0, 0, 2)))
            if caption:
                out.print(Text(caption, style="dim"))
        else:
            t = Table(title=title, show_lines=True)
            for label, least in zip([HEADINGS[topic], *labels], widths, strict=True):
                t.add_column(label, width=least)
            for heading, fields in entries:
                t.add_row(heading, *(value for _, value in fields))
            if caption:
                t.caption = caption
            out.print(t)
        out.print()
    return _plain(buffer.getvalue(), color)


def profile_format_document() -> str:
    """The profile format document (docs/profile-format.md, shipped in the package), as Markdown."""
    from importlib import resources

    return (resources.files("backtofront") / "docs" / "profile-format.md").read_text(encoding="utf-8")


def profile_format(width: int = 1000) -> str:
    """The profile format document (`profile_format_document`) with its prose wrapped at `width` columns
    (code blocks as they are, to copy)."""
    text = profile_format_document()
    if width >= max(len(line) for line in text.splitlines()):
        return text
    import textwrap

    out, code = [], False
    for paragraph in text.rstrip("\n").split("\n\n"):
        fences = sum(line.startswith("```") for line in paragraph.split("\n"))
        if code or fences or paragraph.startswith("#"):
            out.append(paragraph)
        else:
            out.append(textwrap.fill(" ".join(paragraph.split("\n")), width, break_long_words=False,
                                     break_on_hyphens=False))
        code = code != (fences % 2 == 1)
    return "\n\n".join(out) + "\n"


def example_profile() -> str:
    """`example -f yaml`: a commented starter profile (`examples/starter/council.yaml`, shipped in the
    package) that assesses cleanly."""
    from importlib import resources

    return (resources.files("backtofront") / "examples" / "starter"
            / "council.yaml").read_text(encoding="utf-8")


def knowledge_text(topic: str | None, *, to_file: bool = False) -> str:
    """`knowledge [TOPIC]` as text: `topic` (None: every one of TOPICS) as tables for the terminal (at most
    160 columns; 120 for a pipe or a file), or the profile format document (`profile-format`) wrapped to the
    terminal. `to_file`: the output goes to a file (no colour)."""
    from backtofront.classifier import knowledge as knowledge_mod

    from . import terminal

    if topic == "profile-format":
        return profile_format(terminal.stdout(to_file=to_file, pipe_width=1000).width)
    term = terminal.stdout(to_file=to_file, max_width=160, pipe_width=120)
    return as_text(knowledge_mod.load(), [topic] if topic else list(TOPICS), color=term.color,
                   width=term.width)


def knowledge_json(topic: str | None, *, to_file: bool = False) -> str:
    """`knowledge [TOPIC] -f json`: {topic: [item, ...]} for `topic` (None: every one of TOPICS), or
    {"profile-format": text}."""
    from .terminal import json_text

    if topic == "profile-format":
        from backtofront.classifier import contract

        return json_text(contract.knowledge_view({"profile-format": profile_format_document()}),
                         to_file=to_file)
    from backtofront.classifier import knowledge as knowledge_mod

    return as_json(knowledge_mod.load(), [topic] if topic else list(TOPICS), to_file=to_file)


def rule_rows() -> list[dict]:
    """Every rule, by id: {id, phase, basis, citations, for_each, title, explanation} (`rules -f json`)."""
    from backtofront.classifier import knowledge as knowledge_mod
    from backtofront.classifier import rules as rules_mod

    ruleset = rules_mod.load(knowledge_mod.load())
    return [{"id": r.id, "phase": r.spec.phase, "basis": r.spec.basis, "citations": r.spec.citations,
             "for_each": r.spec.for_each, "title": r.spec.title, "explanation": r.spec.explanation.strip()}
            for r in sorted(ruleset.rules, key=lambda r: r.id)]


def rules_json(*, to_file: bool = False) -> str:
    """`rules -f json`: the list of `rule_rows()`."""
    from .terminal import json_text

    return json_text(rule_rows(), to_file=to_file)


def rules_text(*, to_file: bool = False) -> str:
    """`rules`: one rule a line (id, phase, basis, then its title and citations with a hanging indent),
    wrapped to the terminal (not wrapped for a pipe or a file)."""
    from . import terminal

    width = terminal.stdout(to_file=to_file, pipe_width=1000).width
    return "".join(terminal.hanging(f"{row['id']}  {row['phase']:<9}  {row['basis']:<8}  ",
                                    f"{row['title']} ({', '.join(row['citations'])})", width)
                   for row in rule_rows())
