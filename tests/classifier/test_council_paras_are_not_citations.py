"""A council's own words that name a paragraph ("Café review, see para 3") are the council's reference, quoted
as its evidence: never a citation of the report on a recommendation, in JSON or in a letter's Cites."""

from __future__ import annotations

import json

from conftest import make_profile

NOTE = "Café review, see para 3 and paras 12-13"


def _profile():
    return make_profile({"answers": {"efficiency_policy_status": {"answer": "policy_not_linked",
                                                                   "evidence": NOTE}},
                         "notes": "Workshop notes, para 9 of our minutes"})


def test_a_councils_paragraph_is_not_cited_as_the_reports(classifier):
    result = classifier.classify(_profile())
    quoted = [r for r in result.recommendations if any(NOTE in w for w in r.why)]
    assert quoted, "the note is quoted in some recommendation's why"
    for rec in result.recommendations:
        assert not {"para 3", "para 12", "para 13", "para 9"} & set(rec.citations), (rec.id, rec.citations)


def test_the_reports_own_paragraphs_are_still_cited(classifier):
    rec = next(r for r in classifier.classify(_profile()).recommendations if any(NOTE in w for w in r.why))
    assert "para 47" in rec.citations and "Table 4" in rec.citations


def test_json_and_letter_cite_no_paragraph_of_the_councils(run_cli, tmp_path):
    path = tmp_path / "council.yaml"
    import yaml
    path.write_text(yaml.safe_dump({"council": {"name": "X District Council", "type": "district"},
                                    "answers": {"efficiency_policy_status": {"answer": "policy_not_linked",
                                                                             "evidence": NOTE}}}),
                    encoding="utf-8")
    code, out, err = run_cli("assess", str(path), "-f", "json")
    assert code == 0, err
    for rec in json.loads(out)["recommendations"]:
        assert "para 3" not in rec["citations"], rec
    code, out, err = run_cli("letter", str(path), "-f", "md")
    assert code == 0, err
    assert "para 3," not in out and "para 3)" not in out.replace(NOTE, "")
