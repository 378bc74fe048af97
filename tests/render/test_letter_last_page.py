"""A printed letter's pages end well: the sign-off page carries a whole case study to read with the sign-off
(never a split item's tail), and the last page of the annex holds more than a sign-off's worth of text, with
the closing table's last three rows together, never a lone row or the source line by itself.

Checked on the PDF of bundled case-study councils whose letters used to end badly: Sheffield (1: the last
case study split across pages 2 and 3), Thurrock (3: the source line alone on page 6) and Lincolnshire
(15: one table row on page 6); and West Lindsey (12), whose letter lists case studies to read where those
three now list none (a case study is offered only as a model at the stage the advice aims at)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.render import letter as letter_mod

DATE = dt.date(2008, 11, 1)
COUNCILS = [1, 3, 12, 15]
SOURCE = "Source: Audit Commission, Back to front"


def _squeeze(text: str) -> str:
    """Text without any white space: a line wrapped in the PDF reads the same as the source text."""
    return "".join(text.split())


@pytest.fixture(scope="module", params=COUNCILS, ids=[f"case-{n}" for n in COUNCILS])
def printed(request, classifier, letter_pdf):
    """(Letter, each PDF page's text), the PDF drawn through letter_pdf (once for the run:
    test_letter_shape.py prints the same letters)."""
    case, _ = cases_mod.resolve(request.param)
    letter = letter_mod.build(classifier.classify(case.profile), classifier.kb, letter_mod.Options(date=DATE))
    return letter, letter_pdf(letter)[1]


def _body(page: str, letter) -> str:
    """A page's text without its running head (council, date), its foot (page N of M), a table's repeated
    header row and the source line."""
    text = re.sub(r"Page \d+ of \d+", "", " ".join(page.split())).replace(f"{letter.council} {letter.date}",
                                                                          "", 1)
    for header in ("Characteristic Current stage Evidence Target",
                   "# Action Why Priority Effort Suggested owner Suggested by when Citation"):
        text = text.replace(header, "")
    return " ".join(re.sub(re.escape(SOURCE) + r".*?\(October 2008\)\.", "", text).split())


def _sign_off(letter) -> str:
    return (f"The improvement plan in the annex lists every action, with a suggested owner and timing. "
            f"Yours sincerely, {letter.sender}")


def test_the_sign_off_page_carries_the_whole_last_case_study(printed):
    letter, pages = printed
    signed = next(page for page in pages if "Yours sincerely" in page)
    if not letter.case_studies:
        assert "Case studies to read" not in " ".join(pages)
        return
    last = letter.case_studies[-1]
    item = f"Case study {last.number}: {last.title} ({last.council}), {last.why}"
    assert _squeeze(item) in _squeeze(signed), signed[:400]


def test_the_last_page_holds_more_than_a_sign_off(printed):
    letter, pages = printed
    assert len(pages) > 1
    assert len(_body(pages[-1], letter)) > len(_sign_off(letter)), pages[-1]


def test_the_annex_ends_on_its_table_s_last_three_rows_together(printed):
    letter, pages = printed
    last = _squeeze(pages[-1])
    assert all(_squeeze(c.name) in last for c in letter.characteristics[-3:]), pages[-1]
    assert _squeeze(SOURCE) in last
