"""The CSV profile format: one row a council, one column a field; `example --format csv`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from backtofront.classifier import profile as profile_mod
from backtofront.classifier import questions
from backtofront.classifier.errors import InputError
from backtofront.cohort import csvfile, sources

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"


def test_template_round_trips_to_the_example_profile(run_cli, tmp_path):
    code, out, _ = run_cli("example", "--format", "csv")
    assert code == 0
    header, row = list(csv.reader(io.StringIO(out)))
    assert header[:3] == ["council.name", "council.type", "assessed_on"]
    assert "characteristics.time_scales" in header and "targets.time_scales" in header
    assert len(header) == len(row)
    path = tmp_path / "councils.csv"
    path.write_text(out, encoding="utf-8")
    (entry,) = sources.entries(path)
    assert entry.name == "example-district-council"
    assert entry.load() == profile_mod.load(EXAMPLE)


def test_example_yaml_is_the_commented_starter(run_cli):
    code, out, _ = run_cli("example")
    assert code == 0 and out == (ROOT / "examples" / "starter" / "council.yaml").read_text(encoding="utf-8")


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "c.csv"
    path.write_text(text, encoding="utf-8-sig")  # as a spreadsheet saves it, with a BOM
    return path


def test_cells_lists_yes_no_numbers_and_evidence(tmp_path):
    path = _write(tmp_path, "council.name,council.type,characteristics.time_scales,"
                            "characteristics.time_scales.evidence,pressures,four_elements.consensus,"
                            "figures.back_office_share_of_gains_pct,targets.time_scales\n"
                            "A Council,county,transitional,Three-year plans,csr07; "
                            "sr04,yes,45%,transformational\nB Council,district,,,,no,,\n")
    a, b = [e.load() for e in sources.entries(path)]
    assert a.characteristics.time_scales.stage == "transitional"
    assert a.characteristics.time_scales.evidence == "Three-year plans"
    assert a.pressures == ["csr07", "sr04"]
    assert a.four_elements.consensus is True and b.four_elements.consensus is False
    assert a.figures.back_office_share_of_gains_pct == 45
    assert a.targets.time_scales == "transformational"
    assert b.characteristics.time_scales is None and b.pressures is None  # an empty cell records nothing


def test_unknown_column_refuses_the_file_with_a_suggestion(run_cli, tmp_path):
    path = _write(tmp_path, "council.name,council.type,characteristics.timescales\nA,county,transitional\n")
    code, out, err = run_cli("batch", str(path), "-o", str(tmp_path / "out"))
    assert code == 2 and out == ""
    assert "c.csv: column 'characteristics.timescales' is not a profile field; " \
           "did you mean 'characteristics.time_scales'?" in err


def test_a_bad_row_names_its_line_and_field(tmp_path):
    path = _write(tmp_path, "council.name,council.type,figures.cashable_share_pct,four_elements.consensus\n"
                            "A,county,lots,\nB,parish,,\nC,county,,maybe\n")
    a, b, c = sources.entries(path)
    problems = []
    for e in (a, b, c):
        with pytest.raises(InputError) as caught:
            e.load()
        problems.append(str(caught.value))
    assert problems[0] == (f"{path} line 2: column figures.cashable_share_pct: 'lots' is not a number; "
                          "write a percentage from 0 to 100, e.g. 62 or 62%")
    assert problems[1].startswith(f"{path} line 3: council.type: 'parish' is not valid")
    assert problems[2].startswith(f"{path} line 4: column four_elements.consensus: 'maybe' is not yes or no")


def test_rows_sharing_a_name_get_distinct_file_names(tmp_path):
    path = _write(tmp_path, "council.name,council.type\nSame Council,county\nSame  Council,county\n")
    assert [e.name for e in sources.entries(path)] == ["same-council-line2", "same-council-line3"]


def test_empty_and_binary_csv_are_refused(run_cli, tmp_path):
    (tmp_path / "e.csv").write_text("")
    code, _, err = run_cli("batch", str(tmp_path / "e.csv"), "-o", str(tmp_path / "o"))
    assert code == 2 and "e.csv: is empty" in err
    (tmp_path / "x.csv").write_bytes(b"PK\x03\x04\x00\x00")
    code, _, err = run_cli("batch", str(tmp_path / "x.csv"), "-o", str(tmp_path / "o"))
    assert code == 2 and "save it as CSV" in err


def test_template_columns_cover_every_profile_field():
    # a new profile field must get a column: every leaf of the Profile struct appears
    leaves = set()
    for name in profile_mod.Profile.__struct_fields__:
        # the earlier profile's file, written by `interview --from`: no cohort row has one
        if name == "follows":
            continue
        if name in ("council", "characteristics", "targets", "techniques", "benchmarking", "figures",
                    "four_elements", "strategic_approach", "letter"):
            sub = {"council": profile_mod.Council, "characteristics": profile_mod.Characteristics,
                   "targets": profile_mod.Targets, "techniques": profile_mod.Techniques,
                   "benchmarking": profile_mod.Benchmarking,
                   "figures": profile_mod.Figures, "four_elements": profile_mod.FourElements,
                   "strategic_approach": profile_mod.StrategicApproach,
                   "letter": profile_mod.LetterInfo}[name]
            leaves |= {f"{name}.{f}" for f in sub.__struct_fields__}
        elif name == "answers":
            leaves |= {f"answers.{q.id}" for q in questions.load().questions}
        elif name in ("respondent", "respondents", "merge"):
            continue   # one person's answers, or several combined (`combine`): not a council's row of a CSV
        else:
            leaves.add(name)
    assert leaves <= set(csvfile.COLUMNS)
    assert {f"characteristics.{c}.override" for c in profile_mod.Characteristics.__struct_fields__} \
        <= set(csvfile.COLUMNS)


def test_answers_and_overrides_in_columns(tmp_path):
    path = _write(tmp_path, "council.name,council.type,characteristics.sustainability.override,"
                            "characteristics.sustainability.override_reason,answers.efficiency_policy_status,"
                            "answers.efficiency_policy_status.evidence,answers.techniques_used,"
                            "answers.figure_cashable_share_pct,answers.sustainability_windfalls,"
                            "answers.sustainability_windfalls.justification\n"
                            "A,county,transitional,Plan agreed,policy_not_linked,Strategy p. "
                            "3,procurement;ict,80,na,No windfalls\n")
    (entry,) = sources.entries(path)
    data = entry.row.data
    assert data["characteristics"] == {"sustainability": {"override": {"stage": "transitional",
                                                                       "reason": "Plan agreed"}}}
    assert data["answers"] == {
        "efficiency_policy_status": {"answer": "policy_not_linked", "evidence": "Strategy p. 3"},
        "techniques_used": ["procurement", "ict"], "figure_cashable_share_pct": 80.0,
        "sustainability_windfalls": {"answer": "na", "justification": "No windfalls"}}
    p = entry.load()
    assert p.characteristics.overrides()["sustainability"].reason == "Plan agreed"
    assert p.answered()["techniques_used"].answer == ["procurement", "ict"]
    assert p.answered()["efficiency_policy_status"].evidence == "Strategy p. 3"


def test_a_bad_answer_names_the_line_and_the_question(tmp_path):
    path = _write(tmp_path,
                  "council.name,council.type,answers.efficiency_policy_status\nA,county,policy_not_linkd\n")
    (entry,) = sources.entries(path)
    with pytest.raises(InputError) as caught:
        entry.load()
    message = str(caught.value)
    assert message.startswith(f"{path} line 2: answers.efficiency_policy_status")
    assert "policy_not_linked" in message


def test_not_used_column_and_none_for_an_empty_list(tmp_path):
    """`techniques.not_used` records an explicit no; a cell `none` is an empty list (the council has none),
    while an empty cell records nothing."""
    path = _write(tmp_path,
                  "council.name,council.type,techniques.used,techniques.not_used,barriers,pressures,"
                            "benchmarking.used\n"
                            "Ambridge,district,procurement,lean_bpi;ict,none,,data\n")
    (row,) = csvfile.read(path)
    p = csvfile.parse_row(row)
    assert p.techniques.used == ["procurement"] and p.techniques.not_used == ["lean_bpi", "ict"]
    assert p.barriers == [] and p.pressures is None
    assert p.benchmarking.used == ["data"]
    none = _write(tmp_path, "council.name,council.type,techniques.used\nAmbridge,district,None\n")
    (row,) = csvfile.read(none)
    assert csvfile.parse_row(row).techniques.used == []
    assert csvfile._flatten({"barriers": []}, "barriers") == "none"


@pytest.mark.parametrize("name, expected", [("Café Town", "cafe-town"),
                                            ("Ynys Môn Council", "ynys-mon-council"),
                                            ("Straße Borough", "strasse-borough"), ("Ærø", "aero"),
                                            ("Ｆｕｌｌ Width", "full-width"), ("東京", "council")])
def test_accented_names_are_transliterated(name, expected):
    assert sources.slug(name) == expected


def test_a_csv_of_accented_names_gives_ascii_file_names_and_still_tells_clashes_apart(tmp_path):
    path = _write(tmp_path, "council.name,council.type\nCafé Town,district\nCafe "
                            "Town,district\nBrønnøy,county\n")
    assert [e.name for e in sources.entries(path)] == ["cafe-town-line2", "cafe-town-line3", "bronnoy"]


def test_batch_writes_the_transliterated_name(run_cli, tmp_path):
    path = _write(tmp_path, "council.name,council.type,characteristics.time_scales\nCafé "
                            "Town,district,transitional\n")
    code, _, err = run_cli("batch", str(path), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out" / "cafe-town.json").is_file()
