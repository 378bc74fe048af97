"""Places of the report for tests: the text of "para 27", "Table 1", "Figure 10", "Summary",
"Recommendations" or "Appendix 1", so that a quotation can be checked in the place its citation names."""

from __future__ import annotations

import re


def squash(text: str) -> str:
    text = re.sub(r"<sup>[^<]*</sup>", "", text)
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'").replace("*", "")).strip()


def _para_start(report: str, number: int, after: int) -> int:
    found = re.compile(rf"(^|\n)(- )?\**{number}\**\s").search(report, after)
    assert found, number
    return found.start()


def place(report: str, citation: str) -> str:
    """The text of one place of the report: "para 27", "Table 1", "Figure 10", "Summary",
    "Recommendations", "Appendix 1". A paragraph runs to the next paragraph's number, so it includes the
    figures, tables and case studies printed under it."""
    body = report.index("# Introduction")
    appendix = report.index("# Appendix 1")
    if citation == "Summary":
        return report[report.index("# Summary"):report.index("# Recommendations")]
    if citation == "Recommendations":
        return report[report.index("# Recommendations"):body]
    if citation == "Appendix 1":
        return report[appendix:report.index("# References")]
    kind, _, number = citation.rpartition(" ")
    if kind == "para":
        start = _para_start(report, int(number), body)
        end = _para_start(report, int(number) + 1, start + 1) if int(number) < 93 else appendix
        return report[start:end]
    if kind in ("Table", "Figure"):
        start = re.compile(rf"\*\*{kind} {number}\*\*|#+ \**{kind} {number}\b").search(report, body).start()
        return report[start:report.index("Source:", start)]
    raise AssertionError(citation)
