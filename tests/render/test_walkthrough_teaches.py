"""The walkthrough teaches from the evidence, for every case: each characteristic's step quotes the report
(with its case study and paragraph), names Table 4's words at the stage and the conclusion; no step repeats
another's sentence or says nothing; every step fits an 80x24 screen or pauses inside itself; the quiz never
names the stage before an answer."""

from __future__ import annotations

import re

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import reference as reference_mod
from backtofront.render import trainer
from backtofront.render.plain import Expander

NUMBERS = sorted(cases_mod.load_all())
SENTENCE = re.compile(r"(?<=[.!?])[”\"]?\s+")


def _squash(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def _steps(number, classifier, width=80):
    result = classifier.classify(cases_mod.load_all()[number].profile)
    steps = trainer.walkthrough_steps(result, classifier, number)
    expand = Expander()
    return steps, [trainer.step_lines(s, i, len(steps), width, expand) for i, s in enumerate(steps, start=1)]


@pytest.mark.parametrize("number", NUMBERS)
def test_no_step_repeats_another_or_says_nothing(number, classifier):
    steps, screens = _steps(number, classifier)
    seen: dict[str, int] = {}
    for i, lines in enumerate(screens, start=1):
        body = _squash(" ".join(lines[1:]))
        for sentence in SENTENCE.split(body):
            if len(sentence.split()) < 4:
                continue
            assert sentence not in seen or seen[sentence] == i, (f"step {i} repeats step {seen[sentence]}: "
                                                                 f"{sentence}")
            seen.setdefault(sentence, i)
        # no "X is X": a characteristic's conclusion follows from a reason that is not Table 4's words
        # again; a rule's conclusion is not the facts it looked at
        paragraphs = steps[i - 1].paragraphs
        conclusion = next((p for p in paragraphs if p.startswith("Conclusion:")), None)
        if conclusion is None:
            continue
        assert not re.fullmatch(r"Conclusion: [\w &]+ is (transactional|transitional|transformational)\.?",
                                conclusion)
        why = [p for p in paragraphs if p.startswith("Why it matches:")]
        table4 = [p for p in paragraphs if p.startswith("Table 4, ")]
        if why and table4:
            said = re.search(r"“(.+)”", table4[0]).group(1).lower().rstrip(".")
            assert all(len(w.lower().replace(said, "").split()) >= 6 for w in why), why
        facts = [p.removeprefix("Facts it looked at: ") for p in paragraphs
                 if p.startswith("Facts it looked at:")]
        assert not [f for f in facts if f.rstrip(".") in conclusion]


@pytest.mark.parametrize("number", NUMBERS)
def test_each_characteristic_step_quotes_the_report_with_its_place(number, classifier, report_text):
    steps, _ = _steps(number, classifier)
    ref = reference_mod.reference(number)
    report = _squash(report_text)
    characteristic_steps = [s for s in steps if ref.get(
        next((q.key for q in ref.questions if q.name == s.heading),
                                                              "")) is not None]
    assert len(characteristic_steps) == len(ref.questions) - 1
    for step in characteristic_steps:
        q = next(q for q in ref.questions if q.name == step.heading)
        what = step.paragraphs[0]
        # a sentence an earlier step quoted is named by its step, never quoted twice
        place = re.escape(q.place)
        if m := re.fullmatch(rf"What the council did \({place}\): the sentence quoted in step (\d+)\.", what):
            earlier = steps[int(m.group(1)) - 1].paragraphs[0]
            assert _squash(q.evidence) in _squash(earlier), (what, earlier)
            what = earlier
        assert what.startswith(f"What the council did ({q.place}): “")
        quoted = re.search(r"“(.+?)”", what).group(1)
        assert _squash(quoted) in report, f"{q.name}: not the report's words: {quoted}"
        assert f"Table 4, {q.stage}: “{q.descriptor}”" in step.paragraphs
        conclusion = step.paragraphs[-1]
        if q.graded:
            assert "settled by the report's words" in conclusion
        else:
            assert "the assessment's reading" in conclusion and "the report does not state" in conclusion


@pytest.mark.parametrize("number", NUMBERS)
def test_every_step_fits_80_columns_and_plain_words(number, classifier):
    _, screens = _steps(number, classifier)
    for lines in screens:
        assert all(len(line) <= 80 for line in lines)
        text = "\n".join(lines)
        assert not re.search(r"BT\d{3}|\b[a-z]+_[a-z_]+\b", text)


def test_a_step_longer_than_the_screen_pauses_inside(classifier):
    result = classifier.classify(cases_mod.load_all()[7].profile)
    out: list[str] = []
    prompts: list[str] = []
    trainer.walkthrough(result, classifier, out.append, lambda p: prompts.append(p) or "", pause=True, case=7,
                        width=60, rows=8)
    assert any("Press Enter for the rest" in p for p in prompts)
    assert all(len(chunk.split("\n")) <= 6 for chunk in out if chunk)


@pytest.mark.parametrize("number", reference_mod.numbers())
@pytest.mark.parametrize("blind", [False, True])
def test_the_quiz_never_names_the_stage_before_an_answer(number, blind, classifier):
    case = cases_mod.get(number)
    result = classifier.classify(case.profile)
    shown: list[str] = []
    answers = iter(["?"] * 20)

    def ask(prompt: str) -> str:
        shown.append(prompt)
        return next(answers)

    trainer.quiz(result, classifier, shown.append, ask, case=number, blind=blind)
    before = "\n".join(shown).split("\nAnswers:")[0]
    heading_and_evidence = [line for line in before.split("\n")
                            if line.startswith(("Quiz:", "What did", "  The report:"))
                            or "The report:" in line]
    assert heading_and_evidence
    for line in heading_and_evidence:
        assert not re.search(r"transactional|transitional|transformational", line, re.IGNORECASE), line
    ref = reference_mod.reference(number)
    if blind:
        core = ref.council.replace(" Borough Council", "").replace(" County Council", "").replace(" Council",
                                                                                                  "")
        assert ref.council not in before and ref.title not in before
        if not core.startswith("A district"):
            assert core.split()[-1] not in before, core
    else:
        assert f"Case study {number}" in before
