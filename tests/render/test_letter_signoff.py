"""The sign-off of a printed letter stays with the letter's last lines (the case studies to read), never
alone on a page, in PDF and in Word."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from backtofront.classifier import profile as profile_mod
from backtofront.render import letter as letter_mod
from conftest import make_profile

ROOT = Path(__file__).resolve().parents[2]
DATE = dt.date(2008, 11, 1)
# A district profile whose body runs just past page 2: the sign-off used to stand alone on page 3.
SPILLS = {
    "council": {"name": "Barsetshire Borough Council", "type": "district"},
    "assessed_on": "2008-03-31",
    "characteristics": {
        "efficiency_policy": "transitional", "service_transformation": "transitional",
        "organisational_change": "transactional", "back_office_front_line": "transitional",
        "planning_monitoring": {"stage": "transitional", "evidence": "No"}, "sustainability": "transactional",
        "time_scales": "transitional", "management_leadership": {"stage": "transactional",
                                                                 "evidence": "No member forum"},
    },
    "pressures": ["financial_position", "council_tax"], "barriers": ["low_change_capacity"],
    "techniques": {"used": ["procurement", "lean_bpi"], "planned": ["shared_services"]},
    "figures": {"back_office_share_of_gains_pct": 30},
}
STEMS = [p.stem for p in sorted((ROOT / "examples").glob("*.yaml"))]
PROFILES = [(p.stem, lambda p=p: profile_mod.load(p)) for p in sorted((ROOT / "examples").glob("*.yaml"))] + \
           [("spills-past-page-2", lambda: make_profile(SPILLS))]


def _letter(classifier, load):
    return letter_mod.build(classifier.classify(load()), classifier.kb, letter_mod.Options(date=DATE))


@pytest.mark.parametrize("name,load", PROFILES, ids=[p[0] for p in PROFILES])
def test_pdf_sign_off_shares_its_page_with_the_last_case_study(classifier, example_pdf, letter_pdf, name,
                                                               load):
    if name in STEMS:  # a bundled example: the session's shared letter
        letter, _, text = example_pdf(name)
    else:
        letter = _letter(classifier, load)
        text = letter_pdf(letter)[1]
    pages = [" ".join(page.split()) for page in text]
    signed = next(i for i, text in enumerate(pages) if "Yours sincerely" in text)
    text = pages[signed]
    before = text[:text.index("The improvement plan in the annex")]
    last = letter.case_studies[-1]
    assert f"Case study {last.number}" in before, (name, signed + 1, text[:300])


def test_word_sign_off_is_kept_with_the_case_studies(classifier):
    letter = _letter(classifier, lambda: make_profile(SPILLS))
    document = docx.Document(io.BytesIO(letter_mod.render(letter, letter_mod.LetterFormat.DOCX)))
    paras = document.paragraphs
    start = next(i for i, p in enumerate(paras) if p.text.startswith("Case study "
                                                                     f"{letter.case_studies[0].number}:"))
    end = next(i for i, p in enumerate(paras) if p.text == "Yours sincerely,")
    for p in paras[start:end + 2]:  # each case study, the closing line, the sign-off and the signature space
        keep = p.paragraph_format.keep_with_next
        keep = keep if keep is not None else p.style.paragraph_format.keep_with_next
        assert keep, repr(p.text[:60])
