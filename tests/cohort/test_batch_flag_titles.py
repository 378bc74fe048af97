"""`batch` summaries: the `flags` column keeps the ids machines read; `flag titles` says the same flags in
plain words, in the CSV and the JSON; the XLSX, for people, has only the words, under "Flags"."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]


def test_summaries_have_flag_titles_in_plain_words(run_cli, tmp_path):
    out = tmp_path / "out"
    code, _, err = run_cli("batch", str(ROOT / "examples"), "-o", str(out))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8"))))
    assert rows and "flag titles" in rows[0]
    for row in rows:
        ids = row["flags"].split("; ")
        titles = row["flag titles"].split("; ")
        assert len(ids) == len(titles) and ids != [""]
        assert all(re.fullmatch(r"[a-z_]+", i) for i in ids)  # ids unchanged
        for title in titles:
            assert "_" not in title and title[0].isupper()
    district = next(r for r in rows if r["file"] == "district-transitional")
    assert "windfall_risk" in district["flags"].split("; ")
    assert "Gains may be one-off windfalls" in district["flag titles"].split("; ")
    councils = json.loads((out / "summary.json").read_text(encoding="utf-8"))["councils"]
    assert [c["flag titles"] for c in councils] == [r["flag titles"] for r in rows]
    # the workbook is for people: the flags in words only, under "Flags"
    ws = load_workbook(out / "summary.xlsx").active
    header = [c.value for c in ws[1]]
    col = header.index("Flags")
    assert "flags" not in header and "flag titles" not in header
    assert [r[col].value for r in ws.iter_rows(min_row=2)] == [r["flag titles"] for r in rows]


def test_every_flag_a_rule_raises_has_a_summary_title():
    from backtofront.classifier import knowledge, rules
    from backtofront.cohort.batch import flag_title

    ids = set()
    for path in (ROOT / "rules").glob("*.yaml"):
        ids |= set(re.findall(r"^  flag:\n    id: (\w+)", path.read_text(encoding="utf-8"), re.MULTILINE))
    assert len(ids) >= 11 and ids == set(rules.load(knowledge.load()).flag_ids)
    for fid in ids:  # the rule's own words, never the id read out
        assert flag_title(fid) != fid.replace("_", " ").capitalize()
