"""Documents a council can publish (WCAG 2.2 AA; PDF/UA for PDF): tagged PDF letters with a title, a
language and a structure tree; every chart's alternative text carrying its data in every format; colours
with enough contrast and never the only cue; chart type large enough to read; HTML with a viewport, a
language, table captions and header scopes; Word in British English, the chart with alt text, and tables
whose rows can move across a page."""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from backtofront.classifier import profile as profile_mod
from backtofront.render import charts
from backtofront.render import letter as letter_mod

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CASES = sorted((ROOT / "examples" / "cases").glob("cs*.yaml"))
NS = "{http://www.w3.org/2000/svg}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NAMES = ("Efficiency policy", "Service transformation", "Organisational change",
         "Back office functions & front line services", "Efficiency planning and monitoring",
         "Sustainability of efficiency savings", "Time scales", "Management and leadership of efficiency")


def _load(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return profile_mod.parse(data.get("profile", data), str(path))


def _letter(classifier, path: Path, **options):
    result = classifier.classify(_load(path))
    return letter_mod.build(result, classifier.kb, letter_mod.Options(**options))


# -- colour ---------------------------------------------------------------------------------------------

def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.2's contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_ratio_is_wcag_s():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#d68910", "#ffffff") == pytest.approx(2.82, abs=0.01)  # the old amber, which failed


@pytest.mark.parametrize("stage", [*charts.STAGE_COLOURS, None])
def test_every_stage_colour_reads_against_everything_it_touches(stage):
    colour = charts.STAGE_COLOURS[stage] if stage else charts.NOT_ASSESSED
    for background in ("#ffffff", charts.TRACK):
        # 3:1 is enough for a graphic; the same colours are used for text on white, so 4.5:1 throughout
        assert contrast(colour, background) >= 4.5, (stage, colour, background)
    assert charts.COHORT_COLOURS[stage] == colour
    # the white count or stage word written on a part of a bar
    assert contrast("#ffffff", colour) >= 4.5


def test_chart_text_colours_read():
    for colour in (charts.INK, charts.MUTED):
        for background in ("#ffffff", charts.TRACK):
            assert contrast(colour, background) >= 4.5


def _svg_text_fills(svg: str) -> set[str]:
    return {t.get("fill") for t in ET.fromstring(svg).iter(f"{NS}text")}


def test_no_svg_text_is_drawn_in_a_colour_that_fails(classifier):
    result = classifier.classify(_load(EXAMPLES[0]))
    svgs = [charts.characteristics_svg(result, classifier.kb),
            charts.distribution([("Time scales", {"transactional": 1, "not_assessed": 2})], here=[None]),
            charts.current_target([("Time scales", None, "transitional")]),
            charts.stage_grid(["2008", "2009"], [("Time scales", [1, None])], overall=[1, 2])]
    fills = set().union(*(_svg_text_fills(s) for s in svgs))
    for fill in fills - {"#fff"}:  # white is only written on a stage colour (checked above)
        assert contrast(fill, "#ffffff") >= 4.5 and contrast(fill, charts.TRACK) >= 4.5, fill


def test_never_colour_alone_in_the_cohort_charts():
    svg = charts.distribution([("Time scales", {"transactional": 1, "transitional": 1, "transformational": 1,
                                                "not_assessed": 1})], here=["transitional"])
    # transitional and transformational have their own patterns, drawn over their parts of the bar and in
    # the legend; transactional is plain; not assessed is an empty box with a grey edge
    for stage in ("transitional", "transformational"):
        assert svg.count(f'fill="url(#p-{stage})"') == 2, stage
    assert svg.count(f'fill="#fff" stroke="{charts.NOT_ASSESSED}"') == 2
    grid = charts.stage_grid(["2008", "2009"], [("Time scales", [1, 3])], overall=[2, None])
    texts = [t.text for t in ET.fromstring(grid).iter(f"{NS}text")]
    assert {"1 Transactional", "3 Transformational", "2 Transitional", "Not assessed"} <= set(texts)


# -- chart type sizes -------------------------------------------------------------------------------------

def test_letter_chart_type_is_at_least_8_pt_printed_and_12_px_on_screen(classifier):
    svg = charts.characteristics_svg(classifier.classify(_load(EXAMPLES[0])), classifier.kb)
    root = ET.fromstring(svg)
    sizes = {float(t.get("font-size")) for t in root.iter(f"{NS}text")}
    width = float(root.get("viewBox").split()[2])
    assert min(sizes) == charts.MIN_FONT
    printed = charts.PRINT_WIDTH_PT / width          # points per unit at the print stylesheet's 85%
    word = 16 / 2.54 * 72 / width                    # the Word letter's image, 16 cm wide
    screen = 640 / width                             # the letter's 48em column at 10 pt, at 1200 px
    assert min(sizes) * printed >= 8 and min(sizes) * word >= 8 and min(sizes) * screen >= 12


def test_cohort_chart_type_is_at_least_12_px():
    svgs = [charts.distribution([("Time scales", {"transactional": 3})], here=["transactional"]),
            charts.current_target([("Time scales", "transitional", "transformational")]),
            charts.stage_grid(["2008-03-31", "2009-03-31"], [("Time scales", [1, 2])], overall=[1, 2])]
    for svg in svgs:
        # cohort charts have a fixed width in pixels (never scaled down on a wide screen)
        assert min(float(t.get("font-size")) for t in ET.fromstring(svg).iter(f"{NS}text")) >= 12


# -- alternative text in every format --------------------------------------------------------------------

def _first_svg(html: str) -> ET.Element:
    return ET.fromstring(html[html.index("<svg"):html.index("</svg>") + 6])


@pytest.mark.parametrize("path", EXAMPLES + CASES, ids=lambda p: p.stem)
def test_letter_chart_alt_text_carries_its_data(classifier, path):
    letter = _letter(classifier, path)
    result = classifier.classify(_load(path))
    root = _first_svg(letter_mod.render(letter, letter_mod.LetterFormat.HTML))
    title, desc = root[0], root[1]
    assert title.tag == f"{NS}title" and desc.tag == f"{NS}desc"  # WeasyPrint reads a first-child title
    ids = root.get("aria-labelledby").split()
    assert ids == [title.get("id"), desc.get("id")] and root.get("role") == "img"
    for cid, c in result.characteristics.items():
        stage = c.stage.name.lower() if c.stage else "not assessed"
        assert f"{c.name}: {stage}, target " in desc.text, (cid, desc.text)
    assert title.text == letter.chart_alt


def test_word_letter_chart_has_alt_text_and_the_letter_is_british_english(classifier):
    from docx import Document

    letter = _letter(classifier, EXAMPLES[0])
    doc = Document(io.BytesIO(letter_mod.render(letter, letter_mod.LetterFormat.DOCX)))
    shapes = list(doc.inline_shapes)
    assert len(shapes) == 1
    assert shapes[0]._inline.docPr.get("descr") == letter.chart_alt
    assert "Efficiency policy: transitional, target transformational" in letter.chart_alt
    assert doc.core_properties.language == "en-GB"
    langs = [el.get(f"{W}val") for el in doc.styles.element.iter(f"{W}lang")]
    assert langs and set(langs) == {"en-GB"}


def test_word_template_says_en_gb_throughout():
    import zipfile

    with zipfile.ZipFile(ROOT / "templates" / "letter.docx") as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                assert "en-US" not in z.read(name).decode("utf-8"), name


def _effective_keep_next(paragraph) -> bool:
    keep = paragraph.paragraph_format.keep_with_next
    style = paragraph.style
    while keep is None and style is not None:
        keep = style.paragraph_format.keep_with_next
        style = style.base_style
    return bool(keep)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_word_tables_rows_can_move_across_a_page(classifier, path):
    """No row of any table is chained to the next by "keep with next": with every row also "can't split",
    such a table can only move whole, and LibreOffice 7.4 drops the rows that do not fit."""
    from docx import Document

    doc = Document(io.BytesIO(letter_mod.render(_letter(classifier, path), letter_mod.LetterFormat.DOCX)))
    assert len(doc.tables) == 2
    for table in doc.tables:
        assert len(table.rows) > 2
        for row in table.rows:
            for cell in row.cells:
                assert not any(_effective_keep_next(p) for p in cell.paragraphs), cell.text[:40]


# -- tagged PDF ------------------------------------------------------------------------------------------

def _structure(pdf: bytes) -> tuple[dict, list[tuple[str, str | None]]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    out: list[tuple[str, str | None]] = []

    def walk(node) -> None:
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/S" in node:
            out.append((str(node["/S"]), node.get("/Alt")))
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict):
                walk(kid)

    walk(root["/StructTreeRoot"])
    return root, out


@pytest.fixture(scope="module")
def pdf_letters(example_pdf):
    """The first example's full and brief PDF letters: the session's shared ones (conftest's example_pdf)."""
    pytest.importorskip("weasyprint", reason="PDF letters need the pdf extra, which `make test` installs")
    return {brief: example_pdf(EXAMPLES[0].stem, brief)[1] for brief in (False, True)}


@pytest.mark.parametrize("brief", [False, True], ids=["letter", "brief"])
def test_pdf_letter_is_tagged_with_title_language_and_structure(pdf_letters, classifier, brief):
    from pypdf import PdfReader

    pdf = pdf_letters[brief]
    root, tags = _structure(pdf)
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB" and bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert PdfReader(io.BytesIO(pdf)).metadata.title.startswith("Back office efficiency: where ")
    kinds = {kind for kind, _ in tags}
    assert {"/H1", "/H2", "/L", "/LI", "/P", "/Figure"} <= kinds
    if not brief:
        assert {"/Table", "/TH", "/TD", "/TR", "/Caption"} <= kinds
    figures = [alt for kind, alt in tags if kind == "/Figure"]
    assert len(figures) == 1 and all(name in figures[0] for name in NAMES)
    assert "Efficiency policy: transitional, target transformational" in figures[0]


def test_pdf_chart_type_is_at_least_8_pt(pdf_letters):
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf_letters[False])).pages[0]
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        text = text.strip()
        if text in NAMES or text in ("Transactional", "Transitional", "Transformational"):
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            sizes[text] = min(sizes.get(text, 99), size * scale)

    page.extract_text(visitor_text=visit)
    assert set(NAMES) <= set(sizes), sizes
    assert min(sizes.values()) >= 8, sizes


# -- HTML ------------------------------------------------------------------------------------------------

def _html_outputs(run_cli, tmp_path) -> dict[str, str]:
    """Every HTML page the product writes: letters (full and brief, and one from a profile combined from the
    workshop's respondents, with their spread), compare (two and three assessments, and two combined ones,
    with their spreads), benchmark (and of a combined profile, with its spread), a class's grades and the
    three handouts."""
    district = EXAMPLES[0] if EXAMPLES[0].stem.startswith("district") else EXAMPLES[1]
    data = yaml.safe_load(district.read_text(encoding="utf-8"))
    paths = []
    for year, stage in ((2008, "transactional"), (2009, "transitional"), (2010, "transformational")):
        data = {**data, "assessed_on": f"{year}-03-31",
                "characteristics": {**data["characteristics"], "time_scales": stage}}
        p = tmp_path / f"d{year}.yaml"
        p.write_text(yaml.safe_dump(data), encoding="utf-8")
        paths.append(str(p))
    student = Path(__file__).with_name("student-answers-case7.yaml")
    combined = tmp_path / "combined.yaml"
    code, _, err = run_cli("combine", *map(str, sorted((ROOT / "examples" / "workshop").glob("*.yaml"))),
                           "-o", str(combined))
    assert code == 0, err
    later = tmp_path / "combined-later.yaml"   # a year on, with the stage agreed after the workshop
    later.write_text(yaml.safe_dump({**yaml.safe_load(combined.read_text(encoding="utf-8")),
                                     "assessed_on": "2009-03-31",
                                     "characteristics": {"time_scales": {"override": {
                                         "stage": "transformational", "reason": "Agreed at the workshop"}}}}),
                     encoding="utf-8")
    commands = {"letter": ("letter", str(district)), "brief": ("letter", str(district), "--brief"),
                "combined": ("letter", str(combined)),
                "compare-combined": ("compare", str(combined), str(later)),
                "benchmark-combined": ("benchmark", str(later)),
                "compare2": ("compare", *paths[:2]), "compare3": ("compare", *paths),
                "benchmark": ("benchmark", str(district)), "grade": ("grade", str(student)),
                **{f"handout-{kind}": ("cases", "show", "7", "--handout", kind)
                   for kind in ("full", "worksheet",
                                                                                            "model")}}
    out = {}
    for name, args in commands.items():
        target = tmp_path / f"{name}.html"
        code, _, err = run_cli(*args, "-f", "html", "-o", str(target))
        assert code == 0, err
        out[name] = target.read_text(encoding="utf-8")
    return out


def test_every_html_page_has_a_viewport_a_language_captions_and_scopes(run_cli, tmp_path):
    for name, html in _html_outputs(run_cli, tmp_path).items():
        assert '<html lang="en-GB">' in html, name
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html, name
        tables = re.findall(r"<table>(.*?)</table>", html, re.S)
        assert tables or name == "brief" or name.startswith("handout"), name
        for table in tables:
            assert "<caption>" in table, name
            heads = re.findall(r"<th( [^>]*)?>", table)
            assert heads and all(h and 'scope="' in h for h in heads), (name, heads[:3])
        # a wide table scrolls in its own box, which a keyboard can reach
        assert html.count('class="table-scroll" role="region" tabindex="0" aria-label="') == len(tables), name
        for svg in re.findall(r"<svg.*?</svg>", html, re.S):
            root = ET.fromstring(svg)
            assert root[0].tag == f"{NS}title" and root[1].tag == f"{NS}desc" and root[1].text, name


def test_compare_shows_a_grid_not_lines(run_cli, tmp_path):
    html = _html_outputs(run_cli, tmp_path)["compare3"]
    svg = ET.fromstring(re.findall(r"<svg.*?</svg>", html, re.S)[0])
    assert not list(svg.iter(f"{NS}polyline"))
    texts = [t.text for t in svg.iter(f"{NS}text")]
    assert "Overall stage" in texts and texts.count("3 Transformational") >= 1
    desc = svg.find(f"{NS}desc").text
    assert (
        "Time scales: 2008-03-31 transactional, 2009-03-31 transitional, 2010-03-31 transformational" in desc)


def test_benchmark_chart_says_the_council_s_own_stage(run_cli, tmp_path):
    html = _html_outputs(run_cli, tmp_path)["benchmark"]
    svg = ET.fromstring(re.findall(r"<svg.*?</svg>", html, re.S)[0])
    texts = [t.text for t in svg.iter(f"{NS}text")]
    assert "This council" in texts
    assert "(Example District Council: transactional)" in svg.find(f"{NS}desc").text


def test_the_respondents_spread_chart_follows_the_letter_chart_s_conventions(classifier, run_cli, tmp_path):
    from backtofront.render import respondents_view

    combined = tmp_path / "combined.yaml"
    workshop = sorted((ROOT / "examples" / "workshop").glob("*.yaml"))
    code, _, err = run_cli("combine", *map(str, workshop), "-o", str(combined))
    assert code == 0, err
    result = classifier.classify(profile_mod.load(combined))
    root = ET.fromstring(respondents_view.svg(result))
    # its title first, then its data in words, both named for screen readers
    assert root[0].tag == f"{NS}title" and root[1].tag == f"{NS}desc"
    assert root.get("aria-labelledby") == f"{root[0].get('id')} {root[1].get('id')}"
    desc = root[1].text
    for name in NAMES:
        assert name in desc, name
    for person, _, _ in result.respondents.people:
        assert person in desc, person
    # the letter chart's drawing width and smallest type: 8 pt printed and in Word, 12 px on screen
    assert float(root.get("viewBox").split()[2]) == charts.WIDTH
    assert min(float(t.get("font-size")) for t in root.iter(f"{NS}text")) == charts.MIN_FONT
    # a mark's colour is its stage's; text reads against white and the track
    marks = {e.get("fill") for e in root.iter() if e.tag in (f"{NS}circle", f"{NS}polygon")
             and e.find(f"{NS}title")
             is not None} | {e.get("stroke") for e in root.iter(f"{NS}circle") if e.get("stroke")}
    assert marks and marks - {"#ffffff"} <= set(charts.STAGE_COLOURS.values())
    for fill in _svg_text_fills(respondents_view.svg(result)):
        assert contrast(fill, "#ffffff") >= 4.5 and contrast(fill, charts.TRACK) >= 4.5, fill
    # Word: the same words as the picture's alternative text
    letter = letter_mod.build(result, classifier.kb, letter_mod.Options())
    assert letter.spread_alt == desc and letter.spread_png.startswith(b"\x89PNG")


def test_the_paper_questionnaire_is_british_english_with_a_title(run_cli, tmp_path):
    from docx import Document

    target = tmp_path / "survey.docx"
    code, _, err = run_cli("questions", "-o", str(target))
    assert code == 0, err
    doc = Document(str(target))
    assert doc.core_properties.language == "en-GB" and doc.core_properties.title
    langs = {el.get(f"{W}val") for el in doc.styles.element.iter(f"{W}lang")}
    assert langs == {"en-GB"}
    assert any(p.style.name.startswith("Heading") or p.style.name == "Title" for p in doc.paragraphs)
