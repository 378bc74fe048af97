"""A letter's scrutiny questions cite their checklist only ("(Checklist 1)"), without the assessment's
internal note of why each was asked; an unnamed case study council reads "(a district council)" inside a
sentence, a named one keeps its capitals."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from backtofront.render.letter import _midsentence_council

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_questions_cite_the_checklist_only(run_cli, tmp_path, fmt):
    out_path = tmp_path / f"letter.{fmt}"
    code, _, err = run_cli("letter", str(EXAMPLE), "-f", fmt, "-o", str(out_path))
    assert code == 0, err
    text = out_path.read_text(encoding="utf-8")
    assert "asked because" not in text
    assert len(re.findall(r"\(Checklist \d\)", text)) >= 3


def test_the_word_letter_cites_the_checklist_only(run_cli, tmp_path):
    out_path = tmp_path / "letter.docx"
    code, _, err = run_cli("letter", str(EXAMPLE), "-f", "docx", "-o", str(out_path))
    assert code == 0, err
    xml = zipfile.ZipFile(out_path).read("word/document.xml").decode("utf-8")
    text = re.sub(r"<[^>]+>", "", xml)
    assert "asked because" not in text and "(Checklist 1)" in text


def test_an_unnamed_council_is_lower_case_inside_a_sentence(run_cli):
    code, out, err = run_cli("letter", str(EXAMPLE))
    assert code == 0, err
    assert "Read: Case study 10 (a district council, an example of what to avoid)." in out
    assert "(a district council), for priority" in out
    assert "(A district council)" not in out


@pytest.mark.parametrize("name,shown", [
    ("A district council", "a district council"),
    ("Two unnamed councils", "two unnamed councils"),
    ("Sheffield City Council", "Sheffield City Council"),
    ("London Borough of Enfield", "London Borough of Enfield"),
    ("Thurrock Council", "Thurrock Council"),
])
def test_council_names_inside_a_sentence(name, shown):
    assert _midsentence_council(name) == shown
