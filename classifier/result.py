"""The one result model every renderer draws from. `to_dict()` gives the public JSON, which is rendered
through the contract's types (classifier/contract.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec
from msgspec import field

if TYPE_CHECKING:
    from .knowledge import StageId

PRIORITIES = ("high", "medium", "low")
BASIS_WORDS = {"evidenced": "judged from answers with evidence notes",
               # some of the deciding answers may carry a note: `answered` is not every one of them
               "answered": "judged from answers, not all of them with evidence notes",
               "stated": "stated in the profile", "override": "set by the assessor's override",
               "combined": "combined from the respondents' answers by the merge rule (the assessment's "
                           "reading)"}

# What goes beyond the report carries this short marker where it is used, in every output a person reads
# ("Overall stage: Transitional (the assessment's reading)"); READING_NOTE, the sentence the markers refer
# to, is given once per document (reading_note()). The report describes each stage of each characteristic
# (Table 4) but gives no rule for combining them: judgements from several answers, the overall stage and
# advice from rules with `basis: inferred` are readings.
READING_MARKER = "the assessment's reading"
READING_NOTE = ("“The assessment's reading” marks what the report gives no rule for, such as how a stage "
                "follows from several answers, the overall stage from the eight characteristics, or the "
                "advice so marked: it is this assessment's reading of the report, not the report's own "
                "words.")


def marked(text: str) -> str:
    """`text` with the reading marker: "Transitional" -> "Transitional (the assessment's reading)"."""
    return f"{text} ({READING_MARKER})"


def reading_note(document: str) -> str | None:
    """The note for a document that uses the marker (READING_NOTE), None for one that does not: the note is
    given once per document, where its markers are."""
    return READING_NOTE if READING_MARKER in " ".join(document.split()) else None


# The version of the result JSON contract (assess, compare, benchmark, batch). Results are kept and compared
# across releases: a reader checks the major number. A release that adds fields bumps the minor; one that
# removes, renames or changes a field bumps the major (classifier/contract.py, README "JSON output").
# 1.0 added `schema_version` and `targets`; 1.1 `held`, `notes`, `overall.why_not`, `overall.provisional`
# and `batch.profile`; 1.2 `to_confirm`, `recommendations[].builds` and `.starts`, the `consistency` trace
# phase; 1.3 `next_stage_path` and `what_if`.
# 1.4, for profiles combined from several respondents (`combine`), each characteristic's `respondents` and
# `by_role`, the top-level `respondents` ({merge, note, people, disagreements}) and the `divergence` flag's
# `roles` (the figures the respondents give differently are `to_confirm` items); `benchmark`'s
# `techniques.<id>.cohort_recorded` and `.cohort_not_recorded`.
# 1.5 `overall.basis`, `characteristics.<id>.judgement`, each answer's `basis` and each question option's
# basis.
# 1.6 each characteristic's `stated_by` (the respondents whose stage is the one their own file states), and
# the respondents' block (Result.respondents_summary) in `compare`'s `from` and `to` and in `benchmark`'s
# `respondents`.
# 1.7 `pressures` and `barriers`: the Table 3 factors the council reports, in Table 3's order, each with the
# recommendation that responds to it.
# 1.8 `compare`'s `unassessed_recommendations` (advice not reassessed: the newer profile does not record what
# it rests on), `overall.provisional` and `characteristics.<id>.provisional` ({from, to}) and `ordered_by`;
# `benchmark`'s `cohort.copies` and `cohort.council_itself`, `overall.provisional` and
# `overall.cohort_provisional`, and each characteristic's `provisional` and `cohort_provisional`.
# 1.9 `compare`'s `achieved_recommendations` (the closed ones whose aim is reached).
# 1.10 `compare`'s `went_down_recommendations` (the closed ones moving a characteristic that went down) and
# `what_if.recommendations.went_down`.
SCHEMA_VERSION = "1.10"

# The result's classes are msgspec Structs rather than dataclasses: a Struct class is built in C, where a
# dataclass compiles its __init__, __repr__ and __eq__ at import, which made this module the costliest
# of the project's own at every start. They construct, compare, hash (the frozen ones), print and pickle as
# the dataclasses did; msgspec.structs.replace and .asdict stand for dataclasses.replace and shallow fields,
# msgspec.to_builtins for dataclasses.asdict (the same fields in the same order, for the JSON).


class Quote(msgspec.Struct, frozen=True):
    """Where a case-study council's evidence is the report's own sentence about it: `case`, the number of
    the case study about the council (knowledge/case_studies.yaml); `place`, where in the report the
    sentence is, "Case study 13" or, for a sentence outside the case study, its paragraph ("para 31": the
    bundled profile's source `place`)."""
    case: int
    place: str


class StageView(msgspec.Struct, frozen=True):
    id: StageId
    name: str
    descriptor: str


def stage_id(stage: StageView | None) -> str | None:
    """A characteristic's stage id, or None when it is not assessed."""
    return stage.id if stage else None


class CharacteristicResult(msgspec.Struct, frozen=True):
    id: str
    name: str
    stage: StageView | None  # None: not assessed
    next: StageView | None   # None: transformational, or not assessed
    evidence: str | None = None
    # What the stage rests on (issue 10): evidenced | answered | stated | override, or None (not assessed)
    basis: str | None = None
    override: dict[str, str] | None = None   # {stage, reason} when basis is override
    provisional: bool = False                # fewer than half the indicator questions answered
    answers: list = field(default_factory=list)  # answers.AnswerView, in question bank order
    indicators: int = 0                      # indicator questions in the bank

    @property
    def basis_words(self) -> str:
        """What the stage rests on, in words: "judged from answers with evidence notes"."""
        return BASIS_WORDS.get(self.basis or "", "not assessed")

    @property
    def judgement(self) -> str | None:
        """"inferred" where the stage was judged from several answers (the report gives no rule for combining
        them: the assessment's reading) or from one whose option is a reading, "report" where it is one
        description of the report (stated in the profile, set by override, or decided by one answer whose
        option the report places at that stage), None when not assessed."""
        if self.stage is None:
            return None
        if self.basis in ("evidenced", "answered"):
            answered = [a for a in self.answers if a.status == "answered"]
            if len(answered) > 1 or any(a.basis == "inferred" for a in answered):
                return "inferred"
        return "report"

    def count(self, status: str) -> int:
        return sum(1 for a in self.answers if a.status == status)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "stage": self.stage.id if self.stage else None,
            "descriptor": self.stage.descriptor if self.stage else None,
            "next": {"stage": self.next.id, "descriptor": self.next.descriptor} if self.next else None,
            "evidence": self.evidence,
            "basis": self.basis,
            "judgement": self.judgement,
            "override": dict(self.override) if self.override else None,
            "provisional": self.provisional,
            "answers": {"indicators": self.indicators, "answered": self.count("answered"),
                        "na": self.count("na"), "dont_know": self.count("dont_know"),
                        "items": [a.to_dict() for a in self.answers]},
        }


class Flag(msgspec.Struct, frozen=True):
    id: str
    severity: str
    message: str
    rule: str
    citations: list[str]
    item: str | None = None
    roles: dict[str, str] | None = None   # divergence: {role: that role's lower median stage}

    def to_dict(self) -> dict[str, Any]:
        return msgspec.to_builtins(self)


class Recommendation(msgspec.Struct, frozen=True):
    id: str
    title: str
    action: str
    why: list[str]
    priority: str
    effort: str
    target_stage: str | None
    citations: list[str]
    case_studies: list[str]
    rule: str
    # The characteristics this advice moves, each with the one stage it asks for ({} when it moves none);
    # `target_stage` is only for advice aimed at the overall stage.
    characteristics: dict[str, str] = field(default_factory=dict)
    # "report" where the report gives the advice; "inferred" where it is this assessment's reading of the
    # report (the rule's basis), which every output says.
    basis: str = "report"
    # Other advice merged into this one (one_target), {its id: the characteristics it moves, each with its
    # stage}, so that `compare` can tell advice carried over from advice that is new or no longer applies.
    covers: dict[str, dict[str, str]] = field(default_factory=dict)
    # Who the improvement plan suggests takes it on (an id of rules.OWNERS) and by when (a key of
    # rules.TIMINGS), from the rule's YAML; what letters show, not part of the JSON.
    owner: str = ""
    timing: str = ""
    # What the advice asks the council to build ("element.x", "strategic.x", "characteristic=stage") and to
    # start ("technique.x", "benchmarking.x", "method_any.x"), for the consistency pass (classify)
    builds: list[str] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)
    # The facts the advice rests on: the names its rule's conditions read (and those of advice merged into
    # it), so that `compare` can tell advice that no longer applies from advice whose basis the newer
    # profile does not record (not reassessed). Not part of the JSON: the trace gives each firing's facts.
    rests_on: list[str] = field(default_factory=list)


# Recommendation fields the JSON leaves out (display metadata for letters; the facts the trace gives).
_NOT_IN_JSON = ("owner", "timing", "rests_on")


class ToConfirm(msgspec.Struct, frozen=True):
    """A fact the advice would rest on that the profile does not record, asked for instead of advice:
    `fact` (its name, e.g. technique.lean_bpi), `question` (the question bank's id that records it, or
    None), `text` (one sentence for readers), `citations` (the report's places), `rule` (the rule's id; None
    for a figure the respondents of a combined profile give differently, which the merge leaves
    unrecorded)."""
    fact: str
    question: str | None
    text: str
    citations: list[str]
    rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "question": self.question, "text": self.text,
                "citations": list(self.citations)}


class TraceEntry(msgspec.Struct, frozen=True):
    rule: str
    title: str
    citation: str
    phase: str
    basis: str
    item: str | None
    facts: dict[str, Any]
    conclusion: str
    answers: list[str] = field(default_factory=list)  # judge phase: the question ids that decided


class Target(msgspec.Struct, frozen=True):
    """The stage a council aims for in one characteristic, and whether its current stage meets it."""
    stage: StageId
    met: bool
    given: bool  # True: set in the profile; False: the default (the next stage)


class Overall(msgspec.Struct, frozen=True):
    stage: StageId | None
    name: str
    reasons: list[str]
    assessed: int = 0  # characteristics of Table 4 assessed
    total: int = 8     # characteristics in Table 4
    # Where the report itself states this council's approach at this stage ("para 51": a case-study council,
    # knowledge/case_studies.yaml `stage_source: stated`); None where the stage is the assessment's reading
    stated: str | None = None
    # assessed characteristics resting on fewer than half their indicator questions (each provisional)
    thin: int = 0

    @property
    def provisional(self) -> bool:
        """A stage built on fewer than half the characteristics is provisional."""
        return self.stage is not None and 2 * self.assessed < self.total

    @property
    def thinly_judged(self) -> bool:
        """Most assessed characteristics rest on fewer than half their questions: the stage is provisional
        in a second sense, though enough characteristics are assessed."""
        return self.stage is not None and 2 * self.thin > self.assessed

    @property
    def headline(self) -> str:
        """The stage as every format shows it: "Transformational", "Transformational (provisional: 3 of
        8 characteristics assessed)" when it rests on fewer than half of them, or "Transitional
        (provisional: 6 of 8 characteristics rest on fewer than half their questions)" when most of the
        assessed characteristics do (`thinly_judged`)."""
        if self.provisional:
            return f"{self.name} (provisional: {self.assessed} of {self.total} characteristics assessed)"
        if self.thinly_judged:
            return (f"{self.name} (provisional: {self.thin} of {self.assessed} characteristics rest on "
                    "fewer than half their questions)")
        return self.name

    @property
    def marked_headline(self) -> str:
        """The headline with the reading marker in one bracket: "Transformational (the assessment's
        reading)", "Transformational (provisional: 3 of 8 characteristics assessed; the assessment's
        reading)"; where the report states the council's approach at this stage (`stated`), the report's
        place instead: "Transformational (stated by the report, para 51)"; the bare headline when no stage
        is given."""
        if self.stage is None:
            return self.headline
        mark = f"stated by the report, {self.stated}" if self.stated else READING_MARKER
        return (f"{self.headline[:-1]}; {mark})" if self.provisional or self.thinly_judged
                else f"{self.headline} ({mark})")


class WhyNot(msgspec.Struct, frozen=True):
    """Why the overall stage is not the next one up: `stage` and `name` of that next stage, `reasons` (one
    plain sentence per unmet condition of the rules that reach it, e.g. "To be transformational (para 47,
    Table 4), at least three quarters of the assessed characteristics must be transformational; here 63 per
    cent are."), and `basis`: "inferred" where those rules are the assessment's own reading of the report
    (it gives no formula for the overall stage), else "report"."""
    stage: str
    name: str
    reasons: list[str]
    basis: str = "report"

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "reasons": list(self.reasons), "basis": self.basis}


class PathMove(msgspec.Struct, frozen=True):
    """One move of a path to the next overall stage: `characteristic` (id) rises from stage `from_` (a stage
    id, or "not_assessed" for the move that assesses it) to stage `to`, whose Table 4 words are
    `descriptor`."""
    characteristic: str
    from_: str
    to: str
    descriptor: str

    def to_dict(self) -> dict[str, str]:
        return {"characteristic": self.characteristic, "from": self.from_, "to": self.to,
                "descriptor": self.descriptor}


class NextStagePath(msgspec.Struct, frozen=True):
    """The shortest path to the next overall stage (classifier/paths.py): stage `to` (id), reached in
    `moves` moves; `paths`, the first few paths that short, each a list of moves in order; `more`, how
    many other paths are as short; `basis` "inferred" (the assessment's reading of para 47 and Figure 12)."""
    to: str
    moves: int
    paths: list[list[PathMove]]
    more: int = 0
    basis: str = "inferred"

    def to_dict(self) -> dict[str, Any]:
        return {"to": self.to, "moves": self.moves, "paths": [[m.to_dict() for m in p] for p in self.paths],
                "more": self.more, "basis": self.basis}


class WhatIf(msgspec.Struct, frozen=True):
    """What `assess --what-if` set and what it changed (classifier/whatif.py): `set` {characteristic id: stage
    id or "not_assessed"}; `overall` {"from", "to", "change"} (change in `compare`'s terms: up, down, same);
    `characteristics` {id: {"from", "to", "change"}} for those that changed; `flags` {"added", "removed"}
    (each [{"id", "message"}]); `recommendations` {"closed", "new"} (each [{"id", "title"}])."""
    set: dict[str, str]
    overall: dict[str, Any]
    characteristics: dict[str, dict[str, Any]]
    flags: dict[str, list[dict[str, str]]]
    recommendations: dict[str, list[dict[str, str]]]

    def to_dict(self) -> dict[str, Any]:
        return {"set": dict(self.set), "overall": dict(self.overall),
                "characteristics": dict(self.characteristics),
                "flags": {k: list(v) for k, v in self.flags.items()},
                "recommendations": {k: list(v) for k, v in self.recommendations.items()}}


class Result(msgspec.Struct):
    council: dict[str, str]
    assessed_on: str | None
    source: str | None
    overall: Overall
    characteristics: dict[str, CharacteristicResult]
    flags: list[Flag] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    # Facts to record where advice would rest on a fact the profile does not give (issue 15)
    to_confirm: list[ToConfirm] = field(default_factory=list)
    trace: list[TraceEntry] = field(default_factory=list)
    pressures: list[str] = field(default_factory=list)
    barriers: list[str] = field(default_factory=list)
    techniques_used: list[str] = field(default_factory=list)
    techniques_planned: list[str] = field(default_factory=list)
    techniques_recorded: bool = True  # False: the profile has no techniques section (not "uses none")
    pressures_recorded: bool = True   # False: no pressures section ([] is recorded: none)
    barriers_recorded: bool = True    # False: no barriers section ([] is recorded: none)
    techniques_not_used: list[str] = field(default_factory=list)
    benchmarking_used: list[str] = field(default_factory=list)
    benchmarking_not_used: list[str] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)
    elements: dict[str, str] = field(default_factory=dict)   # para 78: present | absent | unknown
    strategic: dict[str, str] = field(default_factory=dict)  # para 36: present | absent | unknown
    notes: str | None = None
    targets: dict[str, Target] = field(default_factory=dict)  # characteristic id -> target
    facts: dict[str, Any] = field(default_factory=dict)  # the classify-phase fact, for explanations
    # One sentence for letters when most stages are claimed rather than evidenced (flag mostly_unevidenced)
    evidence_note: str | None = None
    # Characteristics a stage ahead of the council, given no further target (classify.held_back), and the
    # sentence that says so as the assessment's own reading
    held: list[str] = field(default_factory=list)
    held_note: str | None = None
    # Why the overall stage is not the next one (None: transformational, not assessed, or nothing unmet)
    why_not: WhyNot | None = None
    # A combined profile's respondents (classifier/respondents.Spread), None for one respondent's profile
    respondents: Any = None
    # The shortest path to the next overall stage (None: transformational or not assessed)
    next_stage_path: NextStagePath | None = None
    # What `assess --what-if` set and changed (None: an ordinary assessment)
    what_if: WhatIf | None = None
    # {characteristic id: Quote} where the stage's evidence is the report's own sentence about this council
    # (consistency.report_quotes): shown as the report's, never as the council's statement
    report_quotes: dict[str, Quote] = field(default_factory=dict)

    def quoted_from(self, cid: str, quotes: dict[str, Quote] | None = None) -> str | None:
        """Where characteristic `cid`'s evidence comes from in the report, for people: "the report, Case
        study 18" (or "the report, para 31": Quote.place), or for a person the report quotes
        (consistency.speaker) "an officer quoted in the report, Case study 2", never called the report's
        own; None when it is not the report's (`quotes`: by default report_quotes)."""
        from .consistency import speaker

        quote = (self.report_quotes if quotes is None else quotes).get(cid)
        if quote is None:
            return None
        who = speaker(quote, cid)
        return f"{who} quoted in the report, {quote.place}" if who else f"the report, {quote.place}"

    def rests_on(self, cid: str) -> str:
        """What characteristic `cid`'s stage rests on, for people: its basis_words, marked where the judgement
        is the assessment's reading; for a stage read from the report's case study about this council, "the
        assessment's reading of the report, Case study N"."""
        c = self.characteristics[cid]
        if cid in self.report_quotes and c.basis == "stated":
            return f"{READING_MARKER} of the report, {self.report_quotes[cid].place}"
        return marked(c.basis_words) if c.judgement == "inferred" else c.basis_words

    def rests_on_words(self, cid: str, provisional: str = "provisional: fewer than half its questions "
                                                          "answered") -> str:
        """`rests_on(cid)` with a provisional stage said in the same bracket as the reading marker, never two
        brackets back to back: "judged from answers with evidence notes (provisional: fewer than half its
        questions answered; the assessment's reading)"; `provisional` is the words for it."""
        words = self.rests_on(cid)
        if not self.characteristics[cid].provisional:
            return words
        end = f" ({READING_MARKER})"
        if words.endswith(end):
            return f"{words[:-len(end)]} ({provisional}; {READING_MARKER})"
        return f"{words} ({provisional})"

    def credited(self, text: str, quotes: dict[str, Quote] | None = None) -> str:
        """`text` (a recommendation's reason) with the report's own sentences about this council credited to
        the report: "The assessment found: X" -> "The report, Case study N, says: “X”" (`quotes`, by default
        report_quotes), and the stage they support said to be the assessment's reading of them ("Today it
        is at the transitional stage" -> "On the assessment's reading of the report, it is at the
        transitional stage")."""
        from .rules import sentence

        for cid, where in (self.report_quotes if quotes is None else quotes).items():
            evidence = sentence(self.characteristics[cid].evidence or "")
            found = f"The assessment found: {evidence}"
            if found not in text:
                continue
            said = self.quoted_from(cid, quotes) or f"the report, {where.place}"
            # the report's words as printed; a full stop this sentence needs goes after the quotation mark
            # (a heading quoted, "Building upon an organisational change programme", has none of its own)
            words = (self.characteristics[cid].evidence or "").strip().rstrip(",;:").rstrip()
            quoted = f"“{words}”" if evidence == words else f"“{words}”."
            text = text.replace(found, f"{said[0].upper()}{said[1:]}, says: {quoted}")
            # the stage itself is this assessment's reading of the report's words, not the council's own
            # statement: "Today it is at the transitional stage" says so
            name = self.characteristics[cid].name
            reading = f"On {READING_MARKER} of the report, "
            text = text.replace(f"{name} is today at the",
                                f"{reading}{name[0].lower() + name[1:]} is at the")
            if text.count("Today it is at the") == 1:
                text = text.replace("Today it is at the", f"{reading}it is at the")
        return text

    def evidence_words(self, cid: str) -> str | None:
        """Characteristic `cid`'s evidence as people read it: the report's own sentence credited to the report
        ("the report, Case study 18: “...”"), anything else as given; None when there is none."""
        c = self.characteristics[cid]
        if not c.evidence:
            return None
        where = self.quoted_from(cid)
        return f"{where}: “{c.evidence}”" if where else c.evidence

    def responding(self) -> dict[str, int]:
        """{recommendation id: its rank from 1} for every recommendation and every advice merged into one
        (`covers`), the first rank where an id is covered twice: which recommendation responds to a Table 3
        factor ("pressure_<id>", "barrier_<id>")."""
        out: dict[str, int] = {}
        for i, rec in enumerate(self.recommendations, start=1):
            for rid in (rec.id, *rec.covers):
                out.setdefault(rid, i)
        return out

    def factors(self, kind: str) -> list[dict[str, Any]] | None:
        """The Table 3 factors of `kind` ("pressure" or "barrier") the council reports, in Table 3's order:
        [{id, name, recommendation: the rank of the recommendation that responds to it, or None}]; [] when
        the profile records none, None when it does not record them (not recorded is not none)."""
        from . import knowledge as knowledge_mod

        ids, recorded = ((self.pressures, self.pressures_recorded) if kind == "pressure"
                         else (self.barriers, self.barriers_recorded))
        if not recorded:
            return None
        kb = knowledge_mod.load()
        table = kb.pressures if kind == "pressure" else kb.barriers
        ranks = self.responding()
        return [{"id": fid, "name": table[fid].name if fid in table else fid,
                 "recommendation": ranks.get(f"{kind}_{fid}")} for fid in ids]

    @property
    def unassessed(self) -> list[CharacteristicResult]:
        return [c for c in self.characteristics.values() if c.stage is None]

    def flag(self, flag_id: str) -> Flag | None:
        return next((f for f in self.flags if f.id == flag_id), None)

    def spread_of(self, cid: str):
        """The respondents' spread for characteristic `cid` (respondents.CharacteristicSpread), or None."""
        return self.respondents.characteristics.get(cid) if self.respondents is not None else None

    def respondents_summary(self) -> dict[str, Any] | None:
        """A combined profile's respondents in one block, as `compare` (each assessment) and `benchmark`
        (the council benchmarked) carry them, and as every table and chart of the spread is drawn from:
        {merge, note, people: [{name, role, source}], disagreements: [{question, text, answers}],
        characteristics: {id: {respondents: {name: stage or null}, by_role: {role: stage}, stated_by: [name],
        combined: the merge rule's stage or null, agreed: {stage, reason} (the override) or null,
        divergent: bool (a `divergence` flag)}}}, characteristics in Table 4's order. None for one
        respondent's profile."""
        if self.respondents is None:
            return None
        divergent = {f.item for f in self.flags if f.id == "divergence"}
        chars = {}
        for cid, c in self.characteristics.items():
            spread = self.spread_of(cid)
            chars[cid] = {**spread.to_dict(), "combined": spread.merged,
                          "agreed": dict(c.override) if c.override else None, "divergent": cid in divergent}
        return {**self.respondents.to_dict(), "characteristics": chars}

    def to_dict(self) -> dict[str, Any]:
        characteristics = {}
        for cid, c in self.characteristics.items():
            spread = self.spread_of(cid)
            characteristics[cid] = {**c.to_dict(), **(spread.to_dict() if spread else
                                                      {"respondents": {}, "by_role": {}, "stated_by": []})}
        return {
            "schema_version": SCHEMA_VERSION,
            "council": dict(self.council),
            "assessed_on": self.assessed_on,
            "notes": self.notes,
            # the overall stage is always the assessment's reading: the report gives no rule
            # for it (para 47, Table 4)
            "overall": {"stage": self.overall.stage, "name": self.overall.name,
                        "reasons": self.overall.reasons,
                        "provisional": self.overall.provisional, "assessed": self.overall.assessed,
                        "why_not": self.why_not.to_dict() if self.why_not else None,
                        "basis": "inferred"},
            "next_stage_path": self.next_stage_path.to_dict() if self.next_stage_path else None,
            "characteristics": characteristics,
            "pressures": self.factors("pressure"),
            "barriers": self.factors("barrier"),
            "targets": {cid: {"stage": t.stage, "met": t.met} for cid, t in self.targets.items()},
            "held": {"characteristics": list(self.held), "note": self.held_note},
            "flags": [f.to_dict() for f in self.flags],
            "recommendations": [
                {"rank": i, **{k: v for k, v in msgspec.to_builtins(r).items() if k not in _NOT_IN_JSON}}
                for i, r in enumerate(self.recommendations, start=1)
            ],
            "to_confirm": [t.to_dict() for t in self.to_confirm],
            "respondents": self.respondents.to_dict() if self.respondents is not None else None,
            "trace": [msgspec.to_builtins(t) for t in self.trace],
            "what_if": self.what_if.to_dict() if self.what_if else None,
        }
