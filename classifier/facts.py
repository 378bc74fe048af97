"""A profile as one flat fact: every value typed and checked before the engine sees it.

Fact names are dotted (`stage.efficiency_policy`); rules in rules/*.yaml refer to them by these names.
Kinds:
- stage: 0 (not assessed), 1 transactional, 2 transitional, 3 transformational
- yesno: 1 or 0, for what the assessment itself decides (a flag, whether a section is recorded)
- count: a whole number
- tri: "present" (yes), "absent" (an explicit no) or "unknown" (not recorded). Every fact about the
  council (pressures, barriers, techniques, benchmarking, paras 36, 78 and 89) has these three states, and
  only an explicit answer is a no: see `council_states`. A rule condition may write true/false for
  present/absent.
- number: a figure from the profile; left out of the fact when the profile does not give it
- text: a fixed choice, such as the council type
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from .knowledge import Knowledge, list_item
from .profile import Profile
from .questions import SPECIAL_ANSWERS

UNKNOWN, PRESENT, ABSENT = "unknown", "present", "absent"
TRI = (PRESENT, ABSENT, UNKNOWN)
SHARE_TOLERANCE_PCT = 0.5  # a percentage and the pound figures may differ by a rounding to whole per cent


def engine_number(value: float) -> float:
    """A finite float durable-rules accepts, within one unit in the last place of `value`.

    durable-rules 2.0.28 refuses (error 204) a float whose repr is in exponent form without a decimal
    point (`1e-05`, `1e+16`); the next float towards infinity prints with one (`1.0000000000000002e+16`).
    Below 1e-300 the value is taken as 0."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if abs(value) < 1e-300:
        return 0.0
    for _ in range(16):
        mantissa, exponent, _rest = repr(value).partition("e")
        if not exponent or "." in mantissa:
            return value
        value = math.nextafter(value, math.copysign(math.inf, value))
    return value


def share_from_pounds(back_office: float | None, total: float | None) -> tuple[float | None, bool]:
    """The back office share of gains in per cent derived from the pound figures (para 31: back office
    gains as a share of all SR04 efficiency gains), and whether the two figures contradict each other
    (back office gains larger than the total). (None, False) when either is missing or the total is 0."""
    if back_office is None or total is None:
        return None, False
    if back_office > total:
        return None, True
    if total <= 0:
        return None, False
    return 100.0 * (back_office / total), False  # divided first: 100 * 1e307 would overflow


# The type of benchmarking (Table 6) suggested as a starting point for an overall stage rank: the
# assessment's reading of Table 6's examples (rules/BT250.yaml explains it); the report ties none to a stage.
BENCHMARKING_FOR_STAGE = {1: "data", 2: "service", 3: "strategic"}


class FactName(msgspec.Struct, frozen=True):
    name: str
    kind: str  # stage | yesno | count | tri | number | text
    help: str


def catalogue(kb: Knowledge, flag_ids: Sequence[str] = ()) -> dict[str, FactName]:
    """Every fact name a rule may use, with its kind."""
    names: list[FactName] = []
    for c in kb.characteristics.values():
        names.append(FactName(f"stage.{c.id}", "stage", f"stage of '{c.name}' (Table 4)"))
    for p in kb.pressures.values():
        names.append(FactName(f"pressure.{p.id}", "tri", f"pressure '{p.name}' (Table 3)"))
    for b in kb.barriers.values():
        names.append(FactName(f"barrier.{b.id}", "tri", f"barrier '{b.name}' (Table 3)"))
    for t in kb.techniques.values():
        names.append(FactName(f"technique_used.{t.id}", "tri", f"uses '{t.name}' (Table 5)"))
        names.append(FactName(f"technique_planned.{t.id}", "tri", f"plans '{t.name}' (Table 5)"))
        names.append(FactName(f"technique.{t.id}", "tri", f"uses or plans '{t.name}' (Table 5)"))
    for m in kb.methods.values():
        names.append(FactName(f"method_used.{m.id}", "count", "techniques recorded as used of "
                                                              f"{m.name.lower()}"))
        names.append(FactName(f"method_planned.{m.id}", "count", "techniques recorded as planned of "
                                                                 f"{m.name.lower()}"))
        names.append(FactName(f"method_use.{m.id}", "tri", f"uses one of the {m.name.lower()}"))
        names.append(FactName(f"method_any.{m.id}", "tri", f"uses or plans one of the {m.name.lower()}"))
    for bt in kb.benchmarking_types.values():
        names.append(FactName(f"benchmarking.{bt.id}", "tri",
                              f"uses {bt.name.lower()} benchmarking (Table 6)"))
    for item in kb.four_elements.items:
        names.append(FactName(f"element.{item.id}", "tri", "para 78 element"))
    for item in kb.strategic_characteristics.items:
        names.append(FactName(f"strategic.{item.id}", "tri", "para 36 characteristic"))
    for item in kb.leadership_elements.items:
        names.append(FactName(f"leadership.{item.id}", "tri",
                              f"para 89 element of effective leadership, {list_item(item.text)}: present "
                              "when the council answers that its leaders bring it strongly, absent when "
                              "weakly or not at all (LEADERSHIP_ANSWERS)"))
    for item in kb.strategic_characteristics.items:
        if item.id in STRATEGIC_ANSWERS:
            question, yes, _ = STRATEGIC_ANSWERS[item.id]
            names.append(FactName(f"strategic_answered.{item.id}", "tri",
                                  f"para 36 characteristic, {list_item(item.text).split(':')[0]}, as an "
                                  "option of a Table 4 characteristic's question says it: present when the "
                                  f"council answers {question} with {' or '.join(sorted(yes))}, unknown "
                                  "otherwise (STRATEGIC_ANSWERS)"))
    for fig in ("back_office_share_of_gains_pct", "corporate_services_share_of_budget_pct",
                "sr04_efficiency_gains_gbp", "back_office_gains_gbp", "cashable_share_pct"):
        names.append(FactName(f"figure.{fig}", "number", "figure from the profile"))
    names += [
        FactName("challenge_group", "tri", "the council has a senior-level challenge group (para 43), by its "
                                           "answer"),
        FactName("efficiency_board", "tri", "the council has an efficiency board or committee (para 36), by "
                                            "the profile or its answers"),
        FactName("figures.inconsistent", "yesno", "the profile's figures contradict each other"),
        FactName("figures.back_office_exceeds_total", "yesno",
                 "back office gains given larger than total SR04 efficiency gains"),
        FactName("figures.share_disagrees", "yesno",
                 "back office share given disagrees with the pound figures beyond rounding"),
        FactName("figures.derived_share_pct", "number", "back office share derived from the pound figures"),
        FactName("techniques.recorded", "yesno",
                 "the profile records which techniques the council uses (a techniques section or an answer)"),
        FactName("council.type", "text", "council type"),
        FactName("assessed_count", "count", "characteristics assessed (0-8)"),
        FactName("lowest_stage", "stage", "the lowest stage among the assessed characteristics"),
        FactName("highest_stage", "stage", "the highest stage among the assessed characteristics"),
        FactName("share_transitional_or_above_pct", "count",
                 "per cent of assessed characteristics at transitional or transformational"),
        FactName("share_transformational_pct", "count", "per cent of assessed characteristics at "
                                                        "transformational"),
        FactName("overall.stage", "stage", "overall stage (available to the recommend phase)"),
        FactName("overall.benchmarking_type", "text",
                 "the type of benchmarking (Table 6) suggested for the overall stage "
                 "(BENCHMARKING_FOR_STAGE)"),
        FactName("overall.benchmarking", "tri",
                 "whether the council uses the type of benchmarking suggested for its overall stage"),
    ]
    names += [FactName(f"flag.{f}", "yesno", "flag raised in the classify phase") for f in flag_ids]
    names += judge_catalogue(kb)
    return {n.name: n for n in names}


JUDGE_FACTS = (  # the judge phase's fact (classifier/answers.py), per characteristic
    ("indicators", "count", "indicator questions in the bank"),
    ("answered", "count", "indicator questions answered with an option"),
    ("answered_pct", "count", "per cent of the indicator questions answered (rounded down)"),
    ("na", "count", "indicator questions answered not applicable"),
    ("dont_know", "count", "indicator questions answered don't know"),
    ("set_aside", "count", "indicator questions answered not applicable or don't know"),
    ("lowest", "stage", "lowest stage among the answered indicators"),
    ("highest", "stage", "highest stage among the answered indicators"),
    ("spread", "count", "highest minus lowest answered stage (0-2)"),
    ("evidenced", "yesno", "every answer at the lowest stage carries an evidence note"),
    ("stated_differs", "yesno", "the profile states a stage other than the lowest answered one"),
)


RESPONDENT_FACTS = (  # a combined profile's spread (classifier/respondents.py), per characteristic
    ("given", "respondents whose answers give a stage"),
    ("span", "highest minus lowest of the respondents' judged stages (0-2)"),
    ("role_gap", "highest minus lowest of the roles' median stages (0-2)"),
)


def judge_catalogue(kb: Knowledge) -> list[FactName]:
    """Facts of the judge phase (answers to stages) and the classify-phase share of unevidenced stages."""
    names = []
    for c in kb.characteristics.values():
        names += [FactName(f"answers.{c.id}.{key}", kind, f"{c.name}: {text}")
                  for key, kind, text in JUDGE_FACTS]
        names.append(FactName(f"stated.{c.id}", "stage", f"stage of '{c.name}' stated in the profile"))
        names.append(FactName(f"override.{c.id}", "stage", f"stage of '{c.name}' given by an override"))
        names += [FactName(f"respondents.{c.id}.{key}", "count", f"{c.name}: {text}")
                  for key, text in RESPONDENT_FACTS]
    names.append(FactName("answers.stated_fields_differ", "count",
                          "fields the profile states (pressures, barriers, techniques, figures, paras 36 and "
                          "78) whose question it answers otherwise, the stated value used"))
    names.append(FactName("unevidenced_share_pct", "count",
                          "per cent of assessed characteristics whose stage carries no evidence: stated "
                          "without an evidence note, or judged from answers without evidence notes"))
    names.append(FactName("unevidenced_from", "text",
                          "where the stages that carry no evidence come from: 'stated' (stated in the "
                          "profile without an evidence note), 'answers' (judged or combined from answers "
                          "without evidence), 'both', or 'none'"))
    return names


def _state(yes: bool, no: bool) -> str:
    return PRESENT if yes else ABSENT if no else UNKNOWN


def _any(states: list[str]) -> str:
    """Present when one is present, absent when all are absent, else unknown (not recorded)."""
    return PRESENT if PRESENT in states else ABSENT if states and all(s == ABSENT
                                                                      for s in states) else UNKNOWN


def _answered(profile: Profile, question_id: str) -> bool:
    """Whether the profile answers a `multiple` question with a list (every option then is a yes or a no);
    `dont_know`, `na` or no answer records nothing."""
    a = profile.answered().get(question_id)
    return a is not None and isinstance(a.answer, list)


def council_states(profile: Profile, kb: Knowledge, original: Profile | None = None,
                   alike: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The three-state facts about the council (present | absent | unknown), decided once here.

    `profile` is the judged profile (answers filled in); `original` the profile as written (default:
    `profile`), which says whether the `techniques` section itself was given.
    - pressure.<id>, barrier.<id>: present when listed; absent when the section is given (`[]` too: the
      council has none) or the question is answered and it is not listed; unknown when neither.
    - technique_used.<id>: present in `used`; absent in `not_used`, or the section is the documented "uses
      none" form (`techniques: {}`, or `used: []` with nothing in `not_used`: `Techniques.closed`), or the
      `techniques_used` question is answered and it is unticked; unknown otherwise (a technique in no
      list: `{planned: [shared_services]}` without `used` records nothing of the others).
    - technique_planned.<id>: present in `planned`; absent in `not_used`, in a "uses none" section, or
      unticked in an answered `techniques_planned` question; unknown otherwise.
    - technique.<id>: used or planned (present), neither (absent: both absent), else unknown.
    - method_use.<method>, method_any.<method>: present when one technique of the method is used (or used
      or planned); absent when every one is recorded as not; else unknown.
    - benchmarking.<type> (Table 6): present in `used`; absent in `not_used` or a section listing none as
      used or not used; unknown otherwise.
    - element.<id> (para 78), strategic.<id> (para 36): present (true), absent (false), unknown (left out).
    - challenge_group (para 43): present when the council answers that it has a senior-level challenge group,
      absent when it answers that it has no such forum, unknown otherwise (CHALLENGE_GROUP_ANSWERS).
    - efficiency_board (para 36): present when strategic.efficiency_board is, or the council answers that it
      uses efficiency boards or committees (EFFICIENCY_BOARD_ANSWERS); else as strategic.efficiency_board.
    - leadership.<id> (para 89: challenge_existing, challenge_proposed, support_agreed): present when the
      council answers that its leaders bring that element strongly, absent when it answers weakly or not at
      all, unknown otherwise (no answer, `dont_know`, `na`; LEADERSHIP_ANSWERS).
    - strategic_answered.<id> (para 36: citizen_perspective, linked_to_corporate_objectives,
      political_support): present when the council answers a Table 4 characteristic's question with the
      option that gives that characteristic (STRATEGIC_ANSWERS), unknown otherwise (another option, no
      answer, `dont_know`, `na`). Never absent: the other options do not answer the para 36 question. In a
      combined profile the profile's own answer counts, else the answer every respondent who answers gives
      alike (`alike`, respondents.Spread.alike), as for the para 89 questions: respondents who differ record
      nothing."""
    original = original or profile
    out: dict[str, str] = {}
    for group, known, listed in (("pressure", kb.pressures, profile.pressures),
                                 ("barrier", kb.barriers, profile.barriers)):
        for pid in known:
            out[f"{group}.{pid}"] = _state(pid in (listed or []), listed is not None)
    t = profile.technique_lists
    t_used = t.used or []  # never None in technique_lists
    section = original.techniques
    closed = section is not None and section.closed
    used_answered, planned_answered = _answered(profile, "techniques_used"), _answered(profile,
                                                                                       "techniques_planned")
    for tid in kb.techniques:
        used = _state(tid in t_used, tid in t.not_used or closed or used_answered)
        planned = _state(tid in t.planned, tid in t.not_used or closed or planned_answered)
        out[f"technique_used.{tid}"], out[f"technique_planned.{tid}"] = used, planned
        out[f"technique.{tid}"] = (PRESENT if PRESENT in (used, planned)
                                   else ABSENT if used == planned == ABSENT else UNKNOWN)
    for mid in kb.methods:
        mine = [tid for tid in kb.techniques if kb.techniques[tid].method == mid]
        out[f"method_use.{mid}"] = _any([out[f"technique_used.{tid}"] for tid in mine])
        out[f"method_any.{mid}"] = _any([out[f"technique.{tid}"] for tid in mine])
    bench = profile.benchmarking
    for bid in kb.benchmarking_types:
        out[f"benchmarking.{bid}"] = UNKNOWN if bench is None else _state(
            bid in bench.used, bid in bench.not_used or (not bench.used and not bench.not_used))
    for prefix, part in (("element", profile.four_elements), ("strategic", profile.strategic_approach)):
        for key in type(part).__struct_fields__:
            value = getattr(part, key)
            out[f"{prefix}.{key}"] = UNKNOWN if value is None else (PRESENT if value else ABSENT)
    out["challenge_group"] = _answered_state(profile, CHALLENGE_GROUP_ANSWERS)
    for key, spec in LEADERSHIP_ANSWERS.items():
        out[f"leadership.{key}"] = _answered_state(profile, spec)
    for key, spec in STRATEGIC_ANSWERS.items():
        out[f"strategic_answered.{key}"] = _answered_state(profile, spec, alike)
    board = out["strategic.efficiency_board"]
    out["efficiency_board"] = PRESENT if PRESENT in (board, _answered_state(
        profile, EFFICIENCY_BOARD_ANSWERS)) else board
    return out


# What the council answers of its senior-level challenge group (para 43) and of its efficiency board or
# committee (para 36) in the question bank (knowledge/questions.yaml): the question, the options that say it
# has one, and those that say it has none. Advice reads these facts so that it never tells a council that
# has one to set one up, nor speaks of "the challenge group" of a council that says it has none.
AnswerStates = tuple[str, set[str], set[str]]   # a question, the options that say yes, those that say no
CHALLENGE_GROUP_ANSWERS: AnswerStates = (
    "management_leadership_challenge", {"individual_drive", "with_support", "strong_political_leadership"},
    {"no_forum"})
EFFICIENCY_BOARD_ANSWERS: AnswerStates = ("planning_monitoring_oversight", {"efficiency_board"}, set())
# Para 89's three elements of effective leadership (knowledge/context.yaml `leadership_elements`, by id), as
# the council answers them: "Strongly" says its leaders bring the element, "Weakly, or not at all" says they
# do not. No profile field holds these answers; the facts are the only place the rules read them.
LEADERSHIP_ANSWERS: dict[str, AnswerStates] = {
    key: (f"leadership_{key}", {"strong"}, {"weak"})
    for key in ("challenge_existing", "challenge_proposed", "support_agreed")}
# Para 36's key characteristics of strategic approaches (knowledge/context.yaml `strategic_characteristics`,
# by id) that an option of a Table 4 characteristic's question says the council has, in para 36's own words
# or in para 50's (strong links to corporate objectives, read as the same: the assessment's reading): the
# question, that option, and no option that says no (the other options answer the characteristic's stage,
# not the para 36 question). The efficiency board is left out: the option on efficiency boards or
# committees (planning_monitoring_oversight, from the Recommendations) does not say that the board has senior
# members or is linked to other corporate structures, which para 36 asks; EFFICIENCY_BOARD_ANSWERS reads it.
STRATEGIC_ANSWERS: dict[str, AnswerStates] = {
    "citizen_perspective": ("back_office_front_line_efficiency", {"seamless"}, set()),
    "linked_to_corporate_objectives": ("efficiency_policy_objectives", {"strong_links"}, set()),
    "political_support": ("management_leadership_challenge", {"strong_political_leadership"}, set()),
}


def _answered_state(profile: Profile, spec: AnswerStates, alike: Mapping[str, Any] | None = None) -> str:
    """PRESENT, ABSENT or UNKNOWN as the profile's answer to `spec`'s question says; where it gives none (or
    don't know, or not applicable), as the answer its respondents give alike (`alike`, a combined profile's
    respondents.Spread.alike), if any."""
    question, yes, no = spec
    a = profile.answered().get(question)
    value = a.answer if a is not None and a.answer not in SPECIAL_ANSWERS else (alike or {}).get(question)
    return PRESENT if value in yes else ABSENT if value in no else UNKNOWN


def recorded(value: object) -> bool:
    """Whether a fact's value says something about the council: not left out, not "unknown"."""
    return value is not None and value != UNKNOWN


# A fact: fact name -> value, whose type its kind in `catalogue` gives (a stage rank or a count is an int,
# a tri-state a str, a figure an int or a float, council.type a str). Names are built at run time, so the
# values are Any to the type checker; `catalogue` is where each name's kind is written down.
Fact = dict[str, Any]


def build(profile: Profile, kb: Knowledge, original: Profile | None = None,
          alike: Mapping[str, Any] | None = None) -> Fact:
    """The classify-phase fact for a profile (`original`: the profile as written, `alike`: a combined
    profile's answers its respondents give alike, see `council_states`)."""
    fact: Fact = {}
    assessed = profile.characteristics.assessed()
    ranks = []
    for cid in kb.characteristics:
        rank = kb.stage_rank(assessed[cid].stage) if cid in assessed else 0
        fact[f"stage.{cid}"] = rank
        if rank:
            ranks.append(rank)
    states = council_states(profile, kb, original, alike)
    fact.update(states)
    used, planned = set(profile.technique_lists.used or []), set(profile.technique_lists.planned)
    fact["techniques.recorded"] = int(any(recorded(states[f"technique.{tid}"]) or
                                          recorded(states[f"technique_used.{tid}"]) for tid in kb.techniques))
    for mid in kb.methods:
        fact[f"method_used.{mid}"] = sum(1 for t in used if kb.techniques[t].method == mid)
        fact[f"method_planned.{mid}"] = sum(1 for t in planned if kb.techniques[t].method == mid)
    for key in type(profile.figures).__struct_fields__:
        value = getattr(profile.figures, key)
        if value is not None:
            fact[f"figure.{key}"] = engine_number(value)
    figures = profile.figures
    derived, exceeds = share_from_pounds(figures.back_office_gains_gbp, figures.sr04_efficiency_gains_gbp)
    given = figures.back_office_share_of_gains_pct
    fact["figures.back_office_exceeds_total"] = int(exceeds)
    fact["figures.share_disagrees"] = int(derived is not None and given is not None
                                          and abs(given - derived) > SHARE_TOLERANCE_PCT + 1e-9)
    fact["figures.inconsistent"] = int(exceeds or fact["figures.share_disagrees"])
    if derived is not None:
        fact["figures.derived_share_pct"] = engine_number(derived)
        if given is None:  # the pound figures stand in for the missing percentage (docs/profile-format.md)
            fact["figure.back_office_share_of_gains_pct"] = engine_number(derived)
    fact["council.type"] = profile.council.type
    fact.update(stage_facts({cid: fact[f"stage.{cid}"] for cid in kb.characteristics}))
    return fact


def stage_facts(ranks: dict[str, int]) -> dict[str, int]:
    """The facts that follow from the characteristics' stages alone: `ranks` is {characteristic id: stage
    rank} in Table 4's order (0 not assessed, 1 transactional, 2 transitional, 3 transformational); returns
    `stage.<id>` for each, `assessed_count`, `lowest_stage`, `highest_stage` (0 when none is assessed) and
    the two shares in whole per cent of the assessed characteristics (rounded half to even, 0 when none).
    `build` uses it for every profile and classifier/paths.py for every stage a path tries, so both give
    the overall-stage rules (para 47, Table 4) the same facts."""
    fact = {f"stage.{cid}": rank for cid, rank in ranks.items()}
    assessed = [r for r in ranks.values() if r]
    n = len(assessed)
    fact["assessed_count"] = n
    fact["lowest_stage"] = min(assessed) if assessed else 0
    fact["highest_stage"] = max(assessed) if assessed else 0
    fact["share_transitional_or_above_pct"] = round(100 * sum(r >= 2 for r in assessed) / n) if n else 0
    fact["share_transformational_pct"] = round(100 * sum(r == 3 for r in assessed) / n) if n else 0
    return fact
