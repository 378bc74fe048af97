"""Checks over every rule: documentation, citations that exist in the report, and named cases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from backtofront.classifier import rules as rules_mod
from backtofront.classifier.errors import DataError

CASES = Path(__file__).resolve().parents[1] / "rule_cases"
RULE_FILES = sorted((Path(__file__).resolve().parents[2] / "rules").glob("*.yaml"))


def test_rules_are_loaded(classifier):
    assert len(classifier.rules.rules) == len(RULE_FILES) >= 20


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_rule_has_cases_that_pass_and_fail(path, classifier):
    rule = classifier.rules.get(path.stem)
    cases_file = CASES / f"{rule.id}.yaml"
    assert cases_file.exists(), f"{rule.id} has no file of cases"
    cases = yaml.safe_load(cases_file.read_text())["cases"]
    fires = [bool(c["fires"]) for c in cases.values()]
    assert True in fires and False in fires, f"{rule.id} needs a case that fires and one that does not"


def _citation_in_report(citation: str, report: str) -> bool:
    kind, _, number = citation.rpartition(" ")
    patterns = {
        "Table": rf"\*\*Table {number}\*\*",
        "Figure": rf"Figure {number}\b",
        "para": rf"(^|\n)(- )?\**{number}\**\s",
        "Case study": rf"Case study {number}\b",
        "Chapter": rf"Chapter {number}\b",
        "Appendix": rf"# Appendix {number}",
    }
    if citation in ("Recommendations", "Summary"):
        return f"# {citation}" in report
    return re.search(patterns[kind], report) is not None


def test_every_citation_exists_in_the_report(classifier, kb, report_text):
    cited = set()
    for rule in classifier.rules.rules:
        cited.update(rule.spec.citations)
        if rule.spec.then.recommendation:
            cited.update(c for c in rule.spec.then.recommendation.citations
                         + rule.spec.then.recommendation.case_studies
                         if "{" not in c)
    for factor in [*kb.pressures.values(), *kb.barriers.values()]:
        cited.update(factor.paras + factor.response.citations + factor.case_study_citations)
    missing = sorted(c for c in cited if not _citation_in_report(c, report_text))
    assert not missing
    assert not _citation_in_report("para 99", report_text)  # the check itself can fail


def test_every_rule_explains_itself(classifier):
    for rule in classifier.rules.rules:
        assert len(rule.spec.explanation.split()) >= 8, rule.id
        assert rule.spec.title[0].isupper(), rule.id


def test_inferred_rules_say_so(classifier):
    inferred = {r.id for r in classifier.rules.rules if r.spec.basis == "inferred"}
    # judging stages from answers (and BT309, respondents' divergence; BT310, stated values the answers
    # contradict)
    judging = {f"BT30{i}" for i in range(1, 10)} | {"BT310"}
    assert inferred == {"BT110", "BT111", "BT112", "BT120", "BT121", "BT124", "BT132", "BT133", "BT202",
                        "BT210", "BT211", "BT220", "BT223", "BT241", "BT243", "BT250", "BT251", "BT260",
                        "BT262", "BT263", "BT271"} | judging
    # Table 3 gives no response to a factor, and para 66 no advice to adopt mutual methods: said so
    for rid in ("BT210", "BT211"):
        assert "gives no response" in classifier.rules.get(rid).spec.explanation
    assert "gives no formula" in classifier.rules.get("BT220").spec.explanation
    for rid in inferred - judging - {"BT210", "BT211"}:
        assert "no formula" in classifier.rules.get(rid).spec.explanation
    for rid in judging:
        assert "Inferred" in classifier.rules.get(rid).spec.explanation


GOOD_RULE = {
    "id": "BT999", "title": "Test", "citations": ["para 47"], "phase": "classify", "basis": "report",
    "explanation": "x", "when": {"all": [{"assessed_count": {"gte": 1}}]}, "then": {"conclusion": "ok"},
}


@pytest.mark.parametrize("change,problem", [
    ({"when": {"all": [{"stage.efficiency_polcy": "transitional"}]}},
     "did you mean 'stage.efficiency_policy'"),
    ({"when": {"all": [{"stage.efficiency_policy": "transitionl"}]}}, "is not a stage"),
    ({"when": {"all": [{"assessed_count": {"between": 1}}]}}, "unknown operator 'between'"),
    ({"citations": ["page 4"]}, "not a citation of the report's form"),
    ({"then": {"conclusion": "{{ oops"}}, "template error"),
    ({"colour": "red"}, "unknown key 'colour'"),
    ({"when": {"all": [{"flag.uneven_profile": True}]}}, "only known in the recommend phase"),
])
def test_broken_rule_is_reported_with_file_and_key(kb, change, problem):
    import yaml as _yaml
    data = {**GOOD_RULE, **change}
    with pytest.raises(DataError) as info:
        rules_mod.load_from({"BT999.yaml": _yaml.safe_dump(data), **_flag_rule()}, kb)
    assert "rules/BT999.yaml" in str(info.value)
    assert problem in str(info.value)


def _flag_rule():
    import yaml as _yaml
    rule = {**GOOD_RULE, "id": "BT998", "then": {"conclusion": "x",
                                                  "flag": {"id": "uneven_profile", "severity": "info",
                                                           "message": "m",
                                                           "title": "t", "summary_title": "s",
                                                           "letter": False}}}
    return {"BT998.yaml": _yaml.safe_dump(rule)}


def test_a_good_rule_loads_and_runs_beside_the_packaged_ones(kb):
    """A second rule set compiles in the same process (fresh ruleset name) and runs."""
    import yaml as _yaml
    from backtofront.classifier.classify import Classifier
    from conftest import make_profile
    ruleset = rules_mod.load_from({"BT999.yaml": _yaml.safe_dump(GOOD_RULE),
                                   "BT998.yaml": _yaml.safe_dump(
                                       {**GOOD_RULE, "id": "BT998", "phase": "recommend",
                                    "then": {"conclusion": "r", "recommendation": {"id": "r1", "title": "T",
                                             "action": "A", "priority": "low", "citations": ["para 47"],
                                             "owner": "board", "timing": "by_priority"}}})}, kb)
    result = Classifier(kb, ruleset).classify(make_profile(
        {"characteristics": {"time_scales": "transitional"}}))
    assert [t.rule for t in result.trace] == ["BT999", "BT998"]
    assert [r.id for r in result.recommendations] == ["r1"]
    assert result.overall.stage is None  # this rule set reaches no stage


def test_duplicate_rule_ids_are_refused(kb):
    import yaml as _yaml
    with pytest.raises(DataError, match="id: 'BT999' does not match the file name"):
        rules_mod.load_from({"BT997.yaml": _yaml.safe_dump(GOOD_RULE)}, kb)


def test_the_rule_catalogue_is_up_to_date(capsys):
    """docs/rules.md is generated from the rules (`make docs`), so it cannot drift."""
    from backtofront import docs_gen
    docs_gen.main()
    generated = capsys.readouterr().out
    committed = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == generated, "docs/rules.md is stale: run `make docs`"
