"""Handouts: `walkthrough --case N --no-pause` and `cases show N` print a case as a full handout, a
worksheet or model answers, in Markdown, HTML or PDF, one case to an A4 page."""

from __future__ import annotations

import re

import pytest
from backtofront.classifier import reference as reference_mod
from backtofront.render import handout

weasyprint = pytest.importorskip("weasyprint")


@pytest.mark.parametrize("number", reference_mod.numbers())
def test_every_case_and_kind_prints_on_one_a4_page(number):
    for kind in handout.KINDS:
        html = handout.render(number, kind, "html")
        doc = weasyprint.HTML(string=html).render()
        assert len(doc.pages) == 1, (number, kind)
        assert round(doc.pages[0].width * 25.4 / 96) == 210 and round(doc.pages[0].height * 25.4 / 96) == 297
        assert '<html lang="en-GB">' in html and 'name="viewport"' in html


@pytest.mark.parametrize("number", reference_mod.numbers())
def test_the_worksheet_asks_without_the_answers_and_the_model_answers(number):
    ref = reference_mod.reference(number)
    sheet = handout.render(number, "worksheet", "md")
    model = handout.render(number, "model", "md")
    evidence = [line for line in sheet.split("\n") if line.startswith("The report:")]
    assert evidence and not [e for e in evidence if re.search("transactional|transitional|transformational",
                                                              e, re.I)]
    assert "Answer:" not in sheet and sheet.count("Your reason:") == len(ref.questions)
    # the paragraph a case sits under is the report's description of a stage (para 48: transactional)
    assert not re.search(r"\bpara \d", sheet) and not re.search(r"\bpara \d",
                                                                handout.render(number, "worksheet", "html"))
    assert "in the report under para" in model and f"(Case study {ref.number}, para " not in sheet
    assert model.count("Answer: **") == len(ref.questions)
    for q in ref.questions:
        assert f"Answer: **{q.stage}**, {'marked' if q.graded else 'discussed, not marked'}" in model
    full = handout.render(number, "full", "md")
    assert full.count("Why: ") == len(ref.questions) and "the assessment's reading" in full


def test_handouts_from_both_commands(run_cli, tmp_path):
    code, _, _ = run_cli("walkthrough", "--case", "7", "--no-pause", "--handout", "worksheet",
                         "-o", str(tmp_path / "ws.pdf"))
    assert code == 0 and (tmp_path / "ws.pdf").read_bytes().startswith(b"%PDF")
    code, out, _ = run_cli("cases", "show", "9", "--handout", "model", "-f", "md")
    assert code == 0 and out.startswith("# Model answers: Case study 9, Becoming […]")
    code, out, _ = run_cli("cases", "show", "9", "--handout", "full", "-f", "html")
    assert code == 0 and "<h1>Case notes: Case study 9, Becoming transformational</h1>" in out


def test_a_handout_implies_no_pause_and_says_exactly_what_is_missing(run_cli, tmp_path):
    target = tmp_path / "x.html"
    code, _, err = run_cli("walkthrough", "--case", "7", "--handout", "full", "-o", str(target))
    assert code == 0 and "<h1>Case notes: Case study 7" in target.read_text("utf-8")
    code, out, _ = run_cli("walkthrough", "--case", "7", "--handout", "worksheet")
    assert code == 0 and out.startswith("# ")
    code, _, err = run_cli("walkthrough", "--handout", "full", "-o", str(tmp_path / "y.html"))
    assert code == 2 and err == "Error: a handout is of a case study: give --case N\n"
    code, _, err = run_cli("walkthrough", "--case", "7", "--quiz", "--handout", "full")
    assert code == 2 and err == "Error: a handout is printed whole: not with --quiz\n"
    docx = tmp_path / "x.docx"
    code, _, err = run_cli("walkthrough", "--case", "7", "--handout", "full", "-o", str(docx))
    assert code == 2 and "this command's output (md, html, pdf) is written as .md, .markdown, .html, .htm " \
                         "or .pdf, not .docx" in err
    assert "--format" not in err and len(err.strip().splitlines()) == 1 and not docx.exists()


def test_a_handout_needs_a_case_with_a_profile(run_cli):
    code, _, err = run_cli("cases", "show", "19", "--handout", "full")
    assert code == 2 and "case study 19 has no bundled profile" in err
