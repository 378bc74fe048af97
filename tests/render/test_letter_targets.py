"""Letters show each characteristic's current stage against its target (issue 11): a Target column in
Markdown, a target mark in the chart (SVG in HTML and PDF, PNG in DOCX), labels inside the frame."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from backtofront.render import charts
from backtofront.render import letter as letter_mod
from conftest import make_profile

NS = "{http://www.w3.org/2000/svg}"
DATA = {"characteristics": {"efficiency_policy": "transitional", "time_scales": "transactional",
                            "management_leadership": "transitional", "sustainability": "transactional"},
        "targets": {"time_scales": "transformational", "efficiency_policy": "transitional"}}


def _result(classifier):
    return classifier.classify(make_profile(DATA))


def _letter(classifier, result):
    return letter_mod.build(result, classifier.kb, letter_mod.Options())


def test_markdown_letter_has_target_columns(classifier):
    md = letter_mod.render(_letter(classifier, _result(classifier)), letter_mod.LetterFormat.MD)
    assert "| Characteristic (Table 4) | Stage | Target |" in md
    assert "| Time scales | Transactional | Transformational |" in md
    assert "| Efficiency policy | Transitional | Transitional (met) |" in md
    assert "| Organisational change | Not assessed | Assess first |" in md
    appendix = md.split("## Appendix: the eight characteristics")[1]
    assert "| Characteristic | Current stage | Evidence | Target |" in appendix
    assert "| Transformational: " in appendix.split("| Time scales |")[1].split("\n")[0]
    assert "Transitional (met): " in appendix.split("| Efficiency policy |")[1].split("\n")[0]


def test_html_letter_chart_marks_each_target(classifier):
    result = _result(classifier)
    html = letter_mod.render(_letter(classifier, result), letter_mod.LetterFormat.HTML)
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    root = ET.fromstring(svg)
    # the chart's data in words: its title (first child, the PDF's alternative text) and its description
    assert root[0].tag == f"{NS}title" and root[1].tag == f"{NS}desc"
    desc = root[1].text
    assert "Time scales: transactional, target transformational" in desc
    assert "Efficiency policy: transitional, target transitional (met)" in desc
    assert desc in root[0].text and root[0].text.startswith("The eight characteristics of Table 4")
    assert desc.count("; ") == 7 and len(result.targets) == 4
    marks = [r for r in root.iter(f"{NS}rect") if r.get("width") == "4"]
    assert len(marks) == len(result.targets) + 1  # one a target, one in the key
    assert "against the council's target" in html


def test_letter_chart_labels_and_marks_inside_the_frame(classifier):
    svg = charts.characteristics_svg(_result(classifier), classifier.kb)
    root = ET.fromstring(svg)
    width = float(root.get("viewBox").split()[2])
    height = float(root.get("viewBox").split()[3])
    for r in root.iter(f"{NS}rect"):
        assert 0 <= float(r.get("x")) and float(r.get("x")) + float(r.get("width")) <= width
        assert 0 <= float(r.get("y")) and float(r.get("y")) + float(r.get("height")) <= height
    from PIL import ImageFont
    font = ImageFont.load_default(size=11)
    for t in root.iter(f"{NS}text"):
        w = font.getlength(t.text) * float(t.get("font-size")) / 11
        left = float(t.get("x")) - (w / 2 if t.get("text-anchor") == "middle" else 0)
        assert left >= 0 and left + w <= width and float(t.get("y")) <= height, t.text
        if float(t.get("x")) == 0:  # a characteristic's name stays left of the bars
            assert w < charts.LABEL_W, t.text


def test_docx_chart_png_draws_the_target_marks(classifier):
    from PIL import Image
    result = _result(classifier)
    image = Image.open(io.BytesIO(charts.characteristics_png(result, classifier.kb, scale=2))).convert("RGB")
    ink = (0x22, 0x22, 0x22)
    bars = charts.characteristic_bars(result, classifier.kb)
    for i, bar in enumerate(bars):
        y = (charts.TOP + charts.ROW_H * i + charts.BAR_H // 2) * 2
        marks = [r for r in (1, 2, 3) if image.getpixel(((charts._mark_x(r) + 2) * 2, y)) == ink]
        assert marks == ([bar.target_rank] if bar.target_rank else []), bar.name
