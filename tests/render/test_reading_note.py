"""Every reading labelled (issue 15): a short marker where the assessment reasons beyond the report, and the
note it refers to once per document, in every output a person reads; JSON says it in fields."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from backtofront.classifier.result import READING_MARKER, READING_NOTE
from backtofront.render import letter as letter_mod
from backtofront.render import questions_view, trainer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")
NOTE_START = "“The assessment's reading” marks"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _once(text: str) -> None:
    flat = _flat(text)
    assert flat.count(NOTE_START) == 1, flat.count(NOTE_START)
    # the marker in its own bracket, or sharing one with what comes before it ("provisional: ...; the
    # assessment's reading)"), never two brackets back to back
    assert f"({READING_MARKER})" in flat or f"; {READING_MARKER})" in flat


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_assess_marks_readings_and_gives_the_note_once(run_cli, fmt):
    code, out, _ = run_cli("assess", EXAMPLE, "-f", fmt)
    assert code == 0
    _once(out)
    assert "Overall stage: Transitional (the assessment's reading)" in _flat(out).replace("## ", "")


def test_json_says_it_in_fields(run_cli, tmp_path):
    code, out, _ = run_cli("assess", EXAMPLE, "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["overall"]["basis"] == "inferred"
    assert {c["judgement"] for c in data["characteristics"].values()} == {"report"}  # every stage is stated
    assert NOTE_START not in out  # JSON carries fields, not the note
    # stages judged from answers: several answers are the assessment's reading, one
    # report-placed answer is not
    path = tmp_path / "a.yaml"
    path.write_text("council: {name: A, type: district}\nanswers:\n"
                    "  efficiency_policy_status: ad_hoc\n  efficiency_policy_objectives: unconnected\n"
                    "  sustainability_gains_use: retained\n", encoding="utf-8")
    code, out, _ = run_cli("assess", str(path), "-f", "json")
    chars = json.loads(out)["characteristics"]
    assert code == 0
    assert chars["efficiency_policy"]["judgement"] == "inferred"
    assert chars["sustainability"]["judgement"] == "report"
    assert chars["time_scales"]["judgement"] is None
    assert chars["efficiency_policy"]["answers"]["items"][0]["basis"] == "report"


def test_an_answer_whose_option_is_a_reading_makes_the_judgement_a_reading(classify):
    result = classify({"answers": {"management_leadership_challenge": "with_support"}})
    assert result.characteristics["management_leadership"].stage.id == "transitional"
    assert result.characteristics["management_leadership"].judgement == "inferred"


@pytest.mark.parametrize("fmt", [letter_mod.LetterFormat.MD, letter_mod.LetterFormat.HTML])
@pytest.mark.parametrize("brief", [False, True])
def test_letters_give_the_note_once(classifier, kb, fmt, brief):
    from backtofront.classifier import profile as profile_mod

    result = classifier.classify(profile_mod.load(EXAMPLE))
    letter = letter_mod.build(result, kb, letter_mod.Options(brief=brief))
    text = letter_mod.render_text(letter, fmt).replace("&#39;", "'")
    _once(text)
    # no stock sentence
    assert "The assessment's reading of the report, which gives no rule for it" not in text


def test_the_docx_letter_gives_the_note(classifier, kb):
    import io

    from backtofront.classifier import profile as profile_mod
    from docx import Document

    result = classifier.classify(profile_mod.load(EXAMPLE))
    data = letter_mod.render_docx(letter_mod.build(result, kb, letter_mod.Options()))
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    _once(text)


def test_walkthrough_with_quiz_gives_the_note_once(classifier):
    from backtofront.classifier import cases

    result = classifier.classify(cases.load_all()[7].profile)
    out: list[str] = []
    answers = iter(["1"] * 20)
    trainer.walkthrough(result, classifier, out.append, lambda _p: next(answers), pause=False,
                        quiz_first=True)
    text = "\n".join(out)
    _once(text)
    assert "it is transactional (the assessment's reading)" in text


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_questions_show_each_options_basis_and_the_note_once(fmt):
    out = questions_view.render(fmt)
    flat = _flat(out)
    assert flat.count(NOTE_START) == 1
    assert "transitional; the assessment's reading of para 43" in flat  # the challenge group with support
    assert "transactional; the report, Table 4" in flat


def test_questions_json_gives_each_options_basis():
    data = json.loads(questions_view.render("json"))
    options = [o for q in data["questions"] for o in q["options"] if o["stage"]]
    assert options and all(o["basis"] in ("report", "inferred") and o["cite"] for o in options)
    assert all(bool(o["reasoning"]) == (o["basis"] == "inferred") for o in options)


def test_readme_and_rules_doc_give_the_note_once():
    for path in (ROOT / "README.md", ROOT / "docs" / "rules.md"):
        assert _flat(path.read_text(encoding="utf-8")).count(NOTE_START) == 1, path
    assert READING_NOTE.startswith(NOTE_START)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_assess_credits_a_case_councils_evidence_to_the_report(run_cli, fmt):
    # Kettering's stages rest on Case study 18's sentences: the report's words, read by the assessment, never
    # "stated in the profile"
    code, out, _ = run_cli("assess", "--case", "18", "-f", fmt, "--all")
    flat = _flat(out.replace("│", " "))
    assert code == 0
    _once(out)
    assert "The report, Case study 18, says: “Kettering Borough Council's Next Steps" in flat
    assert "the assessment's reading of the report, Case study 18" in flat
    assert "stated in the profile" not in flat
    assert "The report, Case study 18, says: “Regularly updated financial performance handbooks" in flat


def test_assess_keeps_a_councils_own_evidence_its_own(run_cli, tmp_path):
    # the same sentence in a profile that is not the case council's is that council's own evidence
    path = tmp_path / "own.yaml"
    path.write_text("council: {name: Anytown, type: district}\ncharacteristics:\n  management_leadership: "
                    "{stage: transformational, evidence: \"Kettering Borough Council's Next Steps Programme "
                    "(NSP) builds on councillors' full involvement in decision-making.\"}\n",
                    encoding="utf-8")
    code, out, _ = run_cli("assess", str(path), "-f", "markdown", "--all")
    assert code == 0 and "Case study 18:" not in out and "stated in the profile" in out


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_compare_marks_the_overall_stages_and_gives_the_note_once(run_cli, fmt):
    code, out, _ = run_cli("compare", EXAMPLE, EXAMPLE, "-f", fmt)
    flat = _flat(out).replace("&#39;", "'").replace("&#34;", '"')
    assert code == 0 and flat.count(NOTE_START) == 1
    assert "Overall stage (the assessment's reading): Transitional → Transitional" in flat


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_benchmark_marks_the_overall_stage_and_gives_the_note_once(run_cli, fmt):
    code, out, _ = run_cli("benchmark", "--case", "18", "-f", fmt)
    flat = _flat(out.replace("│", " ")).replace("&#39;", "'")
    assert code == 0 and flat.count(NOTE_START) == 1
    if fmt == "html":
        assert "Overall stage (the assessment's reading)" in flat
    else:  # the label wraps in its table cell
        assert re.search(r"Overall stage \(the .{0,120}?assessment's reading\)", flat), flat[:600]


def test_cases_show_marks_the_stage_and_the_readings_and_gives_the_note_once(run_cli):
    code, out, _ = run_cli("cases", "show", "18")
    assert code == 0
    _once(out)
    assert "[reading] the assessment's reading of the report" in out
    assert "profile author" not in out
