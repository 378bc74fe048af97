"""Where a council stands against a cohort of councils (`backtofront benchmark PROFILE`).

Benchmarking against others is how councils find where they can improve (paras 69-74, Table 6). The
benchmark shows the spread, not an average: per characteristic of Table 4, how many councils of the
cohort are at each stage and where this council sits; Table 5 technique use in the cohort beside the
report's counts of the 23 case study sites; and the council's figures beside the report's national ones
(back office share of gains: 28 per cent nationally, 6 to 91 per cent across councils, paras 14 and
31; corporate services share of budget: 23 per cent for districts, 3 per cent for single-tier and
county councils in 2007/08, para 18). A cohort smaller than defaults.MIN_COHORT is refused, so that no single
council can be picked out of a benchmark; for the same reason a cohort figure's spread is shown only
when at least that many councils give the figure, and a user's cohort (`--cohort`) is shown in the
heatmap without names (the report's case-study councils, the default cohort, are public and keep theirs).
A council counts once: a council of the cohort that cannot be read is named on standard error (one line) and
left out, another file of a council already in it is a copy, named and not counted again, and the council
benchmarked is never in its own cohort; the benchmark goes on while the cohort is still large enough.
Provisional stages (Result.overall.provisional, CharacteristicResult.provisional) are marked: the council's
own, and a count of the cohort's in each row.

JSON: {"schema_version", "council", "cohort": {"size", "source", "left_out", "copies", "council_itself"},
"overall": {"stage", "provisional", "cohort": {stage: count}, "cohort_provisional", "place": {...}},
"characteristics": {id: {"stage", "target", "provisional", "cohort": {"transactional": n, "transitional": n,
"transformational": n, "not_assessed": n}, "cohort_provisional", "place": {"below", "same", "above"}}},
"techniques": {id: {"used", "planned", "recorded" (false: the profile says nothing of it), "cohort_used"
(councils recorded as using it), "cohort_recorded" (councils whose profile records whether they use it, yes or
no), "cohort_not_recorded" (councils that do not: never counted as not using it; since schema 1.4),
"cohort_planned", "report_sr04_sites", "report_csr07_sites", "report_sites"}}, "figures": {id: {..., "cohort":
{"councils", "min", "median", "max"} or {"councils", "too_few": true} when fewer than the minimum cohort give
it, or null}}, "respondents" (since schema 1.6): for a council whose profile is combined from respondents
(`combine`), its respondents' spread (Result.respondents_summary: {merge, note, people, disagreements,
characteristics: {id: {respondents, by_role, stated_by, combined, agreed, divergent}}}), which the text and
HTML show as a table by role (HTML: and a chart, one mark per respondent); null otherwise. The cohort's
councils are never shown by respondent."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from typing import Any

from backtofront import defaults
from backtofront.classifier.classify import Classifier
from backtofront.classifier.errors import InputError
from backtofront.classifier.facts import UNKNOWN
from backtofront.classifier.profile import Profile
from backtofront.classifier.result import READING_NOTE, SCHEMA_VERSION, Result, stage_id
from backtofront.render import output_format

from . import sources

STAGE_ORDER = ("transactional", "transitional", "transformational")
NOT_ASSESSED = "not_assessed"
SINGLE_TIER_OR_COUNTY = ("county", "unitary", "metropolitan", "london_borough")


# benchmark's formats (TEXT, JSON, HTML), from its registry in render/output_format.py
Format: type[output_format.FormatName] = output_format.BENCHMARK.enum("Format", __name__)


def cohort_entries(cohort: str | None) -> tuple[list[sources.Entry], str]:
    """The cohort's councils and a description of where they came from (default: the bundled case studies)."""
    if cohort is None:
        return sources.case_entries(), "the report's case-study councils bundled with backtofront"
    return sources.entries(cohort), cohort


def _counts(kb, stages: Sequence[str | None]) -> dict[str, int]:
    out = {s: 0 for s in kb.stages}
    out[NOT_ASSESSED] = 0
    for s in stages:
        out[s or NOT_ASSESSED] += 1
    return out


def _place(kb, stage: str | None, others: Sequence[str | None]) -> dict[str, int] | None:
    """How many councils of the cohort are below, at and above this stage (None when not assessed)."""
    if stage is None:
        return None
    rank = kb.stage_rank(stage)
    ranks = [kb.stage_rank(s) for s in others if s]
    return {"below": sum(r < rank for r in ranks), "same": sum(r == rank for r in ranks),
            "above": sum(r > rank for r in ranks)}


def _spread(values: list[float], minimum: int) -> dict[str, Any] | None:
    """The cohort's spread of one figure; withheld ({"councils", "too_few": True}) when fewer than
    `minimum` councils give it, since a range of one or two councils' figures gives their figures away."""
    if not values:
        return None
    if len(values) < minimum:
        return {"councils": len(values), "too_few": True}
    return {"councils": len(values), "min": min(values), "median": statistics.median(values),
            "max": max(values)}


def councils(n: int) -> str:
    """"1 council", "4 councils"."""
    return f"{n} council" + ("" if n == 1 else "s")


def profiles(n: int) -> str:
    """"1 profile", "4 profiles": files or CSV rows of a cohort, which need not be distinct councils."""
    return f"{n} profile" + ("" if n == 1 else "s")


def _figures(kb, result: Result, cohort: list[Result], minimum: int = defaults.MIN_COHORT) -> dict[str, Any]:
    nf = kb.national_figures
    share = result.figures.get("back_office_share_of_gains_pct")
    lo, hi = nf["back_office_share_min"].value, nf["back_office_share_max"].value
    national = nf["back_office_share_national"].value
    out: dict[str, Any] = {
        "back_office_share_of_gains_pct": {
            "value": share, "national": national, "range": [lo, hi],
            "position": None if share is None else ("below the national share" if share < national else
                                                   "at the national share" if share == national else
                                                   "above the national share"),
            "cohort": _spread([r.figures["back_office_share_of_gains_pct"] for r in cohort
                               if "back_office_share_of_gains_pct" in r.figures], minimum),
            "citations": ["para 14", "para 31"],
        }}
    corporate = result.figures.get("corporate_services_share_of_budget_pct")
    district = result.council["type"] == "district"
    key = "district_corporate_share" if district else "single_tier_county_corporate_share"
    out["corporate_services_share_of_budget_pct"] = {
        "value": corporate, "compared_with": "district councils" if district else "single-tier and county "
                                                                                  "councils",
        "average_1999": nf[f"{key}_1999"].value, "average_2007": nf[f"{key}_2007"].value,
        "cohort": _spread([r.figures["corporate_services_share_of_budget_pct"] for r in cohort
                           if "corporate_services_share_of_budget_pct" in r.figures
                           and (r.council["type"] == "district") == district], minimum),
        "citations": ["para 17", "para 18", "para 19"],
    }
    return out


def benchmark(result: Result, cohort: list[Result], source: str, classifier: Classifier, *,
              min_cohort: int = defaults.MIN_COHORT, left_out: int = 0, copies: int = 0,
              council_itself: int = 0) -> dict[str, Any]:
    """The benchmark of one classified council against classified cohort results. Returns the JSON
    contract of the module doc. `left_out`: the cohort's files or rows that could not be read; `copies`: those
    that repeat a council already in the cohort (counted once); `council_itself`: those of the council
    benchmarked (all already named on standard error).

    Errors: InputError (exit 2) when the cohort has fewer than `min_cohort` councils."""
    if len(cohort) < min_cohort:
        reasons = [f"{profiles(left_out)} with errors {'is' if left_out == 1 else 'are'} left out" if left_out
                   else "", f"{copies} {'copy' if copies == 1 else 'copies'} of councils already in it "
                   f"{'is' if copies == 1 else 'are'} not counted again" if copies else "",
                   f"{result.council['name']} itself is left out" if council_itself else ""]
        after = " and ".join(r for r in reasons if r)
        raise InputError(f"the cohort has {councils(len(cohort))}{' once ' + after if after else ''}; fewer "
                         f"than {min_cohort} could let one council be identified. Add councils, or lower "
                         "--min-cohort if that is acceptable",
                         source=source)
    kb = classifier.kb
    chars = {}
    for cid, c in result.characteristics.items():
        others = [stage_id(r.characteristics[cid].stage) for r in cohort]
        t = result.targets.get(cid)
        chars[cid] = {"stage": c.stage.id if c.stage else None, "target": t.stage if t else None,
                      "provisional": bool(c.stage and c.provisional),
                      "cohort": _counts(kb, others),
                      "cohort_provisional": sum(bool(r.characteristics[cid].stage and
                                                     r.characteristics[cid].provisional) for r in cohort),
                      "place": _place(kb, c.stage.id if c.stage else None, others)}
    overall_others = [r.overall.stage for r in cohort]
    techniques = {}
    for tid, tech in kb.techniques.items():
        # yes (present), an explicit no (absent) or not recorded (unknown): facts.council_states
        using = [r.facts.get(f"technique_used.{tid}", UNKNOWN) for r in cohort]
        recorded = sum(state != UNKNOWN for state in using)
        techniques[tid] = {"used": tid in result.techniques_used, "planned": tid in result.techniques_planned,
                           "recorded": result.facts.get(f"technique.{tid}", UNKNOWN) != UNKNOWN,
                           "cohort_used": sum(tid in r.techniques_used for r in cohort),
                           "cohort_recorded": recorded, "cohort_not_recorded": len(cohort) - recorded,
                           "cohort_planned": sum(tid in r.techniques_planned for r in cohort),
                           "report_sr04_sites": tech.sr04_sites, "report_csr07_sites": tech.csr07_sites,
                           "report_sites": kb.case_study_sites}
    return {
        "schema_version": SCHEMA_VERSION,
        "council": dict(result.council),
        "cohort": {"size": len(cohort), "source": source, "left_out": left_out, "copies": copies,
                   "council_itself": council_itself},
        "overall": {"stage": result.overall.stage, "provisional": result.overall.provisional,
                    "cohort": _counts(kb, overall_others),
                    "cohort_provisional": sum(r.overall.provisional for r in cohort),
                    "place": _place(kb, result.overall.stage, overall_others)},
        "characteristics": chars,
        "techniques": techniques,
        "figures": _figures(kb, result, cohort, min_cohort),
        # the council's own respondents when its profile is combined (Result.respondents_summary), else null
        "respondents": result.respondents_summary(),
    }


ANONYMOUS = "Cohort council"


def _anonymous(kb, classified: list[tuple[str, Result]]) -> list[tuple[str, Result]]:
    """The cohort's rows for the heatmap without names, ordered by their stages (overall stage, then
    each characteristic of Table 4), so that neither a name nor the order of the source file tells which
    council a row is."""
    def key(item: tuple[str, Result]) -> tuple:
        r = item[1]
        return (kb.stage_rank(r.overall.stage),
                *(kb.stage_rank(stage_id(c.stage)) for c in r.characteristics.values()))

    return [(ANONYMOUS, r) for _, r in sorted(classified, key=key)]


def one_line(exc: InputError) -> str:
    """An input error on one line however many problems it lists: the first (with its file and line), then
    how many more there are; the terminal alone wraps it."""
    first = InputError(exc.problems[0], source=exc.source)
    more = exc.more_words()
    return str(first) + (f" (and {more}: check the file on its own, e.g. with backtofront assess)"
                         if more else "")


def run(profile: Profile, profile_source: str, cohort: str | None, classifier: Classifier, *,
        min_cohort: int = defaults.MIN_COHORT,
        warn: Callable[[str], None] | None = None) -> tuple[dict[str, Any], list[tuple[str, Result]]]:
    """Load and classify the cohort, leaving out the council itself (same name and type, ignoring case
    and spacing), every council that cannot be read (each told to `warn` on one line as "Left out of the
    cohort: FILE[ line N]: problem"), and every copy of a council already in it (the same name and type:
    told to `warn` once the benchmark stands); InputError (exit 2, one line) when nothing but the council
    itself is left, or when too few are, then benchmark the profile.
    Returns (benchmark JSON, [(council label, result)] of the council and the cohort, for the heatmap:
    a user's cohort unnamed, see `_anonymous`)."""
    from .compare import council_key

    def tell(line: str) -> None:
        if warn is not None:
            warn(line)

    entries, source = cohort_entries(cohort)
    results: list[tuple[Profile, sources.Entry]] = []
    left_out = copies = itself = 0
    repeats: list[str] = []
    seen: dict[tuple[str, str], str] = {}  # a council (its name and type) -> where it was first
    for e in entries:
        try:
            p = e.load()
        except InputError as exc:
            left_out += 1
            tell(f"Left out of the cohort: {one_line(exc)}")
            continue
        # one council, one place in the cohort: the same name and type (a file given again, a copy) counts
        # once, and the council benchmarked is never its own neighbour
        key = council_key(p)
        if key == council_key(profile):
            itself += 1
            continue
        if key in seen:
            copies += 1
            repeats.append(f"Left out of the cohort: {e.source}: {p.council.name} again (as in "
                           f"{seen[key]}); a council counts once")
            continue
        seen[key] = e.source
        results.append((p, e))
    if not results and itself:
        raise InputError(f"holds only {profile.council.name} itself, the council benchmarked; give other "
                         "councils to benchmark it against", source=source)
    classified = [(p.council.name, classifier.classify(p, source=e.source)) for p, e in results]
    result = classifier.classify(profile, source=profile_source)
    data = benchmark(result, [r for _, r in classified], source, classifier, min_cohort=min_cohort,
                     left_out=left_out, copies=copies, council_itself=itself)
    for line in repeats:  # named once the benchmark stands; a refusal says how many in its one line
        tell(line)
    if cohort is not None:
        classified = _anonymous(classifier.kb, classified)
    return data, [(result.council["name"], result), *classified]


# -- rendering --------------------------------------------------------------------------------------------

def cohort_words(data: dict[str, Any]) -> str:
    """Where the cohort came from, how many councils it counts, and what was left out of it, in the same
    numbers as the JSON's `cohort`: "neighbours/ (6 councils; left out: 1 profile that could not be read, 2
    copies of councils already counted, Example District Council itself)"."""
    c = data["cohort"]
    left = [f"{profiles(c['left_out'])} that could not be read" if c.get("left_out") else "",
            f"{c['copies']} {'copy' if c['copies'] == 1 else 'copies'} of councils already counted"
            if c.get("copies") else "",
            f"{data['council']['name']} itself" + (f" ({profiles(c['council_itself'])})"
                                                   if c["council_itself"] > 1 else "")
            if c.get("council_itself") else ""]
    left = [x for x in left if x]
    return f"{c['source']} ({councils(c['size'])}" + (f"; left out: {', '.join(left)})" if left else ")")


COHORT_USING = "Cohort using, of those recorded"


def cohort_using_words(t: dict[str, Any]) -> str:
    """A technique's use in the cohort in words: the councils recorded as using it out of those whose
    profile records it, and those that do not record it ("1 of 3 recording it (14 not recorded)"). A
    council that does not record a technique is never counted as not using it."""
    if not t["cohort_recorded"]:
        return f"none recording it ({t['cohort_not_recorded']} not recorded)"
    words = f"{t['cohort_used']} of {t['cohort_recorded']} recording it"
    return words + (f" ({t['cohort_not_recorded']} not recorded)" if t["cohort_not_recorded"] else "")


def _stage_words(s: str | None) -> str:
    return s.capitalize() if s else "Not assessed"


def _target_words(c: dict[str, Any]) -> str:
    """A characteristic's target in words: "Transformational", "Transitional (met)" or "none"."""
    if not c.get("target"):
        return "none"
    met = c["stage"] is not None and STAGE_ORDER.index(c["stage"]) >= STAGE_ORDER.index(c["target"])
    return c["target"].capitalize() + (" (met)" if met else "")


def _place_words(place: dict[str, int] | None, counts: dict[str, int] | None = None,
                 provisional: int = 0) -> str:
    """Where the cohort's councils stand against this council: "1 above, 3 level, 3 below; 10 not assessed;
    2 provisional", adding up to the cohort's size as the spread does (`counts`: the stage counts); "–" with
    the council's stage not assessed, then how many councils are not assessed."""
    rest = []
    if counts and counts.get(NOT_ASSESSED):
        rest.append(f"{counts[NOT_ASSESSED]} not assessed")
    if provisional:
        rest.append(f"{provisional} provisional")
    tail = "".join(f"; {x}" for x in rest)
    if place is None:
        return "–" + tail
    return f"{place['above']} above, {place['same']} level, {place['below']} below{tail}"


def _here_words(c: dict[str, Any]) -> str:
    """This council's stage, "Transitional (provisional)" when it rests on too little."""
    return _stage_words(c["stage"]) + (" (provisional)" if c.get("provisional") else "")


PROVISIONAL_KEY = ("Provisional: an overall stage resting on fewer than half the characteristics, or a "
                   "characteristic's stage judged from fewer than half of its questions.")


def render(data: dict[str, Any], rows: list[tuple[str, Result]], kb, fmt: output_format.FormatName | str, *,
           color: bool = False,
           width: int = 100) -> str:
    """A benchmark (its JSON) as text with the heatmap of `rows` (council label, result), HTML or JSON,
    through benchmark's format registry (render/output_format.py)."""
    return output_format.BENCHMARK.render_text(fmt, data, rows, kb, color=color, width=width)


def as_json(data: dict[str, Any], rows: list[tuple[str, Result]], kb, **_options) -> str:
    """`benchmark -f json`: the benchmark's JSON, through its contract (classifier/contract.py: Benchmark)."""
    from backtofront.classifier import contract
    from backtofront.render import terminal

    return terminal.json_text(contract.benchmark(data))


def as_html(data: dict[str, Any], rows: list[tuple[str, Result]], kb, **_options) -> str:
    """`benchmark -f html`: with the chart of the stages across the cohort (`html`)."""
    return html(data, kb)


def _distribution_rows(data: dict[str, Any], kb) -> list[tuple[str, dict[str, int]]]:
    rows = [(kb.characteristics[cid].name, c["cohort"]) for cid, c in data["characteristics"].items()]
    return [("Overall stage", data["overall"]["cohort"]), *rows]


def text(data: dict[str, Any], rows: list[tuple[str, Result]], kb, *, color: bool, width: int) -> str:
    """The terminal benchmark: stages and spread, techniques, figures, and the heatmap (`width` columns)."""
    from backtofront.render.formats import STAGE_STYLE, _plain, console
    from rich.table import Table
    from rich.text import Text

    from . import heatmap

    out, buffer = console(color, width)
    name = data["council"]["name"]
    out.print(Text(f"{name} against {data['cohort']['size']} councils", style="bold"))
    out.print(f"Cohort: {cohort_words(data)}")
    out.print()
    title = "Stages (Table 4): this council and the spread of the cohort"
    stage_rows = []
    for label, cid, c in [(OVERALL_LABEL, None, data["overall"]),
                          *[(kb.characteristics[k].name, k, v) for k, v in data["characteristics"].items()]]:
        counts = c["cohort"]
        spread = " / ".join(str(counts[s]) for s in (*kb.stages, NOT_ASSESSED))
        here = Text(_stage_words(c["stage"]), style=STAGE_STYLE.get(c["stage"] or "", ""))
        if c.get("provisional"):   # on a line of its own: the column stays narrow
            here += Text("\n(provisional)")
        if cid is not None:
            here += Text(f"\n→ {_target_words(c)}")
        # the spread with how many of its stages are provisional; the not assessed are in the spread
        if c.get("cohort_provisional"):
            spread += f"\n({c['cohort_provisional']} provisional)"
        stage_rows.append((label, here, spread, _place_words(c["place"])))
    if width < 80:  # a narrow terminal: each characteristic as a short entry, no word cut
        from backtofront.render.formats import hanging
        from rich.padding import Padding

        out.print(Text(title, style="bold"))
        for label, here, spread, place in stage_rows:
            out.print(Text(label, style="bold"))
            out.print(Padding(hanging("This council: ", Text(" ").join(here.split("\n"))), (0, 0, 0, 2)))
            out.print(Padding(hanging("Cohort 1 / 2 / 3 / ·: ", Text(" ").join(Text(spread).split("\n"))),
                              (0, 0, 0, 2)))
            out.print(Padding(hanging("Cohort councils: ", Text(place)), (0, 0, 0, 2)))
    else:
        table = Table(title=title, expand=True)
        table.add_column("Characteristic", ratio=3)
        table.add_column("This council → target", no_wrap=True)
        table.add_column("Cohort: 1 / 2 / 3 / ·", no_wrap=True)
        table.add_column("Cohort councils", ratio=2)
        for row in stage_rows:
            table.add_row(*row)
        out.print(table)
    out.print("1 transactional, 2 transitional, 3 transformational, · not assessed.")
    if any_provisional(data):
        out.print(PROVISIONAL_KEY)
    out.print()
    if data.get("respondents"):   # the council's own respondents: one per person, by role, never averaged
        from backtofront.render import respondents_view

        respondents_view.print_text(out, respondents_view.view(data["respondents"], _names(kb)), width,
                                    title=f"{name}: {RESPONDENTS_HEADING}")
    used = Table(title="Techniques (Table 5): this council, the cohort, and the report's 23 case study sites",
                 expand=width >= 80)
    used.add_column("Technique", ratio=3, min_width=14)  # "Transformation", Table 5's longest word
    used.add_column("Here", max_width=None if width >= 80 else 8)
    used.add_column(COHORT_USING, no_wrap=width >= 100, ratio=None if width >= 100 else 3)
    used.add_column("Report SR04", no_wrap=width >= 80, max_width=None if width >= 80 else 8)
    for tid, t in data["techniques"].items():
        doing = "uses" if t["used"] else "plans" if t["planned"] else "neither" if t[
            "recorded"] else "not recorded"
        used.add_row(kb.techniques[tid].name, doing, cohort_using_words(t),
                     f"{t['report_sr04_sites']} of {t['report_sites']}")
    out.print(used)
    out.print("SR04: the 2004 Spending Review, 2005/06 to 2007/08.")
    out.print()
    from backtofront.render.formats import hanging
    from rich.padding import Padding

    out.print(Text(FIGURES_HEADING, style="bold"))
    # bullets with hanging indents: wraps stay under the text
    for line, subs in figure_items(data["figures"]):
        out.print(hanging("- ", Text(line)))
        for sub in subs:
            out.print(Padding(hanging("- ", Text(sub)), (0, 0, 0, 2)))
    out.print()
    mark = name
    title = "Councils by characteristic (Table 4)"
    if any(label == ANONYMOUS for label, _ in rows[1:]):
        title += ", the cohort unnamed"
    heat = heatmap.render(kb, [(label, {cid: (c.stage.id if c.stage else None)
                                        for cid, c in r.characteristics.items()}, r.overall.stage)
                               for label, r in rows], color=color, width=width, mark=mark, title=title,
                          provisional=[r.overall.provisional for _, r in rows])
    from backtofront.render.terminal import wrap

    return _plain(buffer.getvalue(), color) + "\n" + heat + "\n" + wrap(f"Note: {READING_NOTE}", width) + "\n"


FIGURES_HEADING = "Figures against the report's national figures"
# Each council's overall stage is the assessment's reading (the report gives no rule for it): marked in its
# row, with the note the marker refers to once (classifier.result.READING_NOTE)
OVERALL_LABEL = "Overall stage (the assessment's reading)"
TOO_FEW = "too few councils give it to show"


def figure_items(figures: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The figures' comparison in words: [(the figure against the report's, [the cohort's spread, if any])]
    (paras 14, 18, 31)."""
    items: list[tuple[str, list[str]]] = []
    for line in figure_lines(figures):
        if line.startswith("  ") and items:
            items[-1][1].append(line.strip())
        else:
            items.append((line, []))
    return items


def figure_lines(figures: dict[str, Any]) -> list[str]:
    """The figures' comparison in words, one line each; a line about the cohort's spread starts with two
    spaces and belongs to the line before it."""
    b = figures["back_office_share_of_gains_pct"]
    lines = []
    if b["value"] is None:
        lines.append(f"Back office share of efficiency gains: not given (nationally {b['national']:g} per "
                     f"cent, from {b['range'][0]:g} to {b['range'][1]:g} per cent across councils; paras 14, "
                     "31).")
    else:
        lines.append(f"Back office share of efficiency gains: {b['value']:g} per cent, {b['position']} of "
                     f"{b['national']:g} per cent (range {b['range'][0]:g} to {b['range'][1]:g}; paras 14, "
                     "31).")
    if b["cohort"] and b["cohort"].get("too_few"):
        lines.append(f"  In the cohort: {TOO_FEW}.")
    elif b["cohort"]:
        lines.append(f"  In the cohort ({b['cohort']['councils']} giving it): {b['cohort']['min']:g} to "
                     f"{b['cohort']['max']:g}, median {b['cohort']['median']:g} per cent.")
    c = figures["corporate_services_share_of_budget_pct"]
    value = "not given" if c["value"] is None else f"{c['value']:g} per cent"
    lines.append(f"Corporate services share of budget: {value}; the average for {c['compared_with']} was "
                 f"{c['average_1999']:g} per cent in 1999/00 and {c['average_2007']:g} per cent in 2007/08 "
                 "(para 18).")
    if c["cohort"] and c["cohort"].get("too_few"):
        lines.append(f"  In the cohort, among councils of the same kind: {TOO_FEW}.")
    elif c["cohort"]:
        lines.append(f"  In the cohort ({c['cohort']['councils']} of the same kind giving it): "
                     f"{c['cohort']['min']:g} to {c['cohort']['max']:g}, median {c['cohort']['median']:g} "
                     "per cent.")
    return lines


RESPONDENTS_HEADING = "the respondents, each one's stage by role"


def _names(kb) -> dict[str, str]:
    return {cid: c.name for cid, c in kb.characteristics.items()}


def html(data: dict[str, Any], kb) -> str:
    """The benchmark as an HTML page with the SVG chart of the stages across the cohort."""
    from backtofront.render import templating
    from markupsafe import Markup

    from ..render import charts

    here = [data["overall"]["stage"]] + [c["stage"] for c in data["characteristics"].values()]
    chart = charts.distribution(_distribution_rows(data, kb), here=here, here_label=data["council"]["name"],
                                title=f"Stages across the cohort of {data['cohort']['size']} councils")
    rows = [{"name": OVERALL_LABEL, "stage": _here_words(data["overall"]), "target": "",
             "place": _place_words(data["overall"]["place"], data["overall"]["cohort"],
                                   data["overall"].get("cohort_provisional", 0))}]
    rows += [{"name": kb.characteristics[cid].name, "stage": _here_words(c),
              "target": _target_words(c),
              "place": _place_words(c["place"], c["cohort"], c.get("cohort_provisional", 0))}
             for cid, c in data["characteristics"].items()]
    techniques = [{"name": kb.techniques[tid].name,
                   "here": "uses" if t["used"] else "plans" if t["planned"] else "neither" if t["recorded"]
                   else "not recorded",
                   "cohort": cohort_using_words(t), "report": t["report_sr04_sites"],
                   "sites": t["report_sites"]}
                  for tid, t in data["techniques"].items()]
    targets = charts.current_target([(kb.characteristics[cid].name, c["stage"], c["target"])
                                     for cid, c in data["characteristics"].items()],
                                    title=f"{data['council']['name']}: current stage against target")
    spread = None
    if data.get("respondents"):
        from backtofront.render import respondents_view

        spread = respondents_view.html_parts(respondents_view.view(data["respondents"], _names(kb)),
                                             f"{data['council']['name']}: {RESPONDENTS_HEADING}", level=2)
    return templating.render("benchmark.html.j2", d=data, cohort=cohort_words(data), rows=rows,
                             techniques=techniques,
                             spread=spread,
                             figures=figure_items(data["figures"]), figures_heading=FIGURES_HEADING,
                             cohort_using=COHORT_USING,
                             chart=Markup(chart), target_chart=Markup(targets), reading_note=READING_NOTE,
                             provisional_key=PROVISIONAL_KEY if any_provisional(data) else None)


def any_provisional(data: dict[str, Any]) -> bool:
    """Whether the benchmark shows a provisional stage (this council's or the cohort's)."""
    parts = [data["overall"], *data["characteristics"].values()]
    return any(c.get("provisional") or c.get("cohort_provisional") for c in parts)


def command(profile: Profile, profile_source: str, cohort: str | None, fmt: str, *, min_cohort: int,
            color: bool, width: int, warn: Callable[[str], None] | None = None) -> str:
    """`backtofront benchmark`: classify the cohort and the profile, and render the benchmark in `fmt`.
    `warn(line)`: each council of the cohort left out for an error (default: standard error)."""
    if warn is None:
        import click

        def warn(line: str) -> None:
            click.echo(line, err=True)

    classifier = Classifier()
    data, rows = run(profile, profile_source, cohort, classifier, min_cohort=min_cohort, warn=warn)
    return render(data, rows, classifier.kb, fmt, color=color, width=width)
