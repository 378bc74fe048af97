"""A profile's figures read the same wherever they are shown: the rules' sentences and the why lines
round a percentage to one decimal place, and no number is shown in exponent form."""

from __future__ import annotations

import re

import pytest
from backtofront.classifier.classify import figure_words


@pytest.mark.parametrize(("key", "value", "words"), [
    ("cashable_share_pct", 45.0, "45 per cent"),
    ("cashable_share_pct", 45.46, "45.5 per cent"),
    ("cashable_share_pct", 0.123456789, "0.1 per cent"),
    ("cashable_share_pct", 1e-300, "0 per cent"),
    ("cashable_share_pct", 100.0, "100 per cent"),
    ("back_office_gains_gbp", 1250000.0, "£1,250,000"),
    ("back_office_gains_gbp", 0.4, "£0"),
    ("answer_None", 12.5, "12.5"),
    ("answer_None", 1250000.0, "1,250,000"),
    ("answer_None", 1e-300, "0"),
    ("answer_None", 2.005e-7, "0"),
])
def test_figure_words(key, value, words):
    assert figure_words(key, value) == words


@pytest.mark.parametrize(("share", "shown"), [(0.123456789, "0.1"), (1e-300, "0"), (33.333333, "33.3")])
def test_the_rule_s_sentence_and_its_why_line_give_one_figure(run_cli, tmp_path, share, shown):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: Figures DC, type: district}\n"
                    f"figures: {{cashable_share_pct: {share!r}}}\n")
    code, out, err = run_cli("assess", str(path), "--all", "--no-color")
    assert code == 0, err
    flat = " ".join(out.split())
    assert f"{shown} per cent of the council's gains were cashable" in flat
    assert f"Cashable share: {shown} per cent." in flat
    assert not re.search(r"\d[eE][+-]?\d", flat)  # no exponent form
