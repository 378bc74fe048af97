"""Recommendation letters: every format, tailoring, templates and their safety."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError
from backtofront.render import letter as letter_mod

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DATE = dt.date(2008, 11, 1)


def _letter(classifier, path: Path, **options):
    result = classifier.classify(profile_mod.load(path))
    return letter_mod.build(result, classifier.kb, letter_mod.Options(date=DATE, **options))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_markdown_letter_matches_its_golden_file(classifier, path):
    text = letter_mod.render(_letter(classifier, path), letter_mod.LetterFormat.MD)
    golden = GOLDEN / f"letter-{path.stem}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), ("run UPDATE_GOLDEN=1 make test after checking the "
                                                        "change")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_no_section_is_empty(classifier, path):
    letter = _letter(classifier, path)
    for section in ("summary", "priorities", "body", "plan", "actions", "case_studies", "questions",
                    "characteristics"):
        assert getattr(letter, section), section
    assert len(letter.characteristics) == 8 and 3 <= len(letter.priorities) <= 5


def test_two_profiles_get_visibly_different_letters(classifier):
    a, b = (_letter(classifier, p) for p in EXAMPLES[:2])
    assert a.stage != b.stage
    assert {x.title for x in a.actions} != {x.title for x in b.actions}
    assert {c.number for c in a.case_studies} != {c.number for c in b.case_studies}
    assert [q.text for q in a.questions] != [q.text for q in b.questions]
    assert a.plan != b.plan


def test_letter_defaults_and_options(classifier):
    letter = _letter(classifier, EXAMPLES[0])
    assert letter.recipient.startswith("The Chief Executive and the Leader, ")
    assert letter.date == "1 November 2008"
    custom = _letter(classifier, EXAMPLES[0], sender="Jane Smith", recipient="Chair of Scrutiny")
    assert (custom.sender, custom.recipient) == ("Jane Smith", "Chair of Scrutiny")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_html_letter_is_standalone_with_a_chart(classifier, path):
    html = letter_mod.render(_letter(classifier, path), letter_mod.LetterFormat.HTML)
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "</html>" in html
    result = classifier.classify(profile_mod.load(path))
    # a track and a bar for each characteristic, a mark for each target, and the key's mark
    assert html.count("<rect") == 16 + len(result.targets) + 1
    assert "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched


def test_html_letter_escapes_what_the_profile_says(classifier, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: '<script>alert(1)</script>', type: county}\n"
                    "characteristics: {time_scales: {stage: transitional, evidence: '<b>x</b>'}}\n")
    html = letter_mod.render(_letter(classifier, path), letter_mod.LetterFormat.HTML)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_docx_letter_opens_and_contains_the_actions(classifier, path):
    letter = _letter(classifier, path)
    data = letter_mod.render(letter, letter_mod.LetterFormat.DOCX)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    for row in letter.plan:
        assert row.action in cells
    for title in letter.priorities:
        assert title in text
    assert "{{" not in text and "{%" not in text and "{{" not in cells
    plan, characteristics = document.tables
    assert len(plan.rows) == len(letter.plan) + 1
    assert len(characteristics.rows) == 9 and characteristics.rows[1].cells[0].text == "Efficiency policy"


def test_docx_letter_escapes_xml(classifier, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: 'A & B <Council>', type: county}\n")
    data = letter_mod.render(_letter(classifier, path), letter_mod.LetterFormat.DOCX)
    assert "A & B <Council>" in "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_pdf_letter_has_pages(example_pdf, path):
    """WeasyPrint is in the test extras, so this runs everywhere the suite does."""
    letter, _, pages = example_pdf(path.stem)
    assert len(pages) >= 3  # summary, actions, appendix
    text = " ".join(pages)
    # a report's unnamed council ("A district council") is named in lower case inside a sentence
    assert letter.council.casefold() in text.casefold() and "Appendix" in text


def test_pdf_without_weasyprint_says_how_to_get_it(classifier, monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(InputError, match=r"pip install 'backtofront\[pdf\]'"):
        letter_mod.render(_letter(classifier, EXAMPLES[0]), letter_mod.LetterFormat.PDF)


def test_user_template_extends_a_builtin(classifier, tmp_path):
    (tmp_path / "letter.html.j2").write_text(
        '{% extends "builtin/letter.html.j2" %}{% block letterhead %}<p>Letterhead of {{ letter.council '
        '}}</p>'
        "{% endblock %}")
    html = letter_mod.render(_letter(classifier, EXAMPLES[0], template_dir=tmp_path),
                             letter_mod.LetterFormat.HTML, tmp_path)
    assert "<p>Letterhead of Example District Council</p>" in html
    assert "Where the council stands" in html  # the rest comes from the built-in


def test_a_markdown_letterhead_keeping_the_built_in_one_keeps_its_markdown(classifier, tmp_path):
    """`{{ super() }}` is the built-in block's own Markdown, not text to escape; what it prints of the
    profile is escaped there, once."""
    (tmp_path / "letter.md.j2").write_text(
        '{% extends "builtin/letter.md.j2" %}{% block letterhead %}**Borsetshire**\n{{ super() }}'
        '{% endblock %}')
    letter = _letter(classifier, EXAMPLES[0], template_dir=tmp_path, sender="<b>Jo</b> **Smith**")
    md = letter_mod.render(letter, letter_mod.LetterFormat.MD, tmp_path)
    assert md.startswith("**Borsetshire**\n**From:** &lt;b>Jo&lt;/b> \\*\\*Smith\\*\\*  \n**To:** ")


SENDER_MD = "&lt;b>Jo&lt;/b> \\*\\*Smith\\*\\*"   # "<b>Jo</b> **Smith**", escaped once for Markdown


@pytest.mark.parametrize("body, expected", [
    ("{% set x %}**From** {{ letter.sender }}{% endset %}[{{ x }}]", f"[**From** {SENDER_MD}]"),
    ("{% macro m(v) %}**From** {{ v }}{% endmacro %}[{{ m(letter.sender) }}]", f"[**From** {SENDER_MD}]"),
    ("{% macro m() %}**From** {{ caller() }}{% endmacro %}[{% call m() %}_{{ letter.sender }}_{% endcall %}]",
     f"[**From** _{SENDER_MD}_]"),
    ("[{{ self.signature() | trim }}]", f"[Yours sincerely,\n\n{SENDER_MD}]"),
    ("{% set x = letter.sender %}[{{ x }}]", f"[{SENDER_MD}]"),
    # text joined to what a template captured is escaped for Markdown once, and the captured part not again
    ("{% set x %}**From** {% endset %}[{{ x + letter.sender }}]", f"[**From** {SENDER_MD}]"),
    ("{% set x %}**From** {% endset %}[{{ x ~ letter.sender }}]", f"[**From** {SENDER_MD}]"),
    ("{% macro m() %}**M**{% endmacro %}[{{ m() + letter.sender }}]", f"[**M**{SENDER_MD}]"),
    ("{% macro m() %}**M**{% endmacro %}[{{ [m(), letter.sender] | join(', ') }}]", f"[**M**, {SENDER_MD}]"),
    ("{% macro m() %}**M**{% endmacro %}[{{ [m(), m()] | join(', ') }}]", "[**M**, **M**]"),
    ('[{{ "**From:** %s" | e | format(letter.sender) }}]', f"[\\*\\*From:\\*\\* {SENDER_MD}]"),
    ('[{{ self.signature() ~ "" }}]', f"[Yours sincerely,\n\n{SENDER_MD}\n]"),
    # filter blocks print as {{ }} does; the template's own Markup keeps its Markdown through the filters
    ('[{% filter replace("WHO", letter.sender) %}**From** WHO{% endfilter %}]', f"[**From** {SENDER_MD}]"),
    ("[{% filter format(letter.sender) %}**From** %s{% endfilter %}]", f"[**From** {SENDER_MD}]"),
    ("[{% filter upper %}{{ letter.sender }}{% endfilter %}]", "[&LT;B>JO&LT;/B> \\*\\*SMITH\\*\\*]"),
    ("{% macro m(x) %}**{{ x }}**{% endmacro %}[{{ [m('A'), m('B')] | join(letter.sender) }}]",
     f"[**A**{SENDER_MD}**B**]"),
    ("{% macro m() %}**M**{% endmacro %}[{{ m() | indent(letter.sender, first=True) }}]",
     f"[{SENDER_MD}**M**]"),
    ("{% macro m(x) %}**{{ x }}**{% endmacro %}[{{ m('WHO') | replace('WHO', letter.sender) }}]",
     f"[**{SENDER_MD}**]"),
    # JSON is text here: its backslashes and Markdown escaped once, never a live link or emphasis
    ("[{{ letter.sender | tojson }}]", r'["\\u003cb\\u003eJo\\u003c/b\\u003e \*\*Smith\*\*"]'),
])
def test_markdown_a_template_captures_is_escaped_once(classifier, tmp_path, body, expected):
    """What a Markdown template captures (a set block, a macro, a call block, `self.block()`) is its own
    Markdown with the values it printed escaped already: printed, it is not escaped a second time."""
    (tmp_path / "letter.md.j2").write_text(
        '{% extends "builtin/letter.md.j2" %}{% block summary %}' + body + "{% endblock %}")
    letter = _letter(classifier, EXAMPLES[0], template_dir=tmp_path, sender="<b>Jo</b> **Smith**")
    md = letter_mod.render(letter, letter_mod.LetterFormat.MD, tmp_path)
    assert expected in md, md[:1500]


@pytest.mark.parametrize("name, body, said", [
    ("letter.md.j2", '{% extends "builtin/letter.md.j2" %}\n{% block letterhed %}x{% endblock %}',
     "line 2: block 'letterhed' is not a block of builtin/letter.md.j2, so it would be left out; its blocks: "
     "body, letterhead, signature, summary"),
    ("letter.html.j2", '{% extends "base.html.j2" %}{% block titel %}x{% endblock %}',
     "line 1: block 'titel' is not a block of base.html.j2, so it would be left out; its blocks: title"),
])
def test_a_block_no_extended_template_has_is_refused_not_left_out(classifier, tmp_path, name, body, said):
    (tmp_path / "base.html.j2").write_text("<title>{% block title %}{% endblock %}</title>")
    (tmp_path / name).write_text(body)
    fmt = letter_mod.LetterFormat.MD if name.endswith(".md.j2") else letter_mod.LetterFormat.HTML
    with pytest.raises(InputError) as info:
        letter_mod.render(_letter(classifier, EXAMPLES[0]), fmt, tmp_path)
    assert str(info.value) == f"{tmp_path / name}: {said}"


def test_user_templates_are_sandboxed(classifier, tmp_path):
    (tmp_path / "letter.md.j2").write_text("{{ letter.__class__.__init__.__globals__ }}")
    with pytest.raises(InputError, match="line 1: not allowed in a template: access to attribute") as info:
        letter_mod.render(_letter(classifier, EXAMPLES[0]), letter_mod.LetterFormat.MD, tmp_path)
    assert info.value.source == str(tmp_path / "letter.md.j2")


def test_missing_template_lists_the_folders_searched(tmp_path):
    from backtofront.render import templating
    with pytest.raises(InputError) as info:
        templating.render("nope.html.j2", tmp_path)
    assert str(tmp_path) in str(info.value) and "(built-in) backtofront/templates" in str(info.value)


def test_user_docx_template_is_used(classifier, tmp_path):
    import docx as docx_mod
    d = docx_mod.Document()
    d.add_paragraph("Council letterhead for {{ letter.council }}")
    d.save(tmp_path / "letter.docx")
    data = letter_mod.render(_letter(classifier, EXAMPLES[0]), letter_mod.LetterFormat.DOCX, tmp_path)
    assert docx_mod.Document(io.BytesIO(data)).paragraphs[0].text == ("Council letterhead for Example "
                                                                      "District Council")
    assert zipfile.is_zipfile(io.BytesIO(data))


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 17, 18])
def test_every_case_council_gets_a_complete_letter_in_every_editable_format(classifier, number):
    from backtofront.classifier import cases
    result = classifier.classify(cases.get(number).profile)
    letter = letter_mod.build(result, classifier.kb, letter_mod.Options(date=DATE))
    for section in ("summary", "priorities", "body", "plan", "actions", "questions"):
        assert getattr(letter, section), (number, section)
    md = letter_mod.render(letter, letter_mod.LetterFormat.MD)
    html = letter_mod.render(letter, letter_mod.LetterFormat.HTML)
    document = docx.Document(io.BytesIO(letter_mod.render(letter, letter_mod.LetterFormat.DOCX)))
    for row in letter.plan:
        assert row.action in md
    named = letter_mod.named_in_letter(letter.council)  # "the district council of Case study 4"
    assert named in html
    assert named.casefold() in "\n".join(p.text for p in document.paragraphs).casefold()


@pytest.mark.parametrize("fmt, note", [
    ("pdf", "has no letter.html.j2, so this PDF letter is made from the built-in template (give "
            "letter.html.j2 there for your letterhead in PDF)"),
    ("md", "has no letter.md.j2, so this Markdown letter is made from the built-in template (give "
           "letter.md.j2 there for your letterhead in Markdown)"),
    ("docx", None),
])
def test_a_template_folder_without_the_formats_template_says_the_built_in_one_is_used(run_cli, tmp_path, fmt,
                                                                                      note):
    """A council's Word letterhead alone does not reach its PDF letter: the letter says so, not silently."""
    folder = tmp_path / "letterhead"
    folder.mkdir()
    (folder / "letter.docx").write_bytes((ROOT / "templates" / "letter.docx").read_bytes())
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    code, _, err = run_cli("letter", str(EXAMPLES[0]), "--template-dir", str(folder), "-o",
                           str(tmp_path / f"letter.{fmt}"))
    assert code == 0, err
    assert [line for line in err.splitlines() if line.startswith("Note:")] == (
        [f"Note: {folder} {note}"] if note else [])


@pytest.mark.parametrize(("text", "citation", "expected"), [
    ("Gains are managed within pre-existing structures.", "para 48",
     "Gains are managed within pre-existing structures (para 48)."),
    ("Strong links to a council's corporate objectives (Figure 13).", "para 50",
     "Strong links to a council's corporate objectives (Figure 13; para 50)."),
    ("No full stop", "para 49", "No full stop (para 49)"),
])
def test_a_stage_summary_carries_its_citation_inside_its_last_sentence(text, citation, expected):
    from backtofront.render.letter import with_citation

    assert with_citation(text, citation) == expected
