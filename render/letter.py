"""Recommendation letters: one Letter built from a Result, rendered as Markdown, HTML, DOCX or PDF."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import re
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
from backtofront.classifier.errors import InputError
from backtofront.classifier.knowledge import Knowledge, list_item
from backtofront.classifier.rules import and_list, in_words
from backtofront.classifier.result import (READING_MARKER, CharacteristicResult, Overall, Quote,
                                           Recommendation, Result, marked, reading_note)
from markupsafe import Markup

from . import output_format, templating
from .charts import STAGE_COLOURS  # noqa: F401 - kept for templates that import it
from .formats import CONTEXT_HEADING, COUNCIL_TYPES, PATH_NEEDS, case_readings, factor_context, overall_words
from .plain import NO_TARGET_HELD, Expander, abbreviations, user_texts


# the letter's formats (MD or MARKDOWN, HTML, DOCX, PDF), from its registry in render/output_format.py
LetterFormat: type[output_format.FormatName] = output_format.LETTER.enum("LetterFormat", __name__)


@dataclass(frozen=True)
class Options:
    sender: str | None = None
    recipient: str | None = None
    date: dt.date | None = None   # the letter's date; today when None
    template_dir: str | Path | None = None
    brief: bool = False           # page 1 only (where the council stands, the priorities)
    case: int | None = None       # the report's case study this council is, if any (never told to read it)
    previous: tuple = ()          # Results of earlier assessments of the council (--previous), oldest first


@dataclass
class CaseStudyRef:
    number: int
    council: str
    title: str
    summary: str
    why: str = ""  # one line: which priority it illustrates


@dataclass
class Question:
    checklist: int
    checklist_title: str
    text: str
    points: list[str]
    because: str


@dataclass
class Priority:
    """One of the three to five priorities: page 1 shows `title`, the body explains it."""
    number: int
    title: str
    why: str
    action: str
    citations: list[str]
    reading: list[str]  # "Case study 5 (London Borough of Enfield)"


@dataclass
class PageOnePriority:
    """A priority as page 1 gives it: one plain sentence of action, with its suggested owner and timing from
    the improvement plan."""
    number: int
    text: str
    owner: str
    by_when: str


@dataclass
class PlanRow:
    """One row of the improvement plan annex; owner and horizon are suggestions."""
    number: int
    action: str
    why: str
    priority: str
    effort: str
    owner: str
    by_when: str
    citations: str
    detail: str


@dataclass(frozen=True)
class AnswerLine:
    """One answer as the letter's appendix gives it: the question, the answer as shown, the stage its option
    puts it at (a stage's name in lower case; None for not applicable, don't know and non-stage questions),
    whether it decided the stage, and the evidence note or the reason it does not apply, as the council gave
    them (user text: each format escapes it)."""
    question: str
    answer: str
    stage: str | None
    decided: bool
    evidence: str | None
    justification: str | None


@dataclass(frozen=True)
class AnsweredCharacteristic:
    """A characteristic's answers in the letter's appendix, in the question bank's order."""
    name: str
    answers: list[AnswerLine]


@dataclass
class Letter:
    council: str
    council_type: str
    recipient: str
    sender: str
    date: str
    subject: str
    stage: str
    stage_id: str | None
    summary: list[str]
    strengths: list[str]
    priorities: list[str]
    actions: list  # Recommendation, in rank order
    case_studies: list[CaseStudyRef]
    questions: list[Question]
    characteristics: list  # CharacteristicResult
    questions_lead: str = "From the report's checklists."  # QUESTIONS_LEAD, and QUESTIONS_LATER after CSR07
    chart: list = field(default_factory=list)  # charts.Bar
    assessed_on: str | None = None
    assessed_count: int = 0
    stands: str = ""                 # page 1: where the council stands, in one paragraph
    body: list[Priority] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # the assessment's warnings, in the body
    # Facts to record before advice can rest on them (Result.to_confirm), in the body after the priorities
    to_confirm: list[str] = field(default_factory=list)
    plan: list[PlanRow] = field(default_factory=list)
    notes: str | None = None
    brief: bool = False
    chart_svg: str = ""              # the chart as SVG markup (HTML and PDF)
    chart_stages: list = field(default_factory=list)  # the three stages' names, the chart's columns
    chart_alt: str = ""              # the chart's data in words: its alternative text in every format
    product: str = "backtofront"
    # Issue 10: one sentence when most stages are claimed rather than evidenced (Result.evidence_note)
    evidence_note: str | None = None
    # A stage ahead of the council: characteristics given no further target, as the assessment's reading
    # (printed letters leave it out of the one-page brief, whose chart simply has no target mark for them)
    held_note: str | None = None
    # Issue 11: each characteristic's target (Result.targets), characteristic id -> TargetView
    targets: dict = field(default_factory=dict)
    salutation: str = "Dear colleagues,"
    # Every acronym the letter shows (the user's text and quotations too), with what it stands for, in
    # alphabetical order: [("CSR07", "Comprehensive Spending Review 2007"), ...]
    abbreviations: list = field(default_factory=list)
    # A combined profile's respondents (render/respondents_view.py): one paragraph, the spread table by role
    # (titles, then rows of cells), the chart as SVG (HTML, PDF) and PNG (DOCX); figures the respondents give
    # differently are among `to_confirm`
    respondents: str = ""
    spread_titles: list = field(default_factory=list)
    spread_rows: list = field(default_factory=list)
    spread_svg: str = ""
    spread_png: bytes = b""
    disagreements: list = field(default_factory=list)   # "question (Ann: answer; Bea: answer)"
    spread_alt: str = ""   # the spread chart's data in words: its alternative text
    # Page 1 (issue 17): the first shortest path to the next overall stage (its heading and one line a
    # move), what the reader is asked to do, and the priorities as sentences with owner and timing
    path_heading: str = ""
    path: list = field(default_factory=list)
    request: str = ""
    page_one: list = field(default_factory=list)  # PageOnePriority
    details: list = field(default_factory=list)   # where the council stands, beyond page 1's paragraph
    # --previous: the movement since the last earlier assessment, in `compare`'s words (page 1)
    progress_heading: str = ""
    progress: list = field(default_factory=list)
    # Table 3's pressures and barriers the council reports, context for the advice: one line a kind, each
    # factor with the improvement plan's action that responds to it (formats.factor_context)
    context: list = field(default_factory=list)
    context_heading: str = CONTEXT_HEADING
    context_lead: str = ("The assessment records these. They are context for the advice; where an "
                         "action of the improvement plan responds to one, its number follows it.")
    # The appendix of the council's answers, each with its stage and the evidence note (or the reason it does
    # not apply) given with it, by characteristic; [] for a profile without answers
    answers: list = field(default_factory=list)  # AnsweredCharacteristic
    answers_lead: str = ("Each answer as the council gave it, with the stage its answer describes and the "
                         "evidence given with it. Where a characteristic's answers are at different stages, "
                         f"the lowest decides its stage ({READING_MARKER}).")
    # The note the reading markers refer to (result.READING_NOTE), given once: after where the council
    # stands in more detail, or in the one-page brief as small print under the sign-off; None when the
    # letter marks nothing
    reading_note: str | None = None

    @functools.cached_property
    def chart_png(self) -> bytes:
        """The chart as a PNG (Word letters), drawn on first use: the other formats never pay for it."""
        from . import charts
        return charts.bars_png(self.chart, self.chart_stages) if self.chart else b""


@dataclass(frozen=True)
class TargetView:
    """A characteristic's target in the letter: the stage's name and Table 4 description, whether it is
    met."""
    name: str
    descriptor: str
    met: bool
    held: bool = False  # no target for now: a stage ahead of the council (Result.held); `name` is its stage

    @property
    def words(self) -> str:
        """"Transitional: <description>", once met "Transitional (met): <description>", or for a held
        characteristic "None for now: held at transitional while the others catch up" (the words of
        plain.target_words, with the description)."""
        if self.held:
            return f"{NO_TARGET_HELD}: held at {self.name.lower()} while the others catch up"
        return f"{self.name}{' (met)' if self.met else ''}: {self.descriptor}"


# What each stage rests on, in a letter's words; Result.basis ids as CharacteristicResult.basis_words has
# them. A stated stage is "stated in the profile", as the terminal report says: the profile never says it is
# the council's self-assessment (an assessor or a consultant may have written it).
LETTER_BASIS_WORDS = {"evidenced": "judged from the council's answers, with evidence",
                      "answered": "judged from the council's answers, not all of them given with evidence",
                      "stated": "stated in the profile",
                      "override": "set by the assessor",
                      "combined": "combined from the respondents' answers (the assessment's reading of them)"}
# Result.evidence_note in a letter's words, by where the stages without evidence come from (the fact
# unevidenced_from, as classify.EVIDENCE_NOTES).
LETTER_EVIDENCE_NOTES = {
    "stated": "Most of these stages are stated in the profile without evidence, so they are a starting point "
              "for discussion rather than a verified judgement.",
    "answers": "Most of these stages are judged from answers given without evidence, so they are a starting "
               "point for discussion rather than a verified judgement.",
    "both": "Most of these stages are stated in the profile, or judged from answers, given without evidence, "
            "so they are a starting point for discussion rather than a verified judgement."}


class LetterCharacteristic(CharacteristicResult, frozen=True):
    """A characteristic as the letter's appendix shows it: `basis_words` in the letter's words. `quoted`:
    the report's case study the evidence is quoted from ("Case study 7"), where the council is one of the
    report's case-study councils and its evidence is the bundled profile's quotation; such a stage is read
    from the report, not stated by the council."""
    quoted: str | None = None

    @property
    def mixed(self) -> bool:
        """The stage is judged from answers at more than one stage (the lowest decides): Table 4's
        description of the stage is then not the council's, as its higher answers say otherwise."""
        return self.basis in ("evidenced", "answered") and len(
            {a.stage for a in self.answers if a.status == "answered" and a.stage}) > 1

    @property
    def stage_words(self) -> str:
        """The current stage as the appendix gives it: "Transitional: Table 4 describes this stage as “<its
        description>”" (the stage's words, not a finding about the council), or where its
        answers are at different stages "Transitional, the lowest stage among its answers (the appendix of
        answers gives each)"; "Not assessed"."""
        if self.stage is None:
            return "Not assessed"
        if self.mixed:
            return (f"{self.stage.name}, the lowest stage among its answers, which are at different stages "
                    "(the council's answers follow)")
        return f"{self.stage.name}: Table 4 describes this stage as “{self.stage.descriptor}”"

    @property
    def basis_words(self) -> str:
        if self.quoted and self.basis == "stated":
            return f"{READING_MARKER} of the report, {self.quoted}"
        words = LETTER_BASIS_WORDS.get(self.basis or "", "not assessed")
        return marked(words) if self.judgement == "inferred" else words


_CLOSING_CITATION = re.compile(r"\(((?:para|paras|Table|Figure|Case study|Checklist) [^()]*)\)\.$")


def with_citation(text: str, citation: str) -> str:
    """`text`, the report's sentences, with `citation` inside its last sentence: "... structures (para 48)."
    rather than "... structures. (para 48)"; a citation that closes the text already is joined to it
    ("objectives (Figure 13; para 50).")."""
    text = text.rstrip()
    if m := _CLOSING_CITATION.search(text):
        return f"{text[:m.start()]}({m.group(1)}; {citation})."
    if text.endswith("."):
        return f"{text[:-1]} ({citation})."
    return f"{text} ({citation})"


def salutation(recipient: str | None) -> str:
    """The letter's greeting from its recipient: "Chief Executive" -> "Dear Chief Executive,", "Jane Smith,
    Head of Audit" -> "Dear Jane Smith,", "The Leader" -> "Dear Leader,"; no recipient: "Dear colleagues,"."""
    name = (recipient or "").split(",")[0].strip()
    name = re.sub(r"^(?:to\s+)?the\s+", "", name, flags=re.IGNORECASE).strip()
    return f"Dear {name}," if name else "Dear colleagues,"


def _date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


# The efficiency board as owner, for a council whose profile does not say whether it has one
BOARD_NOT_RECORDED = "Efficiency board or committee where there is one, otherwise the chief executive"


def owner(rec: Recommendation, board: str | None = None) -> str:
    """The suggested owner of a recommendation in words: its rule's `owner` (rules/*.yaml), one of the actors
    the report names (para 36, para 75, Checklist 3); the efficiency board when none is given. `board`, the
    council's `efficiency_board` fact (classifier/facts.py), keeps the board from owning the advice of a
    council that has none: "absent", the chief executive and senior management team; "unknown", the board
    where there is one (BOARD_NOT_RECORDED); "present" or None (no council in view), the board."""
    from backtofront.classifier.facts import ABSENT, UNKNOWN
    from backtofront.classifier.rules import OWNERS
    who = rec.owner if rec.owner in OWNERS else "board"
    if who == "board" and board == ABSENT:
        return OWNERS["chief_executive"]
    if who == "board" and board == UNKNOWN:
        return BOARD_NOT_RECORDED
    return OWNERS[who]


def by_when(rec: Recommendation) -> str:
    """A suggested horizon relative to the council's own cycle, from its rule's `timing` (rules/*.yaml) and
    its final priority."""
    from backtofront.classifier.rules import timing_words
    return timing_words(rec.timing or "by_priority", rec.priority)


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?])(\s|$)", text.strip())
    return m.group(1) if m else text.strip()


# Which checklist questions (checklist, question number from 1) suit a result, and why.
def _question_picks(result: Result) -> list[tuple[int, int, str]]:
    picks: list[tuple[int, int, str]] = [(2, 4, "the council's broad approach is the subject of this letter")]
    if result.pressures:
        picks.append((2, 1, "the assessment lists external pressures"))
        picks.append((2, 2, "the assessment lists external pressures"))
    if result.barriers:
        picks.append((2, 3, "the assessment lists internal barriers"))
    if "back_office_share_of_gains_pct" in result.figures:
        picks.append((1, 2, "the assessment gives the back office share of gains"))
        picks.append((1, 3, "the assessment gives the back office share of gains"))
    sustainability = result.characteristics.get("sustainability")
    if result.flag("windfall_risk") or (sustainability and sustainability.stage
                                         and sustainability.stage.id != "transformational"):
        picks.append((1, 4, "sustainability of savings is below transformational"))
        picks.append((2, 9, "sustainability of savings is below transformational"))
    # only where the profile says the council neither uses nor plans a mutual or external technique: a
    # technique it does not record is not an internal one (classifier/facts.py: council_states)
    if all(result.facts.get(f"method_any.{m}") == "absent" for m in ("mutual", "external")):
        picks.append((3, 1, "the council's methods are mostly or wholly internal"))
        picks.append((3, 2, "the council's methods are mostly or wholly internal"))
    if "low_change_capacity" in result.barriers:
        picks.append((3, 3, "low change management capacity is a barrier"))
    if "insufficient_cost_knowledge" in result.barriers or result.overall.stage in (None, "transactional"):
        picks.append((3, 4, "comparison with others is the basis of the next steps"))
    leadership = result.characteristics.get("management_leadership")
    if not leadership or not leadership.stage or leadership.stage.id != "transformational":
        picks.append((3, 5, "management and leadership of efficiency is below transformational"))
        picks.append((3, 7, "management and leadership of efficiency is below transformational"))
    if "absent" in result.elements.values():
        picks.append((3, 8, "the assessment finds an element of para 78 lacking"))
    picks.append((2, 8, "every council should know the approach it aspires to"))
    seen, out = set(), []
    for c, q, why in picks:
        if (c, q) not in seen:
            seen.add((c, q))
            out.append((c, q, why))
    return sorted(out)


def _top(recs: list) -> list:
    """The three to five priorities: the head of the ranked recommendations, as many as are high priority
    (at least three, at most five)."""
    # One ranking everywhere: `recs` is the Result's ranked list (as `assess` and the annex show it), so
    # priority N is the annex's row N and recommendation N of `assess`.
    from .formats import page_one

    return page_one(recs)


def _why(rec) -> str:
    """A recommendation's reasons as sentences (the reading marker goes with its citations: `_cited`)."""
    return " ".join(_sentence(w) for w in rec.why)


def _cited(rec, citations: list[str]) -> list[str]:
    """A recommendation's citations as the letter prints them; advice that is the assessment's own reading
    of the report (a rule with `basis: inferred`) carries the reading marker after its places, where it
    cannot seem to mark a quotation in its reasons: "para 47, Table 4 (the assessment's reading)"."""
    if rec.basis != "inferred" or not citations:
        return list(citations)
    return [*citations[:-1], f"{citations[-1]} ({READING_MARKER})"]



def _midsentence_council(name: str) -> str:
    """A case study's council as the letter names it inside a sentence ("Read: Case study 10 (a district
    council)"): an unnamed council, whose name is words rather than a proper name ("A district council",
    "Two unnamed councils": every word after the first in lower case), starts in lower case; a named council
    ("Sheffield City Council", "London Borough of Enfield") is given as it is."""
    first, _, rest = name.partition(" ")
    words = rest.split(" (")[0]  # "A district council (Case study 10)": the words before a note in brackets
    if words and words == words.lower() and first[:1].isupper() and first[1:] == first[1:].lower():
        return first[:1].lower() + first[1:] + " " + rest
    return name


def named_in_letter(name: str) -> str:
    """One of the report's unnamed councils as a letter addresses it and names it in a sentence: "A district
    council (Case study 10)" -> "the district council of Case study 10" ("To: The Chief Executive and the
    Leader, the district council of Case study 10"); any other name as `_midsentence_council` gives it."""
    if m := re.fullmatch(r"An? (.+) \((Case study \d+)\)", name):
        return f"the {m.group(1)} of {m.group(2)}"
    return _midsentence_council(name)


def build(result: Result, kb: Knowledge, options: Options = Options()) -> Letter:
    """A Letter from a Result, laid out as the templates read it: page 1 (where the council stands, the
    chart, three to five priorities), the body (each priority explained, strengths, other findings), the
    improvement plan annex (one row per recommendation), the scrutiny questions and the Table 4 appendix.
    Acronyms are spelled out at first use in that order. Dates: `options.date` or today."""
    x = Expander(protect=user_texts(result))  # the product's prose; never the user's words or quotations
    council = result.council["name"]
    stage_id = result.overall.stage
    stage_name = result.overall.name
    counts = {s: sum(1 for c in result.characteristics.values() if c.stage and c.stage.id == s)
              for s in kb.stages}
    assessed = sum(counts.values())
    total = len(result.characteristics)

    letter_date = options.date or dt.date.today()
    # Page 1: where the council stands.
    # "a district council (Case study 10)" inside a sentence: only the report's unnamed councils, never a
    # name the user wrote ("Tendring district council" stays as typed)
    unnamed = {cs.council for cs in kb.case_studies.values()}
    named = named_in_letter(council) if re.sub(r"\s*\(Case study \d+\)$", "", council) in unnamed \
        else council
    if stage_id:
        spread = ", ".join(f"{in_words(n)} {s}" for s, n in counts.items() if n)
        of = "All eight" if assessed == total else f"{in_words(assessed).capitalize()} of the eight"
        # "(Case study 10)" once where the council's name already carries it
        stated = result.overall.stated
        place = "" if stated and stated in named else f" ({stated})"
        takes = (f"The report states that {named} took a {stage_name.lower()} approach to back office "
                 f"efficiency{place}, as this assessment also finds."
                 if result.overall.stated else
                 # a case council's stage is read from the report's account of 2008: in the past tense
                 f"On this assessment's reading of the report's account, {named} took a "
                 f"{stage_name.lower()} approach to back office efficiency."
                 if result.report_quotes else
                 f"On the evidence of this assessment, {named} takes a {stage_name.lower()} approach to "
                 f"back office efficiency.")
        stands = (f"{takes} {of} characteristics of Table 4 "
                  f"{'was' if assessed == 1 else 'were'} assessed: {spread}.")
        if result.overall.thin:
            stands += " " + thin_words(result.overall)
        why = stands_why(result, kb)
        if dated := currency(result, letter_date):
            why.append(dated)
        summary = [x(" ".join([stands, *why])), x(with_citation(kb.stages[stage_id].summary,
                                                             kb.stages[stage_id].citation))]
    else:
        stands = f"No characteristic of Table 4 was assessed for {named}, so no overall stage can be given."
        summary = [" ".join(filter(None, [stands, currency(result, letter_date)]))]
    stands = summary[0]
    evidence_note = (x(LETTER_EVIDENCE_NOTES[result.facts.get("unevidenced_from") or "both"])
                     if result.evidence_note else None)

    top = _top(list(result.recommendations))
    # page 1 in the order it is read (acronyms are spelled out at their first use): the path, the request,
    # the priorities as sentences with owner and timing; the rest from page 2
    path_heading, path = page_one_path(result)
    path_heading, path = x(path_heading), [x(m) for m in path]
    request_text = x(request(named, letter_date, result.assessed_on, len(top)))
    progress_heading, progress = progress_lines(result, list(options.previous), kb)
    progress_heading, progress = x(progress_heading), [x(p) for p in progress]
    board = result.facts.get("efficiency_board")
    page_one = [PageOnePriority(i, x(action_sentence(r)), owner(r, board), by_when(r))
                for i, r in enumerate(top, start=1)]
    priorities = [x(r.title) for r in top]

    # The body: each priority explained, with the case studies it cites (never the council's own).
    from backtofront.classifier import consistency as consistency_mod
    from backtofront.classifier.consistency import own_cases
    own = own_cases(council, kb, options.case)
    quoted = result.report_quotes if not options.case else \
        consistency_mod.report_quotes(result.characteristics, council, kb, options.case)

    def _why_cited(rec) -> str:
        """`_why(rec)` with the report's own sentences credited to the report, not to the assessment."""
        return result.credited(x(_why(rec)), quoted)

    body: list[Priority] = []
    reading: list[CaseStudyRef] = []
    for i, (r, title) in enumerate(zip(top, priorities), start=1):
        refs: list[str] = []
        for cite in r.case_studies:
            n = int(cite.removeprefix("Case study "))
            if n in own or n not in kb.case_studies or len(refs) == 1:
                continue
            warning = ", an example of what to avoid" if kb.case_studies[n].cautionary else ""
            refs.append(f"Case study {n} ({_midsentence_council(kb.case_studies[n].council)}{warning})")
            if n not in [c.number for c in reading]:
                cs = kb.case_studies[n]
                reading.append(CaseStudyRef(n, _midsentence_council(cs.council), x(cs.title), cs.summary,
                                            f"for priority {i}: {_first_sentence(cs.summary)}"))
        action = x(r.action) or ""  # the templates show the action, then why
        # a case study to read is named once, in "Read: …", not also among the citations
        cited = [c for c in r.citations if not (refs and c in r.case_studies and refs[0].startswith(c + " "))]
        body.append(Priority(i, title, _why_cited(r), action, _cited(r, cited), refs))

    to_confirm = [x(t.text) for t in result.to_confirm]
    context = [x(line) for line in factor_context(result, kb, ref="improvement plan, action {n}")]
    strengths = [x(t) for t in _strengths(result, kb, quoted)]
    # A flag that a recommendation acts on is advice the letter already gives (a priority or an annex row):
    # "Also found" does not repeat it.
    advised = {name.removeprefix("flag.") for t in result.trace
               if t.rule in {r.rule for r in result.recommendations}
               for name in t.facts if name.startswith("flag.")}
    shown = _letter_flags(kb)
    findings = [x(f.message) for f in result.flags if f.id in shown and f.id not in advised]
    if stage_id != "transformational":
        findings.append("Transformational approaches are the most likely to deliver long-term, sustainable "
                        "gains (para 46); the move from transitional to transformational requires concerted "
                        "leadership and management (para 47).")
    for ref in reading:
        ref.why = x(ref.why)

    # The annex: every recommendation, one row each.
    plan = []
    for i, r in enumerate(result.recommendations, start=1):
        title = x(r.title)
        plan.append(PlanRow(i, title, _why_cited(r), r.priority, r.effort,
                            owner(r, board), by_when(r), ", ".join(_cited(r, r.citations)), r.action))

    # the lead first: it is printed before the questions, and an acronym is spelled out at its first use
    questions_lead = x(QUESTIONS_LEAD + (QUESTIONS_LATER if letter_date > CSR07_ENDS else "") + ".")
    questions = []
    for c, q, because in _question_picks(result):
        checklist = kb.checklists[c]
        question = checklist.questions[q - 1]
        # the checklist's title is not printed: it is not expanded, or an acronym's
        # first use would be lost in it
        questions.append(Question(c, checklist.title, x(question.q), [x(p) for p in question.points],
                                  because))

    # The appendix: each characteristic's evidence (or override reason), then the assessor's notes: the
    # user's own words, as written.
    appendix = [LetterCharacteristic(**{**msgspec.structs.asdict(c),
                                        **({"evidence": f"{result.quoted_from(c.id, quoted)}: “{c.evidence}”",
                                            "quoted": quoted[c.id].place} if c.id in quoted else {})})
                for c in result.characteristics.values()]
    notes = result.notes
    answered = [AnsweredCharacteristic(c.name, [
        # the answer stands as its own sentence after the question: "…policies? Don't know."
        AnswerLine(a.text, a.answer[:1].upper() + a.answer[1:],
                   kb.stages[a.stage].name.lower() if a.stage else None,
                   a.decided and c.basis in ("evidenced", "answered"), a.evidence, a.justification)
        for a in c.answers]) for c in result.characteristics.values() if c.answers]

    from . import charts
    letter = Letter(
        council=council, council_type=COUNCIL_TYPES[result.council["type"]],
        recipient=options.recipient or f"The Chief Executive and the Leader, {named}",
        sender=options.sender or "The back office efficiency review team",
        date=_date(letter_date),
        subject=f"Back office efficiency: where {named} stands, and the next steps",
        stage=overall_words(result), stage_id=stage_id, summary=summary, strengths=strengths,
        priorities=priorities,
        actions=list(result.recommendations), case_studies=reading, questions=questions,
        questions_lead=questions_lead,
        characteristics=appendix, chart=charts.characteristic_bars(result, kb),
        assessed_on=_date(dt.date.fromisoformat(result.assessed_on)) if result.assessed_on else None,
        assessed_count=assessed, stands=stands, body=body, findings=findings, plan=plan, notes=notes,
        to_confirm=to_confirm, context=context,
        brief=options.brief, chart_svg=Markup(charts.characteristics_svg(result, kb)),
        chart_stages=[stage.name for stage in kb.stages.values()], evidence_note=evidence_note,
        chart_alt=f"{charts.CHART_TITLE}: {charts.characteristics_alt(result, kb)}",
        held_note=x(result.held_note),
        targets={**{cid: TargetView(kb.stages[t.stage].name, kb.characteristics[cid].descriptors[t.stage],
                                    t.met)
                    for cid, t in result.targets.items()},
                 **{cid: TargetView(c.stage.name, c.stage.descriptor, False, held=True)
                    for cid, c in result.characteristics.items() if cid in result.held and c.stage}},
        salutation=salutation(options.recipient),
        path_heading=path_heading, path=path, request=request_text, page_one=page_one,
        progress_heading=progress_heading, progress=progress,
        details=summary[1:], answers=answered)
    letter.summary = summary[:1]
    if result.respondents is not None:
        _respondents(letter, result)
    # Every acronym the letter shows, from the letter as the built-in Markdown template prints it (the
    # HTML, Word and PDF letters print the same words).
    printed = render_text(letter, "md")
    letter.abbreviations = abbreviations(printed)
    letter.reading_note = reading_note(printed)
    return letter


# An assessment more than this old when its letter is written may no longer describe the council.
STALE_AFTER = dt.timedelta(days=366)
# The last day of the Comprehensive Spending Review 2007 period, 2008/09 to 2010/11 (para 20): after it the
# report's checklists' questions about CSR07 ask about a period that is over.
CSR07_ENDS = dt.date(2011, 3, 31)
QUESTIONS_LEAD = "From the report's checklists"
QUESTIONS_LATER = (", written in 2008 for the SR04 and CSR07 periods (CSR07 ran to 2010/11, para 20): "
                   "ask them of the council's own last and coming spending periods")


def currency(result: Result, letter_date: dt.date) -> str:
    """How current the assessment is, for page 1, where the reader should know it: a case-study council's
    profile rests on the report's account of it in 2008 ("This assessment rests on the report's account of
    the council, published in 2008 (Case study 2), not on how the council works today."); an assessment more
    than a year older than the letter (STALE_AFTER) says how old it is; one dated after the letter says to
    check the dates; an undated one says so. "" for an assessment dated within the year before the
    letter."""
    # the places the report's sentences come from, the case studies first
    places = sorted({(q.place != f"Case study {q.case}", q.case, q.place)
                     for q in result.report_quotes.values()})
    if places:
        return (f"This assessment rests on the report's account of the council, published in 2008 "
                f"({and_list([p for *_, p in places])}), not on how the council works today.")
    if not result.assessed_on:
        return "The profile gives no date for this assessment, so this letter cannot say how current it is."
    on = dt.date.fromisoformat(result.assessed_on)
    if on > letter_date:
        return (f"This assessment is dated {_date(on)}, after this letter: check the letter's date and the "
                "assessment's before sending it.")
    if letter_date - on < STALE_AFTER:
        return ""
    years = letter_date.year - on.year - ((letter_date.month, letter_date.day) < (on.month, on.day))
    age = "more than a year" if years == 1 else f"{in_words(years)} years"
    return (f"This assessment is dated {_date(on)}, {age} before this letter: the council may have moved on "
            "since, so confirm where it stands before acting on this advice.")


def thin_words(overall: Overall) -> str:
    """The page-1 sentence for assessed characteristics judged from fewer than half their questions
    (Overall.thin, each provisional), saying the overall stage is provisional too when most are
    (Overall.thinly_judged): "Two of them rest on fewer than half the questions that judge them, so their
    stages are provisional." "" when none does."""
    thin, assessed = overall.thin, overall.assessed
    if not thin:
        return ""
    if thin == assessed:
        subject = {1: "It rests", 2: "Both rest"}.get(thin, f"All {in_words(thin)} rest")
    else:
        subject = f"{in_words(thin).capitalize()} of them {'rests' if thin == 1 else 'rest'}"
    one = thin == 1
    return (f"{subject} on fewer than half the questions that judge {'it' if one else 'them'}, so "
            f"{'its stage is' if one else 'their stages are'} provisional"
            + (", and so is the overall stage." if overall.thinly_judged else "."))


def stands_why(result: Result, kb: Knowledge) -> list[str]:
    """Why the overall stage is what it is, for page 1 beside where the council stands, where a reader would
    ask: when it is provisional (Overall.provisional: fewer than half of the eight characteristics
    assessed), one sentence saying so; when most of the assessed characteristics are above the overall stage,
    the first reason it is not the next stage up (Result.why_not, para 47 and Table 4 as the rules read
    them). [] when neither applies."""
    overall = result.overall
    out = []
    if overall.provisional:
        out.append(f"This stage is provisional: only {in_words(overall.assessed)} of the eight "
                   f"characteristics "
                   f"{'was' if overall.assessed == 1 else 'were'} assessed, fewer than half, so it may "
                   "change when the rest are assessed.")
    rank = kb.stage_rank(overall.stage) if overall.stage else 0
    stages = [c.stage.id for c in result.characteristics.values() if c.stage]
    above = sum(1 for s in stages if kb.stage_rank(s) > rank)
    if result.why_not and result.why_not.reasons and 2 * above > len(stages):
        out.append(result.why_not.reasons[0])
    return out


def _respondents(letter: Letter, result: Result) -> None:
    """The respondents' part of a letter from a combined profile: who answered, where they differ by role,
    the agreed stages beside the spread (the merge rule named as the assessment's reading); the figures
    they give differently are in the letter's To confirm, from Result.to_confirm."""
    from . import respondents_view as rv

    sp, summary = result.respondents, result.respondents_summary()
    assert summary is not None  # called for a combined profile only
    spread = rv.view(summary, {cid: c.name for cid, c in result.characteristics.items()})
    divergent = [r.name.lower() for r in spread.rows if r.divergent]
    who = ", ".join(f"{n} ({r or 'no role given'})" for n, r, _ in sp.people)
    text = (f"This assessment combines the answers of {len(sp.people)} people at the council: {who}. "
            f"Each characteristic's stage is {rv_merge_words(sp.merge)}, which is the assessment's reading, "
            "not the report's; the table shows each person's answer by role, and the stage agreed afterwards "
            "where there is one.")
    if divergent:
        # the divergence flag's test (BT309): the roles a stage or more apart, or the answers spanning all
        # three stages; never "widely" for roles one stage apart
        on = "all eight characteristics" if len(divergent) == 8 else \
            f"{in_words(len(divergent))} of the eight characteristics"
        text += (f" Their answers differ between roles, or span all three stages, on {on} "
                 f"({', '.join(divergent)}).")
    if rv.stated_note(spread):
        text += (" A stage marked “(stated)” is the one that person's own file states, counted because their "
                 "answers give none.")
    letter.respondents = text
    letter.spread_titles, letter.spread_rows = rv.table(spread)
    letter.spread_svg = Markup(rv.svg(spread))
    letter.spread_alt = rv.alt(spread)
    letter.spread_png = rv.png(spread)
    letter.disagreements = rv.disagreement_lines(spread)


def rv_merge_words(rule: str) -> str:
    from backtofront.classifier.respondents import MERGE_WORDS

    return MERGE_WORDS[rule]

def action_sentence(rec) -> str:
    """A recommendation as one plain sentence of action for page 1: its title where the title is itself an
    instruction ("Take efficiency policy to the transitional stage."), the first clause of its action where
    the title is a label ("<label>: <subject>", as a council's own rule may give it)."""
    if ":" in rec.title and rec.action:
        return _sentence(re.split(r"[:;] ", _first_sentence(rec.action), maxsplit=1)[0].rstrip("."))
    return _sentence(rec.title)


def page_one_path(result: Result) -> tuple[str, list[str]]:
    """The first shortest path to the next overall stage for page 1: its heading ("The shortest path to
    transitional: two moves, one of 15 equally short paths (...)") and one line a move, with Table 4's words
    for the stage it reaches when the path has at most PAGE_ONE_WORDS moves; ("", []) when there is none."""
    from .formats import equally_short, path_heading, path_move_words

    path = result.next_stage_path
    if path is None:
        return "", []
    others = path.more + len(path.paths) - 1
    heading = (path_heading(result).replace("Shortest", "The shortest", 1)
               + equally_short(others)
               + " (the assessment's reading of para 47 and Figure 12)")
    moves = path.paths[0]
    if len(moves) <= PAGE_ONE_WORDS:
        return heading, [path_move_words(result, m) for m in moves]
    return heading, [path_move_words(result, m).split(": “")[0].split(PATH_NEEDS)[0] for m in moves]


PAGE_ONE_WORDS = 3  # a longer path is given on page 1 without Table 4's words for each move (to fit the page)


def progress_lines(result: Result, previous: list, kb: Knowledge) -> tuple[str, list[str]]:
    """The movement since the last of `previous` (earlier Results of the same council, oldest first) for page
    1, in `compare`'s words: the overall stage (with the series when there are several), each characteristic
    that moved (a movement marked provisional where either side is), the targets in force then that are met
    now, and the earlier plan's actions that reached the stage they asked for (advice no longer given whose
    characteristics reached it: not that the action was taken, which no profile records), carried over, not
    reassessed (`compare.not_reassessed`: this profile does not record what they rest on) or that no longer
    apply. ("", []) without earlier assessments."""
    if not previous:
        return "", []
    from backtofront.cohort import compare

    last = previous[-1]
    c = compare.pair(kb, last, result)
    words = compare.CHANGE_WORDS

    def stage(s: str | None) -> str:
        return s.replace("_", " ") if s else "not assessed"
    when = _date(dt.date.fromisoformat(last.assessed_on)) if last.assessed_on else "the last assessment"
    heading = f"Since the assessment of {when}" if last.assessed_on else "Since the last assessment"
    o = c["overall"]
    provisional = compare.provisional_overall_words(o["provisional"], last.overall.assessed,
                                                    result.overall.assessed, total=len(kb.characteristics))
    lines = [f"Overall stage: {stage(o['from'])} → {stage(o['to'])} ({words[o['change']]}"
             + (f", {provisional})" if provisional else ")")]
    if len(previous) > 1:
        series = [*previous, result]
        lines[0] += "; over the assessments: " + " → ".join(
            f"{stage(r.overall.stage)} ({r.assessed_on[:4] if r.assessed_on else '?'})" for r in series)
    moved = [f"{result.characteristics[cid].name} {stage(m['from'])} → {stage(m['to'])} "
             f"({words[m['change']]}"
             + (f", {compare.PROVISIONAL_CHARACTERISTIC})" if any(m["provisional"].values()) else ")")
             for cid, m in c["characteristics"].items() if m["change"] != "same"]
    lines.append("Characteristics that moved: " + ("; ".join(moved) if moved else "none"))
    lines.append(compare.targets_met_line(c).replace(compare._label(c["from"]), when))
    # the earlier plan's actions as `compare` splits them (compare.pair), each counted once: reached the
    # stage it asked for, carried over (some of its advice is in this plan, however this plan merges or
    # splits it), not reached as its characteristic went down, no longer applying, or not reassessed (this
    # profile does not record what it rests on: never "no longer applies", which would rest on silence);
    # they add up to n
    def named(key: str) -> set[str]:
        return {r["id"] for r in c[key]}
    done, down, unassessed = (named("achieved_recommendations"), named("went_down_recommendations"),
                              named("unassessed_recommendations"))
    closed = named("closed_recommendations") | unassessed
    dropped = closed - done - down - unassessed
    fresh = c["new_recommendations"]
    n = len(last.recommendations)
    carried = [r for r in last.recommendations if r.id not in closed]
    # "reached the stage it asked for", never "done": a profile shows the stage, not that the action was taken
    reached = f"reached the stage {'it' if len(done) == 1 else 'they'} asked for"
    lines.append(f"The earlier plan's {n} action{'s' if n != 1 else ''}: {len(done)} {reached}, "
                 f"{len(carried)} carried over, "
                 + (f"{len(down)} not reached (a characteristic {'it' if len(down) == 1 else 'they'} aimed "
                    "to move went down), " if down else "")
                 + f"{len(dropped)} no longer apply"
                 + (f", {len(unassessed)} not reassessed (this assessment does not record what "
                    f"{'it rests' if len(unassessed) == 1 else 'they rest'} on)" if unassessed else "")
                 + f"; {len(fresh)} new.")
    return heading, lines


AGREE_WITHIN = dt.timedelta(days=28)  # the request's date: four weeks from the letter, a committee cycle


def request(council: str, letter_date: dt.date, assessed_on: str | None, priorities: int) -> str:
    """What the letter asks of its reader (page 1): to agree the priorities and their owners by a date four
    weeks after the letter, and to decide when the council will be assessed again (a year after this
    assessment, the report's own cycle of annual review being the council's to set: paras 33, 69-74)."""
    by = _date(letter_date + AGREE_WITHIN)
    base = dt.date.fromisoformat(assessed_on) if assessed_on else letter_date
    after = "a year after this assessment" if assessed_on else "a year from this letter"
    # never a month already past when the letter is read
    if _a_year_after(base) <= letter_date + AGREE_WITHIN:
        base, after = letter_date, "a year from this letter"
    again = _a_year_after(base)
    what = ("the priority below and its owner" if priorities == 1 else
            "the priorities below and their owners" if priorities else "the next steps")
    return (f"We ask you to agree {what} by {by}, and to decide when {council} will be assessed again: "
            f"we suggest {again.strftime('%B %Y')}, {after}, so that progress can be measured.")


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + dt.timedelta(days=365)


def _letter_flags(kb: Knowledge) -> set[str]:
    """The flags a letter's "Also found" may show: those whose rule says `letter: true` (rules/*.yaml)."""
    from backtofront.classifier import rules
    ruleset = rules.load(kb)
    return {fid for fid in ruleset.flag_ids if (spec := ruleset.flag(fid)) is not None and spec.letter}


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?”)" else text + "."


def _strengths(result: Result, kb: Knowledge, quoted: dict[str, Quote] | None = None) -> list[str]:
    """What the council does well: characteristics above its overall stage (or transformational), the
    para 78 elements and para 36 characteristics present, and the techniques of Table 5 it uses.
    `quoted` ({characteristic id: "Case study N"}, by default result.report_quotes): a stage read from the
    report's case study about the council quotes the case study's own sentence, never Table 4's description,
    which the report does not say of that council."""
    from backtofront.classifier import consistency as consistency_mod

    quoted = result.report_quotes if quoted is None else quoted
    readings = case_readings(result, quoted)

    def read(key: str, cite: str) -> str:
        """`cite` in its bracket, with the reading marker where the report's case study about the council
        does not say it and the assessment reads it so."""
        return (f"({cite}; {READING_MARKER} of the report, {readings[key]})" if key in readings
                else f"({cite})")

    out = []
    # a case council's strengths are the report's account of 2008: said in the past tense
    is_, uses = ("was", "used") if quoted else ("is", "uses")
    overall = kb.stage_rank(result.overall.stage) if result.overall.stage else 0
    for c in result.characteristics.values():
        if c.stage and (kb.stage_rank(c.stage.id) > overall or c.stage.id == "transformational"):
            ahead = ", ahead of the council's overall stage" if kb.stage_rank(c.stage.id) > overall else ""
            if c.id in quoted and c.evidence and c.basis == "stated":
                who = consistency_mod.speaker(quoted[c.id], c.id)
                said = f", where {who} says" if who else ""
                out.append(f"{c.name} {is_} {c.stage.name.lower()} (Table 4){ahead}, on {READING_MARKER} "
                           f"of the report, {quoted[c.id].place}{said}: “{c.evidence}”")
            else:
                out.append(f"{c.name} {is_} {c.stage.name.lower()}{ahead}; Table 4 describes that stage as "
                           f"“{c.stage.descriptor}”")
    for item in kb.four_elements.items:
        if result.elements.get(item.id) == "present":
            out.append(f"An element of the most effective programmes {is_} present: {list_item(item.text)} "
                       + read(f"four_elements.{item.id}", "para 78"))
    for item in kb.strategic_characteristics.items:
        if result.strategic.get(item.id) == "present":
            # the characteristic's name, never the report's general description of it (para 36 says the
            # board "is linked to other corporate structures" of councils in general, not of this council)
            name = item.name or item.text.split(':')[0]
            out.append(f"A key characteristic of strategic approaches {is_} present: {name} "
                       + read(f"strategic_approach.{item.id}", "para 36"))
    for tid in result.techniques_used:
        t = kb.techniques[tid]
        if set(t.held_back_by) & set(result.barriers):   # para 39: an existing contract holds it back
            continue
        share = (f"all {kb.case_study_sites}" if t.sr04_sites == kb.case_study_sites
                 else f"{t.sr04_sites} of the {kb.case_study_sites}")
        name = t.name[0].lower() + t.name[1:] if t.name[1:2].islower() else t.name
        out.append(f"The council {uses} {name}, which {share} case study sites used in SR04 "
                   + read(f"techniques.used.{tid}", "Table 5"))
    return out


# the template file in a --template-dir that each letter format is made from
TEMPLATE_FILES = {"md": "letter.md.j2", "html": "letter.html.j2", "pdf": "letter.html.j2",
                  "docx": "letter.docx"}


def render_text(letter: Letter, fmt: output_format.FormatName | str, template_dir=None) -> str:
    """The letter as Markdown or HTML (`fmt`: md or html), from the user's template where `template_dir`
    has one."""
    name = TEMPLATE_FILES[output_format.canonical(fmt)]
    return templating.render(name, template_dir, letter=letter)


def render_md(letter: Letter, template_dir=None) -> str:
    """`letter -f md`."""
    return render_text(letter, "md", template_dir)


def render_html(letter: Letter, template_dir=None) -> str:
    """`letter -f html`."""
    return render_text(letter, "html", template_dir)


def render_docx(letter: Letter, template_dir=None) -> bytes:
    """The letter as a Word document, from the user's letter.docx when the template folder has one.
    InputError (exit code 2) naming the file when that is not a Word file or its template fails (syntax,
    undefined name, sandbox, output size or time limit); text keeps its `<`, `>` and `&`. A user's
    template renders in a forked child bounded in memory as well as time (render/bounded.py)."""
    source = None
    if template_dir and (Path(template_dir) / TEMPLATE_FILES["docx"]).is_file():
        source = Path(template_dir) / TEMPLATE_FILES["docx"]
    if source is None:
        from importlib import resources
        data = (resources.files("backtofront") / "templates" / TEMPLATE_FILES["docx"]).read_bytes()
    else:
        from backtofront.classifier import loading
        data = loading.read_bytes(source, limit=templating.MAX_DOCX_BYTES, what="Word template")
        templating.check_docx(data, str(source))
        from . import bounded

        return bounded.in_child(lambda: _docx(letter, data, source), source=str(source))
    return _docx(letter, data, None)


def _docx(letter: Letter, data: bytes, source: Path | None) -> bytes:
    """The Word letter from template `data` (`source`: the user's file, None for the built-in)."""
    import zipfile

    from docxtpl import DocxTemplate

    env = templating.docx_environment()
    doc = DocxTemplate(io.BytesIO(data))
    try:
        doc.get_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        if source is None:
            raise
        raise InputError(f"is not a Word (.docx) document ({type(exc).__name__}); save the template from "
                         "Word as .docx", source=str(source)) from None
    try:
        with templating.time_limit(env):
            doc.render(docx_context(doc, letter), jinja_env=env, autoescape=True)
    except (InputError, MemoryError):  # a MemoryError: the bounded child says what it means
        raise
    except Exception as exc:
        if source is None and not isinstance(exc, templating.TemplateLimit):
            raise
        raise templating.docx_problem(exc, source) from None
    if letter.brief and source is None:
        docx_brief_page(doc)
    docx_properties(doc, letter)
    docx_alt_text(doc, letter)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# The Word letter's page 1 (templates/letter.docx, tools/make_letter_docx.py: A4, margins 2 cm and 2.4 cm at
# the top, body text 10 pt), in points, as page_one_height estimates it: the chart goes on page 1 only where
# it surely fits, else to the top of page 2, never alone on a page of its own before the hard page break.
DOCX_CHART_CM = 14
DOCX_PAGE_ONE_PT = 665   # the page's 717 pt of text height, less a margin for Word's and LibreOffice's fonts
DOCX_CHART_PT = 172      # the chart 14 cm wide (its PNG is 1650 x 630), its spacing and its caption


def page_one_height(letter: Letter) -> float:
    """The height in points the Word letter's page 1 takes before its chart: each paragraph's lines (as
    many characters to a line as the body's 10 pt text takes across 17 cm, fewer for headings and
    indented lists) at its line height, with its spacing. An estimate, meant to err high."""
    def lines(text: str, per_line: int = 92) -> int:
        return max(1, -(-len(text) // per_line))

    body, space = 12.0, 4.0
    height = 3 * 11.0 + 6                                                   # From, To, Date
    height += lines(letter.subject, 58) * 18 + 24                           # the title, 15 pt
    height += body + space                                                  # Dear ...
    height += lines(f"Where the council stands: {letter.stage}", 72) * 15 + 20
    height += sum(lines(p) * body + space for p in letter.summary)
    for heading, items in ((letter.progress_heading, letter.progress), (letter.path_heading, letter.path)):
        if items:
            height += lines(heading) * body + 2 + sum(lines(i, 86) * body + space for i in items)
    height += lines("What we ask of you: " + letter.request) * body + 12
    height += 15 + 20                                                       # Priorities
    height += sum(lines(f"{p.text} Suggested owner: {p.owner}; by: {p.by_when}.", 86) * body + space
                  for p in letter.page_one)
    return height


def chart_on_page_one(letter: Letter) -> bool:
    """Whether the Word letter's chart goes on page 1: always in the one-page brief, else where it surely
    fits under page 1's text (page_one_height, DOCX_CHART_PT, DOCX_PAGE_ONE_PT)."""
    return letter.brief or page_one_height(letter) + DOCX_CHART_PT <= DOCX_PAGE_ONE_PT


def docx_context(doc, letter: Letter) -> dict:
    """What a Word template sees: `letter`; `chart`, the chart as an image DOCX_CHART_CM wide (or None), and
    `chart_on_page_one`, whether it fits there (page_one_height) or goes to the top of page 2; `spread`, a
    combined profile's chart of the respondents' answers, 16 cm wide (or None)."""
    from docx.shared import Cm
    from docxtpl import InlineImage

    chart = (InlineImage(doc, io.BytesIO(letter.chart_png), width=Cm(DOCX_CHART_CM)) if letter.chart_png
             else None)
    spread = InlineImage(doc, io.BytesIO(letter.spread_png), width=Cm(16)) if letter.spread_png else None
    return {"letter": letter, "chart": chart, "chart_on_page_one": chart_on_page_one(letter),
            "spread": spread}


# The one-page brief's page in the built-in Word template, in cm. At the top, the PDF brief's margin
# (templates/letter.html.j2, `@page brief`): the brief goes under a cabinet paper's own heading, so it keeps
# no room for a letterhead (the template leaves out its letterhead space in the brief too). At the bottom,
# the page number 1 cm from the edge, as in the PDF, and the text ending 0.8 cm above it. The letter's page
# has 2.4 cm at the top, 2 cm at the bottom and its page number 1.27 cm from the edge.
DOCX_BRIEF_TOP_CM = 2.0
DOCX_BRIEF_BOTTOM_CM = 1.8
DOCX_BRIEF_FOOTER_CM = 1.0


def docx_brief_page(doc) -> None:
    """The built-in template's one-page brief on its own page (DOCX_BRIEF_TOP_CM, DOCX_BRIEF_BOTTOM_CM,
    DOCX_BRIEF_FOOTER_CM), so that the longest page 1 (a shortest path of ten moves, five priorities, a
    sentence saying the assessment is old) fits one A4 page with the chart, the sign-off and the reading
    note. A council's own template keeps its page as it made it."""
    from docx.shared import Cm

    for section in doc.docx.sections:
        section.top_margin = Cm(DOCX_BRIEF_TOP_CM)
        section.bottom_margin = Cm(DOCX_BRIEF_BOTTOM_CM)
        section.footer_distance = Cm(DOCX_BRIEF_FOOTER_CM)


DOCX_PROPERTY_CHARS = 255  # Word's limit on a document property (python-docx refuses a longer one)


def _property(text: str) -> str:
    return text if len(text) <= DOCX_PROPERTY_CHARS else text[:DOCX_PROPERTY_CHARS - 1].rstrip() + "…"


def docx_alt_text(doc, letter: Letter) -> None:
    """Every picture in the rendered letter gets alternative text: the chart's data in words
    (`Letter.chart_alt`) as its description (Word's "Alt Text", `wp:docPr/@descr`), so a screen reader
    reads the stages the picture shows (WCAG 2.2 AA, success criterion 1.1.1)."""
    for i, shape in enumerate(doc.docx.inline_shapes):
        doc_pr = shape._inline.docPr
        if i == 1 and letter.spread_alt:   # a combined profile's second picture: the respondents' spread
            doc_pr.set("descr", letter.spread_alt)
            doc_pr.set("title", "Chart: each respondent's stage of each characteristic, by role")
            continue
        doc_pr.set("descr", letter.chart_alt)
        doc_pr.set("title", "Chart: the stage of each characteristic against its target")


def docx_properties(doc, letter: Letter) -> None:
    """Document properties name the council, the sender and the product (not the library that wrote it),
    and its language, British English; each at most DOCX_PROPERTY_CHARS characters (a longer council name
    or sender ends with an ellipsis there, and only there)."""
    props = doc.docx.core_properties
    props.language = "en-GB"
    props.title = _property(letter.subject)
    props.subject = _property(f"Back office efficiency: {letter.council}")
    props.author = _property(letter.sender)
    props.last_modified_by = _property(letter.product)
    props.comments = _property(f"Written by {letter.product} from the Audit Commission's report Back to "
                               "front (2008).")


# Tagged PDF (PDF/UA-1, WeasyPrint 66 or later): headings, lists, tables and the chart (its alternative text
# from the SVG's first-child <title>) in the structure tree, with the title shown and the language, en-GB,
# set, so that a council can publish the letter on its website (WCAG 2.2 AA).
PDF_VARIANT = "pdf/ua-1"

PDF_HELP = ("PDF letters need WeasyPrint, an optional extra: pip install 'backtofront[pdf]' "
            "(it also needs the Pango library from your system's packages)")


def render_pdf(letter: Letter, template_dir=None) -> bytes:
    """The letter as PDF through WeasyPrint, fetching resources only from the template folder and the
    package's templates (render/pdf.py); a letter from a user's `template_dir`, or one longer than
    pdf.LONG_HTML, is laid out in a child process bounded in memory and time (InputError, exit code 2, for
    each breach). Ctrl-C while drawing
    is never lost: WeasyPrint swallows a KeyboardInterrupt raised while it draws the SVG chart, so the
    interrupt is recorded and raised again after it returns (no file is written, exit code 130)."""
    try:
        import weasyprint  # noqa: F401 - the optional extra, checked before any work
    except (ImportError, OSError):
        raise InputError(PDF_HELP) from None
    from . import pdf as pdf_mod

    html = render_text(letter, "html", template_dir)
    # a council's templates, or a letter of very long notes: laid out in a bounded child process
    if template_dir is not None or len(html) > pdf_mod.LONG_HTML:
        return pdf_mod.write_pdf(html, template_dir, variant=PDF_VARIANT)
    with _interrupts_kept() as interrupted:
        try:
            pdf = pdf_mod.pdf_bytes(html, None, variant=PDF_VARIANT)
        except pdf_mod.ResourceRefused as exc:
            raise AssertionError(f"the built-in letter template: {exc}") from None
    if interrupted:
        raise KeyboardInterrupt
    return pdf


@contextlib.contextmanager
def _interrupts_kept():
    """Record every SIGINT in the returned list (and raise KeyboardInterrupt as usual) while the block
    runs."""
    seen: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield seen
        return

    def on_interrupt(signum, frame):
        seen.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield seen
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)


def template_unused(template_dir: str | Path, fmt: output_format.FormatName | str) -> str | None:
    """A one-line note when the template folder has no template for the letter's format `fmt` (a folder with
    only letter.docx, and a PDF letter): the letter was made from the built-in template, which the user may
    not expect. None when the folder has it."""
    name = output_format.canonical(fmt)
    needed = TEMPLATE_FILES.get(name)
    if needed is None or (Path(template_dir) / needed).exists():
        return None
    label = output_format.FILE_FORMATS[name].label
    return (f"{template_dir} has no {needed}, so this {label} letter is made from the built-in template "
            f"(give {needed} there for your letterhead in {label})")


def render(letter: Letter, fmt: output_format.FormatName | str, template_dir=None) -> str | bytes:
    """The letter in `fmt` (md, html, docx or pdf; the last two as bytes), through the letter's format
    registry (render/output_format.py)."""
    return output_format.LETTER.render(fmt, letter, template_dir)
