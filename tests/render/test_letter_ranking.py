"""One ranking everywhere: the letter's priorities are the head of the ranked recommendations that `assess`
lists, and priority N is row N of the improvement plan annex; no advice is given twice."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
import yaml
from backtofront.classifier import cases as cases_mod
from backtofront.classifier import profile as profile_mod
from backtofront.render import letter as letter_mod
from backtofront.render.plain import ACRONYMS

ROOT = Path(__file__).resolve().parents[2]
DATE = dt.date(2008, 11, 1)
BUNDLED = [(p.stem, lambda p=p: profile_mod.load(p), None)
           for p in sorted((ROOT / "examples").glob("*.yaml"))] + \
          [(f"case{n}", lambda n=n: cases_mod.get(n).profile, n) for n in cases_mod.load_all()]


def _short(text: str) -> str:
    """A title with acronyms as written, whether or not this is their first use (spelled out) in the
    letter."""
    for word, long in ACRONYMS.items():
        text = text.replace(long, word)
    return text


def _build(classifier, load, case):
    result = classifier.classify(load())
    return result, letter_mod.build(result, classifier.kb, letter_mod.Options(date=DATE, case=case))


def _md_lists(text: str) -> tuple[list[str], list[tuple[int, str]]]:
    block = text.split("## Priorities", 1)[1].split("##", 1)[0]
    priorities = re.findall(r"^\d+\. (.+)$", block, re.MULTILINE)
    annex = text.split("## Annex: improvement plan", 1)[1]
    rows = [(int(n), a.strip()) for n, a in re.findall(r"^\| (\d+) \| ([^|]+) \|", annex, re.MULTILINE)]
    return priorities, rows


def _html_lists(text: str) -> tuple[list[str], list[tuple[int, str]]]:
    block = re.search(r'<ol class="priorities">(.*?)</ol>', text, re.DOTALL).group(1)
    priorities = [html.unescape(re.sub(r"<[^>]+>", "", p))
                  for p in re.findall(r"<li>(.*?)</li>", block, re.DOTALL)]
    annex = text.split("Annex: improvement plan", 1)[1]
    rows = [(int(n), html.unescape(a)) for n, a in
            re.findall(r'<tr><td>(\d+)</td><th scope="row"><strong>(.*?)</strong></th>', annex, re.DOTALL)]
    return priorities, rows


@pytest.mark.parametrize("name,load,case", BUNDLED, ids=[b[0] for b in BUNDLED])
def test_priority_n_is_annex_row_n_and_assess_recommendation_n(classifier, name, load, case):
    result, letter = _build(classifier, load, case)
    ranked = [r.id for r in result.recommendations]
    n = len(letter.priorities)
    assert 1 <= n <= 5
    # The head of the same ranked list `assess` shows.
    assert [p.title for p in letter.body] == letter.priorities
    assert [_short(row.action) for row in letter.plan[:n]] == [_short(p) for p in letter.priorities]
    assert [_short(r.title) for r in result.recommendations[:n]] == [_short(p) for p in letter.priorities]
    assert len(letter.plan) == len(ranked)
    # Page 1 gives priority N as one plain sentence of the same recommendation, with the annex's owner and
    # timing for row N
    assert [_short(p.text) for p in letter.page_one] == [
        _short(letter_mod.action_sentence(r)) for r in result.recommendations[:n]]
    assert [(p.owner, p.by_when) for p in letter.page_one] == [(row.owner, row.by_when)
                                                               for row in letter.plan[:n]]
    for fmt, lists in ((letter_mod.LetterFormat.MD, _md_lists), (letter_mod.LetterFormat.HTML, _html_lists)):
        text = letter_mod.render(letter, fmt)
        priorities, rows = lists(text if isinstance(text, str) else text.decode())
        assert len(priorities) == n, fmt
        for p, shown in zip(letter.page_one, priorities):
            assert shown.startswith(p.text) and f"Suggested owner: {p.owner}" in shown, fmt
        assert [num for num, _ in rows] == list(range(1, len(ranked) + 1)), fmt
        for i, title in enumerate(letter.priorities, start=1):
            assert rows[i - 1][0] == i and _short(rows[i - 1][1]) == _short(title), (fmt, i)



@pytest.mark.parametrize("name,load,case", BUNDLED, ids=[b[0] for b in BUNDLED])
def test_also_found_does_not_repeat_advice_the_letter_gives(classifier, name, load, case):
    result, letter = _build(classifier, load, case)
    rules = {r.rule for r in result.recommendations}
    acted_on = {n.removeprefix("flag.") for t in result.trace if t.rule in rules for n in t.facts
                if n.startswith("flag.")}
    for flag in result.flags:
        if flag.id in acted_on:
            assert not any(flag.message[:60] in f for f in letter.findings), (name, flag.id)
    assert len(set(letter.findings)) == len(letter.findings)


def test_district_letter_gives_the_windfall_check_once(classifier):
    _result, letter = _build(classifier, lambda: profile_mod.load(ROOT
                                                                  / "examples/district-transitional.yaml"),
                             None)
    assert any("windfall" in p.lower() for p in letter.priorities)
    assert not any("windfall" in f.lower() for f in letter.findings)
    text = letter_mod.render(letter, letter_mod.LetterFormat.MD)
    body = text.split("## Annex: improvement plan", 1)[0].split("## The priorities in detail", 1)[1]
    sections = re.split(r"^##+ ", body, flags=re.MULTILINE)
    assert sum("one-off windfall" in s.lower() for s in sections) <= 1


@pytest.mark.parametrize("name,load,case", BUNDLED, ids=[b[0] for b in BUNDLED])
def test_no_two_recommendations_carry_the_same_advice(classifier, name, load, case):
    result = classifier.classify(load())
    recs = result.recommendations
    assert len({r.id for r in recs}) == len(recs)
    assert len({r.title for r in recs}) == len(recs)
    # Benchmarking with the VFM indicators is one piece of advice, however many rules reach it.
    assert sum("VFM indicators" in r.action for r in recs) <= 1, name
    assert sum("benchmarking" in r.title.lower() or r.id == "barrier_insufficient_cost_knowledge"
               for r in recs) <= 1


def test_metropolitan_benchmarking_is_the_cost_knowledge_barrier_response(classifier):
    silent = classifier.classify(profile_mod.load(ROOT / "examples/metropolitan-transactional.yaml"))
    # the profile does not record its benchmarking: the barrier's response, and a request to record it
    assert "benchmarking.data" in [t.fact for t in silent.to_confirm]
    assert "Data benchmarking" not in " ".join(r.action for r in silent.recommendations)
    data = yaml.safe_load((ROOT / "examples/metropolitan-transactional.yaml").read_text(encoding="utf-8"))
    result = classifier.classify(profile_mod.parse({**data, "benchmarking": {"not_used": ["data"]}}))
    bench = [r for r in result.recommendations if "benchmarking" in r.action.lower()]
    assert [r.id for r in bench] == ["barrier_insufficient_cost_knowledge"]
    merged = bench[0]
    assert ("Data benchmarking" in merged.action and "Table 6" in merged.citations
            and "para 87" in merged.citations)
    assert merged.priority == "high" and merged.basis == "inferred"
