"""`assess` says why the council is not at the next overall stage, in the walkthrough's words."""

from __future__ import annotations

import json
import re

import pytest

FIVE = ("council: {name: Five Council, type: unitary}\n"
        "characteristics:\n"
        "  efficiency_policy: transformational\n  service_transformation: transformational\n"
        "  organisational_change: transformational\n  back_office_front_line: transformational\n"
        "  management_leadership: transformational\n"
        "  planning_monitoring: transitional\n  sustainability: transitional\n  time_scales: transitional\n"
        "techniques: {used: [ict]}\n")
SENTENCE = ("To be transformational (para 47, Table 4), at least three quarters of the assessed "
            "characteristics must be transformational; here 62 per cent are.")
MARKED = "Why not transformational (the assessment's reading):"


@pytest.fixture
def five(tmp_path):
    path = tmp_path / "five.yaml"
    path.write_text(FIVE, encoding="utf-8")
    return str(path)


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_terminal_report_explains_the_next_stage_under_the_overall_stage(run_cli, five):
    code, out, _ = run_cli("assess", five)
    assert code == 0
    head = _squash(out.split("The eight characteristics")[0])
    assert "Overall stage: Transitional (the assessment's reading)" in head
    assert f"{MARKED} - {SENTENCE}" in head
    assert not re.search(r"BT\d{3}|share_transformational", out)


def test_markdown_report_explains_the_next_stage(run_cli, five):
    code, out, _ = run_cli("assess", five, "-f", "md")
    assert code == 0
    section = out.split("## Overall stage: Transitional", 1)[1].split("## The eight characteristics", 1)[0]
    assert f"**{MARKED}**" in section
    assert f"- {SENTENCE}" in section


def test_json_carries_the_explanation_with_its_basis(run_cli, five):
    code, out, _ = run_cli("assess", five, "-f", "json")
    assert code == 0
    why = json.loads(out)["overall"]["why_not"]
    assert why == {"stage": "transformational", "reasons": [SENTENCE], "basis": "inferred"}


def test_walkthrough_and_assess_say_the_same(run_cli, five, monkeypatch, classifier):
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, _ = run_cli("walkthrough", five, "--no-pause")
    assert code == 0
    assert f"{MARKED} - {SENTENCE}" in _squash(out)


def test_nothing_to_explain_at_the_top_or_with_nothing_assessed(run_cli, tmp_path):
    top = tmp_path / "top.yaml"
    top.write_text(FIVE.replace("transitional", "transformational"), encoding="utf-8")
    code, out, _ = run_cli("assess", str(top), "-f", "json")
    assert code == 0 and json.loads(out)["overall"]["why_not"] is None
    code, out, _ = run_cli("assess", str(top))
    assert code == 0 and "Why not" not in out
    empty = tmp_path / "empty.yaml"
    empty.write_text("council: {name: Nowhere, type: district}\n", encoding="utf-8")
    code, out, _ = run_cli("assess", str(empty), "-f", "json")
    assert code == 0 and json.loads(out)["overall"]["why_not"] is None


def test_the_lowest_stage_condition_reads_as_a_sentence(run_cli, tmp_path):
    """A condition on the lowest assessed stage is said with its articles, as a person would write it."""
    path = tmp_path / "low.yaml"
    path.write_text(FIVE.replace("time_scales: transitional", "time_scales: transactional"), encoding="utf-8")
    code, out, _ = run_cli("assess", str(path), "-f", "json")
    assert code == 0
    reasons = json.loads(out)["overall"]["why_not"]["reasons"]
    assert ("To be transformational (para 47, Table 4), the lowest stage among the assessed characteristics "
            "must be at least transitional; here it is transactional.") in reasons
