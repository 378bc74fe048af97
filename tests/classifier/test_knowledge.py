"""The knowledge against the report: figures, counts and the wording of every Table 4 cell."""

from __future__ import annotations

import re

import pytest
from backtofront.classifier import knowledge as knowledge_mod
from backtofront.classifier.errors import DataError


def _table_rows(report: str, title: str) -> list[list[str]]:
    start = report.index(f"**{title}**")
    end = report.index("Source:", start)
    return [line.split("\t") for line in report[start:end].splitlines() if "\t" in line]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip()


def test_ids_are_the_public_ones(kb):
    assert list(kb.characteristics) == ["efficiency_policy", "service_transformation",
                                        "organisational_change",
                                        "back_office_front_line", "planning_monitoring", "sustainability",
                                        "time_scales", "management_leadership"]
    assert list(kb.pressures) == ["sr04", "csr07", "financial_position", "political_leadership",
                                  "use_of_resources", "council_tax", "wider_economy", "public_expectations"]
    assert list(kb.barriers) == ["existing_contracts", "organisational_culture", "absence_of_political_will",
                                 "low_change_capacity", "risk_aversion", "investment_in_existing_systems",
                                 "insufficient_cost_knowledge"]
    assert list(kb.methods) == ["internal", "mutual", "external"]
    assert list(kb.techniques) == ["lean_bpi", "ict", "procurement", "asset_management",
                                   "transformation_restructuring", "insourcing", "shared_services",
                                   "informal_partnerships", "outsourcing", "joint_ventures"]


def test_table_4_cells_match_the_report_word_for_word(kb, report_text):
    rows = _table_rows(report_text, "Table 4")
    assert rows[0] == ["Characteristic", "Transactional", "Transitional", "Transformational"]
    body = rows[1:]
    assert len(body) == 8 == len(kb.characteristics)
    for row, c in zip(body, kb.characteristics.values()):
        assert row[0] == c.name
        assert row[1:] == [c.descriptors["transactional"], c.descriptors["transitional"],
                           c.descriptors["transformational"]]


def test_table_3_names_match_the_report(kb, report_text):
    rows = _table_rows(report_text, "Table 3")
    assert rows[0] == ["Pressures", "Barriers"]
    pressures, barriers = rows[1]
    assert pressures == " ".join(p.name for p in kb.pressures.values())
    assert barriers == " ".join(b.name for b in kb.barriers.values())


def test_table_5_counts_and_ranges_match_the_report(kb, report_text):
    rows = [r for r in _table_rows(report_text, "Table 5") if len(r) >= 4 and r[-1].strip().isdigit()]
    assert len(rows) == 10
    for row, t in zip(rows, kb.techniques.values()):
        name, count, value_range, csr07 = [c.strip() for c in row[-4:]]
        assert name == t.name
        assert int(count) == t.sr04_sites
        assert value_range == t.value_range
        assert int(csr07) == t.csr07_sites
        assert len(t.values) == value_range.count("£")
        for v in t.values:
            assert f"£{v.gbp:,}" in value_range
    methods = {t.method for t in kb.techniques.values()}
    assert methods == set(kb.methods)
    assert kb.case_study_sites == 23


def test_table_6_matches_the_report(kb, report_text):
    rows = _table_rows(report_text, "Table 6")[1:]
    assert [(r[0], r[1], r[2]) for r in rows] == [(b.name, b.description, b.example)
                                                   for b in kb.benchmarking_types.values()]


def test_case_studies_are_the_reports_nineteen(kb, report_text):
    assert sorted(kb.case_studies) == list(range(1, 20))
    text = _squash(report_text)
    for cs in kb.case_studies.values():
        heading = re.search(rf"Case study {cs.number}\s*\n+#+\s*(.+)", report_text)
        assert heading and _squash(heading.group(1)) == _squash(cs.title), cs.number
        for figure in cs.figures:
            assert _squash(figure) in text, (cs.number, figure)
        if cs.stage_basis and "'" in cs.stage_basis:
            quoted = cs.stage_basis.split("'", 1)[1].rsplit("'", 1)[0]
            assert _squash(quoted) in text
        if cs.council_type_basis == "report" and not cs.council.startswith("A "):
            assert cs.council in report_text
    given = {n: (cs.stage, cs.stage_source) for n, cs in kb.case_studies.items() if cs.stage}
    assert given == {7: ("transactional", "stated"), 8: ("transitional", "placed_under_heading"),
                     9: ("transformational", "stated"), 10: ("transactional", "stated")}


def test_paragraph_of_each_case_study(kb, report_text):
    """Each case study sits after the paragraph the knowledge names and before the next one."""
    for cs in kb.case_studies.values():
        number = int(cs.para.split()[1])
        para = re.search(rf"(^|\n)(- )?\**{number}\**\s", report_text).start()
        nxt = re.search(rf"(^|\n)(- )?\**{number + 1}\**\s", report_text).start()
        at = report_text.index(f"Case study {cs.number}\n")
        assert para < at < nxt, cs.number


@pytest.mark.parametrize("name", ["strategic_characteristics", "benchmarking_needs", "leadership_traits",
                                  "four_elements", "recommendations"])
def test_lists_are_word_for_word(kb, report_text, name):
    text = _squash(report_text)
    lst = getattr(kb, name)
    assert _squash(lst.intro) in text
    for item in lst.items:
        assert _squash(item.text) in text, item.id
        for point in item.points:
            assert _squash(point) in text


def test_list_lengths(kb):
    assert len(kb.strategic_characteristics.items) == 4
    assert len(kb.benchmarking_needs.items) == 4
    assert len(kb.leadership_traits.items) == 3
    assert len(kb.four_elements.items) == 4
    assert len(kb.recommendations.items) == 4


def test_checklists_are_word_for_word(kb, report_text):
    text = _squash(report_text)
    assert sorted(kb.checklists) == [1, 2, 3]
    for checklist in kb.checklists.values():
        assert _squash(f"Checklist: {checklist.title}") in text
        for q in checklist.questions:
            assert _squash(q.q) in text
            for p in q.points:
                assert _squash(p) in text
    assert [len(c.questions) for c in kb.checklists.values()] == [4, 9, 8]


def test_national_figures_quote_the_report(kb, report_text):
    text = _squash(report_text)
    for fig in kb.national_figures.values():
        for part in fig.text.split(" ... "):
            assert _squash(part) in text, fig.id
    assert kb.national_figures["back_office_share_national"].value == 28
    assert (kb.national_figures["back_office_share_min"].value,
            kb.national_figures["back_office_share_max"].value) == (6, 91)


def test_factor_links_marked_report_are_made_by_the_report(kb, report_text):
    for factor in [*kb.pressures.values(), *kb.barriers.values()]:
        assert factor.citation == "Table 3"
        for link in factor.case_studies:
            assert link.number in kb.case_studies
            if link.link == "report":
                assert re.match(r"(Para \d+|[A-Z][a-z]+)", link.why)


def test_a_broken_knowledge_file_names_file_key_and_problem():
    texts = {name: (knowledge_mod.package_folder("knowledge") / name).read_text(encoding="utf-8")
             for name in knowledge_mod.FILES}
    texts["methods.yaml"] = texts["methods.yaml"].replace("sr04_sites: 21", "sr04_sites: twenty-one")
    with pytest.raises(DataError) as info:
        knowledge_mod.load_from(texts)
    assert "knowledge/methods.yaml" in str(info.value)
    assert "techniques.0.sr04_sites" in str(info.value)
    assert "'twenty-one'" in str(info.value)


def test_an_unknown_reference_in_a_case_study_is_reported():
    texts = {name: (knowledge_mod.package_folder("knowledge") / name).read_text(encoding="utf-8")
             for name in knowledge_mod.FILES}
    texts["case_studies.yaml"] = texts["case_studies.yaml"].replace("barriers: [existing_contracts]",
                                                                    "barriers: [existing_contract]", 1)
    with pytest.raises(DataError,
                       match="case_studies.1.illustrates.barriers: unknown id 'existing_contract'"):
        knowledge_mod.load_from(texts)


def test_a_technique_is_held_back_only_by_table_3_barriers(kb):
    """`held_back_by` names Table 3 barriers; outsourcing's existing contracts rest on para 39."""
    for t in kb.techniques.values():
        assert set(t.held_back_by) <= set(kb.barriers), t.id
    assert kb.techniques["outsourcing"].held_back_by == ["existing_contracts"]


def test_council_types_are_listed_once_with_their_words():
    """Every output takes a council type's words from one list, which names each type the profile
    format takes (`CouncilType`), and no other."""
    from typing import get_args

    from backtofront.classifier import knowledge

    assert knowledge.COUNCIL_TYPE_IDS == get_args(knowledge.CouncilType)
    assert set(knowledge.COUNCIL_TYPE_NAMES) == set(knowledge.COUNCIL_TYPE_IDS)
    assert knowledge.council_type_in_sentence("london_borough") == "London borough"
    assert knowledge.council_type_in_sentence("metropolitan") == "metropolitan"
