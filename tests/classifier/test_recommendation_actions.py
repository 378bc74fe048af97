"""A recommendation's action says what to do; it does not give the title back in other words. Checked over
every recommendation any bundled profile produces (examples/, examples/starter/, examples/cases/ and its
answers profiles), and over every para 78 element and para 36 characteristic, which the bundled profiles
do not all lack."""

from __future__ import annotations

import re

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier.profile import load as load_profile
from conftest import ROOT, make_profile

# Words that carry no subject of their own.
STOP = {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "not", "of",
        "on",
        "or", "than", "that", "the", "their", "this", "to", "with"}
# The share of a title's words an action may repeat. A title here has two to eight such words; an action
# has to name the title's subject ("ICT", "service benchmarking": one or two of them), so a three-word title
# may share two (0.67). An action that gives three quarters of its title back, or more, is the title again:
# the para 78 and para 36 actions before they said what to do scored 0.71 to 1.0.
MOST_REPEATED = 0.7


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")) if w not in STOP]


def _same(a: str, b: str) -> bool:
    """The same word, give or take an ending: "efficiencies" and "efficiency", "commit" and "commitment"
    (a shared first five letters); short words only when equal."""
    return a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


def repeated(title: str, action: str) -> float:
    """The largest share (0 to 1) of the title's words that one sentence of the action uses again. One
    sentence at a time: a title given back is said in one sentence, whereas the evidence and the report's
    examples that follow the instruction name the subject again, as they should ("Worcestershire ... uses
    comparative service cost data during its annual Corporate Strategy Week" under "Use strategic
    benchmarking")."""
    title_words = set(_words(title))
    shares = []
    for sentence in re.split(r"(?<=[.!?”])\s+(?=[A-Z“'‘0-9])", action):
        action_words = set(_words(sentence))
        shares.append(sum(any(_same(t, a) for a in action_words) for t in title_words)
                      / max(len(title_words), 1))
    return max(shares)


def test_the_measure_catches_a_title_given_back():
    assert repeated("Commit to the chosen techniques", "Make sure there is commitment to the chosen "
                                                       "techniques.") == 1
    assert repeated("Build a consensus in support of delivering efficiencies",
                    "Make sure that there is a consensus in support of delivering "
                    "efficiencies.") >= MOST_REPEATED
    assert repeated("Use ICT", "22 of the 23 case study sites used ICT in SR04 (Table 5).") < MOST_REPEATED


def _bundled():
    profiles = [(f"case {n}", c.profile) for n, c in cases_mod.load_all().items()]
    profiles += [(f"answers {n}", c.profile) for n, c in cases_mod.load_answers().items()]
    for path in [*sorted((ROOT / "examples").glob("*.yaml")), ROOT / "examples" / "starter" / "council.yaml"]:
        profiles.append((str(path.relative_to(ROOT)), load_profile(path)))
    return profiles


# Every para 78 element and every para 36 characteristic lacking, so each of their actions is checked.
ALL_LACKING = make_profile({
    "four_elements": {"local_priorities": False, "consensus": False, "robust_challenge": False,
                      "commitment_to_techniques": False},
    "strategic_approach": {"citizen_perspective": False, "linked_to_corporate_objectives": False,
                           "political_support": False, "efficiency_board": False}})


# Every pressure of Table 3 listed, then every barrier (apart, as two responses that build the same are one
# recommendation), so that each response's action is checked against its title (knowledge/factors.yaml).
ALL_PRESSURES = make_profile({"pressures": ["sr04", "csr07", "financial_position", "political_leadership",
                                            "use_of_resources", "council_tax", "wider_economy",
                                            "public_expectations"]})
ALL_BARRIERS = make_profile({"barriers": ["existing_contracts", "organisational_culture",
                                          "absence_of_political_will",
                                          "low_change_capacity", "risk_aversion",
                                          "investment_in_existing_systems",
                                          "insufficient_cost_knowledge"]})


def _recommendations(classifier):
    seen = {}
    for name, profile in [*_bundled(), ("every element lacking", ALL_LACKING),
                          ("every pressure", ALL_PRESSURES), ("every barrier", ALL_BARRIERS)]:
        for rec in classifier.classify(profile).recommendations:
            seen.setdefault((rec.title, rec.action), (name, rec.id))
    return seen


def test_no_action_repeats_its_title(classifier):
    seen = _recommendations(classifier)
    assert len(seen) > 40  # every bundled profile was read
    ids = {rid for _, rid in seen.values()}
    assert {f"element_{e}" for e in ("local_priorities", "consensus", "robust_challenge",
                                     "commitment_to_techniques")} <= ids
    assert {f"pressure_{p}" for p in ("sr04", "csr07", "financial_position", "political_leadership",
                                      "use_of_resources",
                                      "council_tax", "wider_economy", "public_expectations")} <= ids
    assert {f"barrier_{b}" for b in ("existing_contracts", "organisational_culture",
                                     "absence_of_political_will",
                                     "low_change_capacity", "risk_aversion", "investment_in_existing_systems",
                                     "insufficient_cost_knowledge")} <= ids
    repeats = [(where, rid, title, round(repeated(title, action), 2))
               for (title, action), (where, rid) in seen.items() if repeated(title, action) >= MOST_REPEATED]
    assert repeats == []


@pytest.mark.parametrize("element", ["local_priorities", "consensus", "robust_challenge",
                                     "commitment_to_techniques"])
def test_a_para_78_action_says_what_to_do_and_where_the_report_says_it(classifier, report_text, element):
    rec = next(r for r in classifier.classify(ALL_LACKING).recommendations if r.id == f"element_{element}")
    assert not rec.action.startswith("Make sure that")
    assert len(re.findall(r"[.;:] |\.$", rec.action)) >= 2  # more than one step
    places = re.findall(r"\((paras? [\d, and]+|Summary|Recommendations|Case study \d+)\)", rec.action)
    assert places, rec.action  # each step says where the report says it
    for place in places:
        for n in re.findall(r"\d+", place) if place.startswith("para") else []:
            assert f"para {n}" in rec.citations
        if not place.startswith("para"):
            assert place in [*rec.citations, *rec.case_studies], (place, rec.citations, rec.case_studies)
    # What goes beyond the report says so.
    if element == "commitment_to_techniques":
        assert "The assessment's own reading, as the report does not say how" in rec.action


def test_the_robust_challenge_action_names_the_challenge_group(classifier):
    rec = next(r for r in classifier.classify(ALL_LACKING).recommendations
               if r.id == "element_robust_challenge")
    assert "senior-level challenge group" in rec.action and "Case study 5" in rec.case_studies


def test_each_recommendation_of_the_markdown_report_starts_its_own_line(classifier):
    from backtofront.render import formats

    result = classifier.classify(ALL_LACKING)
    md = formats.render(result, formats.Format.MARKDOWN, show_all=True)
    numbers = [int(n) for n in re.findall(r"\n(\d+)\. \*\*", md.split("## Recommendations")[1])]
    assert numbers == list(range(1, len(result.recommendations) + 1))


def test_with_nothing_assessed_the_why_reads_as_english(classifier):
    rec = next(r for r in classifier.classify(ALL_LACKING).recommendations
               if r.id == "assess_remaining_characteristics")
    assert rec.why == ["None of the eight characteristics was assessed, so there is no overall stage yet."]
