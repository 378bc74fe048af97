"""Plain English for every document a person reads: acronyms spelled out at first use, and text made safe
for a Markdown table cell."""

from __future__ import annotations

import re

# Acronyms spelled out the first time a letter uses them (as the report does).
ACRONYMS = {
    "SR04": "Spending Review 2004 (SR04)",
    "CSR07": "Comprehensive Spending Review 2007 (CSR07)",
    "VFM": "value for money (VFM)",
    "BPI": "business process improvement (BPI)",
    "CPA": "Comprehensive Performance Assessment (CPA)",
}
_ACRONYM = re.compile(r"(?<![\w(])(" + "|".join(ACRONYMS) + r")(?![\w)])")


class Expander:
    """Spells out each acronym of ACRONYMS at its first use, over texts given in reading order."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return text

        def one(m: re.Match) -> str:
            word = m.group(1)
            if word in self.seen:
                return word
            self.seen.add(word)
            return ACRONYMS[word]
        # An acronym already spelled out in the text ("the 2004 Spending Review (SR04)") counts as seen.
        self.seen |= set(re.findall(r"\((" + "|".join(ACRONYMS) + r")\)", text))
        return _ACRONYM.sub(one, text)

    def document(self, text: str) -> str:
        """A whole rendered document (Markdown), expanded in one pass."""
        return self(text) or ""


def markdown_cell(text: object) -> str:
    """Text for one Markdown table cell: `|` escaped and line breaks turned into spaces."""
    return re.sub(r"\s*[\r\n]+\s*", " ", str(text)).replace("|", "\\|")
