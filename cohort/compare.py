"""Comparing assessments of one council over time (`backtofront compare OLD NEW [MORE...]`).

The report asks councils to know where they are against their own targets and how they are moving
(paras 33, 69-74, 87). Profiles are put in order of `assessed_on` (argument order when any date is
missing, which the outputs say in one line), classified, and each consecutive pair compared: the movement
of every characteristic and of the overall stage (marked provisional where either side is), what changed in
pressures, barriers, techniques, figures and evidence, which of the old assessment's recommendations no
longer apply, which are not reassessed (the newer profile does not record what they rest on: never read as
no longer applying), which are new and which are carried over (by
recommendation id and the stage each piece of advice asks for, counting the advice merged into a
recommendation), and progress towards the targets in force at the older assessment (its profile's own
targets, or the default next stage): how many the newer one meets. A characteristic or overall stage that went
down is flagged as a regression.

JSON (two profiles): {"schema_version", "council", "from": {"assessed_on", "overall", "source"},
"to": {...}, "overall": {"from", "to", "change", "provisional": {"from", "to"}}, "characteristics": {id:
{"from", "to", "change", "provisional": {"from", "to"}}}, "added": {...}, "removed": {...},
"no_longer_recorded": {list: [ids]} (pressures, barriers, techniques_used or techniques_planned the older
profile lists and the newer one leaves out as a section: not recorded, so not counted as removed),
"changed": {"figures", "evidence", and from `profile_changes` any of "council", "targets",
"four_elements", "strategic_approach", "stated_stages", "overrides", "notes", "answers", "other"},
"closed_recommendations": [{"id", "title"}], "achieved_recommendations": [...] (since 1.9: the closed ones
whose aim is reached, see `achieved`), "went_down_recommendations": [...] (since 1.10: the closed ones moving
a characteristic that went down, see `went_down`), "unassessed_recommendations": [...] (since 1.7: see
`not_reassessed`), "new_recommendations": [...], "carried_recommendations": [...],
"targets": {id: {"stage", "met_before", "met", "next"}} (the older assessment's targets: met
then, met now, and the newer assessment's target or null), "flags": [{"id", "characteristic", "message"}],
"ordered_by": "assessed_on" or "given" (since 1.7)}.
When either profile is combined from respondents (`backtofront combine`), each characteristic also has
"agreed": {"from", "to"} (the stage agreed after the workshop, an override, or null) and "respondents":
{"from": {name: stage}, "to": {...}} (the raw spread), so the agreed stage is told from the spread; and
"from" or "to" of a combined profile has "respondents" (since schema 1.6): {merge, note, people,
disagreements, characteristics: {id: {respondents, by_role, stated_by, combined, agreed: {stage, reason} or
null, divergent}}} (Result.respondents_summary), which the text, Markdown and HTML draw the spread from
(a table by role; in HTML also a chart, one mark per respondent).
More profiles: {"schema_version", "council", "comparisons": [the above without "ordered_by", per consecutive
pair], "ordered_by", "assessed_on": [...], "sources": [...], "trend": {id: [stage or null, ...], "overall":
[...]}}."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import Any

from backtofront.classifier.classify import Classifier, figure_words
from backtofront.classifier.errors import InputError
from backtofront.classifier.facts import BENCHMARKING_FOR_STAGE, recorded
from backtofront.classifier.profile import Profile
from backtofront.classifier.result import SCHEMA_VERSION, Result, stage_id
from backtofront.render import output_format
import msgspec

FIGURE_NAMES = {
    "back_office_share_of_gains_pct": "Back office share of efficiency gains (per cent)",
    "corporate_services_share_of_budget_pct": "Corporate services share of budget (per cent)",
    "sr04_efficiency_gains_gbp": "2004 Spending Review (SR04) efficiency gains (£)",
    "back_office_gains_gbp": "Back office efficiency gains (£)",
    "cashable_share_pct": "Cashable share of gains (per cent)",
}
CHANGE_WORDS = {"up": "up", "down": "DOWN", "same": "same", "newly_assessed": "newly assessed",
                "no_longer_assessed": "no longer assessed"}


# compare's formats (TEXT, MD or MARKDOWN, HTML, JSON), from its registry in render/output_format.py
Format: type[output_format.FormatName] = output_format.COMPARE.enum("Format", __name__)


def council_key(profile: Profile) -> tuple[str, str]:
    """The same council: the same name (profile.name_key: ignoring case, spacing, invisible characters and
    how accents were typed) and type."""
    from backtofront.classifier.profile import name_key

    return name_key(profile.council.name), profile.council.type


def order(items: list[tuple[str, Profile]]) -> list[tuple[str, Profile]]:
    """In order of `assessed_on` when every profile has one (ties keep argument order), else argument
    order, which must keep the dated ones in date order: InputError (exit 2) naming the first two given
    the wrong way round (a later assessment before an earlier one would read as a fall)."""
    if all(p.assessed_on for _, p in items):
        return sorted(items, key=lambda item: item[1].assessed_on or datetime.date.min)  # never None here
    dated = [(source, p.assessed_on) for source, p in items if p.assessed_on]
    for (first, a), (then, b) in itertools.pairwise(dated):
        if b < a:
            raise InputError(f"is dated {b}, but comes after {first} (dated {a}); not every profile is "
                             "dated, so they are compared in the order given: give them oldest first",
                             source=then)
    return list(items)


def check_same_council(items: list[tuple[str, Profile]], hint: str = ", or add --any-council") -> None:
    """InputError (exit 2) naming the first profile whose council differs from the first one's; `hint`
    ends it with the way round that the command offers (compare's --any-council; none for a letter)."""
    first_source, first = items[0]
    for source, p in items[1:]:
        if council_key(p) != council_key(first):
            raise InputError(f"is {p.council.name} ({p.council.type}), but {first_source} is "
                             f"{first.council.name} ({first.council.type}); compare assessments of one "
                             f"council{hint}",
                             source=source)


def followed(loaded: Profile, where: str | None, hint: str = "") -> tuple[tuple[str, ...], str | None]:
    """The earlier profile named by `loaded`'s `follows` (written by `interview --from`), as
    `letter --previous` takes it: its `file` relative to the folder of `where` (the profile's path; None or
    "-" for standard input, which follows nothing). Returns ((that path,) or (), a one-line note when the
    profile follows a file that is not there, else None); `hint` ends the note (" (give it with --previous
    OLD)")."""
    import os

    follows = getattr(loaded, "follows", None)
    if follows is None or not where or where == "-":
        return (), None
    path = os.path.join(os.path.dirname(where), follows.file)
    if os.path.splitext(follows.file)[1].lower() not in (".yaml", ".yml", ".json"):
        # never read as a profile a file that cannot be one (a profile sent to you names /etc/passwd)
        raise InputError(f"follows: names {follows.file}, which is not a profile (.yaml, .yml or .json); "
                         "name the earlier assessment's file, or remove follows", source=where)
    if os.path.isfile(path):
        if os.path.isfile(where) and os.path.samefile(path, where):
            raise InputError(f"follows: names this profile itself ({follows.file}); name the earlier "
                             "assessment's file, or remove follows", source=where)
        return (path,), None
    when = f" ({follows.assessed_on.isoformat()})" if follows.assessed_on else ""
    return (), (f"{where} follows {follows.file}{when}, which is not there; the letter reports no movement "
                f"since it{hint}.")


def earlier_results(classifier: Classifier, loaded: Profile, source: str,
                    previous: tuple[str, ...], *, by_follows: bool = False) -> list[Result]:
    """The earlier assessments `previous` (paths of profiles) of the council of `loaded` (read from `source`),
    classified, oldest first (by assessed_on when every one has a date, else as given), for a letter's
    progress since them (`letter --previous`, or, `by_follows`, the file the profile's `follows` names).
    InputError (exit 2) when one cannot be read, is of another council, or is not older than `loaded`; for
    `follows`, naming the profile and its follows."""
    if not previous:
        return []
    from backtofront.classifier import profile as profile_mod

    fix = "; correct follows, or give --previous OLD"
    items = []
    for path in previous:
        try:
            items.append((path, profile_mod.load(path)))
        except InputError as exc:
            if not by_follows:
                raise
            raise InputError(f"follows: {path} cannot be read as an earlier assessment ("
                             f"{exc.problems[0]}){fix}", source=source) from None
    check_same_council([(source, loaded), *items], hint="")   # `letter --previous`: no --any-council
    for path, p in items:
        if p.assessed_on and loaded.assessed_on and p.assessed_on >= loaded.assessed_on:
            if by_follows:
                raise InputError(f"follows: {path} is dated {p.assessed_on}, not before this assessment "
                                 f"({loaded.assessed_on}){fix}", source=source)
            raise InputError(f"is dated {p.assessed_on}, not before {source} ({loaded.assessed_on}); "
                             "--previous takes earlier assessments", source=path)
    return [classifier.classify(p, source=path) for path, p in order(items)]


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
    """An assessment compared: its date, overall stage and file; for a profile combined from respondents
    also `respondents`, the block of Result.respondents_summary (the raw spread by role, the merge rule's
    stage and the agreed stage), from which the spread table and chart are drawn."""
    point: dict[str, Any] = {"assessed_on": r.assessed_on, "overall": r.overall.stage, "source": r.source}
    if (summary := r.respondents_summary()) is not None:
        point["respondents"] = summary
    return point


def _not_recorded(r: Result, key: str) -> bool:
    """Whether the profile behind `r` leaves out the section behind `key` (pressures, barriers,
    techniques_used or techniques_planned): no `techniques` section (`techniques_recorded`), or no
    `pressures` or `barriers` section. An empty list (`barriers: []`) says the council has none, so last
    time's are listed as removed; a left-out section says nothing, so they are "no longer recorded"."""
    if key.startswith("techniques"):
        return not r.techniques_recorded
    return not getattr(r, f"{key}_recorded")


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


# Fact groups whose "unknown" is "not recorded" (classifier/facts.py, council_states)
_TRI_STATE = ("pressure", "barrier", "technique_used", "technique_planned", "technique", "method_use",
              "method_any", "benchmarking", "element", "strategic")
# Facts that follow from the assessed stages: recorded while any characteristic is assessed
_FROM_STAGES = ("assessed_count", "lowest_stage", "highest_stage", "share_transitional_or_above_pct",
                "share_transformational_pct")


def fact_recorded(kb, r: Result, name: str) -> bool:
    """Whether the assessment `r` records the fact `name` (a name of classifier/facts.py's catalogue) that a
    rule of the recommend phase reads: a characteristic assessed (`stage.<id>`), a yes or an explicit no (the
    three-state facts: "unknown" is not recorded), a figure given, techniques recorded at all (the counts of
    `method_used`/`method_planned`), the overall stage assessed (`overall.*`, and for `overall.benchmarking`
    the type of benchmarking it suggests recorded). What the assessment decides itself (a flag, the council's
    type, whether figures agree) is always recorded; a flag is looked through by `rests_on`."""
    group = name.partition(".")[0]
    if name in ("overall.stage", "overall.benchmarking_type") or group in _FROM_STAGES:
        return r.overall.stage is not None
    if name == "overall.benchmarking":
        suggested = BENCHMARKING_FOR_STAGE.get(kb.stage_rank(r.overall.stage) if r.overall.stage else 0)
        return suggested is not None and recorded(r.facts.get(f"benchmarking.{suggested}"))
    if group == "stage":
        return bool(r.facts.get(name))
    if group in ("method_used", "method_planned", "techniques"):
        return bool(r.facts.get("techniques.recorded"))
    if group == "figure":
        return name in r.facts
    if group in _TRI_STATE:
        return recorded(r.facts.get(name))
    return True


def rests_on(r: Result, rec) -> list[str]:
    """The facts the recommendation `rec` of the assessment `r` rests on (Recommendation.rests_on), each
    flag among them replaced by the facts the rule that raised it in `r` read (from `r.trace`), so that advice
    given because a figure raised a flag rests on that figure."""
    out: list[str] = []
    for name in rec.rests_on:
        if not name.startswith("flag."):
            out.append(name)
            continue
        for flag in (f for f in r.flags if f.id == name.removeprefix("flag.")):
            out += [n for t in r.trace if t.phase in ("classify", "judge") and t.rule == flag.rule
                    for n in t.facts if not n.startswith("flag.")]
    return list(dict.fromkeys(out))


def _moves(rec) -> list[tuple[str, str]]:
    """Every (characteristic id, stage asked for) the recommendation `rec` moves: its own
    (`Recommendation.characteristics`) and those of the advice merged into it (`covers`)."""
    return [move for moves in (rec.characteristics, *rec.covers.values()) for move in moves.items()]


def not_reassessed(kb, old: Result, new: Result, recs: list) -> list:
    """Of `recs`, recommendations of the older assessment `old` none of whose advice the newer one `new`
    gives, those `new` could not have given again because its profile does not record what they rest on:
    a characteristic they move (or that advice merged into them moves) that `new` does not assess, or a fact
    their rule read that `old` records and `new` leaves out (a technique, a pressure, a figure, the overall
    stage: `fact_recorded`). Such advice is not reassessed: it is neither done nor no longer applies, since
    a profile that is silent says nothing either way (the first rule of the README)."""
    return [rec for rec in recs
            if any(new.characteristics[c].stage is None for c, _ in _moves(rec) if c in new.characteristics)
            or any(fact_recorded(kb, old, n) and not fact_recorded(kb, new, n) for n in rests_on(old, rec))]


def achieved(kb, new: Result, closed: list) -> list:
    """The closed recommendations whose aim is reached: advice that moves characteristics
    (`Recommendation.characteristics` and the advice merged into it, `covers`), every one of which the
    newer assessment places at or above the stage the advice asked for. Advice that moves none (a
    technique, a figure to check) is never counted as achieved: it no longer applies, for whatever reason."""
    def aims(rec) -> dict[str, str]:
        out: dict[str, str] = {}   # each characteristic at the highest stage asked of it
        for cid, stage in _moves(rec):
            if stage in kb.stages and (cid not in out or kb.stage_rank(stage) > kb.stage_rank(out[cid])):
                out[cid] = stage
        return out

    def reached(cid: str, stage: str) -> bool:
        now = new.characteristics[cid].stage if cid in new.characteristics else None
        return bool(now and stage in kb.stages and kb.stage_rank(now.id) >= kb.stage_rank(stage))
    return [rec for rec in closed if (want := aims(rec)) and all(reached(c, s) for c, s in want.items())]


def went_down(kb, old: Result, new: Result, closed: list) -> list:
    """Of the closed recommendations `closed` of the older assessment `old`, those that move a characteristic
    (their own move or advice merged into them, `covers`) which the newer assessment `new` places at a lower
    stage than `old` did: not reached, and not "no longer applying" either, since the council went the other
    way. Advice whose aim is reached (`achieved`) is counted there, not here."""
    def lower(cid: str) -> bool:
        was = old.characteristics[cid].stage if cid in old.characteristics else None
        now = new.characteristics[cid].stage if cid in new.characteristics else None
        return bool(was and now and kb.stage_rank(now.id) < kb.stage_rank(was.id))
    return [rec for rec in closed if any(lower(c) for c, _ in _moves(rec))]


def matched(old: list, new: list) -> tuple[list, list, list]:
    """(closed, new, carried) recommendations: the old ones none of whose advice is in `new`, the new ones
    none of whose advice was in `old`, and the new ones that carry advice over from `old`."""
    old_advice = set().union(*map(_advice, old))
    new_advice = set().union(*map(_advice, new))
    return ([r for r in old if not _advice(r) & new_advice], [r for r in new if not _advice(r) & old_advice],
            [r for r in new if _advice(r) & old_advice])


# Para 78's four elements and para 36's characteristics of a strategic approach, in a few plain words
ELEMENT_WORDS = {
    "local_priorities": "Efficiency gains seen as a means to local goals",
    "consensus": "A consensus in support of delivering efficiencies",
    "robust_challenge": "Robust approaches to challenging and delivering efficiency",
    "commitment_to_techniques": "Commitment to the chosen techniques",
}
STRATEGIC_WORDS = {
    "citizen_perspective": "Services considered from the citizens' perspective",
    "linked_to_corporate_objectives": "Efficiency priorities linked to corporate objectives",
    "political_support": "Strong political support and leadership of the efficiency programme",
    "efficiency_board": "An efficiency board or committee of officers and senior members",
}
# Profile fields already compared through the results (the table of stages, lists, figures, evidence) or
# shown in the heading (assessed_on)
# shown elsewhere in a comparison, or (follows: which earlier file a profile follows) not about the council
_COVERED = ("assessed_on", "pressures", "barriers", "techniques.", "figures.", "follows.")


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    """Nested profile data as {dotted path: leaf value} (lists are leaves; None is left out)."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for k, v in data.items():
            out |= _flat(v, f"{prefix}{k}.")
        return out
    return {} if data is None or data == [] else {prefix[:-1]: data}


def _profile_data(profile: Profile) -> dict[str, Any]:
    """The profile as {dotted path: value}, characteristics and answers in their long forms, so that a
    stage written `transitional` and one written `{stage: transitional}` are the same."""
    import msgspec

    data = msgspec.to_builtins(profile)
    chars = {}
    for cid in type(profile.characteristics).__struct_fields__:
        value = getattr(profile.characteristics, cid)
        if value is not None:
            chars[cid] = {"stage": value} if isinstance(value, str) else msgspec.to_builtins(value)
    data["characteristics"] = chars
    data["answers"] = {qid: msgspec.to_builtins(a) for qid, a in profile.answered().items()}
    data.pop("respondents", None)  # compared respondent by respondent (_respondent_changes), not as one value
    return _flat(data)


def _respondent_changes(old: Profile, new: Profile) -> dict[str, Any]:
    """A combined profile's respondents, compared person by person: {name: {"role": {"from", "to"},
    "answers": [question id, ...] (answers given, changed or withdrawn), "stages": [characteristic id, ...]
    (stages stated outside the answers that changed), "joined": bool, "left": bool}}, only for those who
    changed; {} when neither profile names respondents."""
    import msgspec

    def people(profile: Profile) -> dict[str, Any]:
        return {r.name: msgspec.to_builtins(r) for r in getattr(profile, "respondents", None) or []}

    before, after = people(old), people(new)
    out: dict[str, Any] = {}
    for name in dict.fromkeys([*before, *after]):
        a, b = before.get(name) or {}, after.get(name) or {}
        answers_a, answers_b = a.get("answers") or {}, b.get("answers") or {}
        stages_a, stages_b = a.get("characteristics") or {}, b.get("characteristics") or {}
        change: dict[str, Any] = {"role": {"from": a.get("role"), "to": b.get("role")},
                  "answers": [q for q in dict.fromkeys([*answers_a, *answers_b])
                              if answers_a.get(q) != answers_b.get(q)],
                  "stages": [c for c in dict.fromkeys([*stages_a, *stages_b])
                             if stages_a.get(c) != stages_b.get(c)],
                  "joined": name not in before, "left": name not in after}
        if change["joined"] or change["left"] or change["answers"] or change["stages"] \
                or change["role"]["from"] != change["role"]["to"]:
            out[name] = change
    return out


def profile_changes(old: Profile, new: Profile, old_result: Result, new_result: Result) -> dict[str, Any]:
    """Every change between two profiles that the comparison of their results does not show already:
    {group: {item: {"from", "to"}}} with None for "not given", for the groups council, targets,
    four_elements (para 78), strategic_approach (para 36), stated_stages (a stated stage that changed
    where the judged stage did not change the same way), overrides, notes, answers and other (any other
    field, by its dotted path)."""
    before, after = _profile_data(old), _profile_data(new)
    out: dict[str, dict[str, Any]] = {}
    for path in dict.fromkeys([*before, *after]):
        a, b = before.get(path), after.get(path)
        if a == b or path.startswith(_COVERED) or path.endswith(".evidence") and path.startswith(
            "characteristics."):
            continue
        parts = path.split(".")
        change = {"from": a, "to": b}
        if parts[0] in ("council", "targets", "four_elements", "strategic_approach") and len(parts) == 2:
            out.setdefault(parts[0], {})[parts[1]] = change
        elif parts[0] == "characteristics" and parts[2] == "stage":
            old_c, new_c = old_result.characteristics[parts[1]].stage, new_result.characteristics[
                parts[1]].stage
            if (old_c.id if old_c else None, new_c.id if new_c else None) != (a, b):
                out.setdefault("stated_stages", {})[parts[1]] = change
        elif parts[0] == "characteristics" and parts[2] == "override":
            item = out.setdefault("overrides", {}).setdefault(parts[1], {"from": {}, "to": {}})
            for side, value in (("from", a), ("to", b)):
                if value is not None:
                    item[side][parts[3]] = value
        elif parts[0] == "notes":
            out["notes"] = {"": change}
        elif parts[0] == "answers":
            item = out.setdefault("answers", {}).setdefault(parts[1], {"from": {}, "to": {}})
            for side, value in (("from", a), ("to", b)):
                if value is not None:
                    item[side][parts[2]] = value
        else:
            out.setdefault("other", {})[path] = change
    old_answers, new_answers = old.answered(), new.answered()
    # a note alone changed: the answer it goes with, each side
    for qid, item in out.get("answers", {}).items():
        for side, given in (("from", old_answers.get(qid)), ("to", new_answers.get(qid))):
            if given is not None and "answer" not in item[side]:
                item[side] = {"answer": msgspec.to_builtins(given.answer), **item[side]}
    for group in ("overrides", "answers"):
        for item in out.get(group, {}).values():  # the whole override or answer on each side, or None
            for side in ("from", "to"):
                item[side] = item[side] or None
    if "notes" in out:
        out["notes"] = out["notes"][""]
    if respondents := _respondent_changes(old, new):
        out["respondents"] = respondents
    return out


def _agreed(c) -> str | None:
    """The stage agreed after a workshop (the override), or None."""
    return c.override["stage"] if c.override else None


def _spread(result: Result, cid: str) -> dict[str, str | None]:
    """{respondent: judged stage} of a combined profile's characteristic; {} for one respondent's profile."""
    spread = result.spread_of(cid)
    return dict(spread.respondents) if spread else {}


def pair(kb, old: Result, new: Result, profiles: tuple[Profile, Profile] | None = None) -> dict[str, Any]:
    """One comparison between two results of the same council (old first), with `profiles` (old, new)
    the profiles they came from, whose other changes go into `changed` (`profile_changes`). Shape: see
    the module doc."""
    characteristics: dict[str, dict[str, Any]] = {}
    flags: list[dict[str, Any]] = []
    for cid, c in new.characteristics.items():
        o = old.characteristics[cid]
        before, after = (o.stage.id if o.stage else None), (c.stage.id if c.stage else None)
        change = _change(kb, before, after)
        provisional = {"from": bool(o.stage and o.provisional), "to": bool(c.stage and c.provisional)}
        characteristics[cid] = {"from": before, "to": after, "change": change, "provisional": provisional}
        if old.respondents is not None or new.respondents is not None:
            # a combined profile: the facilitator's agreed stage kept apart from the respondents' raw spread
            characteristics[cid] |= {"agreed": {"from": _agreed(o), "to": _agreed(c)},
                                     "respondents": {"from": _spread(old, cid), "to": _spread(new, cid)}}
        if change == "down":
            flags.append({"id": "regression", "characteristic": cid,
                          "message": f"{c.name} went down from {before} to {after}"
                                     + (f" ({PROVISIONAL_CHARACTERISTIC})." if any(provisional.values())
                                        else ".")})
        elif change == "no_longer_assessed":
            flags.append({"id": "no_longer_assessed", "characteristic": cid,
                          "message": f"{c.name} was {before} but is not assessed now: was it left out by "
                                     "mistake?"})
    overall_change = _change(kb, old.overall.stage, new.overall.stage)
    overall_provisional = {"from": old.overall.provisional, "to": new.overall.provisional}
    if overall_change == "down":
        note = provisional_overall_words(overall_provisional, old.overall.assessed, new.overall.assessed)
        flags.insert(0, {"id": "regression", "characteristic": None,
                         "message": f"The overall stage went down from {old.overall.stage} to "
                                    f"{new.overall.stage}" + (f" ({note})." if note else ".")})
    added: dict[str, Any] = {}
    removed: dict[str, Any] = {}
    unrecorded: dict[str, list[str]] = {}
    for key in ("pressures", "barriers", "techniques_used", "techniques_planned"):
        added[key], removed[key] = _diff_lists(getattr(old, key), getattr(new, key))
        if removed[key] and _not_recorded(new, key):  # a section left out says nothing about the council
            unrecorded[key], removed[key] = removed[key], []
    added["figures"] = {k: v for k, v in new.figures.items() if k not in old.figures}
    removed["figures"] = {k: v for k, v in old.figures.items() if k not in new.figures}
    changed: dict[str, Any] = {"figures": {k: {"from": old.figures[k], "to": v}
                                           for k, v in new.figures.items()
                                           if k in old.figures and old.figures[k] != v}}
    added["evidence"], removed["evidence"], changed["evidence"] = {}, {}, {}
    for cid, c in new.characteristics.items():
        was, now_note = old.characteristics[cid].evidence, c.evidence
        if was == now_note:
            continue
        if was is None:
            added["evidence"][cid] = now_note
        elif now_note is None:
            removed["evidence"][cid] = was
        else:
            changed["evidence"][cid] = {"from": was, "to": now_note}
    if profiles is not None:
        changed |= profile_changes(*profiles, old, new)
    closed, fresh, carried = matched(old.recommendations, new.recommendations)
    unassessed = not_reassessed(kb, old, new, closed)
    closed = [r for r in closed if r not in unassessed]
    done = achieved(kb, new, closed)
    down = went_down(kb, old, new, [r for r in closed if r not in done])
    # progress is judged against the targets in force at the older assessment (its profile's own, or the
    # default next stage); "next" is the newer assessment's target for the same characteristic
    targets = {}
    for cid, t in old.targets.items():
        now = new.characteristics[cid].stage
        nxt = new.targets.get(cid)
        targets[cid] = {"stage": t.stage, "met_before": t.met,
                        "met": bool(now and kb.stage_rank(now.id) >= kb.stage_rank(t.stage)),
                        "next": nxt.stage if nxt else None}
    return {
        "schema_version": SCHEMA_VERSION,
        "council": dict(new.council),
        "from": _point(old),
        "to": _point(new),
        "overall": {"from": old.overall.stage, "to": new.overall.stage, "change": overall_change,
                    "provisional": overall_provisional},
        "characteristics": characteristics,
        "added": added,
        "removed": removed,
        "no_longer_recorded": unrecorded,
        "changed": changed,
        "closed_recommendations": [{"id": r.id, "title": r.title} for r in closed],
        "achieved_recommendations": [{"id": r.id, "title": r.title} for r in done],
        "went_down_recommendations": [{"id": r.id, "title": r.title} for r in down],
        "unassessed_recommendations": [{"id": r.id, "title": r.title} for r in unassessed],
        "new_recommendations": [{"id": r.id, "title": r.title} for r in fresh],
        "carried_recommendations": [{"id": r.id, "title": r.title} for r in carried],
        "targets": targets,
        "flags": flags,
    }


# A stage or a movement that rests on too little to be firm, in words a chief executive reads
PROVISIONAL_CHARACTERISTIC = "provisional: judged from fewer than half of its questions"


def provisional_overall_words(provisional: dict[str, bool], assessed_from: int, assessed_to: int,
                              total: int = 8) -> str:
    """Why a movement of the overall stage is provisional, in words ("" when neither side is): "provisional:
    the earlier stage rests on only 3 of the 8 characteristics" (Overall.provisional: fewer than half)."""
    sides = [(word, n) for word, n, p in (("earlier", assessed_from, provisional["from"]),
                                          ("newer", assessed_to, provisional["to"])) if p]
    if not sides:
        return ""
    if len(sides) == 2:
        counts = str(assessed_from) if assessed_from == assessed_to else f"{assessed_from} and {assessed_to}"
        return f"provisional: both stages rest on only {counts} of the {total} characteristics"
    word, n = sides[0]
    return f"provisional: the {word} stage rests on only {n} of the {total} characteristics"


def compare(items: list[tuple[str, Profile]], classifier: Classifier, *,
            any_council: bool = False) -> dict[str, Any]:
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
    comparisons = [pair(kb, a, b, (pa, pb)) for (a, pa), (b, pb)
                   in itertools.pairwise(zip(results, [p for _, p in items]))]
    # by date only when every profile has one; otherwise as given on the command line, which the outputs say
    ordered_by = "assessed_on" if all(p.assessed_on for _, p in items) else "given"
    if len(comparisons) == 1:
        return {**comparisons[0], "ordered_by": ordered_by}
    trend: dict[str, list[str | None]] = {cid: [stage_id(r.characteristics[cid].stage) for r in results]
                                          for cid in kb.characteristics}
    trend["overall"] = [r.overall.stage for r in results]
    return {"schema_version": SCHEMA_VERSION, "council": dict(results[-1].council),
            "comparisons": comparisons, "ordered_by": ordered_by,
            "assessed_on": [r.assessed_on for r in results], "sources": [r.source for r in results],
            "trend": trend}


# -- rendering --------------------------------------------------------------------------------------------

def _comparisons(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data.get("comparisons", [data])


def _label(point: dict[str, Any], given: bool = False) -> str:
    """An assessment's name in the comparison: its date (`assessed_on`), else its file. `given`: the
    profiles are compared in the order given, as not all are dated; each is then named by its file, with
    its date where it has one ("a.yaml (2008-03-31)"), so dates and file names are never mixed."""
    if given and point["source"]:
        return f"{point['source']} ({point['assessed_on']})" if point["assessed_on"] else point["source"]
    return point["assessed_on"] or point["source"] or "?"


def _given(data: dict[str, Any]) -> bool:
    return data.get("ordered_by") == "given"


def _stage(s: str | None) -> str:
    return s.capitalize() if s else "Not assessed"


def _names(kb, kind: str, ids: list[str]) -> list[str]:
    table = {"pressures": kb.pressures, "barriers": kb.barriers, "techniques_used": kb.techniques,
             "techniques_planned": kb.techniques}[kind]
    return [table[i].name for i in ids]


KIND_WORDS = {"pressures": "Pressures (Table 3)", "barriers": "Barriers (Table 3)",
              "techniques_used": "Techniques used (Table 5)", "techniques_planned": "Techniques planned "
                                                                                    "(Table 5)"}


def changes_in_words(kb, c: dict[str, Any]) -> list[str]:
    """What changed besides the stages, one line each, in plain words."""
    lines = []
    for kind, title in KIND_WORDS.items():
        if c["added"][kind]:
            lines.append(f"{title} added: {', '.join(_names(kb, kind, c['added'][kind]))}")
        if c["removed"][kind]:
            lines.append(f"{title} removed: {', '.join(_names(kb, kind, c['removed'][kind]))}")
        if c.get("no_longer_recorded", {}).get(kind):
            lines.append(f"{title}: no longer recorded (was: "
                         f"{', '.join(_names(kb, kind, c['no_longer_recorded'][kind]))})")
    for k, v in c["added"]["figures"].items():
        lines.append(f"{FIGURE_NAMES.get(k, k)}: now {figure_words(k, v)} (not given before)")
    for k, v in c["removed"]["figures"].items():
        lines.append(f"{FIGURE_NAMES.get(k, k)}: no longer given (was {figure_words(k, v)})")
    for k, v in c["changed"]["figures"].items():
        lines.append(f"{FIGURE_NAMES.get(k, k)}: {figure_words(k, v['from'])} → {figure_words(k, v['to'])}")
    for cid, text in c["added"]["evidence"].items():
        lines.append(f"Evidence for {kb.characteristics[cid].name.lower()} added: {text}")
    for cid, text in c["removed"]["evidence"].items():
        lines.append(f"Evidence for {kb.characteristics[cid].name.lower()} removed (was: {text})")
    for cid, v in c["changed"]["evidence"].items():
        lines.append(f"Evidence for {kb.characteristics[cid].name.lower()} now: {v['to']}")
    return lines + profile_changes_in_words(kb, c["changed"])


def _same_answer(change: dict[str, Any]) -> bool:
    """Whether an answer's change is its evidence note alone: the same answer (and reason) on both sides."""
    a, b = change["from"], change["to"]
    return (a is not None and b is not None and a.get("answer") == b.get("answer")
            and a.get("justification") == b.get("justification"))


def _note_only(change: dict[str, Any], answer: str) -> str:
    """"unchanged (X); evidence note now: E2 (was: E1)", "...; evidence note added: E" or "...; evidence
    note no longer given (was: E)"."""
    before, after = change["from"].get("evidence"), change["to"].get("evidence")
    if after is None:
        note = f"evidence note no longer given (was: {before})"
    elif before is None:
        note = f"evidence note added: {after}"
    else:
        note = f"evidence note now: {after} (was: {before})"
    return f"unchanged ({answer}); {note}"


def _was(change: dict[str, Any], words) -> str:
    """"now X (was Y)", "now X (not given before)" or "no longer given (was Y)"."""
    if change["from"] is None:
        return f"now {words(change['to'])} (not given before)"
    if change["to"] is None:
        return f"no longer given (was {words(change['from'])})"
    return f"now {words(change['to'])} (was {words(change['from'])})"


def _present(value: bool) -> str:
    return "present" if value else "lacking"


def _answer_words(question, answer: dict[str, Any]) -> str:
    value: Any = answer.get("answer")  # an answer's value: option ids, an option id, or a number
    options: dict[str, str] = {o.id: o.text for o in question.options} if question else {}
    special = {"na": "not applicable", "dont_know": "don't know"}
    if isinstance(value, list):
        text = "; ".join(options[v] if v in options else str(v) for v in value)
    elif isinstance(value, str):
        text = special.get(value) or options.get(value, value)
    else:  # a number question's figure, in its unit (pounds or per cent)
        text = figure_words(f"answer_{getattr(question, 'unit', None)}", value)
    if answer.get("evidence"):
        text += f" (evidence: {answer['evidence']})"
    return text


NOTES_SHOWN = 3   # answers whose note alone changed, shown each in full; more are one line naming them


def profile_changes_in_words(kb, changed: dict[str, Any]) -> list[str]:
    """The profile changes of `profile_changes` (in a comparison's `changed`), one line each."""
    from backtofront.classifier import questions as questions_mod

    lines = []
    for key, v in changed.get("council", {}).items():
        lines.append(f"Council {'name' if key == 'name' else 'type'}: "
                     f"{_was(v, lambda x: str(x).replace('_', ' '))}")
    for cid, v in changed.get("targets", {}).items():
        lines.append(f"Target set for {kb.characteristics[cid].name.lower()}: {_was(v, str)}")
    for key, v in changed.get("four_elements", {}).items():
        lines.append(f"{ELEMENT_WORDS.get(key, key.replace('_', ' '))} (para 78): {_was(v, _present)}")
    for key, v in changed.get("strategic_approach", {}).items():
        lines.append(f"{STRATEGIC_WORDS.get(key, key.replace('_', ' '))} (para 36): {_was(v, _present)}")
    for cid, v in changed.get("stated_stages", {}).items():
        lines.append(f"Stage stated for {kb.characteristics[cid].name.lower()}: {_was(v, str)}")
    for cid, v in changed.get("overrides", {}).items():
        lines.append(f"Assessor's override of {kb.characteristics[cid].name.lower()}: "
                     + _was(v, lambda o: f"{o.get('stage', '?')}, because {o.get('reason', '?')}"))
    if "notes" in changed:
        lines.append(f"Notes: {_was(changed['notes'], str)}")
    if changed.get("answers"):
        bank = questions_mod.load().by_id
        notes_only = []   # answers the same, only their notes changed (a year on, `interview --from`)
        for qid, v in changed["answers"].items():
            q = bank.get(qid)
            if _same_answer(v):
                notes_only.append((q.text if q else qid, v, q))
                continue
            lines.append(f"Answer to “{q.text if q else qid}”: "
                         + _was(v, lambda a, q=q: _answer_words(q, a)))
        # after the answers that changed, so that those are read first; many are one line of their questions
        if len(notes_only) > NOTES_SHOWN:
            lines.append(f"Evidence notes changed, the answers the same ({len(notes_only)}): "
                         + "; ".join(f"“{text}”" for text, _, _ in notes_only))
        else:
            lines += [f"Answer to “{text}”: " + _note_only(v, _answer_words(q, {"answer": v["to"]["answer"]}))
                      for text, v, q in notes_only]
    for name, v in changed.get("respondents", {}).items():
        role = v["role"]["to"] or v["role"]["from"]
        who = f"{name} ({role})" if role else name
        if v["joined"]:
            lines.append(f"Respondent {who}: joined, with {_count(len(v['answers']), 'answer')}")
        elif v["left"]:
            lines.append(f"Respondent {who}: no longer among the respondents")
        else:
            parts = []
            if v["role"]["from"] != v["role"]["to"]:
                parts.append(f"role now {v['role']['to'] or 'not given'} (was "
                             f"{v['role']['from'] or 'not given'})")
            if v["answers"]:
                bank = questions_mod.load().by_id
                asked = [f"“{bank[q].text}”" if q in bank else q for q in v["answers"][:3]]
                more = len(v["answers"]) - len(asked)
                parts.append(f"{_count(len(v['answers']), 'answer')} changed: " + "; ".join(asked)
                             + (f"; and {more} more" if more else ""))
            if v["stages"]:
                parts.append("stated stage changed for " + ", ".join(
                    kb.characteristics[c].name.lower() if c in kb.characteristics else c
                    for c in v["stages"]))
            lines.append(f"Respondent {who}: " + "; ".join(parts))
    for path, v in changed.get("other", {}).items():
        label = OTHER_LABELS.get(path) or path.replace('_', ' ').replace('.', ': ').capitalize()
        lines.append(f"{label}: {_was(v, lambda value, path=path: value_words(kb, path, value))}")
    return lines


# Profile fields of `changed.other` named in words (the rest by their dotted path, made readable)
OTHER_LABELS = {"benchmarking.used": "Types of benchmarking used (Table 6)",
                "benchmarking.not_used": "Types of benchmarking not used (Table 6)"}


def value_words(kb, path: str, value: Any) -> str:
    """A profile field's value in words, never as Python writes it: a list as its items joined ("Data
    benchmarking; Service benchmarking"), each item by the option's label in knowledge/questions.yaml where a
    question records the field (its `field`), by Table 6's name for a type of benchmarking, else as written
    with spaces for underscores; yes or no for true or false; a mapping as "key: value" pairs."""
    from backtofront.classifier import questions as questions_mod

    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{str(k).replace('_', ' ')}: {value_words(kb, f'{path}.{k}', v)}"
                         for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(value_words(kb, path, v) for v in value) or "none"
    question = next((q for q in questions_mod.load().questions if q.field == path), None)
    options = {o.id: o.text for o in question.options} if question else {}
    if value in options:
        return options[value]
    if path.startswith("benchmarking.") and value in kb.benchmarking_types:
        return f"{kb.benchmarking_types[value].name} benchmarking"
    return str(value).replace("_", " ")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def targets_met_line(c: dict[str, Any]) -> str:
    """How many of the targets in force at the older assessment the newer one meets, in words, and how many
    of them it cannot tell because it does not assess their characteristic (never counted as missed)."""
    when = _label(c["from"])
    if not c["targets"]:
        return f"Targets met: none were set at {when}."
    met = sum(1 for t in c["targets"].values() if t["met"])
    unknown = sum(1 for cid in c["targets"] if c["characteristics"][cid]["to"] is None)
    return (f"Targets met: {met} of the {len(c['targets'])} in force at {when}"
            + (f"; {unknown} not known, {'its characteristic' if unknown == 1 else 'their characteristics'} "
               "not assessed now." if unknown else "."))


def agreed_in_words(kb, c: dict[str, Any]) -> list[str]:
    """For combined profiles: each characteristic's agreed stage (an override) beside the respondents' raw
    spread in the newer assessment, so the decision is told from the answers."""
    out = []
    for cid, ch in c["characteristics"].items():
        if "agreed" not in ch:
            continue
        spread = [s for s in ch["respondents"]["to"].values() if s]
        ranks = sorted({kb.stage_rank(s) for s in spread})
        ranged = (f"the respondents' answers ranged from {kb.stage_by_rank(ranks[0]).name.lower()} to "
                  f"{kb.stage_by_rank(ranks[-1]).name.lower()}" if len(ranks) > 1 else
                  f"the respondents' answers all gave {kb.stage_by_rank(ranks[0]).name.lower()}" if ranks else
                  "the respondents' answers give no stage")
        agreed = ch["agreed"]["to"]
        if agreed:
            out.append(f"{kb.characteristics[cid].name}: agreed {agreed} after the workshop; {ranged}.")
        elif len(ranks) > 1:
            out.append(f"{kb.characteristics[cid].name}: no stage agreed yet; {ranged}.")
    return out


def view(data: dict[str, Any], kb) -> dict[str, Any]:
    """What the text, Markdown and HTML renderings show, in words (no ids); each comparison's `spreads`,
    [(heading, render.respondents_view.SpreadView)], are the combined assessments' respondents, each shown
    once."""
    from backtofront.render import respondents_view

    names = {cid: c.name for cid, c in kb.characteristics.items()}
    comps: list[dict[str, Any]] = []
    for c in _comparisons(data):
        rows = []
        for cid, ch in c["characteristics"].items():
            t = c["targets"].get(cid)
            provisional = any((ch.get("provisional") or {}).values())
            rows.append({"name": kb.characteristics[cid].name, "from": _stage(ch["from"]),
                         "to": _stage(ch["to"]),
                         "raw_from": ch["from"], "raw_to": ch["to"], "raw_target": t["stage"] if t else None,
                         "target_met": bool(t and t["met"]), "provisional": provisional,
                         "change": CHANGE_WORDS[ch["change"]] + (" (provisional)" if provisional else ""),
                         "raw_change": ch["change"],
                         "target": (_stage(t["stage"]) + (" (met)" if t["met"] else "")) if t else "none"})
        assessed_from, assessed_to = (sum(1 for ch in c["characteristics"].values() if ch[side])
                                      for side in ("from", "to"))
        sides = c["overall"].get("provisional") or {"from": False, "to": False}
        overall_note = provisional_overall_words(sides, assessed_from, assessed_to,
                                                 total=len(c["characteristics"]))
        # each combined assessment's spread once: the older one's in the first comparison, the newer one's in
        # every comparison
        sides = (("from", "to") if not comps else ("to",))
        spreads = [(f"The respondents at {_label(c[side], _given(data))}",
                    respondents_view.view(c[side]["respondents"], names))
                   for side in sides if c[side].get("respondents")]
        comps.append({
            "spreads": spreads,
            "from": _label(c["from"], _given(data)), "to": _label(c["to"], _given(data)),
            "overall_from": _stage(c["overall"]["from"]), "overall_to": _stage(c["overall"]["to"]),
            "overall_change": CHANGE_WORDS[c["overall"]["change"]]
            + (f", {overall_note}" if overall_note else ""),
            "raw_overall_change": c["overall"]["change"],
            "rows": rows, "changes": changes_in_words(kb, c) + agreed_in_words(kb, c),
            "provisional_note": PROVISIONAL_NOTE if any(row["provisional"] for row in rows) else None,
            "achieved": [r["title"] for r in c.get("achieved_recommendations", [])],
            "went_down": [r["title"] for r in c.get("went_down_recommendations", [])],
            "closed": [r["title"] for r in c["closed_recommendations"]
                       if r not in c.get("achieved_recommendations", [])
                       and r not in c.get("went_down_recommendations", [])],
            "unassessed": [r["title"] for r in c.get("unassessed_recommendations", [])],
            "new": [r["title"] for r in c["new_recommendations"]],
            "carried": [r["title"] for r in c.get("carried_recommendations", [])],
            "targets_met": sum(1 for t in c["targets"].values() if t["met"]), "targets": len(c["targets"]),
            "targets_met_line": targets_met_line(c),
            "flags": [f["message"] for f in c["flags"]],
        })
    trend = None
    if "trend" in data:
        trend = {"dates": [d or s for d, s in zip(data["assessed_on"], data["sources"])],
                 "rows": [{"name": kb.characteristics[cid].name if cid in kb.characteristics
                           else "Overall stage",
                           "stages": [_stage(s) for s in stages], "raw": stages}
                          for cid, stages in data["trend"].items()]}
    from backtofront.classifier.result import READING_NOTE

    # the overall stages are the assessment's reading (the report gives no rule for them): marked where
    # shown, with the note the marker refers to once
    return {"council": data["council"]["name"], "comparisons": comps, "trend": trend,
            "reading_note": READING_NOTE, "order_note": order_note(data),
            "sections": SECTIONS}


# The lists of recommendations under each comparison, in the order every format shows them: (title, key of
# the view's comparison)
SECTIONS = (("Flags", "flags"), ("What else changed", "changes"),
            ("Recommendations achieved: the stages they aimed at are reached", "achieved"),
            ("Recommendations not reached: a characteristic they aimed to move has gone down", "went_down"),
            ("Recommendations that no longer apply", "closed"),
            ("Recommendations not reassessed: the newer profile does not record what they rest on",
             "unassessed"),
            ("New recommendations", "new"), ("Recommendations carried over", "carried"))
PROVISIONAL_NOTE = ("Provisional: a movement so marked rests on a stage, then or now, judged from fewer than "
                    "half of its characteristic's questions; it may change once the rest are answered.")


def order_note(data: dict[str, Any]) -> str | None:
    """One line when the profiles are compared in the order given on the command line because not every one
    gives `assessed_on` (`compare`'s "ordered_by": "given"), else None."""
    if data.get("ordered_by") != "given":
        return None
    points = ([*(c["from"] for c in _comparisons(data)[:1]), *(c["to"] for c in _comparisons(data))])
    return ("Not every profile gives the date of its assessment (assessed_on), so they are compared in the "
            "order given: " + ", then ".join(_label(p, given=True) for p in points) + ".")


NARROW_KEY = "1░ transactional, 2▒ transitional, 3█ transformational, · not assessed or none."
_SHORT = {"transactional": "1░", "transitional": "2▒", "transformational": "3█", None: "·"}


def _short(stage: str | None) -> str:
    return _SHORT[stage]


def chart(data: dict[str, Any], kb) -> str:
    """The SVG grid of every assessment: each characteristic's stage at each, the overall stage set apart."""
    from ..render import charts

    comps = _comparisons(data)
    if "trend" in data:
        dates = [_label({"assessed_on": d, "source": s}, _given(data))
                 for d, s in zip(data["assessed_on"], data["sources"], strict=True)]
        trend = data["trend"]
    else:
        c = comps[0]
        dates = [_label(c["from"], _given(data)), _label(c["to"], _given(data))]
        trend = {cid: [ch["from"], ch["to"]] for cid, ch in c["characteristics"].items()}
        trend["overall"] = [c["overall"]["from"], c["overall"]["to"]]
    rows = [(kb.characteristics[cid].name, [kb.stage_rank(s) if s else None for s in stages])
            for cid, stages in trend.items() if cid in kb.characteristics]
    overall = [kb.stage_rank(s) if s else None for s in trend["overall"]] if "overall" in trend else None
    return charts.stage_grid(dates, rows, overall=overall, title=f"{data['council']['name']}: stage at each "
                                                                 "assessment")


def target_chart(data: dict[str, Any], kb) -> str:
    """The SVG chart of the latest assessment's stages against its targets."""
    from ..render import charts

    last = _comparisons(data)[-1]
    rows = [(kb.characteristics[cid].name, ch["to"], (last["targets"].get(cid) or {}).get("stage"))
            for cid, ch in last["characteristics"].items()]
    given = _given(data)
    return charts.current_target(rows, title=f"Latest assessment ({_label(last['to'], given)}) against the "
                                              f"targets set at {_label(last['from'], given)}")


def render(data: dict[str, Any], kb, fmt: output_format.FormatName | str, *, color: bool = False,
           width: int = 100) -> str:
    """A comparison (the JSON of `compare`) as text (rich, `width` columns), Markdown, HTML or JSON, through
    compare's format registry (render/output_format.py)."""
    return output_format.COMPARE.render_text(fmt, data, kb, color=color, width=width)


def as_json(data: dict[str, Any], kb, **_options) -> str:
    """`compare -f json`: the comparison's JSON, through its contract (classifier/contract.py: Comparison,
    or ComparisonTrend for three or more profiles)."""
    from backtofront.classifier import contract
    from backtofront.render import terminal

    return terminal.json_text(contract.comparison(data))


def as_markdown(data: dict[str, Any], kb, **_options) -> str:
    """`compare -f md`, with the respondents' spread of a combined profile."""
    from backtofront.render import respondents_view, templating
    from markupsafe import Markup

    v = view(data, kb)
    # the respondents' tables are the product's own Markdown (Markup: not escaped again)
    spreads = [[Markup(respondents_view.markdown(sp, heading=f"### {heading}"))
                for heading, sp in c["spreads"]] for c in v["comparisons"]]
    return templating.render("compare.md.j2", v=v, spreads_md=spreads)


def as_html(data: dict[str, Any], kb, **_options) -> str:
    """`compare -f html`: with the trend chart, the chart of the latest stages against the targets and the
    respondents' spread of a combined profile."""
    from backtofront.render import respondents_view, templating
    from markupsafe import Markup

    v = view(data, kb)
    spreads = [[respondents_view.html_parts(sp, heading, chart_id=f"spread-{i}-{j}")
                for j, (heading, sp) in enumerate(c["spreads"])] for i, c in enumerate(v["comparisons"])]
    return templating.render("compare.html.j2", v=v, chart=Markup(chart(data, kb)),
                             target_chart=Markup(target_chart(data, kb)), spreads=spreads)


def as_text(data: dict[str, Any], kb, *, color: bool = False, width: int = 100) -> str:
    """`compare`: the terminal rendering (`text`), `width` columns."""
    return text(view(data, kb), color=color, width=width)


def text(v: dict[str, Any], *, color: bool, width: int) -> str:
    """The terminal rendering of `view()`: per comparison a table of the eight characteristics (before,
    now, change, target), flags and changes; then the trend table."""
    from backtofront.render import respondents_view
    from backtofront.render.formats import STAGE_STYLE, _plain, console, hanging
    from rich import box
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    out, buffer = console(color, width)
    out.print(Text(f"{v['council']}: how the assessment has moved", style="bold"))
    if v["order_note"]:
        out.print(v["order_note"])
    change_style = {"up": "green", "DOWN": "bold red"}
    narrow = width < 90  # stages as the heatmap's number and shade: 1░ 2▒ 3█
    for c in v["comparisons"]:
        out.print()
        out.print(Text(f"From {c['from']} to {c['to']}", style="bold"))
        out.print(Text("Overall stage (the assessment's reading): ") + Text(f"{c['overall_from']} → "
                                                                            f"{c['overall_to']}")
                  + Text(f" ({c['overall_change']})",
                         style=change_style.get(CHANGE_WORDS[c["raw_overall_change"]], "")))
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
            change = Text(row["change"], style=change_style.get(CHANGE_WORDS[row["raw_change"]], ""))
            if narrow:
                table.add_row(row["name"], f"{_short(row['raw_from'])} → {_short(row['raw_to'])}", change,
                              _short(row["raw_target"]) + (" met" if row["target_met"] else ""))
            else:
                table.add_row(row["name"], row["from"],
                              Text(row["to"], style=STAGE_STYLE.get(row["to"].lower(), "")),
                              change, row["target"])
        out.print(table)
        if narrow:  # the key right under the table whose cells it explains
            out.print(NARROW_KEY)
        if c["provisional_note"]:
            out.print(c["provisional_note"])
        out.print(c["targets_met_line"])
        for heading, spread in c["spreads"]:   # one mark per respondent, by role, beside the agreed stage
            out.print()
            respondents_view.print_text(out, spread, width, title=heading)
        for title, key in v["sections"]:
            if items := c[key]:
                out.print(Text(title, style="bold red" if title == "Flags" else "bold"))
                for item in items:
                    out.print(Padding(hanging("- ", Text(item)), (0, 0, 0, 2)))
    if v["trend"]:
        out.print()
        table = Table(title="Trend", box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Characteristic")
        for d in v["trend"]["dates"]:
            table.add_column(d, no_wrap=True)
        for row in v["trend"]["rows"]:
            table.add_row(row["name"], *(_short(s) for s in row["raw"]) if narrow else row["stages"])
        out.print(table)
        if narrow:
            out.print(NARROW_KEY)
    out.print()
    out.print(Text(f"Note: {v['reading_note']}", style="italic"))
    return _plain(buffer.getvalue(), color)


def same_assessments(items: list[tuple[str, Profile]]) -> str | None:
    """A one-line warning when two of the assessments compared are the same (one file given more than once,
    by any name: a link or a hard link too; or two files holding the same profile), else None: between
    those two the comparison can show no change."""
    from backtofront.render.output import by_file, given_words

    groups = by_file(path for path, _ in items)
    all_of_them = len(items) == 2 or len(groups) == 1
    for names in groups:
        if len(names) > 1:
            change = "so nothing has changed" if all_of_them else "so nothing has changed between those two"
            return (f"Warning: {names[0]} is {given_words(names)}; an assessment compared with itself is the "
                    f"same assessment, {change}.")
    import msgspec

    for (a, pa), (b, pb) in itertools.combinations(items, 2):
        # combined profiles: the same only with the same respondents' answers too
        if _profile_data(pa) == _profile_data(pb) and \
                msgspec.to_builtins(pa.respondents) == msgspec.to_builtins(pb.respondents):
            return f"Warning: {a} and {b} hold the same assessment, so nothing has changed between them."
    return None


def command(paths: list[str], fmt: str, *, any_council: bool, color: bool, width: int,
            warn: Callable[[str], None] | None = None) -> str:
    """`backtofront compare`: load the profiles, compare them, render in `fmt`. `warn(line)` is told (on
    standard error by default) when two of the assessments are the same, and when they are compared in
    another order than given (every one dated, oldest first); the comparison goes on."""
    from backtofront.classifier import profile as profile_mod

    items = [(p, profile_mod.load(p)) for p in paths]  # a result file is named for what it is (profile.parse)
    if warn is None:
        import click

        def warn(line: str) -> None:
            click.echo(line, err=True)
    if len(items) >= 2 and (warning := same_assessments(items)):
        warn(warning)
    if len(items) >= 2 and (ordered := order(items)) != items:   # every one dated, given in another order
        shown = ", then ".join(f"{source} ({p.assessed_on})" for source, p in ordered)
        warn(f"Note: compared oldest first, by their dates: {shown}.")
    classifier = Classifier()
    return render(compare(items, classifier, any_council=any_council), classifier.kb, fmt,
                  color=color, width=width)
