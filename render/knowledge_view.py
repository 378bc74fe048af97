"""`backtofront knowledge`: the report's model, as text tables or JSON."""

from __future__ import annotations

import json

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


def as_json(kb: Knowledge, topics: list[str]) -> str:
    return json.dumps({t: as_data(kb, t) for t in topics}, indent=2, ensure_ascii=False) + "\n"


def as_text(kb: Knowledge, topics: list[str], *, color: bool = False, width: int = 100) -> str:
    from rich.table import Table

    out, buffer = console(color, width)
    for topic in topics:
        if topic == "characteristics":
            t = Table(title="Table 4: characteristics at each stage", show_lines=True, expand=True)
            t.add_column("Id / characteristic", ratio=2)
            for s in kb.stages.values():
                t.add_column(s.name, ratio=3)
            for c in kb.characteristics.values():
                t.add_row(f"{c.id}\n{c.name}", *(c.descriptors[s] for s in kb.stages))
        elif topic in ("pressures", "barriers"):
            items = kb.pressures if topic == "pressures" else kb.barriers
            t = Table(title=f"Table 3: {topic}", show_lines=True, expand=True)
            for col, ratio in (("Id", 2), ("Name", 3), ("Case studies", 2), ("Report's response", 6)):
                t.add_column(col, ratio=ratio)
            for f in items.values():
                cs = ", ".join(f"{c.number}{'' if c.link == 'report' else '*'}" for c in f.case_studies) or "–"
                t.add_row(f.id, f.name, cs, f"{f.response.action} ({', '.join(f.response.citations)})")
            t.caption = "* the link to this case study is the project's reading, not the report's"
        elif topic == "techniques":
            t = Table(title="Table 5: methods and techniques", show_lines=True, expand=True)
            for col, ratio in (("Id", 3), ("Method", 2), ("Technique", 3), ("SR04 sites", 1),
                               ("Value range", 5), ("CSR07 sites", 1)):
                t.add_column(col, ratio=ratio)
            for tq in kb.techniques.values():
                t.add_row(tq.id, tq.method, tq.name, str(tq.sr04_sites), tq.value_range, str(tq.csr07_sites))
            t.caption = f"Of {kb.case_study_sites} case study sites."
        elif topic == "figures":
            t = Table(title="National figures", show_lines=True, expand=True)
            for col, ratio in (("Id", 3), ("Figure", 2), ("Citation", 1), ("The report's words", 6)):
                t.add_column(col, ratio=ratio, overflow="fold")
            for f in kb.national_figures.values():
                t.add_row(f.id, f"{f.value:g} {f.unit}", f.citation, f.text)
            out.print(t)
            out.print()
            y = kb.targets_by_year
            t = Table(title=f"{y.citation}: {y.title} (£bn)", show_lines=False, expand=False)
            for col in ("Year", "Cumulative efficiency target", "Efficiencies reported", "Excess over target"):
                t.add_column(col, justify="right")
            for row in y.rows:
                t.add_row(row.year, "Nil" if row.cumulative_target_gbp_bn is None else f"{row.cumulative_target_gbp_bn:.2f}",
                          f"{row.reported_gbp_bn:.2f}", f"{row.excess_gbp_bn:.2f}")
        else:
            t = Table(title="Case studies", show_lines=True, expand=True)
            for col, ratio in (("No.", 1), ("Council", 3), ("Title", 4), ("Under", 1), ("Stage", 2)):
                t.add_column(col, ratio=ratio)
            for c in kb.case_studies.values():
                stage = f"{c.stage} ({'stated' if c.stage_source == 'stated' else 'under heading'})" if c.stage else "–"
                t.add_row(str(c.number), c.council, c.title, c.para, stage)
        out.print(t)
        out.print()
    return _plain(buffer.getvalue(), color)
