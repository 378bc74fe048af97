"""Figures written as text in YAML and JSON profiles (`"38%"`, `"£1,250,000"`) are read as a CSV
profile's cells are (csvtable.number), with the same refusal for a figure that could be read two ways."""

from __future__ import annotations

import json

import pytest
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError


def _yaml(figures: str) -> str:
    return f"council: {{name: Borsetshire District Council, type: district}}\nfigures:\n{figures}"


@pytest.mark.parametrize("written,expected", [
    ('"38%"', 38.0), ("38 %", 38.0), ("35%", 35.0), ('"21,5"', 21.5), ('"21.5%"', 21.5), ("45", 45.0),
    ("12.5", 12.5),
])
def test_yaml_percentages_as_text(written, expected):
    p = profile_mod.loads(_yaml(f"  back_office_share_of_gains_pct: {written}\n"), "council.yaml", "yaml")
    assert p.figures.back_office_share_of_gains_pct == expected


@pytest.mark.parametrize("written,expected", [
    ('"£1,250,000"', 1250000.0), ("£1,250,000", 1250000.0), ('"1 250 000"', 1250000.0),
    ('"£1.250.000,50"', 1250000.5), ("1250000", 1250000.0),
    ('"£475,000"', 475000.0), ('"1.500"', 1500.0),  # pounds: one group of three is thousands
])
def test_yaml_pounds_as_text(written, expected):
    p = profile_mod.loads(_yaml(f"  sr04_efficiency_gains_gbp: {written}\n"), "council.yaml", "yaml")
    assert p.figures.sr04_efficiency_gains_gbp == expected


def test_json_figures_as_text():
    data = {"council": {"name": "Borsetshire District Council", "type": "district"},
            "figures": {"back_office_share_of_gains_pct": "38%", "back_office_gains_gbp": "£475,000"}}
    p = profile_mod.loads(json.dumps(data), "council.json", "json")
    assert p.figures.back_office_share_of_gains_pct == 38.0 and p.figures.back_office_gains_gbp == 475000.0


@pytest.mark.parametrize("key,written,message", [
    ("back_office_share_of_gains_pct", '"1,500"',
     "figures.back_office_share_of_gains_pct: '1,500' could be 1500 or 1.5, and a percentage is from 0 to "
     "100: write 1.5"),
    ("corporate_services_share_of_budget_pct", '"2.125"',
     "figures.corporate_services_share_of_budget_pct: '2.125' could be 2125 or 2.125"),
    ("sr04_efficiency_gains_gbp", '"lots"', "figures.sr04_efficiency_gains_gbp: 'lots' is not a number"),
    ("sr04_efficiency_gains_gbp", '"1,50,000"', "figures.sr04_efficiency_gains_gbp: '1,50,000' is not a "
                                                "number as written"),
])
def test_ambiguous_or_bad_figures_are_refused_as_in_csv(key, written, message):
    with pytest.raises(InputError) as info:
        profile_mod.loads(_yaml(f"  {key}: {written}\n"), "council.yaml", "yaml")
    assert message in str(info.value) and "council.yaml" in str(info.value)


def test_out_of_range_percentage_as_text_is_still_refused():
    with pytest.raises(InputError, match="must be at most 100"):
        profile_mod.loads(_yaml('  back_office_share_of_gains_pct: "138%"\n'), "council.yaml", "yaml")


def test_cli_exit_2_one_line(run_cli, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text(_yaml('  back_office_share_of_gains_pct: "1,500"\n'), encoding="utf-8")
    code, out, err = run_cli("assess", str(path))
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.strip().count("\n") == 0 and "could be 1500 or 1.5" in err


@pytest.mark.parametrize(("written", "note"), [
    ("0.62", "Note: figures.back_office_share_of_gains_pct is 0.62, read as 0.62 per cent; if 62 per cent "
             "was meant, write 62.\n"),
    ("0.125", "Note: figures.back_office_share_of_gains_pct is 0.125, read as 0.125 per cent; if 12.5 per "
              "cent was meant, write 12.5.\n"),
    ("62", ""), ("0", ""), ("1", ""),
])
def test_a_percentage_between_0_and_1_is_read_as_written_and_said(run_cli, tmp_path, written, note):
    """A spreadsheet's 62% typed as the fraction 0.62: read as 0.62 per cent (percentages are 0-100), with a
    note on standard error saying what to write if 62 per cent was meant."""
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: A, type: county}\n"
                    f"figures: {{back_office_share_of_gains_pct: {written}}}\n", encoding="utf-8")
    code, out, err = run_cli("assess", str(path), "-f", "json")
    assert code == 0 and err == note and json.loads(out)["council"]["name"] == "A"
    assert profile_mod.load(path).figures.back_office_share_of_gains_pct == float(written)


@pytest.mark.parametrize(("field", "written", "fix"), [
    ("back_office_gains_gbp", '"560k"', "write an amount in pounds, e.g. 560000 or £560,000"),
    ("back_office_share_of_gains_pct", "62 per cent", "write a percentage from 0 to 100, e.g. 62 or 62%"),
])
def test_a_figure_in_words_is_told_what_to_write(tmp_path, field, written, fix):
    path = tmp_path / "p.yaml"
    path.write_text(f"council: {{name: A, type: county}}\nfigures: {{{field}: {written}}}\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        profile_mod.load(path)
    assert str(caught.value).endswith(f"is not a number; {fix}")
