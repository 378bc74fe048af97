"""`backtofront compare`: progress judged against the targets in force at the older assessment, every
changed profile field listed in plain words, and a warning when the two assessments are the same."""

from __future__ import annotations

import json

import pytest
import yaml

OLD = {
    "council": {"name": "Barsetshire County Council", "type": "county"},
    "assessed_on": "2007-06-30",
    "characteristics": {
        "efficiency_policy": "transactional", "service_transformation": "transactional",
        "organisational_change": "transactional", "back_office_front_line": "transactional",
        "planning_monitoring": {"stage": "transitional", "evidence": "Tailored targets in two services"},
        "sustainability": "transactional", "time_scales": "transactional",
        "management_leadership": {"stage": "transactional", "evidence": "Cabinet member uninvolved"}},
    "pressures": ["csr07", "financial_position"],
    "four_elements": {"local_priorities": True, "consensus": False},
    "strategic_approach": {"political_support": True, "efficiency_board": False},
    "notes": "Workshop, June 2007.",
}


def _new() -> dict:
    data = json.loads(json.dumps(OLD))
    data["assessed_on"] = "2008-09-30"
    data["characteristics"]["service_transformation"] = "transitional"
    data["characteristics"]["planning_monitoring"]["stage"] = "transactional"
    data["characteristics"]["time_scales"] = "transitional"
    data["characteristics"]["management_leadership"] = {"stage": "transitional",
                                                        "evidence": "Member challenge panel set up"}
    data["strategic_approach"]["efficiency_board"] = True
    return data


@pytest.fixture
def barsetshire(tmp_path):
    old, new = tmp_path / "b2007.yaml", tmp_path / "b2008.yaml"
    old.write_text(yaml.safe_dump(OLD, sort_keys=False))
    new.write_text(yaml.safe_dump(_new(), sort_keys=False))
    return str(old), str(new)


def test_targets_are_those_in_force_at_the_older_assessment(run_cli, barsetshire):
    code, out, err = run_cli("compare", *barsetshire, "-f", "json")
    assert code == 0, err
    targets = json.loads(out)["targets"]
    # 2007: overall transactional, so every transactional characteristic aimed at transitional; planning
    # and monitoring (already a stage ahead) had no default target
    assert set(targets) == {"efficiency_policy", "service_transformation", "organisational_change",
                            "back_office_front_line", "sustainability", "time_scales",
                            "management_leadership"}
    for cid in ("service_transformation", "time_scales", "management_leadership"):
        assert targets[cid] == {"stage": "transitional", "met_before": False, "met": True, "next": None}, cid
    assert targets["efficiency_policy"] == {"stage": "transitional", "met_before": False, "met": False,
                                            "next": "transitional"}


def test_text_counts_the_targets_met_and_shows_them(run_cli, barsetshire):
    code, out, err = run_cli("compare", *barsetshire)
    assert code == 0, err
    assert "Targets met: 3 of the 7 in force at 2007-06-30." in out
    rows = {line.split("  ")[0].strip(): line for line in out.splitlines() if "  " in line.strip()}
    assert rows["Time scales"].rstrip().endswith("Transitional (met)")
    assert rows["Efficiency policy"].rstrip().endswith("Transitional")
    assert "none" not in rows["Service transformation"]


def test_markdown_and_html_say_how_many_were_met(run_cli, barsetshire):
    for fmt in ("md", "html"):
        code, out, _ = run_cli("compare", *barsetshire, "-f", fmt)
        assert code == 0
        assert "Targets met: 3 of the 7 in force at 2007-06-30." in out


def test_a_profile_set_target_counts(run_cli, tmp_path):
    old = json.loads(json.dumps(OLD))
    old["targets"] = {"planning_monitoring": "transformational", "time_scales": "transformational"}
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(_new()))
    d = json.loads(run_cli("compare", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "-f", "json")[1])
    assert d["targets"]["planning_monitoring"]["stage"] == "transformational"
    assert d["targets"]["time_scales"] == {"stage": "transformational", "met_before": False, "met": False,
                                           "next": None}
    assert d["changed"]["targets"]["time_scales"] == {"from": "transformational", "to": None}


def test_strategic_approach_change_is_listed(run_cli, barsetshire):
    code, out, _ = run_cli("compare", *barsetshire, "-f", "json")
    d = json.loads(out)
    assert d["changed"]["strategic_approach"] == {"efficiency_board": {"from": False, "to": True}}
    code, out, _ = run_cli("compare", *barsetshire)
    assert code == 0
    out = " ".join(out.split())
    assert ("An efficiency board or committee of officers and senior members (para 36): now present "
            "(was lacking)") in out
    assert "efficiency_board" not in out


def test_every_changed_profile_field_is_listed(run_cli, tmp_path):
    new = _new()
    new["four_elements"] = {"local_priorities": True, "consensus": True, "robust_challenge": False}
    new["notes"] = "Workshop, September 2008."
    new["characteristics"]["sustainability"] = {
        "stage": "transactional", "override": {"stage": "transitional",
                                               "reason": "Savings booked for 3 years"}}
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(OLD))
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(new))
    code, out, err = run_cli("compare", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert code == 0, err
    changed = " ".join(out.split("What else changed", 1)[1].split())
    assert "A consensus in support of delivering efficiencies (para 78): now present (was lacking)" in changed
    assert ("Robust approaches to challenging and delivering efficiency (para 78): now lacking (not given "
            "before)" in changed)
    assert "Notes: now Workshop, September 2008. (was Workshop, June 2007.)" in changed
    assert ("Assessor's override of sustainability of efficiency savings: now transitional, because Savings "
            "booked for 3 years (not given before)") in changed
    assert "_" not in changed.split("Recommendations")[0]


def test_changed_answers_are_listed_by_question(run_cli, tmp_path):
    from backtofront.classifier import questions

    q = next(q for q in questions.load().questions if q.kind == "single")
    old, new = json.loads(json.dumps(OLD)), _new()
    old["answers"] = {q.id: q.options[0].id}
    new["answers"] = {q.id: q.options[1].id}
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(new))
    code, out, err = run_cli("compare", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "-f", "json")
    assert code == 0, err
    assert json.loads(out)["changed"]["answers"] == {q.id: {"from": {"answer": q.options[0].id},
                                                            "to": {"answer": q.options[1].id}}}
    code, out, err = run_cli("compare", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "-f", "md")
    assert f"Answer to “{q.text}”: now {q.options[1].text} (was {q.options[0].text})" in out


def test_same_file_twice_warns_and_exits_0(run_cli, barsetshire):
    old, _ = barsetshire
    code, out, err = run_cli("compare", old, old)
    assert code == 0
    assert out.startswith("Barsetshire County Council: how the assessment has moved")
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Warning:") and "same assessment" in lines[0]


def test_identical_assessments_in_two_files_warn(run_cli, barsetshire, tmp_path):
    old, _ = barsetshire
    copy = tmp_path / "copy.yaml"
    copy.write_text(yaml.safe_dump(OLD, sort_keys=True))  # the same profile, written in another order
    code, out, err = run_cli("compare", old, str(copy), "-f", "json")
    assert code == 0
    json.loads(out)
    assert err.count("\n") == 1 and "same assessment" in err


def test_different_assessments_do_not_warn(run_cli, barsetshire):
    code, _, err = run_cli("compare", *barsetshire)
    assert code == 0 and err == ""


@pytest.mark.parametrize("width", [60, 80])
def test_narrow_key_is_right_under_the_table(barsetshire, width):
    from backtofront.classifier.classify import Classifier
    from backtofront.classifier.profile import load
    from backtofront.cohort import compare

    clf = Classifier()
    data = compare.compare([(p, load(p)) for p in barsetshire], clf)
    lines = compare.render(data, clf.kb, compare.Format.TEXT, width=width).splitlines()
    coded = [i for i, line in enumerate(lines) if "1░ →" in line or "2▒ →" in line]
    assert coded, "the narrow table shows stages as codes"
    key = [i for i, line in enumerate(lines) if line.startswith("1░ transactional")]
    # under the table: after its last row (and that row's wrapped name, and the table's blank line)
    assert len(key) == 1 and 0 < key[0] - coded[-1] <= 3
    assert all(not line.strip() or line.startswith(" ") for line in lines[coded[-1] + 1:key[0]])
    after = next(line for line in lines[key[0] + 1:] if not line.startswith("not assessed"))  # a wrapped key
    assert after.startswith("Targets met:")


def test_narrow_trend_has_its_key_under_it(barsetshire, tmp_path):
    from backtofront.classifier.classify import Classifier
    from backtofront.classifier.profile import load
    from backtofront.cohort import compare

    third = tmp_path / "b2009.yaml"
    third.write_text(yaml.safe_dump({**_new(), "assessed_on": "2009-09-30"}))
    clf = Classifier()
    data = compare.compare([(p, load(p)) for p in (*barsetshire, str(third))], clf)
    lines = compare.render(data, clf.kb, compare.Format.TEXT, width=60).splitlines()
    trend = lines.index(next(line for line in lines if line.strip() == "Trend"))
    keys = [i for i, line in enumerate(lines) if line.startswith("1░ transactional")]
    assert len(keys) == 3 and keys[-1] > trend  # under each of the two comparisons, and under the trend
    # the key ends the trend; only the reading note, after a blank line, follows it
    after = lines[keys[-1] + 1:]
    end = after.index("")
    assert all(line.startswith("not assessed") for line in after[:end])
    assert after[end + 1].startswith("Note: “The assessment's reading”")
