"""A characteristic a stage ahead of a transactional council is held: every format shows it has no target
for now and says why, as the assessment's own reading; the terminal does so at 120, 80 and 60 columns."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import pytest
from backtofront.classifier import profile as profile_mod
from backtofront.render import letter as letter_mod
from test_terminal import run_pty, visible_lines

ROOT = Path(__file__).resolve().parents[2]
METRO = str(ROOT / "examples" / "metropolitan-transactional.yaml")
HELD = ("Two characteristics are a stage ahead of the council as a whole: back office functions & front line "
        "services; management and leadership of efficiency. They have no further target until the others "
        "reach the transitional stage, as the report's journey runs a stage at a time (para 47, Figure 12; "
        "the assessment's reading).")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_text_markdown_and_json_say_which_characteristics_are_held(run_cli):
    code, out, _ = run_cli("assess", METRO, "--format", "text")
    assert code == 0 and HELD in _flat(out) and out.count("→ None for now") == 2
    assert "to the transformational stage" not in out
    code, out, _ = run_cli("assess", METRO, "--format", "md")
    assert code == 0 and HELD in out
    assert "| Management and leadership of efficiency | Transitional | None for now |" in out
    code, out, _ = run_cli("assess", METRO, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["held"] == {"characteristics": ["back_office_front_line",
                                                              "management_leadership"],
                                          "note": HELD}
    assert "management_leadership" not in data["targets"]


def test_no_note_where_nothing_is_held(run_cli):
    code, out, _ = run_cli("assess", str(ROOT / "examples" / "district-transitional.yaml"), "--format",
                           "json")
    assert code == 0 and json.loads(out)["held"] == {"characteristics": [], "note": None}
    code, out, _ = run_cli("assess", str(ROOT / "examples" / "district-transitional.yaml"), "--format",
                           "text")
    assert "a stage ahead of the council" not in out and "None for now" not in out


def test_letters_show_held_characteristics_with_the_reason(classifier, kb):
    result = classifier.classify(profile_mod.load(METRO))
    letter = letter_mod.build(result, kb)
    md = letter_mod.render_text(letter, letter_mod.LetterFormat.MD)
    assert HELD in md
    assert "| Management and leadership of efficiency | Transitional | None for now |" in md
    assert md.count("None for now: held at transitional while the others catch up") == 2
    assert "Transformational: already reached" not in md
    html = unescape(letter_mod.render_text(letter, letter_mod.LetterFormat.HTML))
    assert html.count("None for now: held at transitional while the others catch up") == 2
    assert HELD in html
    import io

    from docx import Document
    document = Document(io.BytesIO(letter_mod.render_docx(letter)))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert HELD in paragraphs
    assert cells.count("None for now: held at transitional while the others catch up") == 2
    # the one-page brief leaves the note out (its chart simply has no target mark for them)
    brief = letter_mod.build(result, kb, letter_mod.Options(brief=True))
    assert HELD not in [p.text for p in Document(io.BytesIO(letter_mod.render_docx(brief))).paragraphs]


@pytest.mark.parametrize("width", [120, 80, 60])
def test_held_characteristics_in_a_terminal(width):
    status, out = run_pty(["assess", METRO, "--no-color"], width)
    lines = visible_lines(out)
    assert status == 0
    assert all(len(line) <= width for line in lines)
    assert HELD in _flat("\n".join(lines))
    if width < 80:
        assert lines.count("    Target: None for now") == 2
    else:
        assert sum("→ None for now" in line for line in lines) == 2
