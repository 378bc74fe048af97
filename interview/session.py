"""The interview's course through the question bank, shared by the full-screen app and the line mode.

Questions are asked in the bank's order, grouped into parts: one part per Table 4 characteristic (its
indicator questions), then one per other section (Table 3 pressures and barriers, Table 5 techniques, the
para 36 characteristics, the para 78 elements, para 89's leadership, the figures). The position is not
saved: a new session starts at the first question with no answer in the file (`first_unanswered`).
"""

from __future__ import annotations

from dataclasses import dataclass

from backtofront.classifier import knowledge as knowledge_mod
from backtofront.classifier.questions import Question, QuestionBank

from .previous import Previous
from .store import DONT_KNOW, NA, Answer, ProfileFile, check_answer

SECTION_TITLES = {
    "characteristics": "Table 4 characteristics",
    "pressures": "External pressures (Table 3)",
    "barriers": "Internal barriers (Table 3)",
    "techniques": "Efficiency techniques (Table 5)",
    "strategic_approach": "A strategic approach (para 36)",
    "four_elements": "An effective programme (para 78)",
    "leadership": "Leadership (para 89)",
    "figures": "Figures",
}


@dataclass(frozen=True)
class Part:
    key: str          # a characteristic id, or a section id
    title: str
    questions: tuple[Question, ...]


class Session:
    """Where the interview stands. `index` is the current question's place in `questions` (or
    `len(questions)` at the end). Every `answer()` saves the file at once."""

    def __init__(self, bank: QuestionBank, store: ProfileFile, kb: knowledge_mod.Knowledge | None = None,
                 previous: Previous | None = None):
        self.bank = bank
        self.store = store
        self.previous = previous  # `--from`: the earlier assessment, whose answers are offered as defaults
        self.kb = kb or knowledge_mod.load()
        self.parts = self._parts()
        self.questions: list[Question] = [q for p in self.parts for q in p.questions]
        self.index = self.first_unanswered()

    def _parts(self) -> list[Part]:
        groups: dict[str, list[Question]] = {}
        for q in self.bank.questions:
            groups.setdefault(q.characteristic or q.section, []).append(q)
        parts = []
        for key, questions in groups.items():
            char = self.kb.characteristics.get(key)
            title = char.name if char else SECTION_TITLES.get(key, key.replace("_", " ").capitalize())
            parts.append(Part(key, title, tuple(questions)))
        return parts

    # --- position -----------------------------------------------------------------------------
    def first_unanswered(self) -> int:
        answered = self.store.answers()
        return next((i for i, q in enumerate(self.questions) if q.id not in answered), len(self.questions))

    def saved_line(self) -> str:
        """'Saved council.yaml (3 of 45 questions answered). Run the same command again to resume at
        question 4.' (or 'to change an answer' when every question has one)."""
        answered = len([q for q in self.questions if q.id in self.store.answers()])
        total = len(self.questions)
        first = self.first_unanswered()
        then = (f"resume at question {first + 1}" if first < total else "change an answer")
        return (f"Saved {self.store.path} ({answered} of {total} questions answered). "
                f"Run the same command again to {then}.")

    @property
    def done(self) -> bool:
        return self.index >= len(self.questions)

    @property
    def current(self) -> Question | None:
        return None if self.done else self.questions[self.index]

    def part_of(self, index: int) -> tuple[int, Part]:
        seen = 0
        for n, part in enumerate(self.parts):
            if index < seen + len(part.questions):
                return n, part
            seen += len(part.questions)
        return len(self.parts) - 1, self.parts[-1]

    def progress(self) -> str:
        """'Question 4 of 52 · Efficiency policy (1 of 3)' for the current question: where it stands in the
        whole interview, and in its part."""
        if self.done:
            return f"All {len(self.questions)} questions seen"
        _, part = self.part_of(self.index)
        within = part.questions.index(self.questions[self.index]) + 1
        return (f"Question {self.index + 1} of {len(self.questions)} · {part.title} ({within} of "
                f"{len(part.questions)})")

    def part_progress(self) -> list[tuple[Part, int]]:
        """Each part with how many of its questions have an answer in the file."""
        answered = self.store.answers()
        return [(p, sum(q.id in answered for q in p.questions)) for p in self.parts]

    def back(self) -> None:
        self.index = max(0, self.index - 1)

    def skip(self) -> None:
        self.index = min(len(self.questions), self.index + 1)

    def jump(self, part_number: int) -> None:
        """Go to the first question of part `part_number` (0-based)."""
        self.index = sum(len(p.questions) for p in self.parts[:part_number])

    # --- answers ------------------------------------------------------------------------------
    def existing(self, question: Question) -> Answer | None:
        return self.store.answers().get(question.id)

    def last_time(self, question: Question) -> Answer | None:
        """`--from`: the earlier assessment's answer to `question` (offered as the default while this
        profile has none of its own; saved only when the assessor confirms it), or None."""
        return self.previous.answer(question.id) if self.previous else None

    def offered(self, question: Question) -> Answer | None:
        """The earlier answer offered as the default: only while this profile has no answer of its own."""
        return None if self.existing(question) is not None else self.last_time(question)

    def last_stage(self, question: Question) -> tuple[str, str | None] | None:
        """`--from`: the stage the earlier profile stated for the question's characteristic, by name, with
        its evidence note: ('Transitional', 'note' or None), or None. Shown, never an answer."""
        stated = self.previous.stage(question.characteristic) if self.previous else None
        if stated is None:
            return None
        stage, evidence = stated
        return (self.kb.stages[stage].name if stage in self.kb.stages else stage), evidence

    def answer(self, answer: Answer) -> None:
        """Record `answer` to the current question, save the file, and move to the next question.
        Raises ValueError (one line) when it does not fit the question; InputError when the file cannot
        be saved, store.ChangedOutside when it was changed outside the interview (the interview stops)."""
        question = self.current
        if question is None:
            raise ValueError("the interview is at its end")
        problem = check_answer(question, answer)
        if problem:
            raise ValueError(problem)
        self.store.set_answer(question.id, answer, unsaved=f"your answer to question {self.index + 1}")
        self.index += 1

    def summary(self) -> list[tuple[Part, dict[str, int]]]:
        """Per part: counts of 'answered', 'na', 'dont_know', 'open' (no answer) and 'evidence'."""
        answers = self.store.answers()
        out = []
        for part in self.parts:
            counts = {"answered": 0, "na": 0, "dont_know": 0, "open": 0, "evidence": 0}
            for q in part.questions:
                a = answers.get(q.id)
                if a is None:
                    counts["open"] += 1
                    continue
                counts[{NA: "na", DONT_KNOW: "dont_know"}.get(a.value, "answered")
                       if isinstance(a.value, str) else "answered"] += 1
                counts["evidence"] += bool(a.evidence)
            out.append((part, counts))
        return out

    def descriptors(self, question: Question) -> list[tuple[str, str]]:
        """Table 4's cells for the question's characteristic: [(stage name, descriptor)], or []."""
        if not question.characteristic:
            return []
        char = self.kb.characteristics.get(question.characteristic)
        if char is None:
            return []
        return [(stage.name, char.descriptors[stage.id]) for stage in self.kb.stages.values()]


def describe(question: Question, answer: Answer | None) -> str:
    """An answer in words: the option texts, the figure, 'not applicable (why)' or "don't know"."""
    if answer is None:
        return "no answer yet"
    value = answer.value
    if value == NA:
        return f"not applicable ({answer.justification})"
    if value == DONT_KNOW:
        return "don't know"
    if question.kind == "number":
        return f"{value:g}%" if question.unit == "pct" else (f"£{value:,.0f}" if question.unit == "gbp"
                                                             else f"{value:g}")
    ids = value if isinstance(value, list) else [value]
    if not ids:
        return "none of these"
    return "; ".join(o.text for i in ids if (o := question.option(i)))
