"""Figures that disagree: no advice rests on the disputed back office share; the council checks them first."""

from __future__ import annotations

import re

ODD = {"characteristics": {"efficiency_policy": "transitional",
                           "management_leadership": {"stage": "transformational",
                                                     "evidence": "Leader chairs board"}},
       "figures": {"back_office_share_of_gains_pct": 20, "sr04_efficiency_gains_gbp": 1000000,
                   "back_office_gains_gbp": 600000, "cashable_share_pct": 95}}
# The share given is above half (a windfall check) but the pound figures make it a fifth.
WINDFALL = {"characteristics": {"sustainability": "transactional"},
            "figures": {"back_office_share_of_gains_pct": 60, "sr04_efficiency_gains_gbp": 1000000,
                        "back_office_gains_gbp": 200000}}


def _advice(result) -> str:
    return " ".join(" ".join([r.title, r.action, *r.why]) for r in result.recommendations)


def test_disputed_share_is_not_quoted_as_right(classify):
    result = classify(ODD)
    assert result.flag("inconsistent_figures")
    ids = [r.id for r in result.recommendations]
    assert "back_office_share_low" not in ids and ids.count("check_figures_first") == 1
    others = [r for r in result.recommendations if r.id != "check_figures_first"]
    assert not re.search(r"\b(20|60)(\.0)? per cent", " ".join(" ".join([r.action, *r.why]) for r in others))
    check = next(r for r in result.recommendations if r.id == "check_figures_first")
    assert "20 per cent" in check.action and "60 per cent" in check.action


def test_windfall_advice_waits_for_the_figures(classify):
    result = classify(WINDFALL)
    assert result.flag("windfall_risk") is None
    ids = [r.id for r in result.recommendations]
    assert "check_windfall_gains" not in ids and "check_figures_first" in ids
    assert "one-off windfalls (para 32)" in next(r.action for r in result.recommendations
                                                  if r.id == "check_figures_first")
    assert "The back office contributed" not in _advice(result)


def test_consistent_figures_keep_their_advice(classify):
    fixed = {**WINDFALL, "figures": {**WINDFALL["figures"], "back_office_gains_gbp": 600000}}
    result = classify(fixed)
    ids = [r.id for r in result.recommendations]
    assert "check_windfall_gains" in ids and "check_figures_first" not in ids


def test_assess_and_letter_on_disputed_figures(run_cli, tmp_path):
    path = tmp_path / "odd.yaml"
    path.write_text("council: {name: St Helens Council, type: metropolitan}\n"
                    "characteristics: {efficiency_policy: transitional}\n"
                    "figures: {back_office_share_of_gains_pct: 20, sr04_efficiency_gains_gbp: 1000000,\n"
                    "          back_office_gains_gbp: 600000}\n", encoding="utf-8")
    for command in ("assess", "letter"):
        code, out, _ = run_cli(command, str(path))
        assert code == 0
        assert "The back office contributed 20" not in out
        assert "Check the figures for back office gains before acting on them" in out
