"""Templates bounded before they run and kept inside their folder: every limit hit by a template that
tries to pass it ends with exit code 2, one line naming the template, within its bound; a PDF letter
fetches nothing outside the template folder."""

from __future__ import annotations

import io
import resource
import time
import zipfile
from pathlib import Path

import pytest
from backtofront.classifier.errors import InputError
from backtofront.render import bounded, pdf, templating

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")
LIMIT = f"longer than {templating.MAX_OUTPUT_CHARS:,} characters"


def _run(run_cli, tmp_path, name: str, content: str | bytes, suffix: str):
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    target = tmp_path / f"out.{suffix}"
    start = time.monotonic()
    code, _out, err = run_cli("letter", EXAMPLE, "--template-dir", str(folder), "-o", str(target))
    took = time.monotonic() - start
    assert "Traceback" not in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err
        assert not target.exists()
    return code, err, took, folder


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


GROWING = [
    "{{ 'a'|center(1000000000) }}",
    "{{ '%1000000000s'|format('a') }}",
    "{{ '%*s'|format(1000000000, 'a') }}",
    "{{ '%.999999999f'|format(1.5) }}",
    "{{ ('a' * 4000000)|replace('a', 'aa') }}",
    "{{ (['a' * 1000000] * 5)|join('x') }}",
    "{{ ('a\\n' * 2000000)|indent(10) }}",
    "{{ ('a ' * 2000000)|wordwrap(1, wrapstring='xxxx') }}",
    "{{ '{:>1000000000}'.format('a') }}",
    "{{ '{:>{w}}'.format('a', w=1000000000) }}",
    "{{ '{x:>1000000000}'.format_map({'x': 'a'}) }}",
    "{{ 'a'.ljust(1000000000) }}",
    "{{ 'a'.center(1000000000) }}",
    "{{ 'a'.zfill(1000000000) }}",
    "{{ ('\\t' * 1000).expandtabs(1000000) }}",
    "{{ 'x'.join(['a' * 3000000, 'b' * 3000000]) }}",
    "{% set x = 'a' * 4000000 %}{{ x ~ x }}",
    "{% set x = 'a' * 4000000 %}{{ x + x }}",
    "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x "
    "}}",
    "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}{% endfor %}{{ ns.x "
    "}}",
    "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = ns.x.replace('a', 'aa') %}{% "
    "endfor %}",
    "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = [ns.x, ns.x]|join %}{% endfor %}",
    "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = '%s%s'|format(ns.x, ns.x) %}{% "
    "endfor %}",
    "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = '{}{}'.format(ns.x, ns.x) %}{% "
    "endfor %}",
    "{% set ns = namespace(x=['a']) %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}{% endfor %}",
]


@pytest.mark.parametrize("name,suffix", [("letter.md.j2", "md"), ("letter.html.j2", "html")])
@pytest.mark.parametrize("body", GROWING)
def test_text_past_the_limit_is_refused_before_it_is_built(run_cli, tmp_path, body, name, suffix):
    before = _peak_mb()
    code, err, took, folder = _run(run_cli, tmp_path, name, body + "\n", suffix)
    assert code == 2, err
    assert err.startswith(f"Error: {folder / name}: line 1: ") and LIMIT in err, err
    assert took < 5
    # the text was never built: a 5,000,000-character text is some tens of megabytes, these would be gigabytes
    assert _peak_mb() - before < 200


KEEPING = "{% set xs = [] %}{% for i in range(1000) %}{{ xs.append('a' * 4000000) or '' }}{% endfor %}"


@pytest.mark.parametrize("name,suffix", [("letter.md.j2", "md"), ("letter.html.j2", "html"),
                                         ("letter.docx", "docx")])
def test_a_template_that_keeps_what_it_builds_is_stopped_at_the_memory_bound(run_cli, tmp_path, name, suffix):
    """Each text is within the limit, but the loop keeps them all (4 GB): the forked child runs out of its
    budget and the letter stops in one line, this process untouched."""
    if suffix == "docx":
        from docx import Document
        document = Document()
        document.add_paragraph(KEEPING)
        buffer = io.BytesIO()
        document.save(buffer)
        content: str | bytes = buffer.getvalue()
    else:
        content = KEEPING + "\n"
    before = _peak_mb()
    code, err, took, folder = _run(run_cli, tmp_path, name, content, suffix)
    assert code == 2, err
    assert err.strip() == (f"Error: {folder / name}: the template needs more than "
                           f"{bounded.MEMORY_BUDGET_BYTES >> 20:,} MB of memory; simplify the template"), err
    assert took < 10
    assert _peak_mb() - before < 200


def test_the_bounded_child_hands_back_its_value_and_its_errors():
    assert bounded.in_child(lambda: "letter " * 3, source="t") == "letter letter letter "
    assert bounded.in_child(lambda: b"\0" * 3_000_000, source="t") == b"\0" * 3_000_000

    def refused():
        raise InputError("line 3: not allowed", source="tpl/letter.md.j2")
    with pytest.raises(InputError) as caught:
        bounded.in_child(refused, source="t")
    assert str(caught.value) == "tpl/letter.md.j2: line 3: not allowed"

    def broken():
        raise OSError(36, "File name too long")
    with pytest.raises(OSError, match="File name too long"):
        bounded.in_child(broken, source="t")

    class Unpicklable(Exception):
        def __reduce__(self):
            raise TypeError("no")

    def odd():
        raise Unpicklable("odd")
    with pytest.raises(InputError, match=r"^t: the template could not be rendered \(Unpicklable: odd\); "
                                         "simplify the template$"):
        bounded.in_child(odd, source="t")


def test_the_bounded_child_is_ended_past_its_time(monkeypatch):
    monkeypatch.setattr(bounded, "TIME_LIMIT_S", 1.0)
    start = time.monotonic()
    with pytest.raises(InputError, match=r"^t: the template ran for more than 1 seconds; simplify"):
        bounded.in_child(lambda: time.sleep(30), source="t")
    assert time.monotonic() - start < 5


def test_the_bounded_filters_still_do_their_work(tmp_path):
    (tmp_path / "t.md.j2").write_text(
        "{{ 'ok'|center(6) }}|{{ '%3s'|format('a') }}|{{ 'abc'|replace('b', 'x') }}|{{ [1, 2]|join(',') }}|"
        "{{ 'a\nb'|indent(2) }}|{{ 'a b c'|wordwrap(2) }}|{{ 'x' ~ 1 ~ 'y' }}|{{ '{} {:>3}'.format(1, 2) }}|"
        "{{ 'a' + 'b' }}|{{ 'a'.ljust(3) }}.")
    assert templating.render("t.md.j2", tmp_path) == "  ok  |  a|axc|1,2|a\n  b|a\nb\nc|x1y|1   2|ab|a  ."


def test_concatenation_escapes_in_html_templates(tmp_path):
    (tmp_path / "t.html.j2").write_text("{{ '<b>' ~ letter }}")
    assert templating.render("t.html.j2", tmp_path, letter="&") == "&lt;b&gt;&amp;"


def _docx(parts: dict[str, bytes]) -> bytes:
    from docx import Document
    base = io.BytesIO()
    Document().save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, parts.pop(item.filename, None) or src.read(item))
        for name, data in parts.items():
            dst.writestr(name, data)
    return out.getvalue()


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
          + b"".join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">'
                     % ((97 + i + 1,) + (97 + i,) * 10)
                     for i in range(8))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b'<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>')
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b'<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')


@pytest.mark.parametrize("parts,expected", [
    ({"word/document.xml": LAUGHS}, "its part 'word/document.xml' declares a document type or entities"),
    ({"word/document.xml": EXTERNAL}, "its part 'word/document.xml' declares a document type or entities"),
    ({"word/media/bomb.bin": b"\0" * (templating.MAX_DOCX_UNPACKED + 1)}, "unpacks to 100,"),
    ({f"word/media/{i}.bin": b"" for i in range(templating.MAX_DOCX_PARTS)}, "holds 1,0"),
])
def test_word_templates_that_would_expand_are_refused_before_docxtpl_opens_them(run_cli, tmp_path, parts,
                                                                               expected, monkeypatch):
    import docxtpl
    opened = []
    monkeypatch.setattr(docxtpl.DocxTemplate, "get_docx", lambda self: opened.append(1))
    data = _docx(parts)
    assert len(data) < templating.MAX_DOCX_BYTES
    code, err, took, folder = _run(run_cli, tmp_path, "letter.docx", data, "docx")
    assert code == 2 and err.startswith(f"Error: {folder / 'letter.docx'}: ") and expected in err, err
    assert not opened and took < 10


# -- PDF -----------------------------------------------------------------------------------------------


def _pdf(run_cli, tmp_path, html: str):
    pytest.importorskip("weasyprint")
    return _run(run_cli, tmp_path, "letter.html.j2", html, "pdf")


@pytest.mark.parametrize("tag", [
    '<img src="file:///etc/passwd">',
    '<img src="/etc/hostname">',
    '<img src="../secret.png">',
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
    '<img src="https://example.org/tracker.png">',
    '<style>@font-face { font-family: x; src: url(file:///etc/passwd) } p { font-family: x }</style>',
    '<link rel="attachment" href="file:///etc/passwd">',
    '<a rel="attachment" href="../secret.png">x</a>',
    '<img src="link.png">',
    '<img src="/dev/zero">',
    '<img src="fifo.png">',
])
def test_a_pdf_letter_fetches_nothing_outside_its_template_folder(run_cli, tmp_path, tag):
    """Each refusal as WeasyPrint meets it, here in this process (pdf_bytes, as the bounded child runs it);
    two of them also from the command line, through the child."""
    import os
    pytest.importorskip("weasyprint")
    (tmp_path / "secret.png").write_bytes(b"secret")
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "link.png").symlink_to(tmp_path / "secret.png")
    os.mkfifo(folder / "fifo.png")
    html = f"<html><head></head><body>{tag}<p>{{{{ letter.council }}}}</p></body></html>"
    with pytest.raises(pdf.ResourceRefused) as refused:
        pdf.pdf_bytes(html.replace("{{ letter.council }}", "Council"), folder)
    said = str(refused.value)
    assert said.startswith("the template asks for '") and (
        "outside the template folder" in said or "no network" in said or "not a regular file" in said), said
    if tag in ('<img src="file:///etc/passwd">', '<img src="https://example.org/tracker.png">'):
        code, err, took, _ = _pdf(run_cli, tmp_path, html)
        assert code == 2 and err.strip().endswith(said), err
        assert took < pdf.TIME_LIMIT_S


def test_a_pdf_letter_uses_images_from_its_template_folder(run_cli, tmp_path):
    from PIL import Image
    folder = tmp_path / "tpl"
    folder.mkdir()
    Image.new("RGB", (20, 20), (200, 0, 0)).save(folder / "crest.png")
    code, err, _, _ = _pdf(run_cli, tmp_path,
                           '<html><body><img src="crest.png"><p>{{ letter.council }}</p>'
                           '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></body></html>')
    assert code == 0, err
    assert b"/Subtype /Image" in (tmp_path / "out.pdf").read_bytes()


def test_a_resource_larger_than_the_limit_is_refused(run_cli, tmp_path):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "big.png").write_bytes(b"\0" * (pdf.MAX_RESOURCE_BYTES + 1))
    code, err, _, _ = _pdf(run_cli, tmp_path, '<html><body><img src="big.png"></body></html>')
    assert code == 2 and f"larger than {pdf.MAX_RESOURCE_BYTES:,} bytes" in err, err


def test_nesting_deeper_than_the_limit_is_refused(run_cli, tmp_path):
    code, err, _, _ = _pdf(run_cli, tmp_path, "<html><body>{% for i in range(5000) %}<div>{% endfor "
                                              "%}x</body></html>")
    assert code == 2 and f"nests elements more than {pdf.MAX_NESTING} levels deep" in err, err


def test_layout_longer_than_the_time_limit_is_stopped(run_cli, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "TIME_LIMIT_S", 2.0)
    code, err, took, _ = _pdf(run_cli, tmp_path, "<html><body>{% for i in range(100000) %}<p>{{ i }}</p>"
                                                 "{% endfor %}</body></html>")
    assert code == 2 and "laying out the PDF took more than 2 seconds" in err, err
    assert took < 2 + 12  # the template's own render and the child's start


def test_layout_needing_more_memory_than_the_limit_is_stopped(run_cli, tmp_path, monkeypatch):
    from PIL import Image
    monkeypatch.setattr(pdf, "MEMORY_LIMIT_BYTES", 300 << 20)
    folder = tmp_path / "tpl"
    folder.mkdir()
    Image.new("RGB", (9000, 9000), (255, 255, 255)).save(folder / "huge.png", optimize=True)
    assert (folder / "huge.png").stat().st_size < pdf.MAX_RESOURCE_BYTES
    code, err, took, _ = _pdf(run_cli, tmp_path, '<html><body><img src="huge.png" style="width: '
                                                 '5cm"></body></html>')
    assert code == 2 and "laying out the PDF needs more than 300 MB of memory" in err, err
    assert took < pdf.TIME_LIMIT_S


def _long_notes(tmp_path, words: int) -> str:
    import yaml

    data = yaml.safe_load(Path(EXAMPLE).read_text(encoding="utf-8"))
    data["notes"] = " ".join(f"point{i}" for i in range(words))
    path = tmp_path / "long-notes.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


def test_the_built_in_letter_of_very_long_notes_is_laid_out_within_the_bound(run_cli, tmp_path, monkeypatch):
    """Notes of tens of thousands of words would take minutes to lay out: the built-in letter beyond
    pdf.LONG_HTML goes to the bounded child, which says what to shorten; no file is written."""
    monkeypatch.setattr(pdf, "TIME_LIMIT_S", 2.0)
    profile = _long_notes(tmp_path, 60_000)
    target = tmp_path / "long.pdf"
    start = time.monotonic()
    code, _, err = run_cli("letter", profile, "-o", str(target))
    took = time.monotonic() - start
    assert code == 2 and err.strip() == (
        "Error: laying out the PDF took more than 2 seconds; shorten the profile's notes and evidence, or "
        "write the letter as Word (-f docx)")
    assert not target.exists() and took < 2 + 20


def test_a_long_built_in_letter_laid_out_in_the_child_is_the_same_letter(run_cli, tmp_path, monkeypatch):
    """Past pdf.LONG_HTML (lowered here so that an everyday letter passes it) the child lays out the same
    built-in letter: a tagged PDF with the council's name, written as the in-process one is."""
    import pypdf

    monkeypatch.setattr(pdf, "LONG_HTML", 1_000)
    target = tmp_path / "child.pdf"
    code, _, err = run_cli("letter", EXAMPLE, "-o", str(target))
    assert code == 0, err
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    assert "Example District Council" in reader.pages[0].extract_text()
    assert "/StructTreeRoot" in reader.trailer["/Root"]
