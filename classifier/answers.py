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

from collections.abc import Iterator, Sequence
from typing import Any

import msgspec

from .knowledge import Knowledge, StageId
from .profile import Answer, Assessment, Characteristics, Profile
from .questions import SPECIAL_ANSWERS, YES_NO, Question, QuestionBank


class AnswerView(msgspec.Struct, frozen=True):
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


class Aggregate(msgspec.Struct, frozen=True):
    """A characteristic's answers in numbers: `indicators` (questions in the bank), `answers` (every
    answer given, in bank order), `lowest`/`highest` answered stage ids (None when none is answered)."""
    characteristic: str
    indicators: int
    answers: list[AnswerView] = msgspec.field(default_factory=list)
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
    if value in SPECIAL_ANSWERS:
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
            status = a.answer if a.answer in SPECIAL_ANSWERS else "answered"
            option = q.option(a.answer) if status == "answered" else None
            views.append(AnswerView(q.id, q.text, _shown(q, a), option.stage if option else None, status,
                                    a.evidence,
                                    a.justification, basis=option.basis if option else None))
        ranks = [kb.stage_rank(v.stage) for v in views if v.stage]
        lowest = kb.stage_at(min(ranks)).id if ranks else None
        highest = kb.stage_at(max(ranks)).id if ranks else None
        views = [msgspec.structs.replace(v, decided=v.status == "answered" and v.stage == lowest)
                 for v in views]
        out[cid] = Aggregate(cid, len(questions), views, lowest, highest)
    return out


def judge_fact(aggregates: dict[str, Aggregate], profile: Profile, kb: Knowledge,
               spread=None, differences: Sequence[StatedDifference] = ()) -> dict[str, int]:
    """The judge-phase fact: per characteristic `answers.<id>.{indicators, answered, answered_pct, na,
    dont_know, set_aside, lowest, highest, spread, evidenced, stated_differs}`, `stated.<id>` and
    `override.<id>` (stages as ranks 0-3; 0 is none), and for a combined profile (`spread`:
    respondents.Spread) `respondents.<id>.{given, span, role_gap}` (how many respondents give a stage, the
    ranks between their lowest and highest, and between the highest and lowest role's lower median); and
    `answers.stated_fields_differ`, how many fields the profile states whose question it answers otherwise
    (`differences`: `stated_differences`). 8 x 16 + 1 = 129 properties, under the engine's ~250."""
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
    fact["answers.stated_fields_differ"] = len(differences)
    return fact


class Judged(msgspec.Struct):
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
    the profile leaves empty; a field the profile states is kept as stated (where the answer says otherwise,
    rule BT310 flags it: `stated_differences`)."""
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
            # each note once: several answers often carry the same one ("2026 review")
            notes = dict.fromkeys(a.evidence.strip() for a in agg.deciding
                                  if a.evidence and a.evidence.strip())
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


def stated_field(profile: Profile, question: Question) -> tuple[bool, Any]:
    """Whether the profile states the field `question` fills (so that an answer to it leaves the field as
    stated), and the value it states. `pressures: []` and `barriers: []` are stated ("none"); any other field
    is stated unless it is left out or an empty list (an answer then fills it)."""
    assert question.field is not None
    group, _, key = question.field.partition(".")
    if question.field in ("pressures", "barriers"):
        value = getattr(profile, group)
        return value is not None, value
    value = getattr(_section(profile, group), key)
    return value not in (None, []), value


def _field_value(question: Question, answer: Any) -> Any:
    """An answer as the value of the field its question fills (the answer's type follows the question's kind,
    checked against the bank): single, present or absent (YES_NO); multiple, a list of option ids; number, a
    float."""
    if question.kind == "single":
        return YES_NO[answer]
    return list(answer) if question.kind == "multiple" else float(answer)


def _field_answers(profile: Profile, bank: QuestionBank) -> Iterator[tuple[Question, str, Any]]:
    """Each question of the bank that fills a profile field, with that field and the profile's answer to it,
    in the bank's order: those it answers with something other than don't know or not applicable (which
    record nothing)."""
    given = profile.answered()
    for q in bank.questions:
        a = given.get(q.id)
        if q.field is not None and a is not None and a.answer not in SPECIAL_ANSWERS:
            yield q, q.field, a.answer


def _fill_sections(profile: Profile, bank: QuestionBank) -> Profile:
    changes: dict = {}
    nested: dict[str, dict] = {}
    for q, field_name, answer in _field_answers(profile, bank):
        if stated_field(profile, q)[0]:  # stated in the profile: kept (`stated_differences` tells)
            continue
        group, _, key = field_name.partition(".")
        value = _field_value(q, answer)
        if field_name in ("pressures", "barriers"):
            changes[group] = value
        else:
            nested.setdefault(group, {})[key] = value
    for group, values in nested.items():
        changes[group] = msgspec.structs.replace(_section(profile, group), **values)
    return msgspec.structs.replace(profile, **changes) if changes else profile


# Two figures agree when they are at most half a unit apart (half a per cent for a percentage, 50p for
# pounds): a figure written rounded to a whole per cent or pound and the exact one are the same figure given
# twice, as the outputs show pounds to the pound (classify.figure_words); further apart, they differ. The
# same half per cent as facts.SHARE_TOLERANCE_PCT, which lets a percentage and the pound figures differ by a
# rounding to a whole per cent.
FIGURE_TOLERANCE = 0.5
YES_NO_WORDS = {value: option for option, value in YES_NO.items()}  # True -> "present", False -> "lacking"


class StatedDifference(msgspec.Struct, frozen=True):
    """A field the profile states whose question is answered otherwise (rule BT310): the stated value is
    used (answers fill only what the profile leaves empty). `field` is the profile field
    (`four_elements.consensus`), `question` its question's id, `text` the question in the bank's words,
    `citations` the places it cites, `kind` "yesno", "list" or "number", `stated` and `answer` the two
    values in words ("present", "SR04 and council tax", "40 per cent"), and `by_respondents` true where
    the answer is the one every respondent of a combined profile who answers it gives alike
    (respondents.merge)."""
    field: str
    question: str
    text: str
    citations: list[str]
    kind: str
    stated: str
    answer: str
    by_respondents: bool = False


def _agree(question: Question, stated: Any, answer: Any) -> bool:
    """Whether a stated field value and an answer's value (`_field_value`) say the same: yes/no alike,
    lists as sets (order does not matter), figures within FIGURE_TOLERANCE."""
    if question.kind == "single":
        return bool(stated) == answer
    if question.kind == "multiple":
        return set(stated) == set(answer)
    return abs(float(stated) - answer) <= FIGURE_TOLERANCE + 1e-9


def _words(question: Question, value: Any) -> str:
    """A field's value in the words the flag gives it: present or lacking, a list of the options' names in
    the bank's order ("none" for an empty one), or a figure as the outputs write it."""
    from .classify import figure_words  # classify imports this module
    from .rules import and_list, midsentence

    if question.kind == "single":
        return YES_NO_WORDS[bool(value)]
    if question.kind == "multiple":
        chosen = [midsentence(o.text) for o in question.options if o.id in value]
        return and_list(chosen) or "none"
    assert question.field is not None
    return figure_words(question.field.rpartition(".")[2], float(value))


def stated_differences(profile: Profile, bank: QuestionBank,
                       from_respondents: frozenset[str] = frozenset()) -> list[StatedDifference]:
    """The fields `profile` states whose question it answers otherwise, in the bank's order, one each (rule
    BT310). An answer of "don't know" or "not applicable", or none, records nothing, so it never differs.
    `from_respondents`: the questions whose answer a combined profile takes from its respondents
    (respondents.Spread.agreed)."""
    out = []
    for q, field_name, given in _field_answers(profile, bank):
        stated, value = stated_field(profile, q)
        answer = _field_value(q, given)
        if not stated or _agree(q, value, answer):
            continue
        kind = {"single": "yesno", "multiple": "list"}.get(q.kind, "number")
        out.append(StatedDifference(field_name, q.id, q.text, list(q.citations), kind, _words(q, value),
                                    _words(q, answer), q.id in from_respondents))
    return out
