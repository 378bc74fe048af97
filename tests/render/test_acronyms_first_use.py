"""Every acronym a council reads is explained. In the product's own prose (the letter, the Markdown report,
the terminal report and the walkthrough of every bundled profile) each all-caps word of two or more letters
first appears as "spelled-out name (ACRONYM)", unless it is not an acronym at all. The user's own words
(notes, evidence, names) and the report's words in quotation marks are never rewritten: an acronym there is
explained by the Abbreviations list that ends the letter and the Markdown report, which names every acronym
the document shows."""

from __future__ import annotations

import re

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier.profile import load as load_profile
from backtofront.render import formats, trainer
from backtofront.render import letter as letter_mod
from backtofront.render.plain import ACRONYMS, Expander, user_texts
from conftest import ROOT

# All-caps words that are not acronyms, so have nothing to spell out. Nothing else goes here.
NOT_ACRONYMS = {
    # the name of Croydon's programme, printed in capitals (Case study 8); the report expands nothing
    "RELEASE",
    "A4",       # a paper size
}
# A word of capitals (two or more; digits may follow or sit between, "SR04", "NI179"), maybe a plural "s".
CAPS = re.compile(r"(?<![\w/.#-])([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?)(?![\w])")


def _bundled():
    out = [pytest.param(f"case {n}", c.profile, n, id=f"case-{n}") for n, c in cases_mod.load_all().items()]
    out += [pytest.param(f"answers {n}", c.profile, n, id=f"answers-{n}")
            for n, c in cases_mod.load_answers().items()]
    for path in [*sorted((ROOT / "examples").glob("*.yaml")), ROOT / "examples" / "starter" / "council.yaml"]:
        out.append(pytest.param(str(path.relative_to(ROOT)), load_profile(path), None, id=path.stem))
    return out


_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")


def product_prose(text: str, user: list[str]) -> str:
    """`text` with the user's words (`user`) and quotations replaced by "…": the product's own prose
    (spaces and line ends squashed to one space, as a terminal wraps the user's words across lines)."""
    text = " ".join(text.split())
    for words in sorted({" ".join(u.split()) for u in user if u}, key=len, reverse=True):
        text = text.replace(words, "…")
    return _QUOTED.sub("…", text)


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


def test_the_users_words_and_quotations_are_never_rewritten():
    x = Expander(protect=["Head of HR & Head of ICT", "HR and ICT savings only; no CSR07 plan"])
    text = x.document("Notes: Workshop with CFO, Head of HR & Head of ICT. The assessment found: HR and ICT "
                      "savings only; no CSR07 plan. The report says “The 2007 CSW focused on efficiency "
                      "targets for CSR07.” Gains will continue into CSR07.")
    assert "Head of HR & Head of ICT" in text and "found: HR and ICT savings only; no CSR07 plan." in text
    assert "“The 2007 CSW focused on efficiency targets for CSR07.”" in text
    assert text.endswith("continue into Comprehensive Spending Review 2007 (CSR07).")  # the product's own use


def test_a_spelled_out_name_at_the_start_of_a_title_or_sentence_has_a_capital():
    assert Expander().document("Case study 11: ICT delivers productivity") == \
        "Case study 11: Information and communications technology (ICT) delivers productivity"
    assert Expander().document("**Case study 11: ICT delivers**") == \
        "**Case study 11: Information and communications technology (ICT) delivers**"
    assert Expander().document("Savings. HR came first") == "Savings. Human resources (HR) came first"
    assert Expander().document("savings in HR") == "savings in human resources (HR)"


def test_the_user_texts_of_a_result_are_its_notes_evidence_and_name(classifier):
    result = classifier.classify(load_profile(ROOT / "examples" / "district-transitional.yaml"))
    texts = user_texts(result)
    assert result.council["name"] in texts and result.notes in texts
    assert all(c.evidence in texts for c in result.characteristics.values() if c.evidence)



def _abbreviations(text: str) -> dict[str, str]:
    """The document's Abbreviations list, {ACRONYM: words}: the lines after its heading."""
    head = re.search(r"^## Abbreviations\n\n((?:- .+\n?)+)", text, re.MULTILINE)
    assert head, "the document ends with an Abbreviations list"
    return dict(re.findall(r"^- \*\*(\S+)\*\*: (.+)$", head.group(1), re.MULTILINE))


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
    user = user_texts(result)
    prose = {kind: product_prose(text.split("## Abbreviations")[0], user) for kind, text in outputs.items()}
    bad = {kind: unexpanded(text) for kind, text in prose.items() if unexpanded(text)}
    assert bad == {}, name
    for kind in ("letter (Markdown)", "report (Markdown)"):
        text = outputs[kind]
        listed = _abbreviations(text) if any(a in text for a in ACRONYMS) else {}
        shown = {w for w in ACRONYMS if re.search(rf"(?<!\w){w}(?!\w)", text.split("## Abbreviations")[0])}
        assert set(listed) == shown, (name, kind)
        assert all(listed[w] == ACRONYMS[w].removesuffix(f" ({w})") for w in listed)


def test_acronyms_in_the_users_words_and_quotations_are_kept_and_listed(classifier, tmp_path):
    """The new user's profile: notes and evidence with HR, ICT, CFO and CSR07 stay as written; the
    product's own prose spells each acronym out at its first use; the Abbreviations list explains all."""
    profile = tmp_path / "acr.yaml"
    profile.write_text("""council: {name: Barsetshire County Council, type: county}
characteristics:
  efficiency_policy: {stage: transactional, evidence: "HR and ICT savings only; no CSR07 plan"}
  sustainability: transactional
pressures: [csr07]
techniques: {used: [ict]}
figures: {back_office_share_of_gains_pct: 55}
notes: "Workshop with CFO, Head of HR & Head of ICT, 28 June 2007."
""", encoding="utf-8")
    result = classifier.classify(load_profile(profile))
    for text in (letter_mod.render(letter_mod.build(result, classifier.kb), letter_mod.LetterFormat.MD),
                 formats.render(result, formats.Format.MARKDOWN)):
        assert "HR and ICT savings only; no CSR07 plan" in text
        assert "Workshop with CFO, Head of HR & Head of ICT, 28 June 2007." in text
        assert "human resources (HR)" not in text and "Comprehensive Spending Review 2007 (CSR07)" in text
        listed = _abbreviations(text)
        assert {"CFO": "chief financial officer", "CSR07": "Comprehensive Spending Review 2007",
                "HR": "human resources",
                "ICT": "information and communications technology"}.items() <= listed.items()
