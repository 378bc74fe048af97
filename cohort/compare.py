"""Comparing assessments of one council over time (`backtofront compare OLD NEW [MORE...]`).

The report asks councils to know where they are against their own targets and how they are moving
(paras 33, 69-74, 87). Profiles are put in order of `assessed_on` (argument order when any date is
missing), classified, and each consecutive pair compared: the movement of every characteristic and of
the overall stage, what changed in pressures, barriers, techniques, figures and evidence, which of the
old assessment's recommendations no longer apply, which are new and which are carried over (by
recommendation id and the stage each piece of advice asks for, counting the advice merged into a
recommendation), and progress towards the newer
profile's targets. A characteristic or overall stage that went down is flagged as a regression.

JSON (two profiles): {"schema_version", "council", "from": {"assessed_on", "overall", "source"},
"to": {...}, "characteristics": {id: {"from", "to", "change"}}, "added": {...}, "removed": {...},
"changed": {...}, "closed_recommendations": [{"id", "title"}], "new_recommendations": [...],
"carried_recommendations": [...],
"targets": {id: {"stage", "met_before", "met"}}, "flags": [{"id", "characteristic", "message"}]}.
More profiles: {"schema_version", "council", "comparisons": [the above, per consecutive pair],
"assessed_on": [...], "trend": {id: [stage or null, ...], "overall": [...]}}."""

from __future__ import annotations

import enum
import itertools
import re
from typing import Any

from backtofront.classifier.classify import Classifier
from backtofront.classifier.errors import InputError
from backtofront.classifier.profile import Profile
from backtofront.classifier.result import SCHEMA_VERSION, Result

FIGURE_NAMES = {
    "back_office_share_of_gains_pct": "Back office share of efficiency gains (per cent)",
    "corporate_services_share_of_budget_pct": "Corporate services share of budget (per cent)",
    "sr04_efficiency_gains_gbp": "2004 Spending Review (SR04) efficiency gains (£)",
    "back_office_gains_gbp": "Back office efficiency gains (£)",
    "cashable_share_pct": "Cashable share of gains (per cent)",
}
CHANGE_WORDS = {"up": "up", "down": "DOWN", "same": "same", "newly_assessed": "newly assessed",
                "no_longer_assessed": "no longer assessed"}


class Format(str, enum.Enum):
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"


def council_key(profile: Profile) -> tuple[str, str]:
    """The same council: the same name and type, ignoring case and spacing."""
    return re.sub(r"\s+", "", profile.council.name).casefold(), profile.council.type


def order(items: list[tuple[str, Profile]]) -> list[tuple[str, Profile]]:
    """In order of `assessed_on` when every profile has one (ties keep argument order), else argument order."""
    if all(p.assessed_on for _, p in items):
        return sorted(items, key=lambda item: item[1].assessed_on)
    return list(items)


def check_same_council(items: list[tuple[str, Profile]]) -> None:
    """InputError (exit 2) naming the first profile whose council differs from the first one's."""
    first_source, first = items[0]
    for source, p in items[1:]:
        if council_key(p) != council_key(first):
            raise InputError(f"is {p.council.name} ({p.council.type}), but {first_source} is {first.council.name} "
                             f"({first.council.type}); compare assessments of one council, or add --any-council",
                             source=source)


def _change(kb, old: str | None, new: str | None) -> str:
    if old is None and new is None:
        return "same"
    if old is None:
        return "newly_assessed"
    if new is None:
        return "no_longer_assessed"
    diff = kb.stage_rank(new) - kb.stage_rank(old)
    return "up" if diff > 0 else "down" if diff < 0 else "same"


def _point(r: Result) -> dict[str, Any]:
    return {"assessed_on": r.assessed_on, "overall": r.overall.stage, "source": r.source}


def _diff_lists(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    return [x for x in new if x not in old], [x for x in old if x not in new]


def _advice(r) -> set[tuple[str, str | None, str | None]]:
    """The advice a recommendation gives, as (advice id, characteristic, stage asked for) for each move
    of its own and of the advice merged into it (`covers`); (advice id, None, overall target stage or None)
    for advice that moves no characteristic. The stage is part of the advice: taking a characteristic to
    transitional and, once there, to transformational are two pieces of advice under one id."""
    atoms = set()
    for advice, moves in {**r.covers, r.id: r.characteristics}.items():
        atoms |= ({(advice, c, s) for c, s in moves.items()}
                  or {(advice, None, r.target_stage if advice == r.id else None)})
    return atoms


def matched(old: list, new: list) -> tuple[list, list, list]:
    """(closed, new, carried) recommendations: the old ones none of whose advice is in `new`, the new ones
    none of whose advice was in `old`, and the new ones that carry advice over from `old`."""
    old_advice = set().union(*map(_advice, old))
    new_advice = set().union(*map(_advice, new))
    return ([r for r in old if not _advice(r) & new_advice], [r for r in new if not _advice(r) & old_advice],
            [r for r in new if _advice(r) & old_advice])


def pair(kb, old: Result, new: Result) -> dict[str, Any]:
    """One comparison between two results of the same council (old first). Shape: see the module doc."""
    characteristics = {}
    flags = []
    for cid, c in new.characteristics.items():
        o = old.characteristics[cid]
        before, after = (o.stage.id if o.stage else None), (c.stage.id if c.stage else None)
        change = _change(kb, before, after)
        characteristics[cid] = {"from": before, "to": after, "change": change}
        if change == "down":
            flags.append({"id": "regression", "characteristic": cid,
                          "message": f"{c.name} went down from {before} to {after}."})
        elif change == "no_longer_assessed":
            flags.append({"id": "no_longer_assessed", "characteristic": cid,
                          "message": f"{c.name} was {before} but is not assessed now: was it left out by mistake?"})
    overall_change = _change(kb, old.overall.stage, new.overall.stage)
    if overall_change == "down":
        flags.insert(0, {"id": "regression", "characteristic": None,
                         "message": f"The overall stage went down from {old.overall.stage} to {new.overall.stage}."})
    added: dict[str, Any] = {}
    removed: dict[str, Any] = {}
    for key in ("pressures", "barriers", "techniques_used", "techniques_planned"):
        added[key], removed[key] = _diff_lists(getattr(old, key), getattr(new, key))
    added["figures"] = {k: v for k, v in new.figures.items() if k not in old.figures}
    removed["figures"] = {k: v for k, v in old.figures.items() if k not in new.figures}
    changed: dict[str, Any] = {"figures": {k: {"from": old.figures[k], "to": v} for k, v in new.figures.items()
                                           if k in old.figures and old.figures[k] != v}}
    added["evidence"], removed["evidence"], changed["evidence"] = {}, {}, {}
    for cid, c in new.characteristics.items():
        before, after = old.characteristics[cid].evidence, c.evidence
        if before == after:
            continue
        if before is None:
            added["evidence"][cid] = after
        elif after is None:
            removed["evidence"][cid] = before
        else:
            changed["evidence"][cid] = {"from": before, "to": after}
    closed, fresh, carried = matched(old.recommendations, new.recommendations)
    targets = {}
    for cid, t in new.targets.items():
        before = old.characteristics[cid].stage
        targets[cid] = {"stage": t.stage, "met_before": bool(before and kb.stage_rank(before.id) >= kb.stage_rank(t.stage)),
                        "met": t.met}
    return {
        "schema_version": SCHEMA_VERSION,
        "council": dict(new.council),
        "from": _point(old),
        "to": _point(new),
        "overall": {"from": old.overall.stage, "to": new.overall.stage, "change": overall_change},
        "characteristics": characteristics,
        "added": added,
        "removed": removed,
        "changed": changed,
        "closed_recommendations": [{"id": r.id, "title": r.title} for r in closed],
        "new_recommendations": [{"id": r.id, "title": r.title} for r in fresh],
        "carried_recommendations": [{"id": r.id, "title": r.title} for r in carried],
        "targets": targets,
        "flags": flags,
    }


def compare(items: list[tuple[str, Profile]], classifier: Classifier, *, any_council: bool = False) -> dict[str, Any]:
    """Compare two or more profiles (source, Profile) of one council. Returns the JSON contract of the
    module doc (one comparison for two profiles; comparisons plus trend for more).

    Errors: InputError (exit 2) for fewer than two profiles, or for profiles of different councils
    unless `any_council`."""
    if len(items) < 2:
        raise InputError("compare needs at least two profiles: OLD NEW [MORE...]")
    items = order(items)
    if not any_council:
        check_same_council(items)
    kb = classifier.kb
    results = [classifier.classify(p, source=source) for source, p in items]
    comparisons = [pair(kb, a, b) for a, b in itertools.pairwise(results)]
    if len(comparisons) == 1:
        return comparisons[0]
    trend: dict[str, list[str | None]] = {cid: [r.characteristics[cid].stage.id if r.characteristics[cid].stage
                                                else None for r in results] for cid in kb.characteristics}
    trend["overall"] = [r.overall.stage for r in results]
    return {"schema_version": SCHEMA_VERSION, "council": dict(results[-1].council), "comparisons": comparisons,
            "assessed_on": [r.assessed_on for r in results], "sources": [r.source for r in results],
            "trend": trend}


# -- rendering --------------------------------------------------------------------------------------------

def _comparisons(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data.get("comparisons", [data])


def _label(point: dict[str, Any]) -> str:
    return point["assessed_on"] or point["source"] or "?"


def _stage(s: str | None) -> str:
    return s.capitalize() if s else "Not assessed"


def _names(kb, kind: str, ids: list[str]) -> list[str]:
    table = {"pressures": kb.pressures, "barriers": kb.barriers, "techniques_used": kb.techniques,
             "techniques_planned": kb.techniques}[kind]
    return [table[i].name for i in ids]


KIND_WORDS = {"pressures": "Pressures (Table 3)", "barriers": "Barriers (Table 3)",
              "techniques_used": "Techniques used (Table 5)", "techniques_planned": "Techniques planned (Table 5)"}


def changes_in_words(kb, c: dict[str, Any]) -> list[str]:
    """What changed besides the stages, one line each, in plain words."""
    lines = []
    for kind, title in KIND_WORDS.items():
        if c["added"][kind]:
            lines.append(f"{title} added: {', '.join(_names(kb, kind, c['added'][kind]))}")
        if c["removed"][kind]:
            lines.append(f"{title} removed: {', '.join(_names(kb, kind, c['removed'][kind]))}")
    for k, v in c["added"]["figures"].items():
        lines.append(f"{FIGURE_NAMES.get(k, k)}: now {v:g} (not given before)")
    for k, v in c["removed"]["figures"].items():
        lines.append(f"{FIGURE_NAMES.get(k, k)}: no longer given (was {v:g})")
    for k, v in c["changed"]["figures"].items():
        lines.append(f"{FIGURE_NAMES.get(k, k)}: {v['from']:g} → {v['to']:g}")
    for cid, text in c["added"]["evidence"].items():
        lines.append(f"Evidence for {kb.characteristics[cid].name.lower()} added: {text}")
    for cid, text in c["removed"]["evidence"].items():
        lines.append(f"Evidence for {kb.characteristics[cid].name.lower()} removed (was: {text})")
    for cid, v in c["changed"]["evidence"].items():
        lines.append(f"Evidence for {kb.characteristics[cid].name.lower()} now: {v['to']}")
    return lines


def view(data: dict[str, Any], kb) -> dict[str, Any]:
    """What the text, Markdown and HTML renderings show, in words (no ids)."""
    comps = []
    for c in _comparisons(data):
        rows = []
        for cid, ch in c["characteristics"].items():
            t = c["targets"].get(cid)
            rows.append({"name": kb.characteristics[cid].name, "from": _stage(ch["from"]), "to": _stage(ch["to"]),
                         "raw_from": ch["from"], "raw_to": ch["to"], "raw_target": t["stage"] if t else None,
                         "target_met": bool(t and t["met"]),
                         "change": CHANGE_WORDS[ch["change"]], "raw_change": ch["change"],
                         "target": (_stage(t["stage"]) + (" (met)" if t["met"] else "")) if t else "none"})
        comps.append({
            "from": _label(c["from"]), "to": _label(c["to"]),
            "overall_from": _stage(c["overall"]["from"]), "overall_to": _stage(c["overall"]["to"]),
            "overall_change": CHANGE_WORDS[c["overall"]["change"]],
            "rows": rows, "changes": changes_in_words(kb, c),
            "closed": [r["title"] for r in c["closed_recommendations"]],
            "new": [r["title"] for r in c["new_recommendations"]],
            "carried": [r["title"] for r in c.get("carried_recommendations", [])],
            "targets_met": sum(1 for t in c["targets"].values() if t["met"]), "targets": len(c["targets"]),
            "flags": [f["message"] for f in c["flags"]],
        })
    trend = None
    if "trend" in data:
        trend = {"dates": [d or s for d, s in zip(data["assessed_on"], data["sources"])],
                 "rows": [{"name": kb.characteristics[cid].name if cid in kb.characteristics else "Overall stage",
                           "stages": [_stage(s) for s in stages], "raw": stages}
                          for cid, stages in data["trend"].items()]}
    return {"council": data["council"]["name"], "comparisons": comps, "trend": trend}


_SHORT = {"transactional": "1░", "transitional": "2▒", "transformational": "3█", None: "·"}


def _short(stage: str | None) -> str:
    return _SHORT[stage]


def chart(data: dict[str, Any], kb) -> str:
    """The SVG trend chart (every assessment, each characteristic a line)."""
    from ..render import charts

    comps = _comparisons(data)
    if "trend" in data:
        dates = [d or s for d, s in zip(data["assessed_on"], data["sources"])]
        trend = data["trend"]
    else:
        c = comps[0]
        dates = [_label(c["from"]), _label(c["to"])]
        trend = {cid: [ch["from"], ch["to"]] for cid, ch in c["characteristics"].items()}
        trend["overall"] = [c["overall"]["from"], c["overall"]["to"]]
    series = [(kb.characteristics[cid].name if cid in kb.characteristics else "Overall stage",
               [kb.stage_rank(s) if s else None for s in stages]) for cid, stages in trend.items()]
    return charts.trend(dates, series, title=f"{data['council']['name']}: stage at each assessment")


def target_chart(data: dict[str, Any], kb) -> str:
    """The SVG chart of the latest assessment's stages against its targets."""
    from ..render import charts

    last = _comparisons(data)[-1]
    rows = [(kb.characteristics[cid].name, ch["to"], (last["targets"].get(cid) or {}).get("stage"))
            for cid, ch in last["characteristics"].items()]
    return charts.current_target(rows, title=f"Latest assessment ({_label(last['to'])}) against target")


def render(data: dict[str, Any], kb, fmt: Format, *, color: bool = False, width: int = 100) -> str:
    """A comparison (the JSON of `compare`) as text (rich, `width` columns), Markdown, HTML or JSON."""
    if fmt is Format.JSON:
        from backtofront.render import terminal

        return terminal.json_text(data)
    v = view(data, kb)
    if fmt is Format.MARKDOWN:
        from backtofront.render import templating

        return templating.render("compare.md.j2", v=v)
    if fmt is Format.HTML:
        from backtofront.render import templating
        from markupsafe import Markup

        return templating.render("compare.html.j2", v=v, chart=Markup(chart(data, kb)),
                                 target_chart=Markup(target_chart(data, kb)))
    if fmt is Format.TEXT:
        return text(v, color=color, width=width)
    raise AssertionError(f"unhandled format {fmt}")


def text(v: dict[str, Any], *, color: bool, width: int) -> str:
    """The terminal rendering of `view()`: per comparison a table of the eight characteristics (before,
    now, change, target), flags and changes; then the trend table."""
    from backtofront.render.formats import STAGE_STYLE, _plain, console, hanging
    from rich import box
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    out, buffer = console(color, width)
    out.print(Text(f"{v['council']}: how the assessment has moved", style="bold"))
    change_style = {"up": "green", "DOWN": "bold red"}
    narrow = width < 90  # stages as the heatmap's number and shade: 1░ 2▒ 3█
    for c in v["comparisons"]:
        out.print()
        out.print(Text(f"From {c['from']} to {c['to']}", style="bold"))
        out.print(Text("Overall stage: ") + Text(f"{c['overall_from']} → {c['overall_to']}")
                  + Text(f" ({c['overall_change']})", style=change_style.get(c["overall_change"], "")))
        table = Table(box=box.SIMPLE_HEAD, expand=width >= 80, pad_edge=False, collapse_padding=True)
        table.add_column("Characteristic", ratio=1, min_width=16)
        if narrow:
            table.add_column("Then → now", no_wrap=True)
        else:
            table.add_column("Before", no_wrap=True)
            table.add_column("Now", no_wrap=True)
        table.add_column("Change", no_wrap=True)
        table.add_column("Target", no_wrap=True)
        for row in c["rows"]:
            change = Text(row["change"], style=change_style.get(row["change"], ""))
            if narrow:
                table.add_row(row["name"], f"{_short(row['raw_from'])} → {_short(row['raw_to'])}", change,
                              _short(row["raw_target"]) + (" met" if row["target_met"] else ""))
            else:
                table.add_row(row["name"], row["from"], Text(row["to"], style=STAGE_STYLE.get(row["to"].lower(), "")),
                              change, row["target"])
        out.print(table)
        out.print(f"Targets met: {c['targets_met']} of {c['targets']}")
        for title, items in (("Flags", c["flags"]), ("What else changed", c["changes"]),
                             ("Recommendations that no longer apply", c["closed"]),
                             ("New recommendations", c["new"]),
                             ("Recommendations carried over", c["carried"])):
            if items:
                out.print(Text(title, style="bold red" if title == "Flags" else "bold"))
                for item in items:
                    out.print(Padding(hanging("- ", Text(item)), (0, 0, 0, 2)))
    if narrow:
        out.print("1░ transactional, 2▒ transitional, 3█ transformational, · not assessed or none.")
    if v["trend"]:
        out.print()
        table = Table(title="Trend", box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Characteristic")
        for d in v["trend"]["dates"]:
            table.add_column(d, no_wrap=True)
        for row in v["trend"]["rows"]:
            table.add_row(row["name"], *(_short(s) for s in row["raw"]) if narrow else row["stages"])
        out.print(table)
    return _plain(buffer.getvalue(), color)


def command(paths: list[str], fmt: str, *, any_council: bool, color: bool, width: int) -> str:
    """`backtofront compare`: load the profiles, compare them, render in `fmt`."""
    from backtofront.classifier import profile as profile_mod

    items = []
    for p in paths:
        try:
            items.append((p, profile_mod.load(p)))
        except InputError as exc:
            if "unknown key 'schema_version'" in str(exc):
                raise InputError("is a result file (it has schema_version); compare takes the profiles "
                                 "that were assessed", source=p) from None
            raise
    classifier = Classifier()
    return render(compare(items, classifier, any_council=any_council), classifier.kb, Format(fmt),
                  color=color, width=width)
