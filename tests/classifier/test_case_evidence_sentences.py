"""A case council's evidence is quoted as what the report "says": each characteristic's evidence in the
bundled profiles (examples/cases/) is a whole sentence of the report (or a whole list item or heading),
never a fragment such as "Following consultation with councillors and heads of service", and it is in the
place the letters credit it to: the case study, or the paragraph its source's `place` names."""

import re
from pathlib import Path

import pytest

from backtofront.classifier import cases

REPORT = Path(__file__).resolve().parents[2] / "docs" / "report" / "back-to-front-2008.md"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip()


def _lines() -> list[str]:
    return [_norm(line) for line in REPORT.read_text(encoding="utf-8").splitlines()]


def _whole(evidence: str, lines: list[str]) -> bool:
    """`evidence` starts where a sentence (list item, heading or quotation) of the report starts and ends
    where one ends."""
    e = _norm(evidence)
    for line in lines:
        start = line.find(e)
        if start < 0:
            continue
        before = re.sub(r"^(#+ |- |\*\*|')+", "", line[:start])
        after = line[start + len(e):]
        starts = before == "" or bool(re.search(r"[.?!:]'? $", before))
        ends = e[-1] in ".?!;:" or after == "" or bool(re.match(r"(<sup>[^<]*</sup>)?[.?!;:']", after))
        if starts and ends:
            return True
    return False


EVIDENCE = [pytest.param(evidence, id=f"{n}.{cid}")
            for n, case in sorted(cases.load_all().items())
            for cid, c in case.profile.characteristics.assessed().items() if (evidence := c.evidence)]


@pytest.mark.parametrize("evidence", EVIDENCE)
def test_each_case_evidence_is_a_whole_sentence_of_the_report(evidence):
    assert _whole(evidence, _lines()), evidence


def _place_text(n: int, place: str | None) -> str:
    """The report's text of Case study `n` (its heading to the rule, the next numbered paragraph or the next
    case study), or of paragraph `place` ("para 31")."""
    lines = REPORT.read_text(encoding="utf-8").splitlines()
    if place:
        para = place.removeprefix("para ")
        return _norm(next(line for line in lines if re.match(rf"^(\*\*)?{para}(\*\*)? ", line)))
    start = next(i for i, line in enumerate(lines) if re.fullmatch(rf"#{{2,3}} Case study {n}", line))
    out = []
    for line in lines[start + 1:]:
        if line.strip() == "---" or re.match(r"^(\*\*)?\d+(\*\*)? |^#{1,3} Case study \d+$|^# ", line):
            break
        out.append(line)
    return _norm(" ".join(out))


@pytest.mark.parametrize("n, cid", [pytest.param(n, cid, id=f"{n}.{cid}")
                                    for n, case in sorted(cases.load_all().items())
                                    for cid, c in case.profile.characteristics.assessed().items()
                                    if c.evidence])
def test_each_case_evidence_is_where_the_letters_credit_it(n, cid, classifier):
    """Stroud's "combined most back office activity with front line functions" is para 31's, not Case study
    13's: the source says so (`place`), and the letters credit the sentence to the paragraph."""
    case = cases.get(n)
    source = case.sources.get(f"characteristics.{cid}")
    place = source.place if source else None
    evidence = case.profile.characteristics.assessed()[cid].evidence
    assert _norm(evidence) in _place_text(n, place), (n, cid, place)
    result = classifier.classify(case.profile)
    if cid in result.report_quotes:
        assert result.report_quotes[cid].place == (place or f"Case study {n}")
        assert result.quoted_from(cid).endswith(place or f"Case study {n}")


def test_a_place_is_a_paragraph():
    with pytest.raises(ValueError, match="para 31"):
        cases.Source(basis="reading", note="n", place="Case study 13")
