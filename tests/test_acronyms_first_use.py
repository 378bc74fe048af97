"""Every acronym a council reads is spelled out where it is first used: in the letter and the Markdown
report (and the terminal report and the walkthrough) of every bundled profile, each all-caps word of two
or more letters first appears as "spelled-out name (ACRONYM)", unless it is not an acronym at all."""

from __future__ import annotations

import re

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier.profile import load as load_profile
from backtofront.render import formats, trainer
from backtofront.render import letter as letter_mod
from backtofront.render.plain import ACRONYMS, Expander
from conftest import ROOT

# All-caps words that are not acronyms, so have nothing to spell out. Nothing else goes here.
NOT_ACRONYMS = {
    "RELEASE",  # the name of Croydon's programme, printed in capitals (Case study 8); the report expands nothing
    "A4",       # a paper size
}
# A word of capitals (two or more; digits may follow or sit between, "SR04", "NI179"), maybe a plural "s".
CAPS = re.compile(r"(?<![\w/.#-])([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?)(?![\w])")


def _bundled():
    out = [pytest.param(f"case {n}", c.profile, n, id=f"case-{n}") for n, c in cases_mod.load_all().items()]
    out += [pytest.param(f"answers {n}", c.profile, n, id=f"answers-{n}") for n, c in cases_mod.load_answers().items()]
    for path in [*sorted((ROOT / "examples").glob("*.yaml")), ROOT / "examples" / "starter" / "council.yaml"]:
        out.append(pytest.param(str(path.relative_to(ROOT)), load_profile(path), None, id=path.stem))
    return out


def unexpanded(text: str) -> list[str]:
    """The all-caps words of `text` whose first use is not "spelled-out name (WORD)", with what precedes."""
    bad, seen = [], set()
    for m in CAPS.finditer(text):
        word = m.group(1)
        if word in seen or word in NOT_ACRONYMS:
            continue
        seen.add(word)
        before = " ".join(text[max(0, m.start() - 80):m.start()].split())
        spelled = ACRONYMS.get(word, "").removesuffix(f" ({word})")
        if not (text[m.start() - 1:m.start()] == "(" and text[m.end():m.end() + 1] == ")" and spelled
                and before[:-1].rstrip().lower().endswith(spelled.lower())):
            bad.append(f"{word} after “…{before[-60:]}”")
    return bad


def test_the_check_finds_an_acronym_used_before_it_is_spelled_out():
    assert unexpanded("Use ICT. Then information and communications technology (ICT) again.") != []
    assert unexpanded("Use information and communications technology (ICT), then ICT.") == []
    assert unexpanded("The HM Treasury said so.") == ["HM after “…The”"]
    assert unexpanded("Croydon's RELEASE programme.") == []


def test_an_acronym_spelled_out_only_later_is_still_spelled_out_at_its_first_use():
    text = Expander().document("Use ICT. Later: information and communications technology (ICT).")
    assert text.startswith("Use information and communications technology (ICT).") and unexpanded(text) == []


@pytest.mark.parametrize("name, profile, case", _bundled())
def test_every_acronym_is_spelled_out_at_first_use(classifier, name, profile, case):
    result = classifier.classify(profile)
    letter = letter_mod.build(result, classifier.kb, letter_mod.Options(case=case))
    walked: list[str] = []
    intro = None
    if case in classifier.kb.case_studies:
        cs = classifier.kb.case_studies[case]
        intro = f"Case study {cs.number}: {cs.title}. {cs.summary}"  # as `walkthrough --case N` prints it
    trainer.walkthrough(result, classifier, walked.append, lambda _: "", pause=False, intro=intro)
    outputs = {
        "letter (Markdown)": letter_mod.render(letter, letter_mod.LetterFormat.MD),
        "report (Markdown)": formats.render(result, formats.Format.MARKDOWN),
        # 60 columns: the characteristics as a list, so that a spelled-out name is not split across cells.
        "terminal report": formats.render(result, formats.Format.TEXT, width=60),
        "walkthrough": "\n".join(walked),
    }
    bad = {kind: unexpanded(text) for kind, text in outputs.items() if unexpanded(text)}
    assert bad == {}, name
    assert "information and communications technology (ICT)" in outputs["letter (Markdown)"] or \
        "ICT" not in outputs["letter (Markdown)"]
