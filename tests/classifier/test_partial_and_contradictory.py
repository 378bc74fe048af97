"""Contradictory or partial data is said, not silently used: inconsistent figures raise a flag, a share is
derived from pound figures only when they agree, and a stage resting on few characteristics is provisional
in the headline of every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from backtofront.render.formats import Format, render

THREE_TRANSFORMATIONAL = {"characteristics": {"efficiency_policy": "transformational",
                                              "management_leadership": "transformational",
                                              "time_scales": "transformational"}}
HEADLINE = "Transformational (provisional: 3 of 8 characteristics assessed)"


def _write(tmp_path, data: dict) -> str:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"council": {"name": "X", "type": "district"}, **data}))
    return str(path)


def test_few_characteristics_make_a_provisional_stage(classify):
    result = classify(THREE_TRANSFORMATIONAL)
    assert result.overall.stage == "transformational"
    assert result.overall.provisional and result.overall.assessed == 3
    assert result.overall.headline == HEADLINE
    assert result.to_dict()["overall"] | {"reasons": None} == {
        "stage": "transformational", "name": "Transformational", "reasons": None, "provisional": True,
        "assessed": 3,
        "why_not": None, "basis": "inferred"}  # transformational: no next stage to explain


@pytest.mark.parametrize("count,provisional", [(0, False), (1, True), (3, True), (4, False), (8, False)])
def test_provisional_below_half(classify, kb, count, provisional):
    chars = {cid: "transitional" for cid in list(kb.characteristics)[:count]}
    overall = classify({"characteristics": chars}).overall
    assert overall.provisional is provisional and overall.assessed == count
    assert ("provisional" in overall.headline) is provisional


@pytest.mark.parametrize("args,needle", [
    # the provisional wording and the reading marker in one bracket, never two back to back
    (["assess"], f"Overall stage: {HEADLINE[:-1]}; the assessment's reading)"),
    (["assess", "-f", "markdown"], f"## Overall stage: {HEADLINE[:-1]}; the assessment's reading)"),
    (["letter", "-f", "md"], f"## Where the council stands: {HEADLINE[:-1]}; the assessment's reading)"),
    (["letter", "-f", "html"], f'<span class="stage">{HEADLINE[:-1]}; the assessment&#39;s reading)</span>'),
])
def test_every_format_shows_the_provisional_headline(run_cli, tmp_path, args, needle):
    code, out, err = run_cli(args[0], _write(tmp_path, THREE_TRANSFORMATIONAL), *args[1:])
    assert code == 0, err
    assert needle in " ".join(out.split())   # the terminal may wrap it


def test_json_carries_provisional_and_assessed(run_cli, tmp_path):
    code, out, _ = run_cli("assess", _write(tmp_path, THREE_TRANSFORMATIONAL), "-f", "json")
    overall = json.loads(out)["overall"]
    assert code == 0 and overall["provisional"] is True and overall["assessed"] == 3


def test_a_full_profile_is_not_provisional(classifier):
    from backtofront.classifier import profile
    result = classifier.classify(profile.load(Path(__file__).resolve().parents[2] / "examples"
                                              / "district-transitional.yaml"))
    assert not result.overall.provisional and result.overall.headline == "Transitional"
    assert "provisional" not in render(result, Format.TEXT)


def test_pound_figures_stand_in_for_a_missing_share(classify):
    result = classify({"figures": {"sr04_efficiency_gains_gbp": 1_000_000, "back_office_gains_gbp": 600_000}})
    assert result.figures["back_office_share_of_gains_pct"] == pytest.approx(60.0)
    assert result.flag("windfall_risk") and "60 per cent" in result.flag("windfall_risk").message
    assert not result.flag("inconsistent_figures")


def test_back_office_gains_above_the_total_derive_nothing(classify):
    result = classify({"figures": {"sr04_efficiency_gains_gbp": 500_000, "back_office_gains_gbp": 600_000}})
    flag = result.flag("inconsistent_figures")
    assert flag and flag.severity == "warning"
    assert "£600,000" in flag.message and "£500,000" in flag.message
    assert "back_office_share_of_gains_pct" not in result.figures
    assert not result.flag("windfall_risk")


def test_a_percentage_that_disagrees_with_the_pounds(classify):
    result = classify({"figures": {"back_office_share_of_gains_pct": 60,
                                   "sr04_efficiency_gains_gbp": 1_000_000,
                                   "back_office_gains_gbp": 300_000}})
    flag = result.flag("inconsistent_figures")
    assert flag and "60 per cent" in flag.message and "make it 30 per cent" in flag.message
    assert result.figures["back_office_share_of_gains_pct"] == 60  # the given figure is kept, and questioned


@pytest.mark.parametrize("pct,flagged", [(44.8, False), (45, False), (44.3, False), (44.2, True), (46, True)])
def test_rounding_is_not_a_contradiction(classify, pct, flagged):
    result = classify({"figures": {"back_office_share_of_gains_pct": pct,
                                   "sr04_efficiency_gains_gbp": 1_250_000,
                                   "back_office_gains_gbp": 560_000}})  # 44.8 per cent
    assert bool(result.flag("inconsistent_figures")) is flagged


def test_the_largest_pound_figures_still_give_a_share(classify):
    result = classify({"figures": {"sr04_efficiency_gains_gbp": 4.3e9, "back_office_gains_gbp": 4.3e9}})
    assert result.figures["back_office_share_of_gains_pct"] == pytest.approx(100.0)


def test_word_and_pdf_letters_show_the_provisional_headline(run_cli, tmp_path):
    import zipfile

    pypdf = pytest.importorskip("pypdf")
    profile = _write(tmp_path, THREE_TRANSFORMATIONAL)
    assert run_cli("letter", profile, "-o", str(tmp_path / "l.docx"))[0] == 0
    with zipfile.ZipFile(tmp_path / "l.docx") as z:
        assert "(provisional: 3 of 8 characteristics assessed; the assessment" in z.read(
            "word/document.xml").decode()
    assert run_cli("letter", profile, "-o", str(tmp_path / "l.pdf"))[0] == 0
    text = "".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / "l.pdf").pages)
    assert "(provisional: 3 of 8 characteristics" in " ".join(text.split())
