"""Many respondents, one council: a combined profile's `respondents` merged into the profile the
classifier judges, with the spread kept.

The report makes agreement itself evidence: "a consensus in support of delivering efficiencies"
(para 78), political support and scrutiny (para 36), senior challenge groups (para 43). So the spread of
the respondents' judged stages is kept per characteristic and by role, never averaged away.

The merge rule is this assessment's reading (the report gives none):
- each respondent's judged stage for a characteristic is the lowest stage among their answered
  indicator questions (as for one profile: classifier/answers.py, rule BT301); where their answers give
  none, the stage their own file states (`respondents[].characteristics`, as for one profile: BT306), named
  in `stated_by`; where both are given and differ, the answers' stage counts (as BT304) and the difference
  is listed to confirm;
- `median` (the default): the lower median of the respondents' judged stages; `worst`: the lowest;
  `assessor`: an `assessor` respondent's judged stage, where they give one, else the median;
- other facts (pressures, techniques, elements present, figures): an answer every respondent who gives
  one gives alike is recorded; answers that differ leave the fact unrecorded, kept per respondent, and
  listed to confirm (one respondent's "yes" is not the council's). For the techniques of Table 5, which
  are recorded one by one, a technique every respondent who answers ticks is still recorded as used (or
  planned) when they differ on others; the rest are left unrecorded. Nothing is invented. An answer the
  combined profile gives itself (the facilitator's, after the workshop) is its answer, over the respondents'
  (techniques too); a field it states is kept as in any profile (rule BT310 flags an answer that differs).
- `by_role`: the lower median of that role's judged stages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .answers import stated_field
from .knowledge import Knowledge
from .profile import Answer, Assessment, Characteristics, Profile, Techniques
from .questions import SPECIAL_ANSWERS, QuestionBank
from .result import ToConfirm

MERGE_WORDS = {"median": "the lower median of the respondents' judged stages",
               "worst": "the lowest of the respondents' judged stages",
               "assessor": "the assessor's judged stage where they give one, else the lower median"}
MERGE_NOTE = ("Combining respondents' answers into one stage is this assessment's reading, not the "
              "report's: {rule}.")
CONSENSUS_CITATIONS = ["para 36", "para 43", "para 78"]


@dataclass(frozen=True)
class CharacteristicSpread:
    """One characteristic across respondents: `respondents` {name: stage id or None (no stage given)},
    `roles` {name: role}, `by_role` {role: stage id} (lower median), `merged` (the merge rule's stage),
    `stated_by` (the names whose stage is stated in their own file, not judged from answers)."""
    respondents: dict[str, str | None]
    roles: dict[str, str | None]
    by_role: dict[str, str]
    merged: str | None
    span: int = 0        # highest minus lowest rank among the respondents' stages (0-2)
    role_gap: int = 0    # highest minus lowest rank among the roles' medians (0-2)
    stated_by: tuple[str, ...] = ()   # the respondents whose stage is the one their file states

    def to_dict(self) -> dict[str, Any]:
        return {"respondents": dict(self.respondents), "by_role": dict(self.by_role),
                "stated_by": list(self.stated_by)}


@dataclass(frozen=True)
class Disagreement:
    """A question the respondents answer differently: {name: the answer as shown}."""
    question: str
    text: str
    answers: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "text": self.text, "answers": dict(self.answers)}


@dataclass
class Spread:
    """The respondents of a combined profile: `people` [(name, role, source)], `merge` rule, per
    characteristic `characteristics`, the `disagreements` and the figures they give differently,
    `to_confirm` (result.ToConfirm, without a rule: the classifier adds them to Result.to_confirm), and
    `agreed`, the questions whose answer in the merged profile is the one every respondent who answers
    gives alike (not the combined profile's own answer)."""
    people: list[tuple[str, str | None, str | None]]
    merge: str
    characteristics: dict[str, CharacteristicSpread] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    to_confirm: list[ToConfirm] = field(default_factory=list)
    agreed: frozenset[str] = frozenset()
    # the answer to a Table 4 characteristic's question that every respondent who answers it gives alike (na
    # and dont_know aside): their stages merge, not these answers, so the merged profile holds none of them;
    # the facts that read one option of such a question as a para 36 characteristic read them here
    # (facts.STRATEGIC_ANSWERS)
    alike: dict[str, Any] = field(default_factory=dict)

    @property
    def note(self) -> str:
        return MERGE_NOTE.format(rule=MERGE_WORDS[self.merge])

    def to_dict(self) -> dict[str, Any]:
        return {"merge": self.merge, "note": self.note,
                "people": [{"name": n, "role": r, "source": s} for n, r, s in self.people],
                "disagreements": [d.to_dict() for d in self.disagreements]}


def lower_median(ranks: list[int]) -> int:
    """The lower median of `ranks` (non-empty): the middle one, or the lower of the two middle ones."""
    ordered = sorted(ranks)
    return ordered[(len(ordered) - 1) // 2]


def _judged(answers: dict[str, Answer], bank: QuestionBank, kb: Knowledge) -> dict[str, str]:
    """{characteristic: the lowest answered stage} for one respondent's answers."""
    out: dict[str, str] = {}
    for cid in kb.characteristics:
        ranks = []
        for q in bank.for_characteristic(cid):
            a = answers.get(q.id)
            if a is not None and a.answer not in ("na", "dont_know"):
                ranks.append(kb.stage_rank(q.chosen(a.answer).stage))
        if ranks:
            out[cid] = kb.stage_at(min(ranks)).id
    return out


def _stated(name: str, stated: dict[str, Assessment], judged: dict[str, str], kb: Knowledge,
            to_confirm: list[ToConfirm]) -> set[str]:
    """Fill `judged` (one respondent's {characteristic: stage} from answers) with the stages their file
    states where their answers give none; where both are given and differ, the answers' stage stays (as
    for one profile, BT304) and the difference is added to `to_confirm`. Returns the characteristics whose
    stage is the stated one."""
    used = set()
    for cid, a in stated.items():
        assert a.stage is not None  # Characteristics.assessed() keeps only the stated stages
        if cid not in judged:
            judged[cid] = a.stage
            used.add(cid)
        elif judged[cid] != a.stage:
            title = kb.characteristics[cid].name
            to_confirm.append(ToConfirm(
                fact=f"characteristics.{cid}", question=None,
                text=f"Confirm {name}'s stage for {title.lower()}: their file states {a.stage}, but their "
                     f"answers give {judged[cid]}, and the answers' stage is the one counted.",
                citations=["Table 4"]))
    return used


def _shown(question, value) -> str:
    if value in ("na", "dont_know"):
        return {"na": "not applicable", "dont_know": "don't know"}[value]
    if isinstance(value, list):
        return ", ".join(question.chosen(v).text for v in value) or "none"
    if isinstance(value, (int, float)):
        return f"{value:g}"
    return question.chosen(value).text


def merge(profile: Profile, bank: QuestionBank, kb: Knowledge) -> tuple[Profile, Spread]:
    """The profile the classifier judges from a combined profile's `respondents`, and their spread.

    Each characteristic's stage is the merge rule's (see the module), stated with a note of how it was
    reached; an `override: {stage, reason}` in the combined profile (the facilitator's decision) is kept
    beside it and decides as usual. Non-stage answers merge so that nothing is invented (see the module).
    A profile without respondents is returned as it is, with None."""
    rule = profile.merge or "median"
    people: list[tuple[str, str | None, str | None]] = [(r.name, r.role, r.source)
                                                         for r in profile.respondents]
    answered = {r.name: r.answered() for r in profile.respondents}
    roles = {r.name: r.role for r in profile.respondents}
    judged = {name: _judged(a, bank, kb) for name, a in answered.items()}
    spread = Spread(people, rule)
    own = {r.name: r.characteristics.assessed() for r in profile.respondents}
    stated_by = {name: _stated(name, own[name], judged[name], kb, spread.to_confirm) for name in answered}
    chars: dict[str, Any] = {}
    stated = profile.characteristics.assessed()
    overrides = profile.characteristics.overrides()
    for cid in kb.characteristics:
        stages = {name: judged[name].get(cid) for name in answered}
        ranks = [kb.stage_rank(s) for s in stages.values() if s]
        by_role_ranks: dict[str, list[int]] = {}
        for name, s in stages.items():
            if s and (role := roles[name]):
                by_role_ranks.setdefault(role, []).append(kb.stage_rank(s))
        by_role: dict[str, str] = {role: kb.stage_at(lower_median(r)).id for role, r in by_role_ranks.items()}
        merged = None
        if ranks:
            merged_rank = min(ranks) if rule == "worst" else lower_median(ranks)
            if rule == "assessor":
                assessor = [kb.stage_rank(s) for n, s in stages.items() if s and roles[n] == "assessor"]
                merged_rank = lower_median(assessor) if assessor else merged_rank
            merged = kb.stage_at(merged_rank).id
        role_ranks = [kb.stage_rank(s) for s in by_role.values()]
        spread.characteristics[cid] = CharacteristicSpread(
            stages, dict(roles), by_role, merged, span=(max(ranks) - min(ranks)) if ranks else 0,
            role_gap=(max(role_ranks) - min(role_ranks)) if role_ranks else 0,
            stated_by=tuple(name for name in answered if cid in stated_by[name]))
        if merged:
            notes = [f"{name}: {a[q.id].evidence}" for name, a in answered.items()
                     for q in bank.for_characteristic(cid) if q.id in a and a[q.id].evidence]
            notes += [f"{name} (stated): {own[name][cid].evidence}" for name in answered
                      if cid in stated_by[name] and own[name][cid].evidence]
            chars[cid] = Assessment(stage=merged, evidence="; ".join(notes) or None,
                                    override=overrides.get(cid))
        elif cid in stated or cid in overrides:
            chars[cid] = profile.characteristics.__getattribute__(cid)
    answers: dict[str, Answer] = {}
    techniques: dict[str, list[Any]] = {}  # techniques.used / .planned that every respondent ticks
    own_answers = {qid for qid, a in profile.answered().items() if a.answer not in SPECIAL_ANSWERS}
    for q in bank.questions:
        given = {name: a[q.id] for name, a in answered.items() if q.id in a}
        values = {name: a.answer for name, a in given.items()}
        real = {n: v for n, v in values.items() if v not in SPECIAL_ANSWERS}
        shown = {n: _shown(q, v) for n, v in values.items()}
        if len(set(map(repr, real.values()))) > 1:
            spread.disagreements.append(Disagreement(q.id, q.text, shown))
        if q.characteristic and len(set(map(repr, real.values()))) == 1:
            spread.alike[q.id] = next(iter(real.values()))
        if q.characteristic or not real:
            continue
        # the combined profile records it itself (the facilitator's own answer, or the field stated):
        # nothing of the respondents' to keep or to confirm
        settled = q.id in own_answers or (q.field is not None and stated_field(profile, q)[0])
        note = "; ".join(f"{n}: {a.evidence}" for n, a in given.items() if a.evidence) or None
        alike = {repr(sorted(v) if isinstance(v, list) else v) for v in real.values()}
        if len(alike) == 1:
            answers[q.id] = Answer(next(iter(real.values())), note)
        elif settled:
            continue
        elif q.kind == "number":
            figures = ", ".join(f"{n} {v:g}" for n, v in real.items())
            spread.to_confirm.append(ToConfirm(
                fact=q.field or q.id, question=q.id,
                text=f"Confirm the figure for “{q.text}”: the respondents give different ones "
                     f"({figures}), so it is left unrecorded.",
                citations=list(q.citations)))
        else:
            given_as = "; ".join(f"{n}: {shown[n]}" for n in real)
            agreed = [o.id for o in q.options
                      if all(isinstance(v, list) and o.id in v for v in real.values())]
            field = q.field or ""
            # (a question the combined profile answers itself is settled above: its answer records the field)
            if q.kind == "multiple" and field.startswith("techniques.") and agreed:
                techniques[field.partition(".")[2]] = agreed
                kept = ", ".join(_shown(q, [o]) for o in agreed)
                ending = f"so only what every one of them ticks is recorded ({kept})"
            else:
                ending = "so it is left unrecorded"
            spread.to_confirm.append(ToConfirm(
                fact=q.field or q.id, question=q.id,
                text=f"Confirm the answer to “{q.text}”: the respondents answer differently ({given_as}), "
                     f"{ending}.",
                citations=list(q.citations)))
    data = {f: getattr(profile, f) for f in Profile.__struct_fields__}
    # the profile's own answers win, but a don't know or not applicable there records nothing, so it never
    # takes away an answer the respondents agree on
    own_kept = {qid: a for qid, a in profile.answered().items() if qid in own_answers or qid not in answers}
    data.update(characteristics=Characteristics(**chars), answers={**answers, **own_kept},
                respondents=[], merge=None)
    spread.agreed = frozenset(answers) - set(own_kept)
    if techniques and profile.techniques is None:
        # listed, never closed: `used` left out (None) rather than [] says nothing of the others
        data["techniques"] = Techniques(used=techniques.get("used"), planned=techniques.get("planned", []))
    return Profile(**data), spread
