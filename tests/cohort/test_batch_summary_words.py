"""`batch` summaries for people and for machines: the terminal summary and summary.xlsx in plain words
("London borough", "Efficiency policy", "Flags"), summary.csv and summary.json with the ids; a council
whose row fails is still named after its council."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

HEADER = ("council.name,council.type,characteristics.efficiency_policy,characteristics.time_scales,"
          "figures.back_office_share_of_gains_pct")
ROWS = ["Sutton Council,london_borough,transitional,,",
        "Barchester District Council,district,transactional,transitional,40",
        "Figure Council,county,transitional,,lots",
        ",unitary,transitional,,lots"]


def _batch(run_cli, tmp_path):
    src = tmp_path / "councils.csv"
    src.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = run_cli("batch", str(src), "-o", str(out), "--jobs", "1")
    return code, stdout, err, src, out


def test_terminal_summary_says_london_borough(run_cli, tmp_path):
    code, stdout, _, _, _ = _batch(run_cli, tmp_path)
    assert code == 2
    row = next(line for line in stdout.splitlines() if line.startswith("Sutton Council"))
    assert "London borough" in row


def test_a_failed_row_is_named_after_its_council(run_cli, tmp_path):
    code, _, err, src, out = _batch(run_cli, tmp_path)
    assert code == 2
    assert f"Failed: {src} line 4: column figures.back_office_share_of_gains_pct" in err
    rows = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8"))))
    figure = rows[2]
    assert figure["file"] == "figure-council" and figure["council"] == "Figure Council"
    assert figure["type"] == "county" and figure["status"] == "failed"
    assert rows[3]["file"] == "line-5" and rows[3]["council"] == ""  # no name to go by: the line
    assert not (out / "figure-council.json").exists()
    councils = json.loads((out / "summary.json").read_text(encoding="utf-8"))["councils"]
    assert councils[2]["council"] == "Figure Council"


def test_failed_profile_file_is_named_by_its_council(run_cli, tmp_path):
    src = tmp_path / "profiles"
    src.mkdir()
    (src / "bad.yaml").write_text("council: {name: Bad Shire Council, type: parish}\n")
    (src / "good.yaml").write_text("council: {name: Good Council, type: district}\n"
                                   "characteristics: {time_scales: transitional}\n")
    code, _, _ = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 2
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "summary.csv").read_text(encoding="utf-8"))))
    assert rows[0]["file"] == "bad" and rows[0]["council"] == "Bad Shire Council" and rows[0][
        "type"] == "parish"


def test_xlsx_is_in_plain_words_and_csv_keeps_the_ids(run_cli, tmp_path):
    _, _, _, _, out = _batch(run_cli, tmp_path)
    raw = (out / "summary.csv").read_bytes()
    # no byte-order mark: for machines
    assert raw.startswith(b"file,council,type,overall,provisional,efficiency_policy,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0]["type"] == "london_borough" and rows[0]["efficiency_policy"] == "transitional"
    assert rows[0]["flags"] and "_" in rows[0]["flags"]
    ws = load_workbook(out / "summary.xlsx").active
    values = [[v or "" for v in row] for row in ws.values]
    heads = values[0]
    assert heads[:5] == ["File", "Council", "Type", "Overall stage", "Efficiency policy"]
    assert "Flags" in heads and "flags" not in heads and "flag titles" not in heads
    assert heads[-2:] == ["Status", "Problem"]
    assert not any("_" in h for h in heads)
    sutton = dict(zip(heads, values[1]))
    assert sutton["Type"] == "London borough" and sutton["Efficiency policy"] == "Transitional"
    assert sutton["Time scales"] == "Not assessed" and sutton["Status"] == "Assessed"
    assert sutton["Flags"] == rows[0]["flag titles"]
    failed = dict(zip(heads, values[3]))
    assert failed["Council"] == "Figure Council" and failed["Status"] == "Failed"
    assert failed["Problem"].startswith(str(tmp_path))
    assert failed["Efficiency policy"] == ""


def test_repeated_columns_are_named_in_plain_plurals(run_cli, tmp_path):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("council.name,council.type,notes,notes\nA,district,x,y\n")
    two.write_text("council.name,council.type,notes,notes,pressures,pressures\nA,district,x,y,,\n")
    code, _, err = run_cli("batch", str(one), "-o", str(tmp_path / "o1"))
    assert code == 2 and f"{one}: column given twice: 'notes'" in err
    code, _, err = run_cli("batch", str(two), "-o", str(tmp_path / "o2"))
    assert code == 2 and "columns given twice:" in err and "(s)" not in err


def test_a_failed_name_with_a_control_character_is_not_copied_into_the_summaries(run_cli, tmp_path):
    src = tmp_path / "councils.csv"
    src.write_text(HEADER + "\nBad\x1bName Council,district,,,\nGood Council,district,transitional,,\n",
                   encoding="utf-8")
    code, _, err = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 2 and "Internal error" not in err
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "summary.csv").read_text(encoding="utf-8"))))
    # the file name is made safe (letters, digits, hyphens); the name itself is left out
    assert rows[0]["file"] == "bad-name-council" and rows[0]["council"] == "" and rows[0][
        "status"] == "failed"
    ws = load_workbook(tmp_path / "out" / "summary.xlsx").active
    assert len(list(ws.values)) == 3


def test_one_council_on_two_rows_is_told_apart_by_its_file(run_cli, tmp_path):
    import shutil
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "district-transitional.yaml"
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(example, source / "council-2008.yaml")
    shutil.copy(example, source / "council-2009.yaml")
    code, out, err = run_cli("batch", str(source), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 0, err
    for year in ("2008", "2009"):
        assert f"Example District Council (council-{year})" in out
