"""A stated stage with its evidence note is evidenced: only stages with no evidence count as claims."""

from __future__ import annotations

import json


def test_case_study_quoted_from_the_report_is_not_mostly_unevidenced(run_cli):
    code, out, _ = run_cli("assess", "--case", "9", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert all(c["evidence"] for c in data["characteristics"].values() if c["stage"])  # every stage quoted
    assert "mostly_unevidenced" not in [f["id"] for f in data["flags"]]


def test_stated_stages_with_notes_do_not_raise_the_flag(classify):
    result = classify({"characteristics": {
        "efficiency_policy": {"stage": "transitional", "evidence": "Efficiency strategy, approved 2007"},
        "management_leadership": {"stage": "transformational", "evidence": "Leader chairs the board"},
        "time_scales": "transitional"}})
    assert result.flag("mostly_unevidenced") is None
    assert result.evidence_note is None
    assert result.facts["unevidenced_share_pct"] == 33


def test_flag_says_exactly_what_it_counts(classify):
    result = classify({"characteristics": {
        "efficiency_policy": {"stage": "transitional", "evidence": "Efficiency strategy, approved 2007"},
        "time_scales": "transitional", "sustainability": "transactional"}})
    flag = result.flag("mostly_unevidenced")
    assert flag is not None
    assert flag.message.startswith("67 per cent of the assessed characteristics have stages that carry no "
                                   "evidence")
    assert "stated in the profile without an evidence note" in flag.message
    assert "without an evidence note" in result.evidence_note
