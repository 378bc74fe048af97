"""The case councils' reference answers: a characteristic is marked only when the report's words settle it
(its `settled_by` is in the report's sentence and is Table 4's own words at that stage, and at no other),
the overall stage only when the report states it; the commonest-stage baseline, computed over every case."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import reference as reference_mod
from backtofront.classifier.errors import DataError

ROOT = Path(__file__).resolve().parents[2]
TABLE_4 = {c["id"]: c["descriptors"]
           for c in yaml.safe_load((ROOT / "knowledge" / "characteristics.yaml").read_text("utf-8"))[
               "characteristics"]}
CASE_FILES = sorted((ROOT / "examples" / "cases").glob("cs*.yaml"))
SETTLED = [(f.name, path, src) for f in CASE_FILES
           for path, src in yaml.safe_load(f.read_text("utf-8"))["sources"].items() if "settled_by" in src]
STATED = {7: "transactional", 9: "transformational", 10: "transactional"}


def test_some_characteristics_are_settled_by_the_reports_words():
    assert {(name, path) for name, path, _ in SETTLED} == {
        ("cs04-district-challenge.yaml", "characteristics.efficiency_policy"),
        ("cs07-north-warwickshire.yaml", "characteristics.back_office_front_line")}


@pytest.mark.parametrize("name, path, source", SETTLED, ids=[f"{n}:{p}" for n, p, _ in SETTLED])
def test_settling_words_are_table_4s_at_that_stage_and_in_the_reports_sentence(name, path, source,
                                                                               report_text):
    data = yaml.safe_load((ROOT / "examples" / "cases" / name).read_text("utf-8"))
    cid = path.split(".")[1]
    field = data["profile"]["characteristics"][cid]
    words = source["settled_by"].lower()
    assert words in field["evidence"].lower()
    stems = cases_mod.table_4_stems(words)
    assert stems and stems <= cases_mod.table_4_stems(TABLE_4[cid][field["stage"]])
    # no word of it in any other stage's description: it settles the one stage only
    assert not [s for s, d in TABLE_4[cid].items() if s != field["stage"]
                and stems & cases_mod.table_4_stems(d)]
    assert " ".join(field["evidence"].split()) in " ".join(report_text.split())  # the report's own sentence


def test_case_7_is_settled_by_separate_not_by_words_every_stage_uses():
    """"back office and front line" is in all three of Table 4's descriptions of the characteristic (the
    transitional one word for word); "separate" (Table 4's transactional "separation") is in one only."""
    assert cases_mod.get(7).sources["characteristics.back_office_front_line"].settled_by == "separate"
    assert cases_mod.table_4_stems("separate") == cases_mod.table_4_stems("separation") == {"separat"}
    text = (ROOT / "examples" / "cases" / "cs07-north-warwickshire.yaml").read_text("utf-8")
    bad = text.replace('settled_by: "separate"', 'settled_by: "back office and front line"')
    assert bad != text
    with pytest.raises(DataError, match='settled_by "back office and front line" is also Table 4.s words at '
                                        "transitional, so it settles nothing"):
        cases_mod.parse(bad, "x.yaml")


@pytest.mark.parametrize("words, problem", [
    ("front line", "is also Table 4's words at transitional"),          # transactional and transitional
    ("clearly", "is not Table 4's words at transactional"),             # in the evidence, not in Table 4
])
def test_settling_words_must_be_table_4s_at_that_stage_only(words, problem):
    text = (ROOT / "examples" / "cases" / "cs07-north-warwickshire.yaml").read_text("utf-8")
    with pytest.raises(DataError, match=problem.replace("'", ".")):
        cases_mod.parse(text.replace('settled_by: "separate"', f'settled_by: "{words}"'), "x.yaml")


def test_settling_words_missing_from_the_evidence_are_refused():
    text = (ROOT / "examples" / "cases" / "cs04-district-challenge.yaml").read_text("utf-8")
    with pytest.raises(DataError, match="settled_by \"ad hoc\" is not in its evidence sentence"):
        cases_mod.parse(text.replace('settled_by: "ad-hoc"', 'settled_by: "ad hoc"'), "x.yaml")


@pytest.mark.parametrize("number", reference_mod.numbers())
def test_only_the_reports_words_are_marked(number):
    ref = reference_mod.reference(number)
    case = cases_mod.get(number)
    for q in ref.questions:
        if q.key == reference_mod.OVERALL:
            assert q.graded == (case.number in STATED)
            if q.graded:
                assert q.stage == STATED[case.number] and q.evidence in q.reason
            elif case.number == 8:
                assert q.reason.startswith("The report prints this case study under the Transitional heading")
                assert ". Its reasoning: " in q.reason
            else:
                assert q.reason.startswith(f"The report does not say; the assessment reads it as {q.stage}. "
                                          "Its reasoning: ")
        else:
            assert q.graded == bool(case.sources[f"characteristics.{q.key}"].settled_by)
            if not q.graded:
                assert q.reason.startswith(f"The report does not say; the assessment reads it as {q.stage}. "
                                          "Its reasoning: ")
        assert q.place.startswith(f"Case study {case.number}, para ") or q.key == reference_mod.OVERALL
        assert "para " in q.place


@pytest.mark.parametrize("number", reference_mod.numbers())
def test_a_readings_reason_is_whole_sentences(number):
    """A note is often a phrase ("Targets set for the next spending review cycle"): it follows "Its
    reasoning:", never "because", so the feedback reads as sentences."""
    for q in reference_mod.reference(number).questions:
        if q.graded:
            continue
        assert " because " not in q.reason.split(" (para ")[0].split("Its reasoning:")[0]
        head, _, reasoning = q.reason.partition(". Its reasoning: ")
        assert head.endswith(f"reads it as {q.stage}") and (reasoning[:1].isupper()
                                                            or reasoning[:1].isdigit())
        assert reasoning.endswith(".") and ".." not in reasoning
        if q.key != reference_mod.OVERALL:
            assert reasoning == q.note


def test_case_9s_feedback_quotes_the_reading_as_a_sentence():
    ref = reference_mod.reference(9)
    assert ref.get("time_scales").reason == ("The report does not say; the assessment reads it as "
                                             "transformational. Its reasoning: Gains made since the late "
                                             "1990s, through SR04, and agreed to 2010/11, the end of CSR07: "
                                             "read as planning and gains across spending review cycles.")


def _graded_from_files() -> dict[int, list[str]]:
    """Each bundled case's marked reference stages, read straight from the YAML files."""
    out = {}
    knowledge = yaml.safe_load((ROOT / "knowledge" / "case_studies.yaml").read_text("utf-8"))["case_studies"]
    stated = {c["number"]: c["stage"] for c in knowledge if c.get("stage_source") == "stated"}
    for f in CASE_FILES:
        data = yaml.safe_load(f.read_text("utf-8"))
        n = data["case_study"]
        stages = [v["stage"] for cid, v in data["profile"].get("characteristics", {}).items()
                  if "settled_by" in data["sources"][f"characteristics.{cid}"]]
        out[n] = stages + ([stated[n]] if n in stated else [])
    return out


def test_the_commonest_stage_baseline_over_every_case():
    graded = _graded_from_files()
    counts = Counter(s for stages in graded.values() for s in stages)
    commonest = counts.most_common(1)[0][0]
    assert reference_mod.commonest_stage() == commonest == "transactional"
    total_right = total = 0
    for n, stages in graded.items():
        right, marked = reference_mod.baseline(reference_mod.reference(n).questions)
        assert (right, marked) == (stages.count(commonest), len(stages)), n
        total_right, total = total_right + right, total + marked
    assert (total_right, total) == (4, 5)
    # answering "transitional" every time, as before, now scores nothing marked
    assert sum(reference_mod.baseline(reference_mod.reference(n).questions, "transitional")[0]
               for n in graded) == 0


@pytest.mark.parametrize("pairs, expected", [
    ([("transactional", "transactional"), ("transitional", "transitional")], 1.0),
    ([("transitional", "transactional"), ("transactional", "transactional")], 0.0),
    ([("transactional", "transitional"), ("transitional", "transactional")], -1.0),
    ([("transactional", "transactional")], None),
    ([], None),
    ([("dont_know", "transactional"), ("transitional", "transitional"), ("transactional", "transactional"),
      ("transactional", "transformational")], (0.5 - 5 / 16) / (1 - 5 / 16)),
])
def test_cohens_kappa(pairs, expected):
    got = reference_mod.kappa(pairs)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_withheld_words():
    assert reference_mod.withhold_stage("wholly Transactional in its approach") == ("wholly […] in its "
                                                                                    "approach")
    assert reference_mod.withhold_council("North Warwickshire plans; North Warwickshire Borough Council had",
                                          "North Warwickshire Borough Council") == ("The council plans; the "
                                                                                    "council had")
