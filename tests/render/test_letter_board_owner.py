"""A letter never suggests that the efficiency board own advice for a council that has none, nor presumes a
board that the profile does not record: the owner follows the council's `efficiency_board` fact."""

from __future__ import annotations

from backtofront.classifier import profile as profile_mod
from backtofront.classifier import rules
from backtofront.render import letter as letter_mod

COUNCIL = {"name": "Owner Council", "type": "district"}
BASE = {"council": COUNCIL, "characteristics": {"time_scales": "transitional"}}   # 1 of 8: assess the rest


def built(classifier, kb, **extra):
    return letter_mod.build(classifier.classify(profile_mod.parse({**BASE, **extra})), kb)


def owners(letter) -> list[str]:
    return [p.owner for p in letter.page_one] + [row.owner for row in letter.plan]


def test_a_council_without_a_board_is_not_given_one_as_owner(classifier, kb):
    letter = built(classifier, kb, strategic_approach={"efficiency_board": False})
    assert rules.OWNERS["board"] not in owners(letter)
    assert letter_mod.BOARD_NOT_RECORDED not in owners(letter)
    assert rules.OWNERS["chief_executive"] in owners(letter)   # the assessment of the rest


def test_a_board_not_recorded_is_not_presumed(classifier, kb):
    letter = built(classifier, kb)
    assert rules.OWNERS["board"] not in owners(letter)
    assert letter_mod.BOARD_NOT_RECORDED in owners(letter)
    assert letter_mod.BOARD_NOT_RECORDED in letter_mod.render_md(letter)


def test_a_council_with_a_board_by_its_answer_gives_it_the_advice(classifier, kb):
    letter = built(classifier, kb, answers={"planning_monitoring_oversight": {"answer": "efficiency_board"}})
    assert rules.OWNERS["board"] in owners(letter)
