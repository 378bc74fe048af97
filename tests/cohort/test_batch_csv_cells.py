"""summary.csv's cells of text taken from the input never run as a spreadsheet formula: a failed row's type,
as the council wrote it, gets the leading `'` as the file, council and problem cells do; a valid type, an
id, is never changed."""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_failed_row_s_type_that_looks_like_a_formula_stays_text(run_cli, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.yaml").write_text((ROOT / "examples" / "district-transitional.yaml").read_text())
    (src / "b.yaml").write_text('council: {name: B, type: "=HYPERLINK(\\"http://x\\";\\"y\\")"}\n')
    out = tmp_path / "out"
    code, _, err = run_cli("batch", str(src), "-o", str(out), "-j", "1")
    assert code == 2, err
    text = (out / "summary.csv").read_text(encoding="utf-8")
    rows = {r["file"]: r for r in csv.DictReader(text.splitlines())}
    assert rows["b"]["status"] == "failed"
    assert rows["b"]["type"] == "'=HYPERLINK(\"http://x\";\"y\")"
    assert rows["a"]["type"] == "district"
