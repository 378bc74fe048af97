"""A flag's and a recommendation's display metadata live in its rule's YAML, nowhere else: every flag has
its report title, its summary title and whether letters show it; every recommendation its suggested owner
and timing; the rules catalogue (docs/rules.md) shows them; and the owners are the actors the report names
for that kind of advice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import knowledge, rules
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import DataError
from backtofront.render import letter as letter_mod
from backtofront.render.plain import Expander, user_texts

ROOT = Path(__file__).resolve().parents[2]
RULES = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "rules").glob("*.yaml")}
PROFILES = [profile_mod.load(p) for p in sorted((ROOT / "examples").glob("*.yaml"))] + \
    [cases_mod.get(n).profile for n in cases_mod.load_all()] + \
    [a.profile for a in cases_mod.load_answers().values()]

# Who takes each kind of advice on (para 36, para 75, Checklist 3): what the rules' `owner` must give.
OWNER_BY_ID = [
    (r"next_stage_(efficiency_policy|management_leadership)$", "cabinet"),
    (r"next_stage_(planning_monitoring|sustainability|time_scales)$", "finance"),
    (r"next_stage_", "chief_executive"),
    (r"leadership_and_policy_first|beyond_transactional|strategic_(political_support|efficiency_board)"
     r"|barrier_absence_of_political_will|pressure_political_leadership", "cabinet"),
    (r"element_robust_challenge", "scrutiny"),
    (r"check_windfall_gains|check_figures_first|back_office_share_low|cashable_share_low"
     r"|corporate_services_share_high|barrier_insufficient_cost_knowledge"
     r"|pressure_(financial_position|csr07|sr04|council_tax|use_of_resources)", "finance"),
    (r"lagging_characteristics_first|barrier_|strategic_citizen_perspective", "chief_executive"),
    (r"", "board"),
]


def test_every_flag_has_its_titles_and_says_whether_letters_show_it():
    ruleset = rules.load(knowledge.load())
    flagged = [r for r in ruleset.rules if r.spec.then.flag]
    assert len(flagged) >= 11
    for r in flagged:
        flag = r.spec.then.flag
        assert flag.title.strip() and flag.summary_title.strip(), r.id
        assert flag.title != flag.id.replace("_", " ").capitalize() or " " not in flag.id, r.id
        assert isinstance(flag.letter, bool)
        # a flag for the assessor's information is never "also found" in a letter
        if flag.severity == "info":
            assert not flag.letter, r.id


def test_a_flag_without_its_titles_is_refused():
    text = RULES["BT121.yaml"].replace("    title: Uneven profile\n", "")
    with pytest.raises(DataError, match="title"):
        rules.load_from({**RULES, "BT121.yaml": text}, knowledge.load())


def test_two_rules_raising_one_flag_must_agree_on_its_titles():
    text = RULES["BT121.yaml"].replace("id: BT121", "id: BT199").replace("title: Uneven profile\n",
                                                                         "title: Lopsided\n")
    with pytest.raises(DataError, match="differs"):
        rules.load_from({**RULES, "BT199.yaml": text}, knowledge.load())


def test_every_recommendation_has_an_owner_and_a_timing():
    ruleset = rules.load(knowledge.load())
    advising = [r for r in ruleset.rules if r.spec.then.recommendation]
    assert len(advising) >= 20
    for r in advising:
        rec = r.spec.then.recommendation
        assert rec.owner and rec.timing in rules.TIMINGS, r.id
    text = re.sub(r"^    owner: .*\n", "", RULES["BT240.yaml"], flags=re.MULTILINE)
    with pytest.raises(DataError, match="owner"):
        rules.load_from({**RULES, "BT240.yaml": text}, knowledge.load())


def test_owners_are_the_actors_the_report_names_for_each_kind_of_advice(classifier):
    seen = set()
    for profile in PROFILES:
        result = classifier.classify(profile)
        for rec in result.recommendations:
            expected = next(who for pattern, who in OWNER_BY_ID if re.match(pattern, rec.id))
            assert rec.owner == expected, (rec.id, rec.owner)
            seen.add(rec.owner)
            assert letter_mod.owner(rec) == rules.OWNERS[expected]
            assert letter_mod.by_when(rec) == ("Next budget round" if rec.priority == "high"
                                               else "Within the current spending review period")
    assert seen == set(rules.OWNERS), "the bundled profiles reach every actor"


def test_letters_leave_out_the_flags_their_rules_keep_out(classifier):
    """`letter: false` flags (the para 78 and para 36 lists, shown as advice instead, and the assessor's
    information) never appear among a letter's other findings."""
    ruleset = rules.load(knowledge.load())
    hidden = {fid for fid in ruleset.flag_ids if not ruleset.flag(fid).letter}
    assert {"element_lacking", "strategic_characteristic_lacking", "partial_coverage"} <= hidden
    for profile in PROFILES:
        result = classifier.classify(profile)
        letter = letter_mod.build(result, classifier.kb)
        x = Expander(protect=user_texts(result))
        for flag in result.flags:
            if flag.id in hidden:
                assert x(flag.message) not in letter.findings


def test_the_rules_catalogue_shows_the_display_metadata(capsys):
    from backtofront import docs_gen

    docs_gen.main()
    catalogue = capsys.readouterr().out
    ruleset = rules.load(knowledge.load())
    for r in ruleset.rules:
        if r.spec.then.flag:
            assert r.spec.then.flag.title in catalogue and r.spec.then.flag.summary_title in catalogue
        if r.spec.then.recommendation:
            assert "Suggested timing" in catalogue
    assert "Suggested owner" in catalogue and "Shown in letters" in catalogue
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == catalogue, "run make docs"
