"""A recommendation's citations read in the report's order wherever they are shown: paras by number, then
tables, figures, case studies and appendices by number, then whole parts of the report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from backtofront.classifier.classify import citation_key, in_report_order
from backtofront.render import letter as letter_mod
from backtofront.render import templating
from test_one_target import _bundled

ROOT = Path(__file__).resolve().parents[2]
METRO = ROOT / "examples" / "metropolitan-transactional.yaml"


def test_places_are_put_in_the_reports_order():
    gathered = ["Table 4", "para 47", "Case study 5", "para 32", "Recommendations", "Figure 12", "Chapter 3",
                "Appendix 1", "Table 3", "para 5", "Case study 18", "Figure 6", "para 47"]
    assert in_report_order(gathered) == [
        "para 5", "para 32", "para 47", "Table 3", "Table 4", "Figure 6", "Figure 12", "Case study 5",
        "Case study 18", "Appendix 1", "Chapter 3", "Recommendations"]


def test_paras_sort_by_number_not_by_text():
    assert in_report_order(["para 100", "para 9", "para 10"]) == ["para 9", "para 10", "para 100"]
    assert in_report_order(["para 30", "Table 1", "paras 26-27", "paras 12 and 15"]) == [
        "paras 12 and 15", "paras 26-27", "para 30", "Table 1"]


def test_a_citation_of_no_known_form_keeps_its_place_after_the_rest():
    assert in_report_order(["Ref. 9", "para 47", "Box B", "Table 4"]) == ["para 47", "Table 4", "Ref. 9",
                                                                          "Box B"]
    assert citation_key("Ref. 9") > citation_key("Summary")


@pytest.mark.parametrize("name,profile", _bundled(), ids=[n for n, _ in _bundled()])
def test_every_bundled_recommendation_cites_in_the_reports_order(classifier, name, profile):
    for rec in classifier.classify(profile).recommendations:
        assert rec.citations == in_report_order(rec.citations), (rec.id, rec.citations)


def _cites_lines(text: str) -> list[str]:
    """The "Cites:" lines of the terminal report, each joined up from its wrapped lines."""
    return [re.sub(r"\s+", " ", m) for m in re.findall(r"Cites: (.*?)(?:; read|\. This is|\n\s*\n|\n\s+\d+\. "
                                                       r"|\Z)",
                                                         text, re.DOTALL)]


def test_terminal_markdown_json_and_letter_show_the_same_order(run_cli, classifier, kb):
    from backtofront.classifier import profile as profile_mod

    result = classifier.classify(profile_mod.load(METRO))
    culture = next(r for r in result.recommendations if r.id == "barrier_organisational_culture")
    # gathered as "Table 3, para 55, para 70, para 72, para 89, Case study 10"
    assert culture.citations == ["para 55", "para 70", "para 72", "para 89", "Table 3", "Case study 10"]

    code, out, _ = run_cli("assess", str(METRO), "--format", "text", "--all")
    assert code == 0
    # the case study named once
    assert ("Cites: para 55, para 70, para 72, para 89, Table 3 (the assessment's reading); read Case study "
            "10" in " ".join(out.split()))
    lines = _cites_lines(out)
    assert len(lines) == len(result.recommendations)
    for line in lines:
        cites = [c.strip() for c in line.replace(" (the assessment's reading)", "").split(",")]
        assert cites == in_report_order(cites), line

    code, out, _ = run_cli("assess", str(METRO), "--format", "md", "--all")
    assert (code == 0 and "Citations: para 55, para 70, para 72, para 89, Table 3. Read: Case study 10 (the "
                          "assessment's reading)." in out)

    code, out, _ = run_cli("assess", str(METRO), "--format", "json")
    recs = {r["id"]: r for r in json.loads(out)["recommendations"]}
    assert code == 0 and recs["barrier_organisational_culture"]["citations"] == culture.citations

    letter = letter_mod.build(result, kb)
    markdown = templating.render("letter.md.j2", letter=letter)
    row = next(r for r in letter.plan if r.action == culture.title or culture.title in r.action)
    # the places in the report's order; the advice is the assessment's reading (BT211), marked after them
    assert row.citations == ("para 55, para 70, para 72, para 89, Table 3, Case study 10 "
                             "(the assessment's reading)")
    assert row.citations in markdown
