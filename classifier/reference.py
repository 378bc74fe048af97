"""The case councils' reference answers: what a quiz asks about each bundled case, which answers it marks,
and the reasons it gives. Used by the walkthrough, the quiz, `grade` and the handouts alike.

A question is **graded** (marked right or wrong) only when the report's words settle it:

- a characteristic, when its case source carries `settled_by` (Table 4's words at that stage and at no
  other, found in the report's sentence quoted as its evidence; see classifier/cases.py);
- the overall stage, when the report states the council's approach (`stage_source: stated` in
  knowledge/case_studies.yaml: Case studies 7, 9 and 10).

Every other stage is the assessment's reading of the case study: discussed, never marked, with its
reasoning ("The report does not say; the assessment reads it as transitional. Its reasoning: ...").

The baseline is the score of a student who always answers the commonest stage among every case's graded
questions; Cohen's kappa measures agreement beyond that kind of chance.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from . import cases as cases_mod
from .classify import Classifier
from .knowledge import StageId

STAGES: tuple[StageId, ...] = ("transactional", "transitional", "transformational")
DONT_KNOW = "dont_know"
OVERALL = "overall"
READING = "the assessment's reading"


@dataclass(frozen=True)
class Question:
    """One question of a case: a characteristic of Table 4 (`key` its id) or the overall stage
    (`key` "overall"). `stage` is the reference answer; `graded` says whether the report's words settle
    it; `reason` says why, ending in `place` (the case study and the paragraph it sits under)."""
    key: str
    name: str
    stage: str
    graded: bool
    reason: str
    place: str
    evidence: str | None = None     # the report's sentence shown to a student (characteristics)
    settled_by: str | None = None   # the report's words that settle it, Table 4's at that stage only
    descriptor: str | None = None   # Table 4's description at `stage` (characteristics)
    note: str | None = None         # the assessment's reasoning (a reading)


@dataclass(frozen=True)
class CaseReference:
    number: int          # the case study asked for (11 is answered from the profile of 7)
    council: str
    title: str
    para: str            # the paragraph the case study sits under, e.g. "para 48"
    questions: tuple[Question, ...]

    @property
    def graded(self) -> list[Question]:
        return [q for q in self.questions if q.graded]

    def get(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)


def as_sentence(text: str) -> str:
    """A note or a rule's reason as written ("Targets set for the next spending review cycle"), starting
    with a capital and ending with a full stop, to follow "Its reasoning:". A note is often a phrase, not
    a clause, so it is never joined to a sentence with "because"."""
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def reading_reason(stage: str, because: str) -> str:
    """"The report does not say; the assessment reads it as <stage>. Its reasoning: <because>." """
    return (f"The report does not say; the assessment reads it as {stage}. Its reasoning: "
            f"{as_sentence(because)}")


@functools.cache
def reference(number: int) -> CaseReference:
    """The reference answers for case study `number` (a bundled case, or 11 for the council of 7).
    Raises InputError (exit 2) for a case study without a bundled profile, as `cases.resolve` does."""
    case, _ = cases_mod.resolve(number)
    clf = Classifier()
    kb = clf.kb
    cs = kb.case_studies[number]
    own = kb.case_studies[case.number]
    place = f"Case study {case.number}, {own.para}"
    result = clf.classify(case.profile)
    questions = []
    for cid, c in result.characteristics.items():
        if not c.stage:
            continue
        source = case.sources[f"characteristics.{cid}"]
        descriptor = kb.characteristics[cid].descriptors[c.stage.id]
        if source.settled_by:
            reason = (f"The report's words “{source.settled_by}” match Table 4's {c.stage.id} description "
                      f"and no other stage's: “{descriptor}”")
        else:
            reason = reading_reason(c.stage.id, source.note or "the case study as a whole")
        questions.append(Question(cid, c.name, c.stage.id, bool(source.settled_by), reason, place,
                                  evidence=c.evidence, settled_by=source.settled_by, descriptor=descriptor,
                                  note=source.note))
    classified = result.overall.stage
    because = result.overall.reasons[-1] if result.overall.reasons else "the characteristics it assesses"
    if own.stage_source == "stated":
        assert own.stage and own.stage_basis  # a stated stage has its words (knowledge/case_studies.yaml)
        said, _, quote = own.stage_basis.partition(": ")
        quote = quote.strip("'")
        said = said if "para " in said else f"{said}, {own.para}"
        questions.append(Question(OVERALL, "Overall stage", own.stage, True,
                                  f"The report states the council's approach: “{quote}”", said,
                                  evidence=quote))
    elif own.stage_source == "placed_under_heading" and classified:
        assert own.stage  # the heading it is printed under
        questions.append(Question(
            OVERALL, "Overall stage", classified, False,
            f"The report prints this case study under the {own.stage.capitalize()} heading ({own.para}) but "
            f"does not state the council's approach; the assessment reads it as {classified}. Its reasoning: "
            f"{as_sentence(because)}", place, note=because))
    elif classified:
        questions.append(Question(OVERALL, "Overall stage", classified, False,
                                  reading_reason(classified, because),
                                  place, note=because))
    return CaseReference(number, case.profile.council.name, cs.title, own.para, tuple(questions))


def numbers() -> list[int]:
    """Every case study a quiz can ask: each bundled case, and those answered from another's profile."""
    from . import knowledge as knowledge_mod

    bundled = cases_mod.load_all()
    kb = knowledge_mod.load()
    return sorted({*bundled, *(n for n, c in kb.case_studies.items() if c.same_council_as in bundled)})


@functools.cache
def commonest_stage() -> str:
    """The commonest reference stage among every bundled case's graded questions (ties: the earlier
    stage of the journey)."""
    counts = Counter(q.stage for n in cases_mod.load_all() for q in reference(n).graded)
    return max(STAGES, key=lambda s: (counts[s], -STAGES.index(s)))


def baseline(questions: Iterable[Question], stage: str | None = None) -> tuple[int, int]:
    """(right, graded): the score of always answering `stage` (default the commonest stage) on the graded
    questions among `questions`."""
    stage = stage or commonest_stage()
    graded = [q for q in questions if q.graded]
    return sum(q.stage == stage for q in graded), len(graded)


def kappa(pairs: Iterable[tuple[str, str]]) -> float | None:
    """Cohen's kappa between (answer, reference) pairs: (po - pe) / (1 - pe), "don't know" a category of
    its own. None when there is nothing to compare or chance agreement is already certain (pe = 1)."""
    pairs = list(pairs)
    if not pairs:
        return None
    n = len(pairs)
    po = sum(a == r for a, r in pairs) / n
    answers, refs = Counter(a for a, _ in pairs), Counter(r for _, r in pairs)
    pe = sum(answers[k] * refs[k] for k in answers) / (n * n)
    if pe >= 1:
        return None
    return (po - pe) / (1 - pe)


def distance(answer: str, stage: str) -> int | None:
    """How many stages apart `answer` is from `stage` (0 right, 1 or 2 wrong); None for "don't know"."""
    if answer not in STAGES:
        return None
    return abs(STAGES.index(answer) - STAGES.index(stage))


_STAGE_WORDS = re.compile(r"\b(transactional|transitional|transformational)\b", re.IGNORECASE)


def withhold_stage(text: str) -> str:
    """`text` with every stage's name replaced by "[…]", so evidence shown before an answer never names
    the stage."""
    return _STAGE_WORDS.sub("[…]", text)


_GENERIC = {"london", "borough", "of", "council", "county", "city", "district", "metropolitan", "the", "a"}


def withhold_council(text: str, council: str) -> str:
    """`text` with the council's name (and the distinctive part of it, "North Warwickshire") replaced by
    "the council", for a blind quiz."""
    core = " ".join(w for w in re.sub(r"\(.*?\)", "", council).split() if w.lower() not in _GENERIC)
    for name in sorted({council, core} - {""}, key=len, reverse=True):
        text = re.sub(r"(?<![\w])" + re.escape(name) + r"(?:\s+(?:Borough|County|City|District|"
                      r"Metropolitan Borough|London Borough)?\s*Council)?(['’]s)?(?![\w])",
                      lambda m: "the council" + (m.group(1) or ""), text)
    return re.sub(r"(^|[.!?]\s+|“)the council", lambda m: m.group(1) + "The council", text)
