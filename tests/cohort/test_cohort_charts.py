"""The SVG charts of cohorts and of the journey over time: well-formed, every label inside the frame."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from backtofront.render import charts

NS = "{http://www.w3.org/2000/svg}"
LONG = "Back office functions & front line services"


def _boxes(svg: str):
    root = ET.fromstring(svg)
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    out = []
    for t in root.iter(f"{NS}text"):
        x, y, size = float(t.get("x")), float(t.get("y")), float(t.get("font-size"))
        w = charts.text_width(t.text, size)
        left = {"start": x, "middle": x - w / 2, "end": x - w}[t.get("text-anchor")]
        out.append((t.text, left, left + w, y - size, y + size * 0.3))
    return width, height, out


def _assert_inside(svg: str) -> list[str]:
    width, height, boxes = _boxes(svg)
    for text, left, right, top, bottom in boxes:
        assert left >= 0 and right <= width, (text, left, right, width)
        assert top >= 0 and bottom <= height, (text, top, bottom, height)
    for r in ET.fromstring(svg).iter(f"{NS}rect"):
        assert float(r.get("x")) >= 0 and float(r.get("x")) + float(r.get("width")) <= width + 0.01
    return [b[0] for b in boxes]


@pytest.mark.parametrize("label", ["Pol", LONG, "x" * 90])
def test_distribution_labels_inside(label):
    rows = [(label, {"transactional": 3, "transitional": 9, "transformational": 1, "not_assessed": 0}),
            ("Time scales", {"transactional": 0, "transitional": 0, "transformational": 0,
                             "not_assessed": 13})]
    texts = _assert_inside(charts.distribution(rows))
    assert label in texts and "9" in texts and "13" in texts
    assert "not assessed" in texts


@pytest.mark.parametrize("n", [2, 3, 7])
def test_stage_grid_labels_inside(n):
    dates = [f"200{i}-03-31" for i in range(n)]
    rows = [(LONG, [1 + i % 3 for i in range(n)]), ("Time scales", [2] * n)]
    svg = charts.stage_grid(dates, rows, overall=[None] + [2] * (n - 1), title="A council: stage at each "
                                                                               "assessment")
    texts = _assert_inside(svg)
    assert set(dates) <= set(texts) and LONG in texts and "Overall stage" in texts
    # every cell says its stage in a number and a word, so no line or colour has to be told apart
    expected = n + (n - 1) + sum(1 for i in range(n) if i % 3 == 1)  # Time scales, overall, the long row
    assert texts.count("2 Transitional") == expected and "Not assessed" in texts
    if n >= 3:
        assert "3 Transformational" in texts and "1 Transactional" in texts


def test_current_target_labels_inside_and_marks_targets():
    rows = [(LONG, "transitional", "transformational"), ("Time scales", None, "transitional"),
            ("Efficiency policy", "transformational", None)]
    svg = charts.current_target(rows)
    texts = _assert_inside(svg)
    assert LONG in texts and "not assessed" in texts and "target; the bar is the current stage" in texts
    titles = [t.text for t in ET.fromstring(svg).iter(f"{NS}title")]
    assert f"{LONG}: target transformational" in titles and "Time scales: target transitional" in titles
    assert not any("Efficiency policy: target" in t for t in titles)


def test_text_is_escaped():
    svg = charts.distribution([("A & B <council>", {"transactional": 1})], title='Say "hi" & <go>')
    assert "A &amp; B &lt;council&gt;" in svg
    ET.fromstring(svg)
