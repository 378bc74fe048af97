"""`backtofront compare`: the movement of one council between assessments, and the trend."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"


def _profile(tmp_path: Path, name: str, **changes) -> str:
    data = yaml.safe_load(EXAMPLE.read_text())
    for key, value in changes.items():
        node = data
        *parents, last = key.split("__")
        for p in parents:
            node = node.setdefault(p, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


@pytest.fixture
def pair(tmp_path):
    old = _profile(tmp_path, "old.yaml", assessed_on="2007-03-31",
                   characteristics__efficiency_policy="transactional",
                   characteristics__sustainability="transitional", figures__back_office_share_of_gains_pct=40,
                   pressures=["csr07"], techniques__planned=["outsourcing", "shared_services"],
                   techniques__not_used=["lean_bpi", "informal_partnerships"])
    new = _profile(tmp_path, "new.yaml", targets={"sustainability": "transitional"})
    return old, new


FIRM = {"provisional": {"from": False, "to": False}}  # neither side provisional


def test_two_profiles_json_contract(run_cli, pair):
    old, new = pair
    # put in date order whatever the arguments
    code, out, err = run_cli("compare", new, old, "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["schema_version"] == "1.10"
    assert d["council"] == {"name": "Example District Council", "type": "district"}
    assert d["from"] == {"assessed_on": "2007-03-31", "overall": "transitional", "source": old}
    assert d["to"]["assessed_on"] == "2008-03-31"
    assert d["characteristics"]["efficiency_policy"] == {"from": "transactional", "to": "transitional",
                                                         "change": "up",
                                                      **FIRM}
    assert d["characteristics"]["sustainability"] == {"from": "transitional", "to": "transactional",
                                                      "change": "down",
                                                      **FIRM}
    assert d["characteristics"]["time_scales"]["change"] == "same"
    assert d["added"]["pressures"] == ["financial_position", "council_tax"]
    assert d["removed"]["techniques_planned"] == ["shared_services"]
    assert d["changed"]["figures"] == {"back_office_share_of_gains_pct": {"from": 40, "to": 62}}
    assert {"id": "regression", "characteristic": "sustainability",
            "message": "Sustainability of efficiency savings went down from transitional to "
                       "transactional."} in d["flags"]
    # progress against the targets in force at the older assessment: the default next stage there (its
    # profile set none); "next" is the target the newer profile sets
    assert d["targets"]["sustainability"] == {"stage": "transformational", "met_before": False, "met": False,
                                              "next": "transitional"}
    assert d["changed"]["targets"] == {"sustainability": {"from": None, "to": "transitional"}}
    assert isinstance(d["closed_recommendations"], list)
    # 62 per cent of gains from the back office (above para 32's 50) brings the windfall check, the
    # efficiency policy now transitional brings the advice on the last step (para 47), and each added
    # pressure brings its response; the windfall check comes first, as it brings sustainability (now below
    # the overall stage) back up to it
    new_ids = [r["id"] for r in d["new_recommendations"]]
    assert new_ids[:2] == ["check_windfall_gains", "leadership_and_policy_first"]
    assert {"pressure_financial_position", "pressure_council_tax"} <= set(new_ids)


def test_closed_recommendations_are_matched_by_id(run_cli, tmp_path):
    old = _profile(tmp_path, "a.yaml", assessed_on="2007-01-01", characteristics__time_scales="transactional")
    new = _profile(tmp_path, "b.yaml", characteristics__time_scales="transformational")
    code, out, _ = run_cli("compare", old, new, "-f", "json")
    assert code == 0
    closed = [r["id"] for r in json.loads(out)["closed_recommendations"]]
    assert "next_stage_time_scales" in closed


def test_newly_and_no_longer_assessed(run_cli, tmp_path):
    old = _profile(tmp_path, "a.yaml", assessed_on="2007-01-01", characteristics__time_scales=None)
    new = _profile(tmp_path, "b.yaml", characteristics__sustainability=None)
    d = json.loads(run_cli("compare", old, new, "-f", "json")[1])
    assert d["characteristics"]["time_scales"]["change"] == "newly_assessed"
    assert d["characteristics"]["sustainability"] == {"from": "transactional", "to": None,
                                                      "change": "no_longer_assessed",
                                                      **FIRM}
    assert any(f["id"] == "no_longer_assessed" for f in d["flags"])


def test_argument_order_when_a_date_is_missing(run_cli, tmp_path):
    a = _profile(tmp_path, "a.yaml", assessed_on=None, characteristics__time_scales="transactional")
    b = _profile(tmp_path, "b.yaml", assessed_on="2001-01-01")
    d = json.loads(run_cli("compare", a, b, "-f", "json")[1])
    assert d["from"]["source"] == a and d["characteristics"]["time_scales"]["change"] == "up"


def test_different_councils_are_refused_unless_any_council(run_cli, tmp_path):
    a = _profile(tmp_path, "a.yaml", assessed_on="2007-01-01")
    b = _profile(tmp_path, "b.yaml", council={"name": "Another Council", "type": "district"})
    code, out, err = run_cli("compare", a, b)
    assert code == 2 and out == ""
    assert err.startswith(f"Error: {b}: is Another Council (district), but {a} is Example District Council")
    assert "--any-council" in err
    assert run_cli("compare", a, b, "--any-council")[0] == 0


def test_same_council_ignores_case_and_spacing(run_cli, tmp_path):
    a = _profile(tmp_path, "a.yaml", assessed_on="2007-01-01")
    b = _profile(tmp_path, "b.yaml", council={"name": "example  district COUNCIL", "type": "district"})
    assert run_cli("compare", a, b)[0] == 0
    c = _profile(tmp_path, "c.yaml", council={"name": "Example District Council", "type": "unitary"})
    assert run_cli("compare", a, c)[0] == 2


@pytest.mark.parametrize("args,needle", [
    (["compare", str(EXAMPLE)], "compare needs at least two profiles"),
    (["compare"], "Missing argument"),
    (["compare", str(EXAMPLE), "nope.yaml"], "nope.yaml: no such file"),
    (["compare", str(EXAMPLE), str(EXAMPLE), "-f", "pdf"], "'pdf' is not one of"),
])
def test_usage_errors_exit_2(run_cli, args, needle):
    code, _, err = run_cli(*args)
    assert code == 2 and needle in err and "Traceback" not in err


def test_three_profiles_give_comparisons_and_trend(run_cli, tmp_path):
    a = _profile(tmp_path, "a.yaml", assessed_on="2006-03-31", characteristics__time_scales="transactional")
    b = _profile(tmp_path, "b.yaml", assessed_on="2007-03-31")
    c = _profile(tmp_path, "c.yaml", characteristics__time_scales="transformational")
    code, out, _ = run_cli("compare", c, a, b, "-f", "json")
    assert code == 0
    d = json.loads(out)
    assert d["schema_version"] == "1.10"
    assert [x["to"]["assessed_on"] for x in d["comparisons"]] == ["2007-03-31", "2008-03-31"]
    assert d["trend"]["time_scales"] == ["transactional", "transitional", "transformational"]
    assert d["trend"]["overall"] == ["transitional"] * 3
    assert d["assessed_on"] == ["2006-03-31", "2007-03-31", "2008-03-31"]
    code, out, _ = run_cli("compare", a, b, c)
    assert code == 0 and "Trend" in out and "From 2006-03-31 to 2007-03-31" in out


def test_text_markdown_and_html(run_cli, pair, tmp_path):
    old, new = pair
    code, out, _ = run_cli("compare", old, new)
    assert code == 0
    assert "From 2007-03-31 to 2008-03-31" in out and "Sustainability of efficiency savings went down" in out
    assert "DOWN" in out and "\x1b[" not in out
    assert "_" not in out.replace(old, "").replace(new, "")  # no ids in words meant for people
    code, out, _ = run_cli("compare", old, new, "-f", "markdown")
    assert code == 0 and out.startswith("# Example District Council: how the assessment has moved")
    assert ("| Sustainability of efficiency savings | Transitional | Transactional | **DOWN** | "
            "Transformational |" in out)
    target = tmp_path / "c.html"
    code, out, err = run_cli("compare", old, new, "-f", "html", "-o", str(target))
    assert code == 0 and out == "" and f"Wrote {target}" in err
    html = target.read_text()
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") == 2
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    assert "Sustainability of efficiency savings" in svg
    ET.fromstring(svg)  # well-formed


def test_a_result_file_is_not_taken_for_a_profile(run_cli, tmp_path):
    result = tmp_path / "result.json"
    code, _out, _ = run_cli("assess", str(EXAMPLE), "-f", "json", "-o", str(result))
    assert code == 0
    code, _, err = run_cli("compare", str(EXAMPLE), str(result))
    assert code == 2
    assert err.strip() == (f"Error: {result}: is a result file (it has schema_version), not a profile; give "
                           "the profile that was assessed")


@pytest.mark.parametrize("variant", ["Cafe\u0301 DC", "Caf\u00e9\u200b DC", "Caf\u00e9 D\u00adC",
                                     "ＣＡＦÉ dc"])
def test_a_council_named_the_same_however_it_was_typed_is_one_council(variant):
    """NFC or NFD accents, zero-width spaces, soft hyphens and fullwidth letters do not make another
    council (compare, benchmark and combine compare names through profile.name_key)."""
    from backtofront.classifier import profile as profile_mod
    from backtofront.cohort import compare as compare_mod

    def council(name):
        return profile_mod.parse({"council": {"name": name, "type": "district"}}, "test")
    assert compare_mod.council_key(council(variant)) == compare_mod.council_key(council("Caf\u00e9 DC"))
    assert compare_mod.council_key(council("Cafe DC")) != compare_mod.council_key(council("Caf\u00e9 DC"))


@pytest.mark.parametrize("copies, said", [(2, "twice"), (3, "three times")])
def test_an_assessment_given_more_than_once_is_compared_with_a_warning_of_how_often(run_cli, copies, said):
    code, out, err = run_cli("compare", *[str(EXAMPLE)] * copies)
    assert code == 0 and out
    assert err.splitlines() == [f"Warning: {EXAMPLE} is given {said}; an assessment compared with itself is "
                                "the same assessment, so nothing has changed."]


def test_two_combined_profiles_of_different_respondents_are_not_called_the_same(run_cli, tmp_path):
    """Undated combined profiles of one council differ in their respondents' answers alone: no warning."""
    workshop = ROOT / "examples" / "workshop"
    files = sorted(str(p) for p in workshop.glob("*.yaml"))
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    assert run_cli("combine", *files[:2], "-o", str(one))[0] == 0
    assert run_cli("combine", *files[1:], "-o", str(two))[0] == 0
    code, out, err = run_cli("compare", str(one), str(two))
    assert code == 0 and out and "hold the same assessment" not in err, err
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(one.read_bytes())
    code, _, err = run_cli("compare", str(one), str(copy))
    assert code == 0 and "hold the same assessment" in err   # the same respondents: the same assessment


def test_two_files_of_one_assessment_are_compared_with_a_warning(run_cli, tmp_path):
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(EXAMPLE.read_bytes())
    code, out, err = run_cli("compare", str(EXAMPLE), str(copy))
    assert code == 0 and out
    assert err.splitlines() == [f"Warning: {EXAMPLE} and {copy} hold the same assessment, so nothing has "
                                "changed between them."]


def test_dated_assessments_given_newest_first_are_compared_oldest_first_saying_so(run_cli, tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    old.write_text(yaml.safe_dump({**data, "assessed_on": "2008-03-31"}), encoding="utf-8")
    new.write_text(yaml.safe_dump({**data, "assessed_on": "2009-03-31",
                                   "characteristics": {**data["characteristics"],
                                                       "time_scales": "transformational"}}), encoding="utf-8")
    code, out, err = run_cli("compare", str(new), str(old), "-f", "json")
    assert code == 0, err
    assert err.splitlines() == [f"Note: compared oldest first, by their dates: {old} (2008-03-31), then "
                                f"{new} (2009-03-31)."]
    assert json.loads(out)["ordered_by"] == "assessed_on"
    code, _, err = run_cli("compare", str(old), str(new), "-f", "json")
    assert code == 0 and err == ""


def test_one_file_given_by_several_names_is_one_warning_naming_them(run_cli, tmp_path):
    import os

    first = tmp_path / "2008.yaml"
    first.write_bytes(EXAMPLE.read_bytes())
    link, hard = tmp_path / "link.yaml", tmp_path / "hard.yaml"
    link.symlink_to(first)
    os.link(first, hard)
    code, _, err = run_cli("compare", str(first), str(link), str(hard))
    assert code == 0
    assert err.splitlines() == [f"Warning: {first} is given three times (also as {link} and {hard}); an "
                                "assessment compared with itself is the same assessment, so nothing has "
                                "changed."]


def test_a_file_name_that_is_not_utf8_is_written_in_json_with_escapes(run_cli, tmp_path):
    odd = tmp_path / os.fsdecode(b"p\xff.yaml")
    odd.write_bytes(EXAMPLE.read_bytes())
    later = tmp_path / "later.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    later.write_text(text.replace("2008-03-31", "2009-03-31"), encoding="utf-8")
    code, out, err = run_cli("compare", str(odd), str(later), "-f", "json")
    assert code == 0, err
    assert json.loads(out)["from"]["source"] == f"{tmp_path}/p\\udcff.yaml"
