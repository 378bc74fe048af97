"""The assessor's notes (the profile's `notes`) appear in the terminal report and the JSON, as they do in
Markdown reports and letters."""

from __future__ import annotations

import json

import pytest
from backtofront.classifier import profile
from backtofront.render import formats

NOTES = "Met the chief executive and the finance director on 12 March; the plan is in draft."
TEXT = ("council: {name: Ambridge District Council, type: district}\n"
        "characteristics: {time_scales: transitional}\n"
        f"notes: \"{NOTES}\"\n")


def _write(tmp_path, text=TEXT):
    path = tmp_path / "p.yaml"
    path.write_text(text)
    return path


def test_json_has_the_notes(run_cli, tmp_path):
    code, out, _ = run_cli("assess", str(_write(tmp_path)), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["notes"] == NOTES
    assert list(data)[:4] == ["schema_version", "council", "assessed_on", "notes"]


def test_json_notes_are_null_without_notes(run_cli, tmp_path):
    code, out, _ = run_cli("assess", str(_write(tmp_path, TEXT.rsplit("notes", 1)[0])), "--format", "json")
    assert code == 0 and json.loads(out)["notes"] is None


def test_terminal_report_has_the_notes(run_cli, tmp_path):
    code, out, _ = run_cli("assess", str(_write(tmp_path)))
    assert code == 0
    flat = " ".join(out.split())
    assert f"Assessor's notes: {NOTES}" in flat
    assert out.index("Assessor's notes") < out.index("Recommendations")


def test_terminal_report_without_notes_has_no_heading(run_cli, tmp_path):
    code, out, _ = run_cli("assess", str(_write(tmp_path, TEXT.rsplit("notes", 1)[0])))
    assert code == 0 and "Assessor's notes" not in out


@pytest.mark.parametrize("width", [120, 80, 60])
def test_notes_wrap_under_themselves_at_every_width(classifier, tmp_path, width):
    result = classifier.classify(profile.load(_write(tmp_path)))
    text = formats.text(result, width=width)
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Assessor's notes: "))
    assert all(len(line) <= width for line in lines)
    block = [lines[start]]
    for line in lines[start + 1:]:
        if not line.strip():
            break
        block.append(line)
    assert " ".join(" ".join(block).split()) == f"Assessor's notes: {NOTES}"
    assert all(line.startswith(" " * len("Assessor's notes: ")) for line in block[1:])
