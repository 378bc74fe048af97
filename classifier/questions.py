"""The question bank (knowledge/questions.yaml): questions drawn from the report, each informing one
characteristic of Table 4 (an indicator question) or one of the non-stage sections of a profile.

Shapes (all validated on load into frozen msgspec Structs):
- `Option`: `id` (stable, snake_case), `text` (the report's wording, or close to it), `stage`
  (`transactional` | `transitional` | `transformational`, the stage the option is evidence for, or None).
- `Question`: `id` (stable), `section` (the profile section it informs: `characteristics`, `pressures`,
  `barriers`, `techniques`, `strategic_approach`, `four_elements`, `leadership`, `figures`), `characteristic`
  (a Table 4 id, or None), `kind` (`single` | `multiple` | `number`), `text`, `help`, `citations`
  (the report's forms: "Table 4", "para 43"), `options` (empty for `number`), `unit` (for `number`:
  `pct` or `gbp`), `field` (the profile field an answer fills: `pressures`, `barriers`, `techniques.used`,
  `techniques.planned`, `figures.<name>`, `four_elements.<id>`, `strategic_approach.<id>`; None for indicator
  and para 89 questions), `quote` (the report's words the question rests on, found in one of its citations).
- Traceability (tested against the report): an option's `quote` is the report's own words, found in its
  `cite` (default: one of the question's citations), and its `text` contains them; `basis` is `report` when
  the cited place puts the words at the option's stage, else `inferred` with the `reasoning`.
Every question also accepts the answers `na` (not applicable, with a one-line justification) and
`dont_know`; they are not listed among its options (`SPECIAL_ANSWERS`).

Errors: a broken bank raises DataError naming the file and the problem.
"""


import functools
from typing import Literal

import msgspec

from .errors import DataError
from .validation import Invalid, convert

Kind = Literal["single", "multiple", "number"]
Section = Literal["characteristics", "pressures", "barriers", "techniques", "strategic_approach",
                  "four_elements", "leadership", "figures"]
SPECIAL_ANSWERS: tuple[str, ...] = ("na", "dont_know")


class _Model(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    pass


FIELDS = ("pressures", "barriers", "techniques.used", "techniques.planned")
YES_NO = {"present": True, "lacking": False}


class Option(_Model, frozen=True):
    id: str
    text: str
    stage: Literal["transactional", "transitional", "transformational"] | None = None
    quote: str | None = None
    cite: str | None = None
    basis: Literal["report", "inferred"] = "report"
    reasoning: str | None = None


class Question(_Model, frozen=True):
    id: str
    section: Section
    kind: Kind
    text: str
    citations: list[str]
    characteristic: str | None = None
    help: str | None = None
    options: list[Option] = []
    unit: Literal["pct", "gbp"] | None = None
    field: str | None = None
    quote: str | None = None

    def __post_init__(self):
        if self.characteristic is not None:
            if self.section != "characteristics" or self.kind != "single" or self.field:
                raise ValueError(f"question {self.id}: an indicator question is a single question in "
                                 "section characteristics, with no field")
            for o in self.options:
                if o.stage is None or not o.quote:
                    raise ValueError(f"question {self.id}: option {o.id} needs a stage and a quote")
        elif any(o.stage for o in self.options):
            raise ValueError(f"question {self.id}: only indicator questions have options with stages")
        for o in self.options:
            if (o.basis == "inferred") != bool(o.reasoning):
                raise ValueError(f"question {self.id}: option {o.id}: give reasoning exactly when basis is "
                                 "inferred")
        if self.kind == "number" and (self.unit is None) != (self.field is None):
            raise ValueError(f"question {self.id}: a number question needs a unit and a figures field")
        if self.kind == "number" and self.options:
            raise ValueError(f"question {self.id}: a number question has no options")
        if self.kind != "number" and not self.options:
            raise ValueError(f"question {self.id}: a {self.kind} question needs options")
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids) or set(ids) & set(SPECIAL_ANSWERS):
            raise ValueError(f"question {self.id}: option ids must be unique and not na or dont_know")

    def option(self, option_id: object) -> Option | None:
        """The option `option_id` names, or None (an answer's value may be a list or a number)."""
        return next((o for o in self.options if o.id == option_id), None)

    def chosen(self, value: object) -> Option:
        """The option an answer `value` names (answers are checked against the bank first); KeyError for a
        value that names none of this question's options."""
        for o in self.options:
            if o.id == value:
                return o
        raise KeyError(value)

    def to_dict(self) -> dict:
        """The public JSON shape of one question (see `backtofront questions --format json`)."""
        return {"id": self.id, "section": self.section, "characteristic": self.characteristic,
                "kind": self.kind, "text": self.text, "help": self.help, "citations": list(self.citations),
                "options": [{"id": o.id, "text": o.text, "stage": o.stage,
                             "basis": o.basis if o.stage else None, "cite": self.place(o),
                             "reasoning": o.reasoning if o.stage else None}
                            for o in self.options]}

    def place(self, option: Option) -> str | None:
        """The place of the report an indicator option's words come from (its `cite`, else the question's
        first citation); None for an option that judges no stage."""
        return (option.cite or self.citations[0]) if option.stage else None

    def basis_words(self, option: Option) -> str:
        """What an indicator option's stage rests on, for people, with the report's own words in the option
        (its `quote`), so that the rest of the option's text is never taken for the report's: "the report,
        Table 4: “not linked to other policies”", or "the assessment's reading of Case study 7: “clearly
        separate”" (result.READING_MARKER); "" for an option that judges no stage."""
        if not option.stage:
            return ""
        words = f": “{option.quote}”" if option.quote else ""
        if option.basis == "inferred":
            return f"the assessment's reading of {self.place(option)}{words}"
        return f"the report, {self.place(option)}{words}"


class QuestionsFile(_Model, frozen=True):
    source: str
    questions: list[Question]


class QuestionBank:
    """The validated bank: `questions` in order, `by_id`, and `for_characteristic(cid)`."""

    def __init__(self, questions: list[Question]):
        self.questions = list(questions)
        self.by_id = {q.id: q for q in self.questions}
        seen: set[str] = set()
        for q in self.questions:
            if q.id in seen:
                raise DataError("knowledge/questions.yaml", [f"question id {q.id!r} is used twice"])
            seen.add(q.id)

    def for_characteristic(self, cid: str) -> list[Question]:
        return [q for q in self.questions if q.characteristic == cid]

    def sections(self) -> list[str]:
        return list(dict.fromkeys(q.section for q in self.questions))


def parse(data: object, source: str = "knowledge/questions.yaml") -> QuestionBank:
    try:
        return QuestionBank(convert(data, QuestionsFile).questions)
    except Invalid as exc:
        raise DataError(source, [exc.problem]) from None
    except ValueError as exc:
        raise DataError(source, [str(exc)]) from None


@functools.cache
def load() -> QuestionBank:
    """The packaged question bank, loaded and validated once per process."""
    from .knowledge import cached, package_folder, parse_file

    text = (package_folder("knowledge") / "questions.yaml").read_text(encoding="utf-8")
    # validated once, then read from the user cache (classifier/knowledge.py, `cached`)
    return QuestionBank(cached("questions", {"questions.yaml": text}, QuestionsFile,
                               lambda: parse_file("questions.yaml", text, QuestionsFile),
                               code=(__file__,)).questions)
