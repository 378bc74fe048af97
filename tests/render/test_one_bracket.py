"""The provisional wording and the reading marker share one bracket, never two back to back
("Transitional (provisional: 1 of 8 characteristics assessed) (the assessment's reading)"), in every output a
person reads: the terminal and Markdown reports, and the letter in Markdown, HTML and Word."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import profile as profile_mod
from backtofront.render import formats
from backtofront.render import letter as letter_mod

ROOT = Path(__file__).resolve().parents[2]
BACK_TO_BACK = re.compile(r"\)\s*\((?:provisional|the assessment's reading)")


def thin(classifier):
    """Two characteristics of eight (the overall stage provisional): one judged from one answer of four
    (provisional) whose option is a reading, one from two answers at different stages (a reading)."""
    return classifier.classify(profile_mod.parse({
        "council": {"name": "Thin Council", "type": "district"},
        "answers": {"management_leadership_challenge": {"answer": "with_support"},
                    "planning_monitoring_targets": {"answer": "tailored"},
                    "planning_monitoring_alignment": {"answer": "fully"}}}))


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))


def test_the_result_is_provisional_and_read(classifier):
    r = thin(classifier)
    assert r.overall.provisional
    assert r.overall.marked_headline == ("Transitional (provisional: 2 of 8 characteristics assessed; the "
                                         "assessment's reading)")
    assert r.characteristics["management_leadership"].provisional
    assert r.characteristics["management_leadership"].judgement == "inferred"
    assert r.rests_on_words("management_leadership").endswith(
        "(provisional: fewer than half its questions answered; the assessment's reading)")


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_reports_use_one_bracket(classifier, fmt):
    r = thin(classifier)
    out = formats.render(r, fmt, width=200, show_all=True)
    flat = " ".join(out.split())
    assert "2 of 8 characteristics assessed; the assessment's reading)" in flat
    assert not BACK_TO_BACK.search(flat), BACK_TO_BACK.search(flat)


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_letters_use_one_bracket(classifier, kb, fmt):
    r = thin(classifier)
    out = letter_mod.render(letter_mod.build(r, kb), fmt)
    text = docx_text(out) if isinstance(out, bytes) else html.unescape(re.sub(r"<[^>]+>", " ", out))
    flat = " ".join(text.split())
    assert "2 of 8 characteristics assessed; the assessment's reading)" in flat
    assert not BACK_TO_BACK.search(flat), BACK_TO_BACK.search(flat)


def test_no_case_letter_or_report_has_two_brackets_back_to_back(classifier, kb):
    for n in cases_mod.load_all():
        r = classifier.classify(cases_mod.get(n).profile)
        for out in (formats.render(r, "md", show_all=True),
                    letter_mod.render_md(letter_mod.build(r, kb, letter_mod.Options(case=n)))):
            flat = " ".join(out.split())
            assert not BACK_TO_BACK.search(flat), (n, BACK_TO_BACK.search(flat))
