"""From answers to stages: a profile's answers to the question bank, aggregated per Table 4 characteristic
into a few numbers the judging rules (rules/BT3xx.yaml, phase `judge`) decide on, and the profile the
rest of the classifier sees once those decisions are applied.

Why aggregate in Python: a durable-rules fact holds at most about 250 properties, and the bank has
dozens of questions; so the rules see, per characteristic, counts and the lowest and highest answered
stage, never the answers themselves (see /work/shared/DURABLE_RULES.md).

The report's part: each option's stage is the Table 4 cell (or paragraph) it quotes
(knowledge/questions.yaml). This project's part (inferred): a characteristic reaches a stage only when
every answered indicator is at that stage or above, so the lowest answered stage decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import msgspec

from .knowledge import Knowledge, StageId
from .profile import Answer, Assessment, Characteristics, Profile
from .questions import YES_NO, Question, QuestionBank


@dataclass(frozen=True)
class AnswerView:
    """One answer as shown beside its characteristic: `status` is `answered`, `na` or `dont_know`;
    `decided` is true for the answers at the derived stage (the ones that decided it); `basis` is the chosen
    option's basis in the question bank ("report": its cited place puts the words at that stage;
    "inferred": the assessment's reading), None when not answered."""
    question: str
    text: str
    answer: str
    stage: StageId | None
    status: str
    evidence: str | None = None
    justification: str | None = None
    decided: bool = False
    basis: str | None = None

    def to_dict(self) -> dict:
        return {"question": self.question, "text": self.text, "answer": self.answer, "stage": self.stage,
                "status": self.status, "evidence": self.evidence, "justification": self.justification,
                "decided": self.decided, "basis": self.basis}


@dataclass(frozen=True)
class Aggregate:
    """A characteristic's answers in numbers: `indicators` (questions in the bank), `answers` (every
    answer given, in bank order), `lowest`/`highest` answered stage ids (None when none is answered)."""
    characteristic: str
    indicators: int
    answers: list[AnswerView] = field(default_factory=list)
    lowest: StageId | None = None
    highest: StageId | None = None

    def _status(self, status: str) -> list[AnswerView]:
        return [a for a in self.answers if a.status == status]

    @property
    def answered(self) -> list[AnswerView]:
        return self._status("answered")

    @property
    def na(self) -> list[AnswerView]:
        return self._status("na")

    @property
    def dont_know(self) -> list[AnswerView]:
        return self._status("dont_know")

    @property
    def deciding(self) -> list[AnswerView]:
        """The answered indicators at the lowest stage: they decide the derived stage."""
        return [a for a in self.answered if a.stage == self.lowest]

    @property
    def evidenced(self) -> bool:
        """Every deciding answer carries an evidence note."""
        return bool(self.deciding) and all(a.evidence and a.evidence.strip() for a in self.deciding)

    def at(self, stage: str | None) -> list[str]:
        return [a.question for a in self.answered if a.stage == stage]


def _shown(question: Question, answer: Answer) -> str:
    value = answer.answer
    if value in ("na", "dont_know"):
        return {"na": "not applicable", "dont_know": "don't know"}[value]
    if question.kind == "number":
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(question.chosen(v).text for v in value) or "none"
    return question.chosen(value).text


def aggregate(profile: Profile, bank: QuestionBank, kb: Knowledge) -> dict[str, Aggregate]:
    """{characteristic id: Aggregate} for every Table 4 characteristic (empty when nothing is answered).
    The profile's answers are already validated against the bank (profile.check_answers)."""
    given = profile.answered()
    out = {}
    for cid in kb.characteristics:
        questions = bank.for_characteristic(cid)
        views = []
        for q in questions:
            a = given.get(q.id)
            if a is None:
                continue
            status = a.answer if a.answer in ("na", "dont_know") else "answered"
            option = q.option(a.answer) if status == "answered" else None
            views.append(AnswerView(q.id, q.text, _shown(q, a), option.stage if option else None, status,
                                    a.evidence,
                                    a.justification, basis=option.basis if option else None))
        ranks = [kb.stage_rank(v.stage) for v in views if v.stage]
        lowest = kb.stage_at(min(ranks)).id if ranks else None
        highest = kb.stage_at(max(ranks)).id if ranks else None
        views = [replace(v, decided=v.status == "answered" and v.stage == lowest) for v in views]
        out[cid] = Aggregate(cid, len(questions), views, lowest, highest)
    return out


def judge_fact(aggregates: dict[str, Aggregate], profile: Profile, kb: Knowledge,
               spread=None) -> dict[str, int]:
    """The judge-phase fact: per characteristic `answers.<id>.{indicators, answered, answered_pct, na,
    dont_know, set_aside, lowest, highest, spread, evidenced, stated_differs}`, `stated.<id>` and
    `override.<id>` (stages as ranks 0-3; 0 is none), and for a combined profile (`spread`:
    respondents.Spread) `respondents.<id>.{given, span, role_gap}` (how many respondents give a stage, the
    ranks between their lowest and highest, and between the highest and lowest role's lower median).
    8 x 16 = 128 properties, under the engine's ~250."""
    stated = profile.characteristics.assessed()
    overrides = profile.characteristics.overrides()
    fact: dict[str, int] = {}
    for cid, agg in aggregates.items():
        low = kb.stage_rank(agg.lowest) if agg.lowest else 0
        high = kb.stage_rank(agg.highest) if agg.highest else 0
        said = kb.stage_rank(stated[cid].stage) if cid in stated else 0
        n = len(agg.answered)
        fact |= {
            f"answers.{cid}.indicators": agg.indicators,
            f"answers.{cid}.answered": n,
            f"answers.{cid}.answered_pct": (100 * n) // agg.indicators if agg.indicators else 0,
            f"answers.{cid}.na": len(agg.na),
            f"answers.{cid}.dont_know": len(agg.dont_know),
            f"answers.{cid}.set_aside": len(agg.na) + len(agg.dont_know),
            f"answers.{cid}.lowest": low,
            f"answers.{cid}.highest": high,
            f"answers.{cid}.spread": high - low,
            f"answers.{cid}.evidenced": int(agg.evidenced),
            f"answers.{cid}.stated_differs": int(bool(n and said and said != low)),
            f"stated.{cid}": said,
            f"override.{cid}": kb.stage_rank(overrides[cid].stage) if cid in overrides else 0,
        }
        cs = spread.characteristics.get(cid) if spread else None
        fact |= {f"respondents.{cid}.given": sum(1 for s in cs.respondents.values() if s) if cs else 0,
                 f"respondents.{cid}.span": cs.span if cs else 0,
                 f"respondents.{cid}.role_gap": cs.role_gap if cs else 0}
    return fact


@dataclass
class Judged:
    """The judge step's outcome: `profile` (the stages decided, non-stage answers filled in) and, per
    characteristic, its `basis` (evidenced | answered | stated | override), `provisional`, and the
    aggregate of its answers."""
    profile: Profile
    basis: dict[str, str]
    provisional: set[str]
    aggregates: dict[str, Aggregate]


def apply(profile: Profile, aggregates: dict[str, Aggregate], decisions: dict[str, set[str]],
          bank: QuestionBank) -> Judged:
    """The profile with each characteristic's stage as the judging rules decided it.

    `decisions`: {characteristic id: {"derived" | "stated" | "override" | "provisional", ...}} from the
    rules that fired. A derived stage is the lowest answered stage; its evidence is the deciding answers'
    notes. Non-stage answers (pressures, techniques, figures, paras 36 and 78) fill the profile's fields
    the profile leaves empty; a field the profile states is kept as stated."""
    stated = profile.characteristics.assessed()
    overrides = profile.characteristics.overrides()
    stages: dict[str, Assessment] = {}
    basis: dict[str, str] = {}
    for cid, marks in decisions.items():
        agg = aggregates[cid]
        if "override" in marks:
            stages[cid] = Assessment(stage=overrides[cid].stage,
                                     evidence=stated[cid].evidence if cid in stated else None)
            basis[cid] = "override"
        elif "derived" in marks:
            notes = [a.evidence.strip() for a in agg.deciding if a.evidence and a.evidence.strip()]
            stages[cid] = Assessment(stage=agg.lowest, evidence="; ".join(notes) or None)
            basis[cid] = "evidenced" if agg.evidenced else "answered"
        elif "stated" in marks:
            stages[cid] = stated[cid]
            basis[cid] = "stated"
    provisional = {cid for cid, marks in decisions.items() if "provisional" in marks and cid in basis}
    judged = msgspec.structs.replace(profile, characteristics=Characteristics(**stages))
    return Judged(_fill_sections(judged, bank), basis, provisional, aggregates)


def _section(profile: Profile, group: str):
    """A profile section, `techniques` as empty lists where the profile does not record it (an answer
    about techniques then records them)."""
    return profile.technique_lists if group == "techniques" else getattr(profile, group)


def _fill_sections(profile: Profile, bank: QuestionBank) -> Profile:
    given = profile.answered()
    changes: dict = {}
    nested: dict[str, dict] = {}
    for q in bank.questions:
        a = given.get(q.id)
        if q.field is None or a is None or a.answer in ("na", "dont_know"):
            continue
        # the answer's type follows the question's kind (checked against the bank): single, an option id;
        # multiple, a list of them; number, a number
        answer: Any = a.answer
        group, _, key = q.field.partition(".")
        if q.field in ("pressures", "barriers"):
            if getattr(profile, group) is None:  # `[]` in the profile says "none": stated, so kept
                changes[group] = list(answer)
            continue
        current = getattr(_section(profile, group), key)
        if current not in (None, []):  # stated in the profile: kept
            continue
        value = YES_NO[answer] if q.kind == "single" else (list(answer) if q.kind == "multiple"
                                                           else float(answer))
        nested.setdefault(group, {})[key] = value
    for group, values in nested.items():
        changes[group] = msgspec.structs.replace(_section(profile, group), **values)
    return msgspec.structs.replace(profile, **changes) if changes else profile
