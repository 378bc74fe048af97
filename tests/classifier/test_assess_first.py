"""A council whose assessment is too partial for a firm overall stage is told first to finish it."""

from __future__ import annotations

import datetime as dt

from backtofront.render import letter as letter_mod

# Three of eight assessed (the overall stage is provisional), with advice of high priority besides
# (efficiency policy held back before the last step).
THREE = {"characteristics": {"efficiency_policy": "transitional",
                             "service_transformation": "transformational",
                             "management_leadership": "transformational"}}
FOUR = {"characteristics": {**THREE["characteristics"], "sustainability": "transitional"}}


def test_provisional_assessment_puts_finishing_it_first(classify):
    result = classify(THREE)
    assert result.overall.provisional
    first = result.recommendations[0]
    assert first.id == "assess_remaining_characteristics"
    assert first.priority == "high"
    assert any(r.priority == "high" for r in result.recommendations[1:])  # it beats other high advice
    assert "provisional until the rest are assessed" in " ".join(first.why)


def test_no_characteristic_assessed_puts_assessing_first(classify):
    result = classify({"pressures": ["sr04"], "barriers": ["low_change_capacity"]})
    assert result.recommendations[0].id == "assess_remaining_characteristics"
    assert result.recommendations[0].priority == "high"


def test_half_assessed_is_not_provisional_and_keeps_it_low(classify):
    result = classify(FOUR)
    assert not result.overall.provisional
    rec = next(r for r in result.recommendations if r.id == "assess_remaining_characteristics")
    assert rec.priority == "low"
    assert result.recommendations[0].id != rec.id


def test_letter_page_one_starts_with_finishing_the_assessment(classify, kb):
    result = classify(THREE)
    built = letter_mod.build(result, kb, letter_mod.Options(date=dt.date(2008, 11, 1)))
    assert built.priorities[0] == "Assess the characteristics not yet assessed"
    assert built.plan[0].priority == "high"


def test_letter_command_on_a_partial_profile(run_cli, tmp_path):
    path = tmp_path / "partial.yaml"
    path.write_text("council: {name: Ambridge DC, type: district}\n"
                    "answers:\n"
                    "  efficiency_policy_status: {answer: policy_not_linked, evidence: Strategy approved "
                    "2007}\n  service_transformation_scope: separate_projects\n"
                    "  sustainability_windfalls: {answer: some, evidence: Budget book p.4}\n",
                    encoding="utf-8")
    code, out, _ = run_cli("letter", str(path))
    assert code == 0
    page_one = out.split("## Priorities", 1)[1].split("##", 1)[0]
    # each priority is its action, then the improvement plan's suggested owner and timing
    assert page_one.strip().splitlines()[0].startswith("1. Assess the characteristics not yet assessed. "
                                                       "_Suggested owner:")
