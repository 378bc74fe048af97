"""`backtofront combine`: respondents' workbooks, profiles and answers sheets into one council profile;
the merge rules, refusals, nothing invented; and the round trip a workshop makes: the questionnaire filled
by three respondents of different roles, combined, assessed, the facilitator's decision recorded, the
letter written and a later comparison."""

from __future__ import annotations

import csv

import json
import os
from pathlib import Path

import pytest
import yaml

from backtofront.classifier import profile as profile_mod
from workbook_fill import all_at, fill, option_text

ROOT = Path(__file__).resolve().parents[2]


def _json(run_cli, path) -> dict:
    code, out, err = run_cli("assess", str(path), "-f", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def three(tmp_path, run_cli):
    """The questionnaire from the command, filled as an officer, a councillor and a member of staff would."""
    survey = tmp_path / "survey.xlsx"
    code, _, err = run_cli("questions", "-o", str(survey))
    assert code == 0, err
    made = {}
    for name, role, stage, extra in (
            ("Ann Officer", "officer", "transitional",
             {"figure_cashable_share_pct": 40, "techniques_used.ict": "Yes",
                                                         "element_consensus": "No, this is lacking"}),
            ("Cllr Bea", "councillor", "transformational", {"figure_cashable_share_pct": 55,
                                                            "techniques_used.lean_bpi": "Yes",
                                                            "techniques_used.ict": "No",
                                                            "element_consensus": "Yes, this is present"}),
            ("Sam Staff", "staff", "transactional", {"techniques_used.ict": "No",
                                                     "element_consensus": "No, this is lacking"})):
        path = tmp_path / f"{role}.xlsx"
        path.write_bytes(survey.read_bytes())
        made[role] = fill(path, name=name, role=role,
                          council="Example DC" if role != "staff" else "example  dc",
                          answers={**all_at(stage), **extra},
                          evidence={"time_scales_gains": f"{name}'s note"})
    return made


def test_round_trip_workshop(tmp_path, run_cli, three):
    council = tmp_path / "council.yaml"
    code, _, err = run_cli("combine", *map(str, three.values()), "-o", str(council))
    assert code == 0, err
    data = yaml.safe_load(council.read_text(encoding="utf-8"))
    assert data["merge"] == "median" and [r["name"] for r in data["respondents"]] == ["Ann Officer",
                                                                                      "Cllr Bea",
                                                                                        "Sam Staff"]
    assert data["respondents"][0]["source"] == str(three["officer"])
    result = _json(run_cli, council)
    ts = result["characteristics"]["time_scales"]
    assert ts["stage"] == "transitional"                              # the lower median of the three
    assert ts["respondents"] == {"Ann Officer": "transitional", "Cllr Bea": "transformational",
                                 "Sam Staff": "transactional"}
    assert ts["by_role"] == {"officer": "transitional", "councillor": "transformational",
                             "staff": "transactional"}
    divergence = [f for f in result["flags"] if f["id"] == "divergence"]
    assert {f["item"] for f in divergence} == set(result["characteristics"])
    assert divergence[0]["roles"] == {"officer": "transitional", "councillor": "transformational",
                                      "staff": "transactional"}
    assert "agree_divergent_stages" in [r["id"] for r in result["recommendations"]]
    rec = next(r for r in result["recommendations"] if r["id"] == "agree_divergent_stages")
    assert set(rec["citations"]) == {"para 36", "para 43", "para 78"}
    # nothing invented: one respondent's "yes" is not the council's. The techniques (ICT for Ann alone,
    # lean for Bea alone), the consensus (present for Bea alone) and the cashable share (given two ways)
    # are each left unrecorded and listed to confirm, with every respondent's answer
    confirm = {t["fact"]: t["text"] for t in result["to_confirm"]}
    assert {"figures.cashable_share_pct", "techniques.used", "four_elements.consensus"} <= set(confirm)
    assert ("the respondents answer differently (Ann Officer: No, this is lacking; Cllr Bea: Yes, this is "
            "present; Sam Staff: No, this is lacking), so it is left unrecorded.") in \
        confirm["four_elements.consensus"]
    from backtofront.classifier import knowledge, profile as profile_mod, questions, respondents
    merged, _ = respondents.merge(profile_mod.load(council), questions.load(), knowledge.load())
    assert "element_consensus" not in merged.answered() and "techniques_used" not in merged.answered()
    assert "figures.cashable_share_pct" in [t["fact"] for t in result["to_confirm"]]
    assert "cashable_share_pct" not in {k for k, v in result.get("figures", {}).items() if v is not None}
    assert any(d["question"] == "time_scales_gains" for d in result["respondents"]["disagreements"])
    # the facilitator decides after the workshop: an override with its reason, kept beside the spread
    data["characteristics"] = {"time_scales": {"override": {"stage": "transformational",
                                                            "reason": "Agreed at the workshop on 3 March"}}}
    council.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    agreed = _json(run_cli, council)
    ts = agreed["characteristics"]["time_scales"]
    assert ts["stage"] == "transformational" and ts["basis"] == "override"
    assert ts["override"]["reason"] == "Agreed at the workshop on 3 March"
    assert ts["respondents"]["Sam Staff"] == "transactional"           # the raw spread is kept
    letter = tmp_path / "letter.md"
    code, _, err = run_cli("letter", str(council), "-o", str(letter))
    assert code == 0, err
    text = letter.read_text(encoding="utf-8")
    assert "combines the answers of 3 people at the council" in text
    assert ("| Time scales | Ann Officer: Transitional | Cllr Bea: Transformational | Sam Staff: "
            "Transactional | Transitional | Transformational (Agreed at the workshop on 3 March) |" in text)
    assert "To confirm" in text and "Ann Officer 40, Cllr Bea 55" in text
    for fmt in ("html", "docx"):
        code, _, err = run_cli("letter", str(council), "-o", str(tmp_path / f"letter.{fmt}"))
        assert code == 0, err
    html = (tmp_path / "letter.html").read_text(encoding="utf-8")
    assert html.count("<title>Sam Staff (staff): transactional</title>") == 8   # one mark per respondent
    assert "Questions answered differently" in text and "Questions answered differently" in html
    import zipfile
    with zipfile.ZipFile(tmp_path / "letter.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
        images = [n for n in docx.namelist() if n.startswith("word/media/")]
    assert "combines the answers of 3 people" in xml and "Agreed at the workshop on 3 March" in xml
    assert "Answered differently:" in xml and len(images) == 2   # the stages chart and the spread chart
    # a year later, compare tells the agreed stage from the raw spread
    before = tmp_path / "before.yaml"
    before.write_text(council.read_text(encoding="utf-8").replace("characteristics:", "assessed_on: "
                                                                                      "2008-03-31\n"
                                                                  "characteristics:", 1), encoding="utf-8")
    code, out, err = run_cli("compare", str(before), str(council), "-f", "json")
    assert code == 0, err
    ts = json.loads(out)["characteristics"]["time_scales"]
    assert ts["agreed"] == {"from": "transformational", "to": "transformational"}
    assert ts["respondents"]["to"]["Cllr Bea"] == "transformational"
    code, out, err = run_cli("compare", str(before), str(council), "-f", "md")
    assert code == 0, err
    assert ("Time scales: agreed transformational after the workshop; the respondents' answers ranged from "
            "transactional to transformational.") in out


def test_text_and_markdown_show_the_spread_by_role(tmp_path, run_cli, three):
    council = tmp_path / "council.yaml"
    run_cli("combine", *map(str, three.values()), "-o", str(council))
    code, md, _ = run_cli("assess", str(council), "-f", "md")
    assert code == 0
    assert "| Characteristic | Officers | Councillors | Staff | Combined | Agreed stage |" in md
    assert "| Time scales (divergent) | Ann Officer: Transitional | Cllr Bea: Transformational | " \
           "Sam Staff: Transactional | Transitional | – |" in md
    assert "this assessment's reading, not the report's" in md
    code, text, _ = run_cli("assess", str(council))
    # piped, at 100 columns: each respondent's stage listed, as a table would split "Transformational"
    assert code == 0 and "To confirm" in text and "Each respondent's stage, by role" not in text
    assert "- Time scales: combined Transitional (divergent)" in text
    assert "Councillors: Cllr Bea: Transformational" in text


def test_merge_rules(tmp_path, run_cli):
    def person(name, role, stage):
        path = tmp_path / f"{name}.yaml"
        answers = {q: option for q, option in all_at(stage, ["time_scales"]).items()}
        path.write_text(yaml.safe_dump({"council": {"name": "Example DC", "type": "district"},
                                        "respondent": {"name": name, "role": role}, "answers": answers}))
        return str(path)
    files = [person("a", "officer", "transformational"), person("b", "staff", "transactional"),
             person("c", "assessor", "transitional"), person("d", "councillor", "transformational")]
    stages = {}
    for merge in ("median", "worst", "assessor"):
        out = tmp_path / f"{merge}.yaml"
        code, _, err = run_cli("combine", *files, "--merge", merge, "-o", str(out))
        assert code == 0, err
        stages[merge] = _json(run_cli, out)["characteristics"]["time_scales"]["stage"]
    # ranks 3, 1, 2, 3: lower median 2; worst 1; the assessor's 2
    assert stages == {"median": "transitional", "worst": "transactional", "assessor": "transitional"}


def test_refusals_name_both_files(tmp_path, run_cli):
    def write(name, council="Example DC", respondent=None):
        path = tmp_path / name
        data = {"council": {"name": council, "type": "district"},
                "answers": {"time_scales_gains": option_text("time_scales_gains", "transitional")}}
        if respondent:
            data["respondent"] = respondent
        path.write_text(yaml.safe_dump(data))
        return str(path)
    a, b = write("a.yaml"), write("b.yaml", council="Other DC")
    code, _, err = run_cli("combine", a, b)
    assert code == 2 and a in err and b in err and "Traceback" not in err
    c, d = write("c.yaml", respondent={"name": "Ann"}), write("d.yaml", respondent={"name": " ann"})
    code, _, err = run_cli("combine", c, d)
    assert code == 2 and c in err and d in err and "'ann'" in err.lower()
    code, _, err = run_cli("combine", a, c, "--merge", "assessor")
    assert code == 2 and "--merge assessor needs a respondent whose role is assessor" in err


def test_stem_names_and_csv_respondents(tmp_path, run_cli):
    yaml_file = tmp_path / "ann.yaml"
    yaml_file.write_text(yaml.safe_dump({"council": {"name": "Example DC", "type": "district"},
                                         "answers": all_at("transitional", ["time_scales"])}))
    sheet = tmp_path / "workshop-table-2.csv"
    code, _, _ = run_cli("questions", "-o", str(sheet))
    rows = list(csv.reader(sheet.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        if row[0] == "time_scales_gains":
            row[2] = "long_term"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    out = tmp_path / "council.yaml"
    code, _, err = run_cli("combine", str(yaml_file), str(sheet), "-o", str(out))
    assert code == 0, err
    loaded = profile_mod.load(out)
    assert [r.name for r in loaded.respondents] == ["ann", "workshop-table-2"]
    assert loaded.respondents[1].answered()["time_scales_gains"].answer == "long_term"


def _sheets(tmp_path, run_cli, *names: str) -> list[str]:
    """Answers sheets (`questions -o x.csv`) filled by `names`, each answering time_scales_gains."""
    blank = tmp_path / "blank.csv"
    code, _, err = run_cli("questions", "-o", str(blank))
    assert code == 0, err
    rows = list(csv.reader(blank.read_text(encoding="utf-8-sig").splitlines()))
    paths = []
    for i, name in enumerate(names):
        for row in rows:
            if row[0] == "time_scales_gains":
                row[2] = ["long_term", "mix"][i % 2]
        path = tmp_path / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
        paths.append(str(path))
    return paths


def test_answers_sheets_alone_take_the_council_from_name_and_type(tmp_path, run_cli):
    sheets = _sheets(tmp_path, run_cli, "ann", "bea")
    code, _, err = run_cli("combine", *sheets)
    assert code == 2 and err == ("Error: no file names the council (answers sheets do not): give --name and "
                                 "--type, or at least one profile or workbook with the council's name and "
                                 "type\n"), err
    out = tmp_path / "council.yaml"
    code, _, err = run_cli("combine", *sheets, "--name", "Example DC", "--type", "London borough",
                           "-o", str(out))
    assert code == 0, err
    loaded = profile_mod.load(out)
    assert (loaded.council.name, loaded.council.type) == ("Example DC", "london_borough")
    assert [r.name for r in loaded.respondents] == ["ann", "bea"]


def test_the_assessment_date_is_given_with_date(tmp_path, run_cli):
    sheets = _sheets(tmp_path, run_cli, "ann", "bea")
    out = tmp_path / "council.yaml"
    code, _, err = run_cli("combine", *sheets, "--name", "Example DC", "--type", "district", "--date",
                           "31/10/2008", "-o", str(out))
    assert code == 0, err
    assert profile_mod.load(out).assessed_on.isoformat() == "2008-10-31"
    code, _, err = run_cli("combine", *sheets, "--name", "Example DC", "--type", "district", "--date",
                           "31/13/2008")
    assert code == 2 and "--date" in err and len(err.splitlines()) == 1, err


@pytest.mark.parametrize("extra, said", [
    (("--name", "Other DC"), "--name 'Other DC' is not the council"),
    (("--type", "county"), "--type 'county' is not the council"),
    (("--type", "parish"), "--type 'parish': give one of district, county, unitary, metropolitan, "
                           "london_borough"),
    (("--name", "Example DC"), "no file names the council (answers sheets do not): give --type"),
])
def test_name_and_type_never_rename_the_council_the_files_name(tmp_path, run_cli, extra, said):
    sheets = _sheets(tmp_path, run_cli, "ann", "bea")
    if extra[0] != "--name" or "Other" in extra[1]:   # a profile naming the council beside the sheets
        named = tmp_path / "cat.yaml"
        named.write_text(yaml.safe_dump({"council": {"name": "Example  dc", "type": "district"},
                                         "answers": all_at("transitional", ["time_scales"])}))
        sheets.append(str(named))
    code, _, err = run_cli("combine", *sheets, *extra)
    assert code == 2 and said in err and len(err.splitlines()) == 1, err
    if "parish" not in extra:
        code, _, err = run_cli("combine", *sheets, "--name", "example DC", "--type", "district")
        assert code == 0, err


def test_combine_never_writes_over_an_input(tmp_path, run_cli, three):
    before = three["officer"].read_bytes()
    code, _, err = run_cli("combine", str(three["officer"]), str(three["staff"]), "-o", str(three["officer"]))
    assert code == 2 and three["officer"].read_bytes() == before


# -- a respondent's stated stages (characteristics: {id: stage} outside the answers) -------------------------

def _person(tmp_path, name, role, *, answers=None, characteristics=None, **extra):
    data = {"council": {"name": "Example DC", "type": "district"}, "respondent": {"name": name, "role": role}}
    if characteristics is not None:
        data["characteristics"] = characteristics
    if answers is not None:
        data["answers"] = answers
    path = tmp_path / f"{name.split()[0].lower()}.yaml"
    path.write_text(yaml.safe_dump({**data, **extra}, sort_keys=False), encoding="utf-8")
    return str(path)


def test_a_stated_stage_is_merged_as_that_respondent_s_judged_stage(tmp_path, run_cli):
    files = [_person(tmp_path, "Ann", "officer", answers=all_at("transitional",
                                                                ["time_scales", "efficiency_policy"])),
             _person(tmp_path, "Bea", "councillor", answers=all_at("transactional", ["time_scales"])),
             _person(tmp_path, "Dee", "assessor", characteristics={
                 "time_scales": {"stage": "transformational", "evidence": "Medium-term financial plan, "
                                                                          "2008-11"},
                 "efficiency_policy": "transactional"})]
    stages = {}
    for merge in ("median", "worst", "assessor"):
        council = tmp_path / f"{merge}.yaml"
        code, _, err = run_cli("combine", *files, "--merge", merge, "-o", str(council))
        assert code == 0, err
        stages[merge] = _json(run_cli, council)
    # the combined profile keeps Dee's stated stages as Dee's, evidence and all: nothing invented or lost
    data = yaml.safe_load((tmp_path / "median.yaml").read_text(encoding="utf-8"))
    dee = data["respondents"][2]
    assert dee["name"] == "Dee" and dee["characteristics"] == {
        "efficiency_policy": "transactional",
        "time_scales": {"stage": "transformational", "evidence": "Medium-term financial plan, 2008-11"}}
    assert "characteristics" not in data["respondents"][0]
    ts = stages["median"]["characteristics"]["time_scales"]
    assert ts["respondents"] == {"Ann": "transitional", "Bea": "transactional", "Dee": "transformational"}
    assert ts["stated_by"] == ["Dee"] and ts["basis"] == "combined"
    assert "Dee (stated): Medium-term financial plan, 2008-11" in ts["evidence"]
    assert stages["median"]["characteristics"]["efficiency_policy"]["respondents"] == {
        "Ann": "transitional", "Bea": None, "Dee": "transactional"}
    # the same merge rules as for answers: ranks 2, 1, 3 -> lower median 2, worst 1, the assessor's 3
    assert [stages[m]["characteristics"]["time_scales"]["stage"]
            for m in ("median", "worst", "assessor")] == \
        ["transitional", "transactional", "transformational"]
    assert stages["median"]["characteristics"]["organisational_change"]["stated_by"] == []
    # every output marks the stated stage and says what that means
    code, md, _ = run_cli("assess", str(tmp_path / "median.yaml"), "-f", "md")
    assert code == 0
    assert ("| Time scales (divergent) | Ann: Transitional | Bea: Transactional | Dee: Transformational "
            "(stated) |" in md)
    assert "(stated): the stage that respondent's own file states" in md
    letter = tmp_path / "letter.html"
    code, _, err = run_cli("letter", str(tmp_path / "median.yaml"), "-o", str(letter))
    assert code == 0, err
    html = letter.read_text(encoding="utf-8")
    assert "<title>Dee (assessor): transformational (stated)</title>" in html
    import html as html_mod
    assert "A stage marked “(stated)” is the one that person's own file states" in html_mod.unescape(html)


def test_a_stated_stage_the_answers_contradict_is_listed_to_confirm(tmp_path, run_cli):
    files = [_person(tmp_path, "Ann", "officer", answers=all_at("transitional", ["time_scales"]),
                     characteristics={"time_scales": "transformational"}),
             _person(tmp_path, "Bea", "staff", answers=all_at("transitional", ["time_scales"]))]
    council = tmp_path / "council.yaml"
    code, _, err = run_cli("combine", *files, "-o", str(council))
    assert code == 0, err
    result = _json(run_cli, council)
    ts = result["characteristics"]["time_scales"]
    # as for one profile (BT304), the answers' stage counts; the stated one is kept and to be confirmed
    assert ts["respondents"] == {"Ann": "transitional", "Bea": "transitional"} and ts["stated_by"] == []
    confirm = [t for t in result["to_confirm"] if t["fact"] == "characteristics.time_scales"]
    assert len(confirm) == 1 and "Ann's stage for time scales: their file states transformational" in \
        confirm[0]["text"] and confirm[0]["citations"] == ["Table 4"]
    assert yaml.safe_load(council.read_text(encoding="utf-8"))["respondents"][0]["characteristics"] == \
        {"time_scales": "transformational"}


@pytest.mark.parametrize("extra,named", [
    ({"characteristics": {"time_scales": {"override": {"stage": "transitional", "reason": "agreed"}}}},
     "characteristics.time_scales: an override is the facilitator's decision"),
    ({"figures": {"cashable_share_pct": 40}}, "states figures outside its answers"),
    ({"techniques": {}, "notes": "Met on 3 March"}, "states techniques, notes outside its answers"),
    ({"barriers": []}, "states barriers outside its answers"),
])
def test_what_combine_cannot_merge_is_refused_naming_the_file_and_what_to_do(tmp_path, run_cli, extra, named):
    ann = _person(tmp_path, "Ann", "officer", answers=all_at("transitional", ["time_scales"]), **extra)
    bea = _person(tmp_path, "Bea", "staff", answers=all_at("transitional", ["time_scales"]))
    out = tmp_path / "council.yaml"
    code, stdout, err = run_cli("combine", ann, bea, "-o", str(out))
    assert code == 2 and not out.exists() and stdout == ""
    assert ann in err and named in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert ("after combining" in err)


def test_a_combined_profile_refuses_an_override_inside_a_respondent(tmp_path, run_cli):
    council = tmp_path / "council.yaml"
    council.write_text(yaml.safe_dump({
        "council": {"name": "Example DC", "type": "district"}, "merge": "median",
        "respondents": [{"name": "Ann", "characteristics": {"time_scales": {"override": {
            "stage": "transitional", "reason": "agreed"}}}, "answers": {}},
                        {"name": "Bea", "answers": all_at("transitional", ["time_scales"])}]}),
                       encoding="utf-8")
    code, _, err = run_cli("assess", str(council))
    assert code == 2 and "an override is the facilitator's decision" in err and "Traceback" not in err


def test_a_combined_profile_reads_a_respondent_s_stages_as_people_write_them(tmp_path, run_cli):
    council = tmp_path / "council.yaml"
    council.write_text(yaml.safe_dump({
        "council": {"name": "Example DC", "type": "district"},
        "respondents": [{"name": "Ann", "role": "officer",
                         "characteristics": {"time_scales": " Transformational"}},
                        {"name": "Bea", "role": "staff",
                         "answers": all_at("transitional", ["time_scales"])}]}),
        encoding="utf-8")
    result = _json(run_cli, council)
    assert result["characteristics"]["time_scales"]["respondents"] == {"Ann": "transformational",
                                                                      "Bea": "transitional"}


def test_answers_every_respondent_gives_alike_are_recorded(tmp_path, run_cli):
    from backtofront.classifier import knowledge, profile as profile_mod, questions, respondents

    files = []
    for name, techniques in (("a", ["ict", "lean_bpi"]), ("b", ["lean_bpi", "ict"])):
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump({"council": {"name": "Example DC", "type": "district"},
                                        "respondent": {"name": name},
                                        "answers": {"techniques_used": techniques,
                                                    "element_consensus": "present"}}))
        files.append(str(path))
    council = tmp_path / "council.yaml"
    assert run_cli("combine", *files, "-o", str(council))[0] == 0
    merged, spread = respondents.merge(profile_mod.load(council), questions.load(), knowledge.load())
    given = merged.answered()
    assert given["element_consensus"].answer == "present"
    assert sorted(given["techniques_used"].answer) == ["ict", "lean_bpi"]   # one list in two orders
    assert not [t for t in spread.to_confirm if t.question in ("techniques_used", "element_consensus")]


def test_a_technique_every_respondent_ticks_is_kept_when_they_differ_on_others(tmp_path, run_cli):
    """Table 5's techniques are recorded one by one: procurement, which both tick, is used; shared services,
    which one ticks, is left unrecorded (not a no) and listed to confirm with each answer."""
    from backtofront.classifier import knowledge, profile as profile_mod, questions, respondents

    files = []
    for name, used in (("a", ["procurement", "shared_services"]), ("b", ["procurement"])):
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump({"council": {"name": "Example DC", "type": "district"},
                                        "respondent": {"name": name}, "answers": {"techniques_used": used}}))
        files.append(str(path))
    council = tmp_path / "council.yaml"
    assert run_cli("combine", *files, "-o", str(council))[0] == 0
    merged, spread = respondents.merge(profile_mod.load(council), questions.load(), knowledge.load())
    assert merged.techniques.used == ["procurement"] and merged.techniques.planned == []
    assert not merged.techniques.closed and "techniques_used" not in merged.answered()
    (confirm,) = [t.text for t in spread.to_confirm if t.question == "techniques_used"]
    assert confirm.endswith("so only what every one of them ticks is recorded (Procurement).")
    code, out, err = run_cli("letter", str(council), "-f", "md")
    assert code == 0, err
    assert "The council uses procurement" in out
    assert "shared services" not in out.split("## Strengths")[1].split("##")[0].lower()


def test_two_files_of_one_name_without_respondents_are_told_apart_from_one_person_twice(tmp_path, run_cli):
    """Workbooks emailed back keep their name: two files named survey in different folders, neither naming its
    respondent, are not "one respondent twice"; the message says how to name them."""
    files = []
    for folder, stage in (("ann", "transitional"), ("bea", "transactional")):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "survey.yaml"
        path.write_text(yaml.safe_dump({"council": {"name": "Example DC", "type": "district"},
                                        "answers": all_at(stage, ["time_scales"])}))
        files.append(str(path))
    code, _, err = run_cli("combine", *files, "-o", str(tmp_path / "council.yaml"))
    assert code == 2 and len(err.splitlines()) == 1
    assert f"{files[0]} and {files[1]} both take the name 'survey' from their file names: name each" in err
    assert "respondent (the workbook's cover" in err
    assert "give each once" not in err


def test_one_respondents_file_given_by_two_names_is_refused(tmp_path, run_cli, three):
    """A link or a hard link to a file already given would count its respondent twice in the median."""
    import os

    link, hard = tmp_path / "link.yaml", tmp_path / "hard.yaml"
    link.symlink_to(three["officer"])
    os.link(three["officer"], hard)
    for other in (link, hard):
        code, out, err = run_cli("combine", str(three["officer"]), str(three["staff"]), str(other), "-o",
                                 str(tmp_path / "council.yaml"))
        said = (f"Error: {other}: is the same file as {three['officer']}; each respondent's file is given "
                "once, or they would count twice")
        assert (code, out, err.strip()) == (2, "", said)
    assert not (tmp_path / "council.yaml").exists()


def test_the_letter_counts_the_characteristics_the_respondents_differ_on_in_words(tmp_path, run_cli):
    workshop = ROOT / "examples" / "workshop"
    out = tmp_path / "council.yaml"
    code, _, err = run_cli("combine", *sorted(str(p) for p in workshop.glob("*.yaml")), "-o", str(out))
    assert code == 0, err
    code, md, err = run_cli("letter", str(out), "-f", "md")
    assert code == 0, err
    assert "span all three stages, on three of the eight characteristics (" in " ".join(md.split())


def test_a_long_name_or_a_file_name_that_is_not_utf8_is_refused_naming_what_to_change(tmp_path, run_cli):
    sheets = _sheets(tmp_path, run_cli, "ann", "bea")
    code, _, err = run_cli("combine", *sheets, "--name", "N" * 5000, "--type", "district")
    assert code == 2 and err == ("Error: --name: a council's name is at most 200 characters; this one has "
                                 "5,000\n"), err
    odd = tmp_path / os.fsdecode(b"x\xfe.csv")
    odd.write_bytes(Path(sheets[0]).read_bytes())
    code, _, err = run_cli("combine", str(odd), sheets[1], "--name", "X", "--type", "district")
    assert code == 2 and err == (f"Error: {tmp_path}/x\\udcfe.csv: its name is not valid UTF-8 text (the "
                                 "escapes stand for its bytes), and the respondent is named after the file; "
                                 "rename it\n"), err
