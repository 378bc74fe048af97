"""Plain English for every document a person reads: acronyms spelled out at first use, and text made safe
for a Markdown table cell."""

from __future__ import annotations

import re

# Acronyms spelled out the first time a document uses them (as the report does). Every all-caps word that
# the letters, reports, terminal report or walkthrough can print is here, or is a name rather than an
# acronym (tests/test_acronyms_first_use.py keeps that list, NOT_ACRONYMS).
ACRONYMS = {
    "SR04": "Spending Review 2004 (SR04)",
    "CSR07": "Comprehensive Spending Review 2007 (CSR07)",
    "VFM": "value for money (VFM)",
    "BPI": "business process improvement (BPI)",
    "CPA": "Comprehensive Performance Assessment (CPA)",
    # The report's other acronyms, as the report spells them out.
    "ICT": "information and communications technology (ICT)",
    "CSW": "Corporate Strategy Week (CSW)",
    "AES": "Annual Efficiency Statements (AES)",
    "NI179": "National Indicator 179 (NI179)",
    "OEP": "Operational Efficiency Programme (OEP)",
    "CAA": "Comprehensive Area Assessment (CAA)",
    "LGA": "Local Government Association (LGA)",
    "IDeA": "Improvement and Development Agency (IDeA)",
    "RIEPs": "Regional Improvement and Efficiency Partnerships (RIEPs)",
    "CLG": "Communities and Local Government (CLG)",
    "CIPFA": "Chartered Institute of Public Finance and Accountancy (CIPFA)",
    "IPF": "Institute of Public Finance (IPF)",
    "NIS": "national indicator set (NIS)",
    "PCT": "primary care trust (PCT)",
    "SOCITM": "Society of Information Technology Management (SOCITM)",
    "NSP": "Next Steps Programme (NSP)",
    # Acronyms the report uses without spelling them out.
    "IT": "information technology (IT)",
    "HR": "human resources (HR)",
    "PCs": "personal computers (PCs)",
}
_NAMES = "|".join(sorted(ACRONYMS, key=len, reverse=True))
# "(SR04)": spelled out already; "SR04" alone: a use.
_ACRONYM = re.compile(rf"\((?P<spelled>{_NAMES})\)|(?<![\w(])(?P<bare>{_NAMES})(?![\w)])")


# Where a sentence starts: the text's start, after . ! or ?, or at the start of a line or list item.
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"'”’)]*\s+|\n[ \t]*(?:[-*#>|]+[ \t]*|\d+\.[ \t]+)?)\Z")


class Expander:
    """Spells out each acronym of ACRONYMS at its first use, over texts given in reading order. An
    acronym already spelled out where it first occurs ("the 2004 Spending Review (SR04)") counts as
    spelled out from there on; one spelled out only later in the text is still spelled out at its first use."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return text

        def one(m: re.Match) -> str:
            if m.group("spelled"):
                self.seen.add(m.group("spelled"))
                return m.group(0)
            word = m.group("bare")
            if word in self.seen:
                return word
            self.seen.add(word)
            spelled = ACRONYMS[word]
            return spelled[0].upper() + spelled[1:] if _SENTENCE_START.search(text, 0, m.start()) else spelled
        return _ACRONYM.sub(one, text)

    def document(self, text: str) -> str:
        """A whole rendered document (Markdown), expanded in one pass in reading order."""
        return self(text) or ""


def markdown_cell(text: object) -> str:
    """Text for one Markdown table cell: `|` escaped and line breaks turned into spaces."""
    return re.sub(r"\s*[\r\n]+\s*", " ", str(text)).replace("|", "\\|")


# Plain titles for the flags (the JSON keeps the ids); an id not listed reads as words.
FLAG_TITLES = {
    "transformational_gate": "Not yet transformational (para 47)",
    "uneven_profile": "Uneven profile",
    "partial_coverage": "Partial coverage",
    "windfall_risk": "Windfall risk",
    "inconsistent_figures": "Inconsistent figures",
    "element_lacking": "Element of efficiency lacking",
    "strategic_characteristic_lacking": "Strategic characteristic lacking",
    "provisional_stage": "Provisional stage",
    "conflicting_evidence": "Conflicting evidence",
    "stated_stage_differs": "Stated stage differs from the answers",
    "mostly_unevidenced": "Stages mostly stated rather than derived",
}


def flag_title(flag_id: str) -> str:
    """The plain title people see for a flag id, e.g. "windfall_risk" -> "Windfall risk"."""
    return FLAG_TITLES.get(flag_id) or flag_id.replace("_", " ").capitalize()
