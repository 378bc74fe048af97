"""Small things a trainer's class reads: no doubled brackets in the narrow case list, a prompt that says
how to quit."""

from __future__ import annotations

from backtofront.classifier import cases as cases_mod
from backtofront.render import trainer


def test_narrow_case_list_has_no_doubled_brackets(classifier):
    text = trainer.cases_text(trainer.case_rows(cases_mod.load_all(), classifier), width=60)
    assert "A district council (Case study 4): District council" in text
    assert ") (" not in text


def test_walkthrough_prompt_says_how_to_quit(classifier):
    prompts = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return "q\n"

    case = cases_mod.load_all()[7]
    trainer.walkthrough(classifier.classify(case.profile), classifier, lambda _text: None, ask, pause=True)
    assert prompts and "type q and press Enter to quit" in prompts[0]
