"""`compare` and `benchmark` of profiles combined from respondents (`backtofront combine`): the spread of
each respondent's stage by role (a table in text and Markdown; in HTML a chart, one mark per respondent, with
its title and its data in words, and a table), the merge rule's stage and the agreed stage (the facilitator's
override) told apart from it, and nothing of the kind for one respondent's profile."""

from __future__ import annotations

import html as html_mod
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKSHOP = sorted((ROOT / "examples" / "workshop").glob("*.yaml"))
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")
NS = "{http://www.w3.org/2000/svg}"
REASON = "Agreed at the workshop on 3 March"
PEOPLE = {"Ann Smith, Head of Finance": "officer",
          "Cllr Bea Jones, Cabinet Member for Resources": "councillor",
          "Sam Patel, Payroll Officer": "staff"}


@pytest.fixture
def years(tmp_path, run_cli):
    """The workshop's three respondents combined in 2008 and again in 2009, when the facilitator recorded
    the agreed stage of time scales (an override with its reason)."""
    combined = tmp_path / "combined.yaml"
    code, _, err = run_cli("combine", *map(str, WORKSHOP), "-o", str(combined))
    assert code == 0, err
    data = yaml.safe_load(combined.read_text(encoding="utf-8"))
    paths = []
    for year in (2008, 2009):
        data = {**data, "assessed_on": f"{year}-03-31"}
        if year == 2009:
            data["characteristics"] = {"time_scales": {
                "override": {"stage": "transformational", "reason": REASON}}}
        path = tmp_path / f"council-{year}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        paths.append(str(path))
    return paths


def _svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg.*?</svg>", html, re.S)]


def _spread_charts(html: str) -> list[ET.Element]:
    return [s for s in _svgs(html) if "each respondent's judged stage" in s[0].text]


def _marks(svg: ET.Element) -> list[str]:
    """The chart's marks, one per respondent and characteristic: their titles ("Name (role): stage")."""
    return [e.find(f"{NS}title").text for e in svg.iter()
            if e.tag in (f"{NS}circle", f"{NS}rect", f"{NS}polygon")
            and e.find(f"{NS}title") is not None and e.find(f"{NS}title").text != "agreed stage"]


def _expected_marks(block: dict) -> list[str]:
    """One mark per respondent for each characteristic they give a stage (the JSON's raw spread)."""
    roles = {p["name"]: p["role"] for p in block["people"]}
    return sorted(f"{name} ({roles[name]}): {stage}" for c in block["characteristics"].values()
                  for name, stage in c["respondents"].items() if stage)


def test_compare_json_carries_each_assessment_s_respondents(run_cli, years):
    code, out, err = run_cli("compare", *years, "-f", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["schema_version"] == "1.10"
    for side in ("from", "to"):
        block = d[side]["respondents"]
        assert block["merge"] == "median" and {p["name"]: p["role"] for p in block["people"]} == PEOPLE
        assert list(block["characteristics"])[:2] == ["efficiency_policy", "service_transformation"]
    before, after = d["from"]["respondents"]["characteristics"], d["to"]["respondents"]["characteristics"]
    # the agreed stage (with its reason) beside the raw spread and the merge rule's
    # stage, never in place of them
    assert before["time_scales"]["agreed"] is None
    assert after["time_scales"]["agreed"] == {"stage": "transformational", "reason": REASON}
    # agreed after the workshop: settled, no longer divergent (it was at the earlier assessment)
    assert after["time_scales"]["combined"] == "transitional" and after["time_scales"]["divergent"] is False
    assert before["time_scales"]["divergent"] is True
    assert after["time_scales"]["respondents"]["Sam Patel, Payroll Officer"] == "transactional"
    assert after["time_scales"]["by_role"] == {"officer": "transitional", "councillor": "transformational",
                                               "staff": "transactional"}
    ts = d["characteristics"]["time_scales"]
    assert ts["agreed"] == {"from": None, "to": "transformational"} and ts["to"] == "transformational"


def test_compare_text_and_markdown_show_the_spread_by_role_with_the_agreed_stage(run_cli, years):
    code, md, err = run_cli("compare", *years, "-f", "md")
    assert code == 0, err
    # each assessment's spread once, under the comparison
    assert md.count("### The respondents at 2008-03-31") == 1 and md.count(
        "### The respondents at 2009-03-31") == 1
    assert md.count("| Characteristic | Officers | Councillors | Staff | Combined | Agreed stage |") == 2
    assert ("| Time scales | Ann Smith, Head of Finance: Transitional | Cllr Bea Jones, Cabinet "
            "Member for Resources: Transformational | Sam Patel, Payroll Officer: Transactional | "
            f"Transitional | Transformational ({REASON}) |") in md   # agreed: no longer divergent
    assert ("| Time scales (divergent) | Ann Smith, Head of Finance: Transitional | Cllr Bea Jones, Cabinet "
            "Member for Resources: Transformational | Sam Patel, Payroll Officer: Transactional | "
            "Transitional | – |") in md
    assert "this assessment's reading, not the report's" in md
    assert "Questions the respondents answer differently:" in md
    code, text, err = run_cli("compare", *years)
    assert code == 0, err
    # piped at 100 columns: listed (a table would split "Transformational"), once for each assessment
    assert text.count("- Time scales: combined Transitional") == 2 and "The respondents at 2009-03-31" in text
    assert "Agreed at the workshop on" in text and "Sam Patel" in text


def test_compare_html_draws_one_mark_per_respondent_in_an_accessible_chart(run_cli, years, tmp_path):
    target = tmp_path / "compare.html"
    code, _, err = run_cli("compare", *years, "-f", "html", "-o", str(target))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    code, out, _ = run_cli("compare", *years, "-f", "json")
    block = json.loads(out)["to"]["respondents"]              # the same respondents at both assessments
    charts = _spread_charts(html)
    assert len(charts) == 2                                       # the spread at each assessment
    ids = [c[0].get("id") for c in charts]
    assert len(set(ids)) == 2 and all(html.count(f'id="{i}"') == 1 for i in ids)   # ids unique in the page
    for svg in charts:
        # its title first, then its data in words, both naming it for screen readers
        assert svg[0].tag == f"{NS}title" and svg[1].tag == f"{NS}desc" and svg.get("role") == "img"
        assert svg.get("aria-labelledby") == f"{svg[0].get('id')} {svg[1].get('id')}"
        desc = svg[1].text
        assert all(name in desc for name in PEOPLE)
        # one mark per respondent for each characteristic they give a stage, never an average
        marks = _marks(svg)
        assert marks.count("Sam Patel, Payroll Officer (staff): transactional") == 3
        assert len(marks) == 9 and {m.split(" (")[0] for m in marks} == set(PEOPLE)
        assert sorted(marks) == _expected_marks(block)
        # colour is never the only cue: the role is the mark's shape, the key says which
        texts = [t.text for t in svg.iter(f"{NS}text")]
        assert {"Officers", "Councillors", "Staff", "agreed stage"} <= set(texts)
    later = charts[1]
    assert "2009-03-31" in later[0].text
    assert "Time scales: Officers: Ann Smith, Head of Finance: Transitional" in later[1].text
    assert f"agreed Transformational ({REASON})" in later[1].text and "agreed" not in charts[0][1].text
    assert len([e for e in later.iter(f"{NS}rect") if (t := e.find(f"{NS}title")) is not None
                and t.text == "agreed stage"]) == 1
    # the table beside it: caption, scoped headers, in a box that scrolls on a phone
    page = html_mod.unescape(html)
    assert "<caption>The respondents at 2009-03-31: each characteristic's stage by role" in page
    assert f"<td>Transformational ({REASON})</td>" in page
    assert page.count('aria-label="The respondents at 2009-03-31: each respondent\'s stage, by role"') == 1


def test_compare_shows_only_the_assessments_that_are_combined(run_cli, years):
    code, md, err = run_cli("compare", EXAMPLE, years[1], "-f", "md", "--any-council")
    assert code == 0, err
    assert "### The respondents at 2009-03-31" in md and "### The respondents at 2008-03-31" not in md
    code, out, _ = run_cli("compare", EXAMPLE, years[1], "-f", "json", "--any-council")
    d = json.loads(out)
    assert "respondents" not in d["from"] and d["to"]["respondents"]["people"]
    code, md, _ = run_cli("compare", EXAMPLE, EXAMPLE, "-f", "md")
    assert code == 0 and "The respondents at" not in md and "| Officers |" not in md


def test_three_assessments_show_each_spread_once(run_cli, years, tmp_path):
    third = tmp_path / "council-2010.yaml"
    third.write_text(Path(years[1]).read_text(encoding="utf-8").replace("2009-03-31", "2010-03-31"),
                     encoding="utf-8")
    target = tmp_path / "compare.html"
    code, _, err = run_cli("compare", *years, str(third), "-f", "html", "-o", str(target))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert [c[0].text.split(":")[0] for c in _spread_charts(html)] == [
        "The respondents at 2008-03-31", "The respondents at 2009-03-31", "The respondents at 2010-03-31"]


def test_benchmark_shows_the_council_s_own_respondents(run_cli, years, tmp_path):
    code, out, err = run_cli("benchmark", years[1], "-f", "json")
    assert code == 0, err
    d = json.loads(out)
    block = d["respondents"]
    assert {p["name"] for p in block["people"]} == set(PEOPLE)
    assert block["characteristics"]["time_scales"]["agreed"] == {"stage": "transformational",
                                                                 "reason": REASON}
    assert d["characteristics"]["time_scales"]["stage"] == "transformational"
    target = tmp_path / "benchmark.html"
    code, _, err = run_cli("benchmark", years[1], "-f", "html", "-o", str(target))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    (chart,) = _spread_charts(html)
    assert chart[0].tag == f"{NS}title" and chart[1].tag == f"{NS}desc"
    assert chart.get("aria-labelledby") == f"{chart[0].get('id')} {chart[1].get('id')}"
    assert sorted(_marks(chart)) == _expected_marks(block) and len(_marks(chart)) == 9
    page = html_mod.unescape(html)
    assert "<h2>Example District Council: the respondents, each one's stage by role</h2>" in page
    assert f"<td>Transformational ({REASON})</td>" in page
    code, text, err = run_cli("benchmark", years[1])
    assert code == 0, err
    assert "Example District Council: the respondents, each one's stage by role" in text
    assert "Staff: Sam Patel, Payroll Officer: Transactional" in " ".join(text.split())


def test_benchmark_of_one_respondent_s_profile_has_no_respondents(run_cli, tmp_path):
    code, out, _ = run_cli("benchmark", EXAMPLE, "-f", "json")
    assert code == 0 and json.loads(out)["respondents"] is None
    target = tmp_path / "b.html"
    code, _, _ = run_cli("benchmark", EXAMPLE, "-f", "html", "-o", str(target))
    assert code == 0 and not _spread_charts(target.read_text(encoding="utf-8"))
    code, text, _ = run_cli("benchmark", EXAMPLE)
    assert code == 0 and "Each respondent's stage" not in text


def test_a_narrow_benchmark_lists_the_spread_and_fits(years, classifier):
    from backtofront.classifier import profile as profile_mod
    from backtofront.cohort import benchmark

    data, rows = benchmark.run(profile_mod.load(years[1]), years[1], None, classifier)
    text = benchmark.text(data, rows, classifier.kb, color=False, width=60)
    assert max(len(line) for line in text.splitlines()) <= 60
    assert "Each respondent's stage, by role" not in text         # narrow: a list, not a table
    words = " ".join(text.split())
    assert f"- Time scales: combined Transitional; agreed Transformational ({REASON})" in words
    assert f"({REASON}) (divergent)" not in words   # the agreed stage settles the divergence
    assert "Staff: Sam Patel, Payroll Officer: Transactional" in words


def test_compare_says_which_respondents_changed_person_by_person(tmp_path, run_cli):
    # a year later one councillor changes an answer, the staff member leaves and a new officer joins: one
    # line each, in words, never the respondents' data printed as one value
    combined = tmp_path / "combined.yaml"
    code, _, err = run_cli("combine", *map(str, WORKSHOP), "-o", str(combined))
    assert code == 0, err
    data = yaml.safe_load(combined.read_text(encoding="utf-8"))
    old = {**data, "assessed_on": "2008-03-31"}
    people = [dict(r) for r in data["respondents"]]
    bea = next(r for r in people if r["role"] == "councillor")
    bea["answers"] = {**bea["answers"], "efficiency_policy_status": "dont_know"}
    people = [r for r in people if r["role"] != "staff"] + [{"name": "Raj Rao", "role": "officer",
                                                            "answers": {
                                                                "efficiency_policy_status": "ad_hoc"}}]
    new = {**data, "assessed_on": "2009-03-31", "respondents": people}
    paths = []
    for name, profile in (("old", old), ("new", new)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")
        paths.append(str(path))
    code, out, err = run_cli("compare", *paths)
    flat = " ".join(out.split())
    assert code == 0, err
    assert "Respondent Cllr Bea Jones, Cabinet Member for Resources (councillor): 1 answer changed: “" in flat
    assert "Respondent Sam Patel, Payroll Officer (staff): no longer among the respondents" in flat
    assert "Respondent Raj Rao (officer): joined, with 1 answer" in flat
    assert "Respondents: now" not in flat and "'answers'" not in out
    code, out, _ = run_cli("compare", *paths, "-f", "json")
    changed = json.loads(out)["changed"]["respondents"]
    assert changed["Cllr Bea Jones, Cabinet Member for Resources"]["answers"] == ["efficiency_policy_status"]
    assert changed["Raj Rao"]["joined"] and changed["Sam Patel, Payroll Officer"]["left"]
    assert "Ann Smith, Head of Finance" not in changed  # unchanged: not listed
