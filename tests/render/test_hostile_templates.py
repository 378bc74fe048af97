"""User templates and letters under hostile or broken input: exit 2 naming the template file and line,
bounded output and time, escaping kept in every format, and Ctrl-C never reported as success."""

from __future__ import annotations

import io
import os
import signal
import zipfile
from pathlib import Path

import pytest
from backtofront.render import templating

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")


def _letter_with(run_cli, tmp_path, name: str, content: str | bytes, *extra: str):
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    suffix = {"letter.md.j2": "md", "letter.html.j2": "html", "letter.docx": "docx"}.get(name, "md")
    target = tmp_path / f"out.{suffix}"
    code, _out, err = run_cli("letter", EXAMPLE, "--template-dir", str(folder), "-o", str(target), *extra)
    assert "Traceback" not in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err
        assert not target.exists()
    return code, err, folder


@pytest.mark.parametrize("content,expected", [
    ("Dear {{ letter.council }},\n{{ nope }}\n", "letter.md.j2: line 2: 'nope' is undefined"),
    ("Dear\n\n{% if %}\n", "letter.md.j2: line 3: template syntax error:"),
    ('{% include "letter.md.j2" %}\n', "letter.md.j2: line 1: the template includes or extends itself "
                                     '(directly or through another template), or a macro calls itself '
                                     'without end; to use the built-in letter.md.j2, write {% include '
                                     '"builtin/letter.md.j2" %}'),
    ("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}", "or a macro calls itself without end"),
    ('{% extends "letter.md.j2" %}{% block summary %}x{% endblock %}',
     'to use the built-in letter.md.j2, write {% extends "builtin/letter.md.j2" %}'),
    ("{{ letter.__class__.__mro__ }}\n", "letter.md.j2: line 1: not allowed in a template: access to "
                                         "attribute"),
    ('one\n{% include "missing.j2" %}\n', "letter.md.j2: line 2: includes or extends 'missing.j2', which is "
                                          "not found"),
    (b"\x00\x01\x02\xff\xfe", "letter.md.j2: is a binary file, not a text template"),
    ("{{ 'a' * 1000000000 }}\n", "letter.md.j2: line 1: the template makes a text longer than 5,000,000 "
                                 "characters"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}xx{% endfor %}{% endfor %}",
     "letter.md.j2: the template writes more than 5,000,000 characters"),
    ("{{ 9 ** 99999999 }}", "letter.md.j2: line 1: the template raises a number to a power above 1000"),
])
def test_bad_markdown_templates_exit_2_naming_file_and_line(run_cli, tmp_path, content, expected):
    code, err, folder = _letter_with(run_cli, tmp_path, "letter.md.j2", content)
    assert code == 2
    assert err.startswith(f"Error: {folder}/"), err
    assert expected in err, err


def test_a_part_that_includes_itself_gets_no_hint_of_a_built_in(run_cli, tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "part.j2").write_text('{% include "part.j2" %}\n', encoding="utf-8")
    code, err, _ = _letter_with(run_cli, tmp_path, "letter.md.j2", '{% include "part.j2" %}\n')
    assert code == 2 and err.rstrip().endswith("part.j2: line 1: the template includes or extends itself "
                                               "(directly or through another template), or a macro "
                                               "calls itself without end"), err


def test_a_template_that_loops_for_ever_is_stopped(run_cli, tmp_path, monkeypatch):
    monkeypatch.setattr(templating, "TIME_LIMIT_S", 0.5)
    body = "{% set r = range(100000) | list %}{% for a in r %}{% for b in r %}{% endfor %}{% endfor %}"
    code, err, _ = _letter_with(run_cli, tmp_path, "letter.html.j2", body)
    assert code == 2 and "letter.html.j2: line 1: the template ran for more than 0.5 seconds" in err


def test_a_user_template_extending_a_builtin_still_names_its_own_line(run_cli, tmp_path):
    body = ('{% extends "builtin/letter.html.j2" %}\n{% block signature %}\n{{ letter.missing_field }}\n{% '
            'endblock %}\n')
    code, err, _ = _letter_with(run_cli, tmp_path, "letter.html.j2", body)
    assert code == 2 and "letter.html.j2: line 3:" in err and "missing_field" in err


def _docx_with(text: str) -> bytes:
    from docx import Document
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize("content,expected", [
    (b"not a word file", "letter.docx: is not a Word (.docx) document"),
    (b"PK\x03\x04broken zip", "letter.docx: is not a Word (.docx) document"),
    (_docx_with("Dear {{ letter.nope }}"), "letter.docx: paragraph 1: letter has no attribute 'nope'"),
    (_docx_with("{% if %}"), "letter.docx: paragraph 1 (“{% if %}”): template syntax error"),
    (_docx_with("{{ 'a' * 1000000000 }}"), "the template makes a text longer than 5,000,000 characters"),
    (_docx_with("{{ letter.__class__.__mro__ }}"), "not allowed in a template"),
])
def test_bad_word_templates_exit_2_naming_the_file(run_cli, tmp_path, content, expected):
    code, err, folder = _letter_with(run_cli, tmp_path, "letter.docx", content)
    assert code == 2, err
    assert err.startswith(f"Error: {folder / 'letter.docx'}: ") and expected in err, err


def test_a_good_word_template_is_used(run_cli, tmp_path):
    code, err, _ = _letter_with(run_cli, tmp_path, "letter.docx", _docx_with("Letterhead for {{ "
                                                                             "letter.council }}"))
    assert code == 0, err
    with zipfile.ZipFile(tmp_path / "out.docx") as z:
        assert "Letterhead for Example District Council" in z.read("word/document.xml").decode()


def test_word_letters_keep_angle_brackets_and_ampersands(run_cli, tmp_path):
    target = tmp_path / "letter.docx"
    code, _, err = run_cli("letter", EXAMPLE, "-o", str(target), "--sender", "A <b> & B C")
    assert code == 0, err
    with zipfile.ZipFile(target) as z:
        xml = z.read("word/document.xml").decode()
    assert "A &lt;b&gt; &amp; B C" in xml


def test_word_rendering_strips_control_characters_from_any_text(classifier):
    from backtofront.classifier import profile
    from backtofront.render import letter as letter_mod
    built = letter_mod.build(classifier.classify(profile.load(EXAMPLE)), classifier.kb,
                             letter_mod.Options(recipient="Chair <x> & \x01\x1b[31m co"))
    with zipfile.ZipFile(io.BytesIO(letter_mod.render_docx(built))) as z:
        xml = z.read("word/document.xml").decode()
    assert "Chair &lt;x&gt; &amp; [31m co" in xml


@pytest.mark.parametrize(("option", "text", "named"), [
    ("--sender", "Jane\x1b[2J Smith\x07", "U+001B"), ("--recipient", "Chair\x85", "U+0085"),
    ("--sender", "A <b> & \x01 B\x0b C", "U+0001")])
def test_command_line_text_with_control_characters_is_refused(run_cli, option, text, named):
    """Never written into a letter, nor silently changed: refused, naming the character (exit 2)."""
    code, out, err = run_cli("letter", EXAMPLE, option, text)
    assert (code, out) == (2, "")
    assert err.strip() == f"Error: {option}: the text holds a control character ({named}); remove it"


def test_markdown_outputs_escape_html_from_profile_text(run_cli, tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("council: {name: '<script>alert(1)</script> & Co &amp;', type: district}\n"
                       "characteristics: {time_scales: transitional}\n")
    code, out, _ = run_cli("assess", str(profile), "-f", "markdown")
    assert code == 0
    assert "<script>" not in out and "&lt;script>alert(1)&lt;/script> & Co &amp;amp;" in out
    code, out, _ = run_cli("letter", str(profile), "-f", "md")
    assert code == 0
    assert "<script>" not in out and "&lt;script>" in out
    assert "Back office functions & front line services" in out  # ordinary ampersands stay readable


@pytest.mark.xdist_group("terminal")  # a timing or a signal: never beside another such test
def test_ctrl_c_while_drawing_a_pdf_is_never_success(run_cli, tmp_path, monkeypatch):
    weasyprint = pytest.importorskip("weasyprint")

    def swallowing_write_pdf(self, *args, **kwargs):
        try:  # as WeasyPrint does while drawing an SVG: the interrupt is caught and drawing goes on
            os.kill(os.getpid(), signal.SIGINT)
        except KeyboardInterrupt:
            pass
        return b"%PDF-1.7 blank chart"
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", swallowing_write_pdf)
    target = tmp_path / "letter.pdf"
    code, _, err = run_cli("letter", EXAMPLE, "-o", str(target))
    assert code == 130 and err.strip() == "Interrupted."
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize("kind", ["folder", "link to nothing", "fifo"])
def test_a_template_that_is_not_a_file_is_refused_not_passed_over(run_cli, tmp_path, kind):
    import os

    folder = tmp_path / "templates"
    folder.mkdir()
    place = folder / "letter.md.j2"
    if kind == "folder":
        place.mkdir()
    elif kind == "fifo":
        os.mkfifo(place)
    else:
        place.symlink_to(tmp_path / "gone.j2")
    code, out, err = run_cli("letter", "--case", "3", "-f", "md", "--template-dir", str(folder))
    assert code == 2 and out == "" and len(err.splitlines()) == 1, err
    assert f"{place}: is not a template file" in err


SCRIPT = "<script>alert(1)</script> [click](javascript:alert(1)) **b**"


@pytest.mark.parametrize("files", [
    {"letter.html.j2": '{% extends "builtin/letter.html.j2" %}{% block letterhead %}{% include "header.j2" %}'
                       '{% endblock %}', "header.j2": "<div>{{ letter.sender }}</div>"},
    {"letter.html.j2": '{% import "macros.j2" as m %}<p>{{ m.who(letter) }}</p>',
     "macros.j2": "{% macro who(l) %}<b>{{ l.sender }}</b>{% endmacro %}"},
    {"letter.html.j2": '{% extends "builtin/letter.md.j2" %}'},
])
def test_an_html_letter_escapes_what_every_part_of_it_prints_whatever_the_part_is_named(run_cli, tmp_path,
                                                                                        files):
    folder = tmp_path / "tpl"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    code, out, err = run_cli("letter", EXAMPLE, "--template-dir", str(folder), "-f", "html", "--sender",
                             SCRIPT)
    assert code == 0, err
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out


@pytest.mark.parametrize("filter_name", ["e", "escape", "forceescape"])
def test_a_markdown_templates_escape_filter_escapes_for_markdown(run_cli, tmp_path, filter_name):
    """`|e`, written out of habit from HTML, leaves no link, emphasis or tag live in a Markdown letter."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "letter.md.j2").write_text(f"From: {{{{ letter.sender|{filter_name} }}}}\n", encoding="utf-8")
    code, out, err = run_cli("letter", EXAMPLE, "--template-dir", str(folder), "-f", "md", "--sender", SCRIPT)
    assert code == 0, err
    assert out == ("From: &lt;script>alert(1)&lt;/script> \\[click\\](javascript:alert(1)) \\*\\*b\\*\\*\n")
