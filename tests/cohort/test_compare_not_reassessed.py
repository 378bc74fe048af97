"""`compare`: what a newer profile does not record is never read as a change. Advice whose characteristic the
newer profile does not assess, or whose basis (a pressure, a technique, a figure) it leaves out, is "not
reassessed", apart from advice that no longer applies; a movement where either side is provisional is marked
so; list values read as words; the order of undated profiles is said once."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"
SILENT = {"pressure_csr07", "pressure_financial_position", "pressure_council_tax", "planned_outsourcing",
          "check_windfall_gains"}   # what rested on the pressures, techniques and sustainability


def _write(tmp_path: Path, name: str, data: dict) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return str(path)


def _example(**changes) -> dict:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for key, value in changes.items():
        node = data
        *parents, last = key.split("__")
        for p in parents:
            node = node[p]
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return data


@pytest.fixture
def silent(tmp_path):
    """The example in 2008, and in 2009 with its pressures and techniques left out and sustainability not
    assessed: the newer profile is silent on them."""
    old = _write(tmp_path, "2008.yaml", _example())
    new = _write(tmp_path, "2009.yaml", _example(assessed_on="2009-03-31", pressures=None, techniques=None,
                                                 characteristics__sustainability=None))
    return old, new


def _words(out: str, fmt: str) -> str:
    """What a reader sees, on one line: HTML without its tags and entities, Markdown without its escapes."""
    if fmt == "html":
        out = html.unescape(re.sub(r"<[^>]+>", "", out))
    elif fmt == "md":
        out = re.sub(r"\\(.)", r"\1", out)
    return " ".join(out.split())


def _ids(items: list[dict]) -> set[str]:
    return {r["id"] for r in items}


def test_advice_resting_on_what_is_not_recorded_is_not_reassessed(run_cli, silent):
    code, out, err = run_cli("compare", *silent, "-f", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["schema_version"] == "1.10"
    assert SILENT <= _ids(d["unassessed_recommendations"])
    assert not SILENT & _ids(d["closed_recommendations"])   # never "no longer applies" on silence
    # advice the newer profile could give again and does is carried, not "not reassessed"
    assert "next_stage_time_scales" in _ids(d["carried_recommendations"])


def test_an_empty_list_is_recorded_so_its_advice_no_longer_applies(run_cli, tmp_path):
    old = _write(tmp_path, "2008.yaml", _example())
    new = _write(tmp_path, "2009.yaml", _example(assessed_on="2009-03-31", pressures=[]))
    d = json.loads(run_cli("compare", old, new, "-f", "json")[1])
    pressures = {"pressure_csr07", "pressure_financial_position", "pressure_council_tax"}
    assert pressures <= _ids(d["closed_recommendations"])
    assert d["unassessed_recommendations"] == []


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_every_format_lists_not_reassessed_apart(run_cli, silent, fmt):
    code, out, err = run_cli("compare", *silent, "-f", fmt)
    assert code == 0, err
    flat = _words(out, fmt)
    heading = "Recommendations not reassessed: the newer profile does not record what they rest on"
    assert heading in flat
    unassessed = flat.split(heading)[1]
    assert "Test the planned outsourcing against the report's evidence" in unassessed
    # the advice is listed once, under its own heading, not under "no longer apply"
    closed = flat.split("Recommendations that no longer apply")[1].split(heading)[0] \
        if "Recommendations that no longer apply" in flat else ""
    assert "planned outsourcing" not in closed


def test_the_letter_counts_not_reassessed_apart_from_no_longer_apply(run_cli, silent):
    old, new = silent
    code, out, err = run_cli("letter", new, "--previous", old, "-f", "md", "--date", "2009-05-01")
    assert code == 0, err
    line = next(x for x in out.splitlines() if "The earlier plan's" in x)
    assert "not reassessed (this assessment does not record what they rest on)" in line
    unassessed = int(line.split(" not reassessed")[0].rsplit(" ", 1)[1])
    assert unassessed >= len(SILENT)
    dropped = int(line.split(" no longer apply")[0].rsplit(" ", 1)[1])
    assert dropped == 0   # nothing the newer profile records has gone: none "no longer applies"


def _thin(**answers) -> dict:
    """Two characteristics judged from answers (a provisional overall stage: 2 of 8 assessed)."""
    return {"council": {"name": "Thin District Council", "type": "district"},
            "answers": {k: v for k, v in answers.items() if v}}


def test_a_provisional_movement_is_marked_in_every_format(run_cli, tmp_path):
    old = _write(tmp_path, "old.yaml", {**_thin(efficiency_policy_status="ad_hoc",
                                                efficiency_policy_objectives="unconnected",
                                                efficiency_policy_purpose="quick_wins",
                                                time_scales_gains="short_term"),
                                        "assessed_on": "2008-03-31"})
    new = _write(tmp_path, "new.yaml", {**_thin(efficiency_policy_status="policy_not_linked",
                                                efficiency_policy_objectives="policy_only",
                                                efficiency_policy_purpose="targets_longer_term",
                                                time_scales_gains="mix"),
                                        "assessed_on": "2009-03-31"})
    d = json.loads(run_cli("compare", old, new, "-f", "json")[1])
    assert d["overall"]["provisional"] == {"from": True, "to": True}
    assert d["characteristics"]["time_scales"]["provisional"] == {"from": True, "to": True}  # 1 of 3 answered
    assert d["characteristics"]["efficiency_policy"]["provisional"] == {"from": False, "to": False}
    for fmt in ("text", "md", "html"):
        code, out, err = run_cli("compare", old, new, "-f", fmt)
        assert code == 0, err
        flat = _words(out, fmt)
        assert "(up, provisional: both stages rest on only 2 of the 8 characteristics)" in flat, fmt
        rows = [x for x in out.splitlines() if fmt != "html" or x.startswith("<tr>")]  # the table's rows
        assert "up (provisional)" in next(x for x in rows if "Time scales" in x), fmt
        assert "provisional" not in next(x for x in rows if "Efficiency policy" in x), fmt
        assert "Provisional: a movement so marked rests on a stage, then or now, judged" in flat, fmt
    code, out, _ = run_cli("letter", new, "--previous", old, "-f", "md", "--date", "2009-05-01")
    assert code == 0
    flat = " ".join(out.split())
    assert ("Overall stage: transactional → transitional (up, provisional: both stages rest on only 2 of "
            "the 8 characteristics)") in flat
    assert ("Time scales transactional → transitional (up, provisional: judged from fewer than half of its "
            "questions)") in flat
    assert "Efficiency policy transactional → transitional (up)" in flat


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_list_values_are_words_not_python(run_cli, tmp_path, fmt):
    old = _write(tmp_path, "old.yaml", _example(benchmarking={"used": ["data", "service"]}))
    new = _write(tmp_path, "new.yaml", _example(assessed_on="2009-03-31",
                                                benchmarking={"used": ["strategic"]}))
    code, out, err = run_cli("compare", old, new, "-f", fmt)
    assert code == 0, err
    flat = _words(out, fmt)
    assert "['" not in flat
    assert ("Types of benchmarking used (Table 6): now Strategic benchmarking (was Data benchmarking; "
            "Service benchmarking)") in flat


ORDER = ("Not every profile gives the date of its assessment (assessed_on), so they are compared in the "
         "order given")


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_undated_profiles_keep_the_order_given_and_say_so_once(run_cli, tmp_path, fmt):
    later = _write(tmp_path, "later.yaml", _example(assessed_on="2009-03-31"))
    undated = _write(tmp_path, "undated.yaml", _example(assessed_on=None, characteristics__sustainability=
                                                        "transitional"))
    code, out, err = run_cli("compare", later, undated, "-f", fmt)
    assert code == 0, err
    flat = _words(out, fmt)
    assert flat.count(ORDER) == 1
    # each named by its file, with its date where it has one: never a date beside a file name
    assert f"{ORDER}: {later} (2009-03-31), then {undated}." in flat
    assert f"From {later} (2009-03-31) to {undated}" in flat


def test_the_json_says_how_the_profiles_were_ordered(run_cli, tmp_path):
    a = _write(tmp_path, "a.yaml", _example(assessed_on="2009-03-31"))
    b = _write(tmp_path, "b.yaml", _example(assessed_on="2008-03-31"))
    c = _write(tmp_path, "c.yaml", _example(assessed_on=None))
    dated = json.loads(run_cli("compare", a, b, "-f", "json")[1])
    assert dated["ordered_by"] == "assessed_on" and dated["from"]["assessed_on"] == "2008-03-31"
    given = json.loads(run_cli("compare", b, a, c, "-f", "json")[1])
    assert given["ordered_by"] == "given" and given["assessed_on"] == ["2008-03-31", "2009-03-31", None]
    code, out, _ = run_cli("compare", a, b)
    assert code == 0 and ORDER not in " ".join(out.split())


def test_the_trend_chart_describes_a_characteristic_not_assessed_as_not_assessed(run_cli, tmp_path):
    old = _write(tmp_path, "old.yaml", _example(characteristics__sustainability=None))
    new = _write(tmp_path, "new.yaml", _example(assessed_on="2009-03-31"))
    code, out, err = run_cli("compare", old, new, "-f", "html")
    assert code == 0, err
    desc = html.unescape(re.search(r"<desc[^>]*>(.*?)</desc>", out, re.S).group(1))
    assert "Sustainability of efficiency savings: 2008-03-31 not assessed, 2009-03-31 transactional" in desc


def test_a_target_whose_characteristic_is_not_assessed_now_is_not_counted_as_missed(run_cli, silent):
    code, out, err = run_cli("compare", *silent)
    assert code == 0, err
    assert ("Targets met: 0 of the 8 in force at 2008-03-31; 1 not known, its characteristic not assessed "
            "now.") in " ".join(out.split())
    old, new = silent
    code, out, err = run_cli("letter", new, "--previous", old, "-f", "md", "--date", "2009-05-01")
    assert code == 0, err
    assert "in force at 31 March 2008; 1 not known, its characteristic not assessed now." in out


def test_the_letters_count_of_the_earlier_plan_adds_up(run_cli, silent):
    """Each of the earlier plan's actions is counted once: done, carried over, not reached as its
    characteristic went down, no longer applying or not reassessed add up to the plan's size, however the
    newer plan merges or splits its advice."""
    import re

    old, new = silent
    code, out, err = run_cli("letter", new, "--previous", old, "-f", "md", "--date", "2009-05-01")
    assert code == 0, err
    line = next(x for x in out.splitlines() if "The earlier plan's" in x)
    total = int(re.search(r"The earlier plan's (\d+) action", line).group(1))
    parts = [int(re.search(rf"(\d+) {what}", line).group(1)) if re.search(rf"(\d+) {what}", line) else 0
             for what in ("reached the stage", "carried over", "not reached", "no longer apply",
                          "not reassessed")]
    assert sum(parts) == total, line


def test_an_answer_whose_note_alone_changed_is_said_to_be_unchanged(run_cli, tmp_path):
    """Enter at `interview --from` keeps last year's answer but not its note: compare says the answer is
    unchanged and what became of the note, not "now X (was X (evidence: ...))"."""
    old = _write(tmp_path, "old.yaml", {"council": {"name": "A District Council", "type": "district"},
                                        "assessed_on": "2008-03-31", "answers": {
                                            "efficiency_policy_status": {"answer": "policy_not_linked",
                                                                         "evidence": "Cabinet paper"}}})
    new = _write(tmp_path, "new.yaml", {"council": {"name": "A District Council", "type": "district"},
                                        "assessed_on": "2009-03-31",
                                        "answers": {"efficiency_policy_status": "policy_not_linked"}})
    for fmt in ("text", "md"):
        code, out, err = run_cli("compare", old, new, "-f", fmt)
        assert code == 0, err
        flat = " ".join(out.split())
        assert ("“How does the council's efficiency activity relate to its policies?”: unchanged (An "
                "efficiency policy, but not linked to other policies); evidence note no longer given (was: "
                "Cabinet paper)") in flat, flat
        assert "(was An efficiency policy" not in flat


def test_advice_whose_aim_is_reached_is_achieved_not_merely_closed(run_cli, tmp_path):
    """Organisational change moved from transactional to transitional: the advice to take it there is closed
    and achieved; advice closed for another reason (a barrier the newer profile no longer lists) is closed
    only. The text, Markdown and HTML show the two under their own headings; the what-if says the same."""
    old = _write(tmp_path, "2008.yaml", _example())
    new = _write(tmp_path, "2009.yaml", _example(assessed_on="2009-03-31",
                                                 characteristics__organisational_change="transitional",
                                                 barriers=["organisational_culture"]))
    code, out, err = run_cli("compare", old, new, "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    achieved = {r["id"] for r in data["achieved_recommendations"]}
    closed = {r["id"] for r in data["closed_recommendations"]}
    assert achieved == {"next_stage_organisational_change"}
    assert achieved < closed and "barrier_existing_contracts" in closed
    code, text, _ = run_cli("compare", old, new)
    flat = " ".join(text.split())
    achieved_part = flat.split("Recommendations achieved: the stages they aimed at are reached", 1)[1]
    achieved_part = achieved_part.split("Recommendations that no longer apply", 1)
    assert "Take organisational change to the transitional stage" in achieved_part[0]
    assert "Take organisational change to the transitional stage" not in achieved_part[1].split(
        "New recommendations")[0]
    for fmt in ("md", "html"):
        code, doc, _ = run_cli("compare", old, new, "-f", fmt)
        assert code == 0 and "Recommendations achieved: the stages they aimed at are reached" in doc
    code, out, _ = run_cli("assess", old, "--what-if", "organisational_change=transitional", "-f", "json")
    what_if = json.loads(out)["what_if"]["recommendations"]
    assert [r["id"] for r in what_if["achieved"]] == ["next_stage_organisational_change"]
    code, text, _ = run_cli("assess", old, "--what-if", "organisational_change=transitional")
    assert "Recommendation achieved: Take organisational change to the transitional stage" in text
    assert "no longer applies: Take organisational change to the transitional stage" not in text


AIM = ("Make the efficiency policy strategic and embedded in the council before the final step to "
       "transformational")


def test_advice_whose_characteristic_went_down_is_not_reached_not_no_longer_applying(run_cli, tmp_path):
    """Efficiency policy went down from transitional to transactional: the older advice to make it strategic
    before the step to transformational was not reached, and the council went the other way; it is never
    listed as advice that "no longer applies" (the newer plan asks for the earlier step, listed as new).
    compare in every format, the letter's count of the earlier plan and the what-if say the same."""
    old = _write(tmp_path, "2008.yaml", _example())
    new = _write(tmp_path, "2009.yaml", _example(assessed_on="2009-03-31",
                                                 characteristics__efficiency_policy="transactional"))
    code, out, err = run_cli("compare", old, new, "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    down = [r["title"] for r in data["went_down_recommendations"]]
    assert down == [AIM], down
    assert {r["title"] for r in data["closed_recommendations"]} >= set(down)
    assert "Take efficiency policy to the transitional stage" in {r["title"] for r in
                                                                  data["new_recommendations"]}
    heading = "Recommendations not reached: a characteristic they aimed to move has gone down"
    for fmt in ("text", "md", "html"):
        code, doc, _ = run_cli("compare", old, new, "-f", fmt)
        flat = _words(doc, fmt)
        assert code == 0 and heading in flat, flat
        assert AIM in flat.split(heading, 1)[1].split("Recommendation", 1)[0], flat
        if "Recommendations that no longer apply" in flat:
            dropped = flat.split("Recommendations that no longer apply", 1)[1].split("New recommendations")[0]
            assert AIM not in dropped, dropped
    code, out, err = run_cli("letter", new, "--previous", old, "-f", "md", "--date", "2009-05-01")
    assert code == 0, err
    line = " ".join(next(x for x in out.splitlines() if "The earlier plan's" in x).split())
    assert "1 not reached (a characteristic it aimed to move went down)" in line, line
    code, out, _ = run_cli("assess", old, "--what-if", "efficiency_policy=transactional", "-f", "json")
    what_if = json.loads(out)["what_if"]["recommendations"]
    assert [r["title"] for r in what_if["went_down"]] == down
    code, text, _ = run_cli("assess", old, "--what-if", "efficiency_policy=transactional")
    flat = " ".join(text.split())
    assert f"Recommendation not reached, its characteristic set lower: {AIM}" in flat
    assert f"no longer applies: {AIM}" not in flat


def test_dated_profiles_given_the_wrong_way_round_among_undated_ones_are_refused(run_cli, tmp_path):
    """Not every profile dated: the order given is kept, so a later assessment given before an earlier one
    would read as a fall. Refused, naming both (exit 2, one line); oldest first is compared."""
    later = _write(tmp_path, "later.yaml", _example(assessed_on="2009-03-31",
                                                    characteristics__efficiency_policy="transitional"))
    undated = _write(tmp_path, "undated.yaml", _example(assessed_on=None))
    earlier = _write(tmp_path, "earlier.yaml", _example())
    code, out, err = run_cli("compare", undated, later, earlier)
    assert code == 2 and out == ""
    assert err.strip() == (f"Error: {earlier}: is dated 2008-03-31, but comes after {later} (dated "
                           "2009-03-31); not every profile is dated, so they are compared in the order "
                           "given: give them oldest first")
    code, out, err = run_cli("compare", undated, earlier, later)
    assert code == 0, err
