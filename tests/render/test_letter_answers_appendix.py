"""The evidence notes given with answers (and the reasons an answer does not apply) are in the letter's
appendix of the council's answers, in every format (Markdown, HTML, Word, PDF), as the council wrote them and
escaped as its text: each answer with the stage it describes. A stage judged from answers at different stages
is not given Table 4's description of the lower stage as the council's in the appendix."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from backtofront.classifier import profile as profile_mod
from backtofront.render import letter as letter_mod

NOTE = "Minutes of 3 <March> & *the* review"   # user text with HTML and Markdown in it
OTHER = "Staff survey 2008"                    # a note on an answer that did not decide the stage
REASON = "No overview & scrutiny committee"


def letter(classifier, kb):
    result = classifier.classify(profile_mod.parse({
        "council": {"name": "Answer Council", "type": "district"},
        "answers": {
            "management_leadership_councillors": {"answer": "clear_leadership", "evidence": OTHER},
            "management_leadership_staff": {"answer": "some", "evidence": NOTE},
            "management_leadership_scrutiny": {"answer": "na", "justification": REASON}}}))
    return letter_mod.build(result, kb)


def words(out: str | bytes) -> str:
    if isinstance(out, bytes) and out[:4] == b"%PDF":
        from pypdf import PdfReader
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(out)).pages)
    if isinstance(out, bytes):
        with zipfile.ZipFile(io.BytesIO(out)) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        return html.unescape(re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n")))
    return html.unescape(re.sub(r"<[^>]+>", " ", out))


def appendix(text: str) -> str:
    return text[text.index("Appendix: the council's answers"):]


def test_the_markdown_appendix_gives_every_answer_with_its_note_escaped(classifier, kb):
    md = letter_mod.render_md(letter(classifier, kb))
    part = appendix(md)
    assert "Minutes of 3 &lt;March> & \\*the\\* review" in part   # no tag, no emphasis: the text as written
    assert f"Evidence: {OTHER}" in part
    assert f"Why not applicable: {REASON}" in part
    assert "(transformational)" in part and "(transitional; decided the stage)" in part


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_every_letter_format_has_the_appendix_of_answers(classifier, kb, fmt):
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    out = letter_mod.render(letter(classifier, kb), fmt)
    if fmt == "html":
        assert "&lt;March&gt; &amp; *the* review" in out   # escaped as text, not markup
    text = " ".join(words(out).split())
    part = appendix(text)
    for expected in (NOTE, OTHER, REASON, "How engaged are councillors with efficiency?"):
        assert expected in part, expected


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_an_answer_of_not_applicable_or_dont_know_starts_its_sentence(classifier, kb, fmt):
    result = classifier.classify(profile_mod.parse({
        "council": {"name": "Answer Council", "type": "district"},
        "answers": {"management_leadership_councillors": {"answer": "dont_know"},
                    "management_leadership_scrutiny": {"answer": "na", "justification": REASON},
                    "management_leadership_staff": {"answer": "some", "evidence": NOTE}}}))
    text = " ".join(words(letter_mod.render(letter_mod.build(result, kb), fmt)).split())
    part = appendix(text)
    assert "? Don't know." in part and "? Not applicable. Why not applicable:" in part, part
    assert "? don't know" not in part and "? not applicable" not in part


def test_the_markdown_report_starts_such_an_answer_with_a_capital_too(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: Answer Council, type: district}\nanswers:\n"
                    "  management_leadership_councillors: {answer: dont_know}\n"
                    "  management_leadership_staff: {answer: some, evidence: Staff survey}\n",
                    encoding="utf-8")
    code, out, err = run_cli("assess", str(path), "-f", "md")
    assert code == 0, err
    assert "How engaged are councillors with efficiency? Don't know." in out


def appendix_table(md: str) -> list[str]:
    return md[md.index("## Appendix: the eight characteristics"):].splitlines()


def test_mixed_answers_are_not_given_the_lower_description(classifier, kb):
    built = letter(classifier, kb)
    leadership = next(c for c in built.characteristics if c.id == "management_leadership")
    assert leadership.mixed
    md = letter_mod.render_md(built)
    row = next(line for line in appendix_table(md) if line.startswith("| Management and leadership"))
    assert "Partial engagement of councillors" not in row.split("|")[2]
    assert "the lowest stage among its answers" in row
    # the priorities' reasons say which answers are at which stage, not Table 4's transitional words
    assert "Partial engagement of councillors" not in md.split("## Appendix")[0]
