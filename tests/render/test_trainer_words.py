"""Small things a trainer's class reads: no doubled brackets in the narrow case list."""

from __future__ import annotations

from backtofront.classifier import cases as cases_mod
from backtofront.render import trainer


def test_narrow_case_list_has_no_doubled_brackets(classifier):
    text = trainer.cases_text(trainer.case_rows(cases_mod.load_all(), classifier), width=60)
    assert "A district council (Case study 4): District council" in text
    assert ") (" not in text

