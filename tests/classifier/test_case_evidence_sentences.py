"""A case council's evidence is quoted as what the report "says": each characteristic's evidence in the
bundled profiles (examples/cases/) is a whole sentence of the report (or a whole list item or heading),
never a fragment such as "Following consultation with councillors and heads of service"."""

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
