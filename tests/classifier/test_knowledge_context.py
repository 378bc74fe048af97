"""The rest of the report encoded (knowledge/context.yaml and the national figures): each item is checked
word for word inside the place its citation names, not merely somewhere in the report."""

from __future__ import annotations

import json

import pytest
from backtofront.classifier import knowledge as knowledge_mod
from backtofront.classifier.errors import DataError
from report_places import place
from report_places import squash as _squash


def test_place_finds_the_right_paragraph(report_text):
    assert _squash(place(report_text, "para 10")).startswith("10 Over half the councils in England")
    assert "SR04 gave a second challenge" not in place(report_text, "para 10")
    assert "£4.9 billion" in place(report_text, "Figure 8") and "£4.9 billion" not in place(report_text,
                                                                                            "para 23")
    assert "back office/IT;" in place(report_text, "Figure 10")


def test_national_figures_sit_in_the_place_they_cite(kb, report_text):
    for fig in kb.national_figures.values():
        where = _squash(place(report_text, fig.citation))
        for part in fig.text.split(" ... "):
            assert _squash(part) in where, (fig.id, fig.citation)
        if "(" not in fig.unit:  # a number printed as words ("a third") carries them in its unit
            assert f"{fig.value:g}" in fig.text, fig.id


def test_national_figures_of_the_issue(kb):
    f = {k: v.value for k, v in kb.national_figures.items()}
    assert (f["sr04_target_pct"], f["sr04_target_gbp"]) == (7.5, 3.01)
    assert (f["councils_met_target_early"], f["councils_met_target_early_pct"],
            f["councils_met_target_through_earlier_programmes"]) == (214, 55, 108)
    assert (f["back_office_gains_gbp"], f["back_office_cash_gbp"]) == (1.2, 1)
    assert (f["district_back_office_decline"], f["single_tier_county_back_office_decline"]) == (40, 50)
    assert f["csr07_cash_releasing_gbp"] == 4.9 and f["csr07_inflation_shortfall"] == 0.57
    assert f["council_tax_increase_limit"] == 5 and f["cashable_required_share"] == 50
    cites = {k: v.citation for k, v in kb.national_figures.items()}
    assert cites["sr04_total_gains"] == cites["back_office_share_national"] == cites[
        "csr07_annual_target"] == "Summary"
    assert cites["csr07_cash_releasing_gbp"] == "Figure 8"


def test_table_1_matches_the_report(kb, report_text):
    rows = [line.split("\t") for line in place(report_text, "Table 1").splitlines() if "\t" in line]
    assert rows[0][0] == "Year"
    y = kb.targets_by_year
    assert len(rows) - 1 == len(y.rows) == 4
    for printed, row in zip(rows[1:], y.rows):
        target = "Nil" if row.cumulative_target_gbp_bn is None else f"{row.cumulative_target_gbp_bn:.2f}"
        assert printed == [row.year, target, f"{row.reported_gbp_bn:.2f}", f"{row.excess_gbp_bn:.2f}"]
    assert _squash(f"**{y.title}**") in _squash(place(report_text, "Table 1")) or y.title in report_text
    para9 = _squash(place(report_text, "para 9"))
    assert (f"{y.target_pct:g} per cent efficiency target" in para9
            and f"£{y.target_gbp_bn:.2f} billion" in para9)


def test_table_2_and_para_11_match_the_report(kb, report_text):
    c = kb.cashable_actions
    rows = [line.split("\t") for line in place(report_text, "Table 2").splitlines() if "\t" in line][1:]
    assert [(r[0], r[1]) for r in rows] == [(a.action,
                                             {"cashable": "Cashable", "non_cashable": "Non-cashable"}[a.kind])
                                            for a in c.rows]
    notes = [r[2] for r in rows if r[2]]
    assert notes == [c.meaning["cashable"], c.meaning["non_cashable"]]
    assert _squash(c.rule) in _squash(place(report_text, c.rule_citation))


@pytest.mark.parametrize("name,count", [("oep_strands", 5), ("transformational_government", 3),
                                        ("ict_developments", 2), ("leadership_elements", 3),
                                        ("recommendations_national_bodies", 5),
                                        ("recommendations_audit_commission", 3)])
def test_lists_sit_word_for_word_in_their_place(kb, report_text, name, count):
    lst = getattr(kb, name)
    where = _squash(place(report_text, lst.citation))
    assert _squash(lst.intro) in where
    assert len(lst.items) == count
    for item in lst.items:
        assert _squash(item.text) in where, item.id
        for point in item.points:
            assert _squash(point) in where


def test_ni179_conditions(kb, report_text):
    n = kb.ni179
    assert _squash(n.definition) in _squash(place(report_text, n.citation))
    where = _squash(place(report_text, n.conditions.citation))
    assert [i.id for i in n.conditions.items] == ["net_of_investment", "sustained", "fewer_resources",
                                                  "after_march_2008"]
    for item in n.conditions.items:
        assert _squash(item.text) in where
    assert _squash(n.sr04_gains.text) in _squash(place(report_text, n.sr04_gains.citation))


def test_leadership_elements_are_a_checkable_list(kb):
    assert [knowledge_mod.list_item(i.text) for i in kb.leadership_elements.items] == [
        "challenge to existing ways of doing things", "challenge to proposed new approaches",
        "support for agreed actions"]


def test_appendix_1_back_office_and_fieldwork_councils(kb, report_text):
    where = _squash(place(report_text, "Appendix 1"))
    assert _squash(kb.back_office.text) in where
    assert len(kb.back_office.functions) == 9
    listed = place(report_text, "Appendix 1").split(kb.fieldwork_councils.intro)[1].split("The Audit "
                                                                                          "Commission is "
                                                                                          "grateful")[0]
    assert [line.strip() for line in listed.splitlines() if line.strip()] == kb.fieldwork_councils.names
    assert len(kb.fieldwork_councils.names) == kb.case_study_sites == 23


def _place_name(council: str) -> str:
    words = [w for w in council.split() if w not in {"Council", "District", "Borough", "City", "County",
                                                     "London",
                                                     "Metropolitan", "of"}]
    return " ".join(words)


def test_every_named_case_study_council_is_a_fieldwork_council(kb):
    fieldwork = {_place_name(n) for n in kb.fieldwork_councils.names}
    named = [cs for cs in kb.case_studies.values() if not cs.council.startswith(("A ", "Two "))]
    assert len(named) == 16
    for cs in named:
        assert _place_name(cs.council) in fieldwork, cs.council


def test_a_broken_table_1_row_is_refused_on_load():
    texts = {name: (knowledge_mod.package_folder("knowledge") / name).read_text(encoding="utf-8")
             for name in knowledge_mod.FILES}
    texts["context.yaml"] = texts["context.yaml"].replace("reported_gbp_bn: 4.34", "reported_gbp_bn: 4.35")
    with pytest.raises(DataError, match="knowledge/context.yaml.*2007/08: the excess is not reported minus "
                                        "target"):
        knowledge_mod.load_from(texts)


def test_a_missing_fieldwork_council_is_refused_on_load():
    texts = {name: (knowledge_mod.package_folder("knowledge") / name).read_text(encoding="utf-8")
             for name in knowledge_mod.FILES}
    texts["context.yaml"] = texts["context.yaml"].replace("    - Wigan Council\n", "")
    with pytest.raises(DataError, match="22 names, not the 23 case study sites"):
        knowledge_mod.load_from(texts)


# -- `backtofront knowledge figures` ----------------------------------------------------------------
def test_knowledge_figures_text(run_cli):
    code, out, _ = run_cli("knowledge", "figures")
    assert code == 0
    assert "National figures" in out and "Table 1: Councils beat the 7.5 per cent efficiency target" in out
    row = next(line for line in out.splitlines() if "Cash-releasing" in line)
    assert "£4.9 billion" in row and "Figure 8" in row
    assert "2007/08: 3.01, 4.34, 1.33" in " ".join(out.split())


def test_knowledge_figures_json(run_cli, kb):
    code, out, _ = run_cli("knowledge", "figures", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["figures"]
    assert [f["id"] for f in data["figures"]] == list(kb.national_figures)
    council_tax = next(f for f in data["figures"] if f["id"] == "council_tax_increase_limit")
    assert council_tax == {"id": "council_tax_increase_limit",
                           "name": "Limit on annual council tax increases",
                           "text": "annual council tax increases should be below 5 per cent",
                           "value": 5, "unit": "per cent a year", "citation": "para 24"}


@pytest.mark.parametrize("name", ["strategic_characteristics", "benchmarking_needs", "leadership_traits",
                                  "four_elements", "recommendations"])
def test_the_earlier_lists_sit_in_their_place_too(kb, report_text, name):
    lst = getattr(kb, name)
    where = _squash(place(report_text, lst.citation))
    assert _squash(lst.intro) in where
    for item in lst.items:
        assert _squash(item.text) in where, item.id


def test_knowledge_case_studies_says_stated_or_under_heading(run_cli):
    code, out, _ = run_cli("knowledge", "case-studies")
    assert code == 0
    data = json_data = json.loads(run_cli("knowledge", "case-studies", "-f", "json")[1])["case-studies"]
    assert [c["stage_source"] for c in data if c["stage"]] == ["stated", "placed_under_heading", "stated",
                                                               "stated"]
    assert json_data and "(under" in out and "(stated)" in out
