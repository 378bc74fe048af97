"""`letter --previous OLD.yaml`: page 1 reports the movement since the earlier assessment (overall and per
characteristic), the targets met and the earlier plan's actions done, carried over or no longer applying,
in `compare`'s words; several --previous give the series; a later or another council's profile is refused."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "metropolitan-transactional.yaml"


def _write(tmp_path: Path, name: str, assessed_on: str, **stages: str) -> str:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["assessed_on"] = assessed_on
    data["characteristics"] = {**data["characteristics"], **stages}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


def test_movement_targets_and_actions_on_page_one(run_cli, tmp_path):
    old = _write(tmp_path, "2007.yaml", "2007-06-30", management_leadership="transactional")
    new = _write(tmp_path, "2008.yaml", "2008-06-30", efficiency_policy="transitional",
                 service_transformation="transitional")
    code, out, err = run_cli("letter", new, "--previous", old)
    assert code == 0, err
    page_one = out.split("## Where the council stands, in more detail")[0]
    assert "**Since the assessment of 30 June 2007:**" in page_one
    assert "- Overall stage: transactional → transitional (up)" in page_one
    assert "Efficiency policy transactional → transitional (up)" in page_one
    assert "Management and leadership of efficiency transactional → transitional (up)" in page_one
    assert "- Targets met: 3 of the 7 in force at 30 June 2007." in page_one
    assert "3 reached the stage they asked for" in page_one and "carried over" in page_one
    assert "no longer apply" in page_one and "done" not in page_one
    assert page_one.index("Since the assessment") < page_one.index("What we ask of you")


def test_a_series(run_cli, tmp_path):
    first = _write(tmp_path, "2006.yaml", "2006-06-30", management_leadership="transactional",
                   back_office_front_line="transactional")
    second = _write(tmp_path, "2007.yaml", "2007-06-30", management_leadership="transactional")
    new = _write(tmp_path, "2008.yaml", "2008-06-30", efficiency_policy="transitional",
                 service_transformation="transitional")
    code, out, err = run_cli("letter", new, "--previous", second, "--previous", first)
    assert code == 0, err
    assert "over the assessments: transactional (2006) → transactional (2007) → transitional (2008)" in out
    assert "Since the assessment of 30 June 2007" in out


def test_bad_previous(run_cli, tmp_path):
    old = _write(tmp_path, "2007.yaml", "2007-06-30")
    new = _write(tmp_path, "2008.yaml", "2008-06-30")
    code, _, err = run_cli("letter", old, "--previous", new)
    assert code == 2 and "--previous takes earlier assessments" in err and "Traceback" not in err
    other = tmp_path / "other.yaml"
    other.write_text("council: {name: Other DC, type: district}\nassessed_on: 2007-01-01\n"
                     "characteristics: {time_scales: transitional}\n", encoding="utf-8")
    code, _, err = run_cli("letter", new, "--previous", str(other))
    assert code == 2 and "compare assessments of one council" in err


def test_a_previous_assessment_of_another_council_is_refused_without_a_missing_option(run_cli, tmp_path):
    """letter has no --any-council: its refusal never suggests one."""
    other = tmp_path / "other.yaml"
    other.write_text(EXAMPLE.read_text(encoding="utf-8").replace("Example Metropolitan", "Other"),
                     encoding="utf-8")
    code, _, err = run_cli("letter", str(EXAMPLE), "--previous", str(other), "-f", "md")
    assert code == 2 and "compare assessments of one council\n" in err and "--any-council" not in err


def test_the_earlier_plans_actions_are_counted_as_compare_counts_them(run_cli, tmp_path):
    """The windfall check rested on a back office share this profile no longer records, while the
    sustainability it asked for is reached: compare counts it not reassessed (nothing of what it rests on
    is recorded), and the letter counts it so too, never as reached."""
    import json
    import re

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    old = {**data, "assessed_on": "2007-06-30", "figures": {"back_office_share_of_gains_pct": 80},
           "characteristics": {**data["characteristics"], "sustainability": "transactional"}}
    new = {**data, "assessed_on": "2008-06-30", "figures": {},
           "characteristics": {**data["characteristics"], "sustainability": "transitional"}}
    paths = []
    for name, profile in (("old.yaml", old), ("new.yaml", new)):
        (tmp_path / name).write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
        paths.append(str(tmp_path / name))
    code, out, err = run_cli("compare", *paths, "-f", "json")
    assert code == 0, err
    c = json.loads(out)
    assert "check_windfall_gains" in {r["id"] for r in c["unassessed_recommendations"]}
    code, letter, err = run_cli("letter", paths[1], "--previous", paths[0])
    assert code == 0, err
    said = " ".join(letter.split())
    line = re.search(r"The earlier plan's (\d+) actions?: (\d+) reached the stage (?:it|they) asked for, "
                     r"(\d+) carried over, .*?(\d+) no longer apply"
                     r"(?:, (\d+) not reassessed[^;]*)?; (\d+) new", said)
    assert line, said
    n, reached, carried, dropped, unassessed, fresh = (int(g or 0) for g in line.groups())
    assert reached == len(c["achieved_recommendations"])
    assert unassessed == len(c["unassessed_recommendations"]) >= 1
    assert fresh == len(c["new_recommendations"])
    assert dropped == len(c["closed_recommendations"]) - reached - len(c["went_down_recommendations"])
    assert n == reached + carried + dropped + unassessed + len(c["went_down_recommendations"])


def _following(tmp_path: Path, follows: str, assessed_on: str = "2008-06-30") -> str:
    path = _write(tmp_path, "2008.yaml", assessed_on)
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"follows: {{file: {follows}}}\n")
    return path


def test_a_profile_whose_follows_names_itself_or_no_earlier_assessment_is_refused_naming_follows(run_cli,
                                                                                                  tmp_path):
    """The file follows names is read as --previous would be, but the message is about follows: the user
    gave no --previous."""
    itself = _following(tmp_path, "2008.yaml")
    code, out, err = run_cli("letter", itself, "-f", "md")
    assert (code, out, err.strip()) == (2, "", f"Error: {itself}: follows: names this profile itself "
                                               "(2008.yaml); name the earlier assessment's file, or remove "
                                               "follows")
    (tmp_path / "notes.yaml").write_text("x: 1\n", encoding="utf-8")
    not_one = _following(tmp_path, "notes.yaml")
    code, _, err = run_cli("letter", not_one, "-f", "md")
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"Error: {not_one}: follows: {tmp_path / 'notes.yaml'} cannot be read as an "
                          "earlier assessment (x: unknown key 'x';") and err.strip().endswith(
        "; correct follows, or give --previous OLD")
    elsewhere = _following(tmp_path, "../../../../etc/passwd")
    code, _, err = run_cli("letter", elsewhere, "-f", "md")
    assert (code, err.strip()) == (2, f"Error: {elsewhere}: follows: names ../../../../etc/passwd, which is "
                                      "not a profile (.yaml, .yml or .json); name the earlier assessment's "
                                      "file, or remove follows")
    _write(tmp_path, "2009.yaml", "2009-06-30")
    later = _following(tmp_path, "2009.yaml")
    code, _, err = run_cli("letter", later, "-f", "md")
    assert (code, err.strip()) == (2, f"Error: {later}: follows: {tmp_path / '2009.yaml'} is dated "
                                      "2009-06-30, not before this assessment (2008-06-30); correct "
                                      "follows, or give --previous OLD")
