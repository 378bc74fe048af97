"""The words people read in the terminal report and the trainer: no snake_case ids, no letter wording in
the report, plain "why not the next stage" sentences."""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import ROOT

EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_the_assessment_report_does_not_call_itself_a_letter_nor_stated_stages_unevidenced(run_cli):
    code, out, _ = run_cli("assess", EXAMPLE)
    text = _squash(out)
    assert code == 0
    assert "in this letter" not in text and "not evidenced" not in text
    assert "stated in the profile" in text and "stated in the profile without an evidence note" in text
    code, out, _ = run_cli("assess", "--case", "9")
    assert code == 0 and "not evidenced" not in _squash(out) and "in this letter" not in _squash(out)


def test_json_keeps_the_flag_ids_and_the_basis_values(run_cli):
    code, out, _ = run_cli("assess", EXAMPLE, "--format", "json")
    data = json.loads(out)
    assert code == 0 and "mostly_unevidenced" in [f["id"] for f in data["flags"]]
    assert {c["basis"] for c in data["characteristics"].values() if c.get("stage")} == {"stated"}


def test_terminal_report_shows_flag_titles_not_ids(run_cli):
    code, out, _ = run_cli("assess", EXAMPLE)
    assert code == 0 and "Flags" in out
    assert not re.search(r"\b[a-z]+_[a-z_]+:", out), out
    assert "Most stages carry no evidence:" in _squash(out)


def test_cases_show_names_fields_in_words(run_cli):
    code, out, _ = run_cli("cases", "show", "9")
    assert code == 0
    for path in ("characteristics.efficiency_policy", "techniques.used.ict",
                 "four_elements.robust_challenge"):
        assert path not in out
    assert not re.search(r"^\s+[a-z]+_[a-z_.]+:", out, re.MULTILINE), out
    assert "Efficiency policy: " in out and "Technique used: " in out and "Element of efficiency: " in out


@pytest.fixture
def typed(monkeypatch):
    def feed(text: str):
        monkeypatch.setattr("sys.stdin", io.StringIO(text))
    return feed


def test_walkthrough_closing_is_plain_and_points_at_the_case(run_cli, typed):
    typed("\n" * 20)
    code, out, _ = run_cli("walkthrough", "--case", "7")
    text = _squash(out)
    assert code == 0
    assert ("Why not transitional (the assessment's reading): - To be transitional (para 47, para 49), at "
            "least half of the assessed characteristics must be transitional or transformational; here 25 "
            "per cent are.") in text
    assert "needs per cent" not in text and "See `backtofront assess --case 7` for all of them." in text
    assert re.search(r"Not assessed: [A-Z][a-z]+", text)  # the partial-coverage step names the rest


def test_walkthrough_of_a_file_points_at_the_file(run_cli, typed):
    typed("")
    code, out, _ = run_cli("walkthrough", EXAMPLE, "--no-pause")
    assert code == 0 and f"See `backtofront assess {EXAMPLE}` for all of them." in _squash(out)


@pytest.mark.parametrize("args", [("assess", "--case", "9"), ("assess", EXAMPLE), ("cases", "show", "9"),
                                  ("walkthrough", "--case", "2", "--no-pause"), ("checklist",)])
def test_acronyms_are_spelled_out_at_first_use(run_cli, typed, args, classifier):
    """In the product's own prose: the user's words and the report's quotations are kept as written (a
    table row's cells, where the user's words wrap beside other columns, are left out)."""
    from backtofront.classifier import cases as cases_mod
    from backtofront.classifier.profile import load as load_profile
    from backtofront.render.plain import ACRONYMS, user_texts
    from test_acronyms_first_use import product_prose
    typed("")
    code, out, _ = run_cli(*args)
    number = args[args.index("--case") + 1] if "--case" in args else args[2] if args[0] == "cases" else None
    profile = cases_mod.load_all()[int(number)].profile if number else load_profile(EXAMPLE)
    out = "\n".join(line for line in out.splitlines() if "│" not in line)
    text = product_prose(out, user_texts(classifier.classify(profile)))
    assert code == 0
    used = [a for a in ACRONYMS if re.search(rf"(?<![\w]){a}(?![\w])", text)]
    assert used, "the output should use at least one of the report's acronyms"
    for a in used:
        first = re.search(rf"(?<![\w(]){a}(?![\w)])|\({a}\)", text)
        assert first.group(0) == f"({a})", f"{a} is used before it is spelled out"


def _recommendation_texts(classify, profile: dict) -> str:
    r = classify(profile)
    return "\n".join(f"{x.title}\n{x.action}\n{' '.join(x.why)}" for x in r.recommendations)


def test_recommendation_wording_reads_as_sentences(classify):
    text = _recommendation_texts(classify, {
        "council": {"name": "X", "type": "district"},
        "characteristics": {"management_leadership": {"stage": "transactional",
                                                      "evidence": "No member forum"}},
        "pressures": ["financial_position"],
        "techniques": {"planned": ["shared_services", "outsourcing"]},
        "strategic_approach": {"efficiency_board": False}})
    # a pressure's response is a sentence of action, never "Respond to the pressure: financial position"
    assert "Turn financial pressure into a long-term financial and performance management programme" in text
    assert ("The assessment records financial position as an external pressure on the council (Table 3)."
            in text)
    assert "Respond to the pressure" not in text
    assert "Test the planned shared services" in text and "The council plans outsourcing" in text
    assert "Put this in place" not in text
    assert "The assessment found: No member forum." in text
    assert not re.search(r"Value range: (£[\d,]+ \([a-z ]+\))\. The report's figure for a council of this "
                         r"type: \1",
                         text)


def test_a_two_ended_value_range_reads_from_to(classify):
    text = _recommendation_texts(classify, {"council": {"name": "X", "type": "district"},
                                            "techniques": {"used": [], "planned": []}})
    assert " – " not in text and re.search(r"with gains from £[\d,]+ \([a-z ]+\) to £", text)


def test_every_paragraph_a_recommendation_cites_is_in_its_citations(classifier):
    from backtofront.classifier import cases as cases_mod
    from backtofront.classifier.profile import load as load_profile

    profiles = [case.profile for case in cases_mod.load_all().values()]
    profiles += [load_profile(p) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    assert len(profiles) > 10
    for profile in profiles:
        for rec in classifier.classify(profile).recommendations:
            text = " ".join([rec.title, rec.action, *rec.why])
            for m in re.finditer(r"\bparas? (\d+(?:(?:, | and |-)\d+)*)", text):
                for n in re.findall(r"\d+", m.group(1)):
                    assert f"para {n}" in rec.citations, (rec.id, n, rec.citations)


@pytest.mark.parametrize(("text", "ended"), [
    ("Aligned with budget planning processes;", "Aligned with budget planning processes."),
    ("Monitored in each service area ,", "Monitored in each service area."),
    ("Three themes:", "Three themes."),
    ("Done.", "Done."),
    ("“Quoted.”", "“Quoted.”"),
    ("", ""),
])
def test_profile_text_ends_as_one_sentence(text, ended):
    from backtofront.classifier.rules import sentence

    assert sentence(text) == ended


def test_evidence_quoted_from_a_list_reads_without_stray_punctuation(run_cli, tmp_path):
    target = tmp_path / "cs2.md"
    assert run_cli("letter", "--case", "2", "-o", str(target))[0] == 0
    text = target.read_text(encoding="utf-8")
    assert "in each service area”." in text  # the report's words as printed, the full stop after them
    assert not re.search(r"[;:,]\.", text)
