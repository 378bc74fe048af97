"""Plain English for every document a person reads: acronyms spelled out at first use, and text made safe
for a Markdown table cell."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import overload

# Acronyms spelled out the first time a document uses them (as the report does). Every all-caps word that
# the letters, reports, terminal report or walkthrough can print is here, or is a name rather than an
# acronym (tests/render/test_acronyms_first_use.py keeps that list, NOT_ACRONYMS).
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
    # Job titles councils write in their own notes.
    "CFO": "chief financial officer (CFO)",
    "CEO": "chief executive officer (CEO)",
}
_NAMES = "|".join(sorted(ACRONYMS, key=len, reverse=True))
# "(SR04)": spelled out already; "SR04" alone: a use.
_ACRONYM = re.compile(rf"\((?P<spelled>{_NAMES})\)|(?<![\w(])(?P<bare>{_NAMES})(?![\w)])")


# Where a sentence starts: the text's start, after . ! or ?, at the start of a line or list item, or where a
# title follows its number ("Case study 11: ", "Checklist 2: ").
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"'”’)]*\s+|\n[ \t]*(?:[-*#>|]+[ \t]*|\d+\.[ \t]+)?"
                             r"|(?:Case study|Checklist) \d+: (?:\*\*)?)\Z")
SENTENCE_LOOKBACK = 200   # characters: more than any sentence end, list marker or "Checklist 2: **" needs
# The report's own words, quoted: “…” (or "…" on one line). Never rewritten.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")


class Expander:
    """Spells out each acronym of ACRONYMS at its first use in the product's own prose, over texts given in
    reading order. An acronym already spelled out where it first occurs ("the 2004 Spending Review (SR04)")
    counts as spelled out from there on; one spelled out only later in the text is still spelled out at its
    first use. A spelled-out name starting a sentence or a title starts with a capital.

    Never rewritten: text in quotation marks (the report's words) and `protect`, the texts the user wrote
    (evidence, notes, names: see `user_texts`) wherever they occur; an acronym there is not a use (the
    document's Abbreviations list explains it: `abbreviations`)."""

    def __init__(self, protect: Iterable[str] = ()) -> None:
        self.seen: set[str] = set()
        # found by plain search, not one alternation of them all: a long note would make a regular
        # expression of hundreds of kilobytes, slow to compile
        self._protect = sorted({t for t in protect if t and len(t.strip()) > 1}, key=len, reverse=True)

    def _kept(self, text: str) -> list[tuple[int, int]]:
        spans = [m.span() for m in _QUOTED.finditer(text)]
        for t in self._protect:
            at = text.find(t)
            while at >= 0:
                spans.append((at, at + len(t)))
                at = text.find(t, at + len(t))
        return spans

    @overload
    def __call__(self, text: str) -> str: ...

    @overload
    def __call__(self, text: None) -> None: ...

    @overload
    def __call__(self, text: str | None) -> str | None: ...

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return text
        kept = self._kept(text)

        def one(m: re.Match) -> str:
            if any(a <= m.start() < b for a, b in kept):
                return m.group(0)
            if m.group("spelled"):
                self.seen.add(m.group("spelled"))
                return m.group(0)
            word = m.group("bare")
            if word in self.seen:
                return word
            self.seen.add(word)
            spelled = ACRONYMS[word]
            # the few characters before the acronym decide (a sentence's end, a title's number), so the
            # search looks no further back than SENTENCE_LOOKBACK: never the whole text for each use
            start = m.start()
            back = 0 if start <= SENTENCE_LOOKBACK else start - SENTENCE_LOOKBACK
            capital = _SENTENCE_START.search(text, back, start)
            return spelled[0].upper() + spelled[1:] if capital else spelled
        return _ACRONYM.sub(one, text)

    def document(self, text: str) -> str:
        """A whole rendered document (Markdown), expanded in one pass in reading order."""
        return self(text) or ""


def user_texts(result) -> list[str]:
    """What the user wrote in a Result (council name, notes, evidence, override reasons, answers' evidence
    and justifications), each also as Markdown and the terminal print it and without a closing `.;,:`, for
    `Expander(protect=...)`: an empty list for nothing written."""
    from .templating import markdown_escape
    from .terminal import clean

    raw = [result.council.get("name"), result.notes]
    for c in result.characteristics.values():
        raw.append(c.evidence)
        raw.append((c.override or {}).get("reason"))
        for a in c.answers:
            raw += [getattr(a, "evidence", None), getattr(a, "justification", None)]
    out = []
    for text in filter(None, raw):
        for t in (text, text.strip().rstrip(".;,:").strip()):
            out += [t, markdown_escape(t), clean(t)]
    return [t for t in dict.fromkeys(out) if t]


# Every acronym the documents can show, bare or spelled out: "CSR07", "(CSR07)".
_ANY_ACRONYM = re.compile(rf"(?<![\w])(?P<word>{_NAMES})(?![\w])")


def abbreviations(text: str) -> list[tuple[str, str]]:
    """Every acronym of ACRONYMS in `text` (the product's prose, the user's text and quotations alike), with
    what it stands for, in alphabetical order: [("CSR07", "Comprehensive Spending Review 2007"), ...]."""
    found = {m.group("word") for m in _ANY_ACRONYM.finditer(text)}
    return [(w, ACRONYMS[w].removesuffix(f" ({w})")) for w in sorted(found, key=str.lower)]


def abbreviations_markdown(text: str) -> str:
    """The Markdown "Abbreviations" section for a document `text` ("" when it uses no acronym)."""
    found = abbreviations(text)
    if not found:
        return ""
    return "\n## Abbreviations\n\n" + "".join(f"- **{w}**: {words}\n" for w, words in found)


# The words of the Target column, the same in every output: a stage ("Transitional"), a stage met
# ("Transitional (met)"), or one of these.
# a stage ahead of the council: held (Result.held_note says why)
NO_TARGET_HELD = "None for now"
NO_TARGET_TOP = "Already transformational"     # no stage beyond it
NO_TARGET_UNASSESSED = "Assess first"          # not assessed


def target_words(target: str | None, met: bool, *, held: bool, stage: str | None) -> str:
    """A characteristic's target in words: `target` the target stage's name ("" or None: no target), `met`
    whether today's stage meets it, `held` (Result.held), `stage` today's stage id (None: not assessed).
    "Transitional", "Transitional (met)", "None for now", "Already transformational" or "Assess first"."""
    if target:
        return f"{target.capitalize()} (met)" if met else target.capitalize()
    if not stage:
        return NO_TARGET_UNASSESSED
    if stage == "transformational":
        return NO_TARGET_TOP
    return NO_TARGET_HELD


def result_target_words(result, cid: str) -> str:
    """`target_words` for characteristic `cid` of a Result."""
    t = result.targets.get(cid)
    c = result.characteristics[cid]
    return target_words(t.stage if t else None, bool(t and t.met), held=cid in result.held,
                        stage=c.stage.id if c.stage else None)


def markdown_cell(text: object) -> str:
    """Text for one Markdown table cell: line breaks turned into spaces. What is printed in it is escaped
    once, where it is printed (templating.markdown_text: its `|` among the rest)."""
    return re.sub(r"\s*[\r\n]+\s*", " ", str(text))


def flag_title(flag_id: str, *, summary: bool = False) -> str:
    """The plain title people see for a flag id, from the rule that raises it (rules/*.yaml: `title`, the
    report's heading before the message, e.g. "windfall_risk" -> "Windfall risk"; `summary_title` with
    summary=True, standing alone in the batch summaries). A flag no packaged rule raises reads as its id
    in words."""
    from backtofront.classifier import knowledge, rules

    spec = rules.load(knowledge.load()).flag(flag_id)
    if spec is None:
        return flag_id.replace("_", " ").capitalize()
    return spec.summary_title if summary else spec.title
