"""The question bank against the report: every option's key phrase occurs in the place it cites, every
Table 4 cell is asked about, and the non-stage questions cover Table 3, Table 5, paras 36, 78 and 89 and
the figures."""

from __future__ import annotations

import re

import pytest
from backtofront.classifier import profile as profile_mod
from backtofront.classifier import questions as questions_mod
from backtofront.classifier.errors import DataError

BANK = questions_mod.load()
PARA = r"(?:^|\n)(?:- )?\**{n}\**\s"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'").replace("–", "-")).strip().lower()


def place(report: str, citation: str) -> str:
    """The text of one cited place of the report: a table, a paragraph (to the next), a case study
    (to the next paragraph) or the recommendations."""
    kind, _, number = citation.rpartition(" ")
    if citation == "Recommendations":
        start = report.index("# Recommendations")
        return report[start:report.index("# Introduction", start)]
    if kind == "Table":
        start = report.index(f"**Table {number}**")
        return report[start:report.index("Source:", start)]
    if kind == "para":
        start = re.search(PARA.format(n=number), report).start()
        return report[start:re.search(PARA.format(n=int(number) + 1), report).start()]
    if kind == "Case study":
        start = report.index(f"Case study {number}\n")
        return report[start:re.search(r"\n(?:- )?\**\d+\**\s", report[start:]).start() + start]
    raise AssertionError(f"no place for {citation!r}")


def _places(report, citations):
    return _squash(" ".join(place(report, c) for c in citations))


OPTIONS = [pytest.param(q, o, id=f"{q.id}.{o.id}") for q in BANK.questions for o in q.options if o.quote]


@pytest.mark.parametrize("question,option", OPTIONS)
def test_each_option_quotes_the_place_it_cites(report_text, question, option):
    where = [option.cite] if option.cite else question.citations
    assert _squash(option.quote) in _places(report_text, where), (option.quote, where)
    assert _squash(option.quote) in _squash(option.text), "the option's text must contain its quote"
    assert option.cite is None or option.cite in question.citations


@pytest.mark.parametrize("question", [q for q in BANK.questions if q.quote], ids=lambda q: q.id)
def test_non_stage_questions_quote_their_paragraph(report_text, question):
    assert _squash(question.quote) in _places(report_text, question.citations)


def test_every_table_4_cell_is_asked_about(kb, report_text):
    for cid, ch in kb.characteristics.items():
        questions = BANK.for_characteristic(cid)
        assert len(questions) >= 3, cid
        for stage, cell in ch.descriptors.items():
            used = [o for q in questions for o in q.options
                    if o.stage == stage and (o.cite or q.citations[0]) == "Table 4"
                    and _squash(o.quote) in _squash(cell)]
            assert used, (cid, stage)
        # every stage, in order (a stage may have two options where Table 4 reads two ways)
        for q in questions:
            assert sorted(set(o.stage for o in q.options), key=kb.stage_rank) == \
                ["transactional", "transitional", "transformational"], q.id
            assert [o.stage for o in q.options] == sorted((o.stage for o in q.options),
                                                          key=kb.stage_rank), q.id


def test_the_issue_names_these_indicators():
    ids = {q.id for q in BANK.questions}
    assert {"sustainability_gains_use", "sustainability_windfalls", "sustainability_investment",
            "management_leadership_councillors", "management_leadership_staff",
            "management_leadership_challenge"} <= ids
    assert "para 43" in BANK.by_id["management_leadership_challenge"].citations


def test_non_stage_questions_fill_profile_fields(kb):
    assert [o.id for o in BANK.by_id["pressures"].options] == list(kb.pressures)
    assert [o.id for o in BANK.by_id["barriers"].options] == list(kb.barriers)
    for qid in ("techniques_used", "techniques_planned"):
        assert [o.id for o in BANK.by_id[qid].options] == list(kb.techniques)
        assert [o.text for o in BANK.by_id[qid].options] == [t.name for t in kb.techniques.values()]
    fields = {q.field for q in BANK.questions if q.field}
    assert {f"four_elements.{i.id}" for i in kb.four_elements.items} <= fields
    assert {f"strategic_approach.{i.id}" for i in kb.strategic_characteristics.items} <= fields
    figures = {f"figures.{f}" for f in profile_mod.Figures.__struct_fields__}
    assert figures <= fields
    assert fields <= figures | {f"four_elements.{i.id}" for i in kb.four_elements.items} | \
        {f"strategic_approach.{i.id}" for i in kb.strategic_characteristics.items} | set(questions_mod.FIELDS)
    assert len([q for q in BANK.questions if q.section == "leadership"]) == 3  # para 89


def test_public_json_shape():
    d = BANK.by_id["sustainability_gains_use"].to_dict()
    assert list(d) == ["id", "section", "characteristic", "kind", "text", "help", "citations", "options"]
    assert d["options"][0] == {"id": "retained", "text": "Gains are retained within traditional budgets",
                               "stage": "transactional", "basis": "report", "cite": "Table 4",
                               "reasoning": None}
    challenge = {o["id"]: o for o in BANK.by_id["management_leadership_challenge"].to_dict()["options"]}
    assert challenge["with_support"]["basis"] == "inferred" and challenge["with_support"]["cite"] == "para 43"
    assert "17 of the 23" in challenge["with_support"]["reasoning"]
    assert BANK.by_id["figure_cashable_share_pct"].to_dict()["options"] == []


@pytest.mark.parametrize("change,message", [
    ({"stage": None}, "needs a stage and a quote"),
    ({"basis": "inferred"}, "give reasoning exactly when basis is inferred"),
    ({"id": "na"}, "must be unique and not na or dont_know"),
])
def test_a_broken_bank_is_refused(change, message):
    q = {"id": "q", "section": "characteristics", "characteristic": "time_scales", "kind": "single",
         "text": "t",
         "citations": ["Table 4"], "options": [{"id": "a", "text": "x", "stage": "transactional",
                                                "quote": "x"}]}
    q["options"][0].update(change)
    with pytest.raises(DataError, match=message):
        questions_mod.parse({"source": "Table 4", "questions": [q]})
