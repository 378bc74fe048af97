"""`batch`: a council whose overall stage is provisional (fewer than half the characteristics assessed)
is marked so in every summary: summary.xlsx "Transitional (provisional)", summary.csv and summary.json a
`provisional` column, the terminal heatmap a marker after the overall stage, explained in the legend."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

CHARS = ["efficiency_policy", "service_transformation", "organisational_change", "back_office_front_line",
         "planning_monitoring", "sustainability", "time_scales", "management_leadership"]
HEADER = "council.name,council.type," + ",".join(f"characteristics.{c}" for c in CHARS)
ROWS = ["Thin Council,district,transitional,transitional,,,,,,",                 # 2 of 8: provisional
        "Full Council,county," + ",".join(["transitional"] * 8)]


@pytest.fixture
def batch(run_cli, tmp_path, monkeypatch):
    src = tmp_path / "councils.csv"
    src.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    out = tmp_path / "out"

    def run(width: int = 120):
        monkeypatch.setenv("COLUMNS", str(width))
        return (*run_cli("batch", str(src), "-o", str(out), "--jobs", "1", "--force"), out)
    return run


def test_workbook_says_provisional(batch):
    code, _, err, out = batch()
    assert code == 0, err
    ws = load_workbook(out / "summary.xlsx").active
    heads = [c.value for c in ws[1]]
    overall = {r[0]: r[heads.index("Overall stage")] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert overall == {"thin-council": "Transitional (provisional)", "full-council": "Transitional"} \
        or sorted(overall.values()) == ["Transitional", "Transitional (provisional)"]
    assert "provisional" not in heads  # shown in the overall stage, not as a column of ids


def test_csv_and_json_have_a_provisional_column(batch):
    code, _, err, out = batch()
    assert code == 0, err
    rows = {r["council"]: r for r in csv.DictReader(
        io.StringIO((out / "summary.csv").read_text(encoding="utf-8")))}
    assert rows["Thin Council"]["overall"] == "transitional" and rows["Thin Council"]["provisional"] == "true"
    assert rows["Full Council"]["provisional"] == "false"
    councils = {r["council"]: r for r in json.loads((out / "summary.json").read_text(encoding="utf-8"))[
        "councils"]}
    assert councils["Thin Council"]["provisional"] is True and councils["Full Council"][
        "provisional"] is False


def test_heatmap_marks_a_provisional_overall_stage(batch):
    code, stdout, err, _ = batch()
    assert code == 0, err
    thin = next(line for line in stdout.splitlines() if line.startswith("Thin Council"))
    full = next(line for line in stdout.splitlines() if line.startswith("Full Council"))
    assert thin.endswith("2▒?") and full.endswith("2▒")
    assert "? after the overall stage: provisional" in " ".join(stdout.split())


@pytest.mark.parametrize("width", [120, 80, 60, 40])
def test_heatmap_marker_fits_every_width(width):
    from backtofront.classifier import knowledge
    from backtofront.cohort import heatmap

    kb = knowledge.load()
    rows = [("Thin Council", {"efficiency_policy": "transitional"}, "transitional"),
            ("Full Council", dict.fromkeys(kb.characteristics, "transformational"), "transformational")]
    text = heatmap.render(kb, rows, color=False, width=width, provisional=[True, False])
    assert text.count("2▒?") == 1 and "3█?" not in text
    assert "? after the overall stage: provisional" in " ".join(text.split())
    assert all(len(line) <= width for line in text.splitlines()), text
    plain = heatmap.render(kb, rows, color=False, width=width)  # nothing marked: no marker, no word on it
    assert "?" not in plain
