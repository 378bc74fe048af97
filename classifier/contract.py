"""The JSON contract of `assess`, of `batch`'s files (each council's, summary.json), of `questions`, of
`compare` (two profiles, or more with the trend), of `benchmark` and of `knowledge`: msgspec Structs that
the output is rendered through, so a result that does not fit its published shape fails here rather than
reaching a reader; docs/schema/<name>.json is generated from them (`make docs`).

Versioning (README, "JSON output"): `schema_version` is MAJOR.MINOR. A release that adds fields bumps the
minor (1.0 -> 1.1); one that removes, renames or changes the meaning or type of a field bumps the major.
A reader checks the major number. 1.1 added `held`, `notes`, `overall.why_not`, `overall.provisional` and
`batch.profile` to 1.0; 1.2 added `to_confirm`, `recommendations[].builds` and `.starts`, and the trace's
`consistency` phase; 1.3 added `next_stage_path` and `what_if`; 1.4 a combined profile's `respondents`, each
characteristic's `respondents` and `by_role`, and the divergence flag's `roles` (the respondents' differing
figures are `to_confirm` items), and `benchmark`'s `techniques.<id>.cohort_recorded` and
`.cohort_not_recorded`; 1.5 `overall.basis`, `characteristics.<id>.judgement`, each answer's `basis` and
each question option's `basis`; 1.6 each characteristic's `stated_by`, and the respondents' block in
`compare`'s `from` and `to` and `benchmark`'s `respondents`; 1.7 `pressures` and `barriers`, the Table 3
factors the council reports (README)."""

from typing import Annotated, Any, Literal

import msgspec

from . import knowledge as knowledge_mod
from .result import SCHEMA_VERSION

StageId = Literal["transactional", "transitional", "transformational"]
Change = Literal["up", "down", "same", "newly_assessed", "no_longer_assessed"]
UNSET = msgspec.UNSET
Unset = msgspec.UnsetType
Number = int | float
Basis = Literal["report", "inferred"]


def _doc(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class _Out(msgspec.Struct, forbid_unknown_fields=True):
    pass


class WhyNot(_Out):
    stage: StageId
    reasons: Annotated[list[str], _doc("One sentence per unmet condition")]
    basis: Basis


class Overall(_Out):
    stage: Annotated[StageId | None, _doc("The overall stage; null when no characteristic is assessed")]
    name: Annotated[str, _doc("The stage's name as people read it, e.g. \"Transitional\"")]
    reasons: list[str]
    provisional: Annotated[bool, _doc("True when fewer than half the eight characteristics are assessed")]
    assessed: Annotated[int, _doc("How many characteristics of Table 4 are assessed")]
    why_not: Annotated[WhyNot | None, _doc("Why the council is not at the next stage up; null at the top or "
                                           "with nothing assessed")]
    basis: Annotated[Basis, _doc("Always \"inferred\": the report gives no rule for the overall stage "
                                 "(the assessment's reading)")] = "inferred"


class NextStage(_Out):
    stage: StageId
    descriptor: str


class AnswerItem(_Out):
    question: str
    text: str
    answer: Any
    stage: StageId | None
    status: Literal["answered", "na", "dont_know"]
    evidence: str | None
    justification: str | None
    decided: Annotated[bool, _doc("True for the answers at the judged stage (the ones that decided it)")]
    basis: Annotated[Basis | None, _doc("The chosen option's basis in the question bank; null when not "
                                        "answered")] = None


class Answers(_Out):
    indicators: int
    answered: int
    na: int
    dont_know: int
    items: list[AnswerItem]


class Characteristic(_Out):
    name: str
    stage: StageId | None
    descriptor: str | None
    next: NextStage | None
    evidence: str | None
    basis: Annotated[Literal["evidenced", "answered", "stated", "override", "combined"] | None,
                     _doc("What the stage rests on; null when not assessed")]
    judgement: Annotated[Basis | None, _doc("\"inferred\" where the stage was judged from several answers or "
                                            "from an option that is a reading, else \"report\"; null when "
                                            "not assessed")]
    override: dict[str, str] | None
    provisional: bool
    answers: Answers
    respondents: Annotated[dict[str, StageId | None], _doc(
        "A combined profile: each respondent's judged stage (null: none given); {} otherwise")]
    by_role: Annotated[
        dict[str, StageId], _doc("The lower median of each role's judged stages; {} otherwise")]
    stated_by: Annotated[list[str], _doc(
        "A combined profile: the respondents whose stage is the one their own file states (their answers "
        "give none), not judged from answers; [] otherwise")]


class Target(_Out):
    stage: StageId
    met: bool


class Held(_Out):
    characteristics: Annotated[list[str], _doc("Characteristic ids held a stage ahead of the council")]
    note: str | None


class Flag(_Out):
    id: str
    severity: Literal["info", "warning", "high"]
    message: str
    rule: Annotated[str, _doc("The id of the rule that raised it (rules/<id>.yaml)")]
    citations: list[str]
    item: Annotated[str | None, _doc(
        "For a flag raised once per item (a rule with for_each): the item's id, a characteristic, element, "
        "para 36 characteristic, pressure, barrier or technique id, e.g. \"time_scales\"; null for a flag "
        "about the whole profile")]
    roles: Annotated[dict[str, StageId] | None, _doc(
        "The divergence flag: each role's lower median stage; null for other flags")] = None


class Recommendation(_Out):
    rank: Annotated[int, _doc("1 is the first to act on")]
    id: str
    title: str
    action: str
    why: list[str]
    priority: Literal["high", "medium", "low"]
    effort: str
    target_stage: Annotated[StageId | None, _doc("Set only for advice aimed at the overall stage")]
    citations: list[str]
    case_studies: list[str]
    rule: str
    characteristics: Annotated[dict[str, StageId], _doc("Each characteristic the advice moves -> the stage "
                                                        "it asks for; {} when it moves none")]
    basis: Basis
    covers: Annotated[dict[str, dict[str, StageId]], _doc("Other advice merged into this one: its id -> the "
                                                          "characteristics it moves")]
    builds: Annotated[list[str], _doc("What the advice asks the council to build: \"element.<id>\", "
                                      "\"strategic.<id>\" or \"<characteristic>=<stage>\"")]
    starts: Annotated[list[str], _doc("What the advice asks the council to start: \"technique.<id>\", "
                                      "\"benchmarking.<type>\" or \"method_any.<method>\"")]


class ToConfirm(_Out):
    fact: Annotated[str, _doc("The fact the advice would rest on that the profile does not record, e.g. "
                              "\"technique.lean_bpi\"; for a figure the respondents give differently, "
                              "its field, e.g. \"figures.back_office_share_of_gains_pct\"")]
    question: Annotated[str | None, _doc("The question bank's id that records it, or null")]
    text: str
    citations: list[str]


class TraceEntry(_Out):
    rule: str
    title: str
    citation: str
    phase: Annotated[Literal["judge", "classify", "recommend", "consistency"], _doc(
        "consistency: advice held back, or with the council's own case study taken out, and why")]
    basis: Basis
    item: str | None
    facts: dict[str, Any]
    conclusion: str
    answers: Annotated[list[str], _doc("Judge phase: the question ids that decided the stage")]


class PathMove(_Out):
    characteristic: Annotated[str, _doc("The characteristic id the move raises")]
    from_: Annotated[Literal["not_assessed", "transactional", "transitional", "transformational"],
                     _doc("The stage it leaves; not_assessed for the move that assesses it")] = msgspec.field(
                         name="from")
    to: StageId
    descriptor: Annotated[str, _doc("Table 4's words for the stage it reaches")]


class NextStagePath(_Out):
    to: Annotated[StageId, _doc("The next overall stage")]
    moves: Annotated[int, _doc("The fewest moves that reach it: one stage of one characteristic a move; "
                               "assessing a characteristic not assessed is one move")]
    paths: Annotated[list[list[PathMove]], _doc("The first paths that short (at most three), each in order")]
    more: Annotated[int, _doc("How many other paths are as short")]
    basis: Literal["inferred"]


class WhatIfChange(_Out):
    from_: Annotated[str | None, _doc("The stage before (null: not assessed)")] = msgspec.field(name="from")
    to: Annotated[str | None, _doc("The stage after (null: not assessed)")] = None
    change: Annotated[
        str, _doc("up, down, same, newly_assessed or no_longer_assessed (compare's terms)")] = "same"


class WhatIf(_Out):
    set: Annotated[dict[str, str], _doc("Characteristic id -> the stage set (or not_assessed)")]
    overall: WhatIfChange
    characteristics: Annotated[dict[str, WhatIfChange], _doc("The characteristics that changed")]
    flags: Annotated[dict[str, list[dict[str, str]]], _doc("added and removed: [{id, message}]")]
    recommendations: Annotated[dict[str, list[dict[str, str]]], _doc(
        "closed, achieved (the closed ones whose aim the setting reaches, since 1.9), went_down (the closed "
        "ones, not achieved, moving a characteristic the setting lowers, since 1.10) and new: [{id, title}]")]


class BatchMade(_Out):
    version: str
    options: dict[str, Any]
    profile: Annotated[str, _doc("The SHA-256 of the profile's bytes")]


class Person(_Out):
    name: str
    role: Literal["officer", "councillor", "staff", "assessor"] | None
    source: str | None


class Disagreement(_Out):
    question: str
    text: str
    answers: Annotated[dict[str, str], _doc("Respondent -> the answer as shown")]


class Respondents(_Out):
    merge: Literal["median", "worst", "assessor"]
    note: Annotated[str, _doc("The merge rule, as the assessment's reading")]
    people: list[Person]
    disagreements: list[Disagreement]


class Factor(_Out):
    id: Annotated[str, _doc("The Table 3 factor's id, e.g. \"csr07\"")]
    name: Annotated[str, _doc("Its name in Table 3, e.g. \"CSR07\"")]
    recommendation: Annotated[int | None, _doc(
        "The rank of the recommendation that responds to it (its own, or advice it is merged into); null "
        "when none does")]


class Assessment(_Out):
    """`assess --format json`: one council's assessment."""
    schema_version: Annotated[str, _doc("MAJOR.MINOR: a reader checks the major number"),
                              msgspec.Meta(pattern=r"^\d+\.\d+$")]
    council: Annotated[dict[str, str], _doc("The profile's council: name and type")]
    assessed_on: Annotated[str | None, _doc("YYYY-MM-DD, or null")]
    notes: Annotated[str | None, _doc("The assessor's notes from the profile, or null")]
    overall: Overall
    characteristics: Annotated[dict[str, Characteristic], _doc("Characteristic id -> its stage")]
    pressures: Annotated[list[Factor] | None, _doc(
        "The external pressures of Table 3 the council reports, in Table 3's order; [] when it reports "
        "none, null when the profile does not record them")]
    barriers: Annotated[list[Factor] | None, _doc(
        "The internal barriers of Table 3 the council reports, in Table 3's order; [] when it reports none, "
        "null when the profile does not record them")]
    targets: dict[str, Target]
    held: Held
    flags: list[Flag]
    recommendations: list[Recommendation]
    to_confirm: Annotated[list[ToConfirm], _doc("Facts to record where advice would rest on a fact the "
                                                "profile does not give, and figures the respondents of a "
                                                "combined profile give differently")]
    respondents: Annotated[Respondents | None, _doc("A profile combined from several respondents, else null")]
    trace: list[TraceEntry]
    next_stage_path: Annotated[NextStagePath | None, _doc(
        "The shortest path to the next overall stage (the assessment's reading of para 47 and Figure 12); "
        "null at transformational or with nothing assessed")]
    what_if: Annotated[WhatIf | None, _doc("assess --what-if: what was set and what changed; null otherwise")]


class BatchAssessment(Assessment):
    """A council's file written by `batch`: `assess`'s JSON plus how it was made."""
    batch: BatchMade


class BatchVersion(_Out):
    version: str


class BatchSummary(_Out):
    """`batch`'s summary.json: one row a council, the same rows as summary.csv."""
    schema_version: Annotated[str, msgspec.Meta(pattern=r"^\d+\.\d+$")]
    source: Annotated[str, _doc("The folder or CSV the councils came from")]
    batch: BatchVersion
    councils: Annotated[list[dict[str, str | bool | int | float | None]], _doc(
        "One row a council under summary.csv's column names: file, council, type, overall, provisional "
        "(true/false), one column per characteristic id (its stage id, or empty when not assessed), flags "
        "(ids, separated by '; '), flag titles, status (ok or failed) and error; a council that failed "
        "has its file, council, type (where they could be read), status and error, and every other "
        "column empty (\"\"), provisional too")]


class QuestionOption(_Out):
    id: str
    text: str
    stage: StageId | None
    basis: Annotated[Basis | None, _doc("An indicator option's basis: \"report\" (its place puts the words "
                                        "at that stage) or \"inferred\" (the assessment's reading)")] = None
    cite: Annotated[str | None, _doc("The place of the report the option's words come from")] = None
    reasoning: Annotated[str | None, _doc("Why, for an inferred option")] = None


class Question(_Out):
    id: str
    section: str
    characteristic: Annotated[str | None, _doc("For an indicator question: the characteristic it informs")]
    kind: str
    text: str
    help: str | None
    citations: list[str]
    options: list[QuestionOption]


class Questions(_Out):
    """`questions --format json`: the question bank."""
    questions: list[Question]


# -- compare ------------------------------------------------------------------------------------------
class Agreed(_Out):
    stage: StageId
    reason: str


class SpreadOf(_Out):
    respondents: Annotated[dict[str, StageId | None], _doc("Respondent -> judged stage (null: none given)")]
    by_role: Annotated[dict[str, StageId], _doc("The lower median of each role's judged stages")]
    stated_by: Annotated[list[str], _doc("The respondents whose stage is the one their own file states")]
    combined: Annotated[StageId | None, _doc("The merge rule's stage, or null")]
    agreed: Annotated[Agreed | None, _doc("The stage agreed after the workshop (the override), or null")]
    divergent: Annotated[bool, _doc("True when a divergence flag is raised for it")]


class RespondentsBlock(Respondents):
    """A combined profile's respondents in one block (Result.respondents_summary), since schema 1.6."""
    characteristics: Annotated[dict[str, SpreadOf],
                               _doc("Characteristic id -> its spread, in Table 4's order")]


class ComparedPoint(_Out):
    assessed_on: Annotated[str | None, _doc("YYYY-MM-DD, or null")]
    overall: Annotated[StageId | None, _doc("The overall stage then; null when nothing was assessed")]
    source: Annotated[str | None, _doc("The profile's file (or \"case study N\")")]
    respondents: Annotated[RespondentsBlock | Unset, _doc(
        "Only for a profile combined from respondents (since 1.6)")] = UNSET


class Provisional(_Out):
    from_: Annotated[bool, _doc("The older stage is provisional")] = msgspec.field(name="from")
    to: Annotated[bool, _doc("The newer stage is provisional")]


class StageChange(_Out):
    from_: Annotated[StageId | None, _doc("The older stage; null: not assessed")] = msgspec.field(name="from")
    to: Annotated[StageId | None, _doc("The newer stage; null: not assessed")]
    change: Change
    provisional: Annotated[Provisional, _doc(
        "Each side, whether the stage is provisional (since 1.8): the overall stage resting on fewer than "
        "half the characteristics (overall.provisional), a characteristic judged from fewer than half of its "
        "questions (characteristics.<id>.provisional); the movement is then marked provisional")]


class StagePair(_Out):
    from_: StageId | None = msgspec.field(name="from")
    to: StageId | None


class RespondentSpread(_Out):
    from_: Annotated[dict[str, StageId | None], _doc("Respondent -> judged stage")] = msgspec.field(
        name="from")
    to: dict[str, StageId | None]


class CharacteristicChange(StageChange):
    agreed: Annotated[StagePair | Unset, _doc(
        "Only when either profile is combined from respondents: the stage agreed after the workshop (an "
        "override), or null, on each side")] = UNSET
    respondents: Annotated[RespondentSpread | Unset, _doc(
        "Only when either profile is combined from respondents: the raw spread, on each side")] = UNSET


class Listed(_Out):
    pressures: list[str]
    barriers: list[str]
    techniques_used: list[str]
    techniques_planned: list[str]
    figures: Annotated[dict[str, Number], _doc("Figure id -> its value")]
    evidence: Annotated[dict[str, str], _doc("Characteristic id -> its evidence")]


class FromTo(_Out):
    from_: Annotated[Any, _doc("The older value; null: not given")] = msgspec.field(name="from")
    to: Annotated[Any, _doc("The newer value; null: not given")]


class RespondentChange(_Out):
    role: FromTo
    answers: Annotated[list[str], _doc("Question ids whose answer was given, changed or withdrawn")]
    stages: Annotated[list[str], _doc("Characteristic ids whose stage, stated outside the answers, changed")]
    joined: bool
    left: bool


class Changed(_Out):
    figures: dict[str, FromTo]
    evidence: dict[str, FromTo]
    council: Annotated[dict[str, FromTo] | Unset, _doc("name or type -> the change")] = UNSET
    targets: Annotated[dict[str, FromTo] | Unset, _doc("The profile's own targets")] = UNSET
    four_elements: Annotated[dict[str, FromTo] | Unset, _doc("Para 78's elements")] = UNSET
    strategic_approach: Annotated[dict[str, FromTo] | Unset, _doc("Para 36's characteristics")] = UNSET
    stated_stages: Annotated[dict[str, FromTo] | Unset, _doc(
        "A stated stage that changed where the judged stage did not change the same way")] = UNSET
    overrides: Annotated[dict[str, FromTo] | Unset, _doc("Each side the whole override, or null")] = UNSET
    notes: Annotated[FromTo | Unset, _doc("The assessor's notes")] = UNSET
    answers: Annotated[dict[str, FromTo] | Unset, _doc(
        "Question id -> each side the whole answer, or null")] = UNSET
    other: Annotated[dict[str, FromTo] | Unset, _doc("Any other field, by its dotted path")] = UNSET
    respondents: Annotated[dict[str, RespondentChange] | Unset, _doc(
        "A combined profile's respondents compared person by person, only those who changed "
        "(since 1.6)")] = UNSET


class RecommendationRef(_Out):
    id: str
    title: str


class TargetProgress(_Out):
    stage: Annotated[StageId, _doc("The target in force at the older assessment")]
    met_before: bool
    met: Annotated[bool, _doc("Whether the newer assessment meets it")]
    next: Annotated[StageId | None, _doc("The newer assessment's target, or null")]


class CompareFlag(_Out):
    id: Literal["regression", "no_longer_assessed"]
    characteristic: Annotated[str | None, _doc("The characteristic id; null for the overall stage")]
    message: str


class Comparison(_Out):
    """`compare OLD NEW --format json`: two assessments of one council, the older first."""
    schema_version: Annotated[str, msgspec.Meta(pattern=r"^\d+\.\d+$")]
    council: Annotated[dict[str, str], _doc("The newer profile's council: name and type")]
    from_: Annotated[ComparedPoint, _doc("The older assessment")] = msgspec.field(name="from")
    to: Annotated[ComparedPoint, _doc("The newer assessment")]
    overall: StageChange
    characteristics: Annotated[dict[str, CharacteristicChange], _doc("Characteristic id -> its movement")]
    added: Listed
    removed: Listed
    no_longer_recorded: Annotated[
        dict[Literal["pressures", "barriers", "techniques_used", "techniques_planned"], list[str]], _doc(
            "What the older profile lists and the newer one leaves out as a section: not recorded, so not "
            "counted as removed")]
    changed: Changed
    closed_recommendations: Annotated[list[RecommendationRef], _doc(
        "Advice that no longer applies: the newer assessment records what it rested on and no longer gives "
        "it")]
    achieved_recommendations: Annotated[list[RecommendationRef], _doc(
        "The closed recommendations whose aim is reached: every characteristic the advice moves is now at "
        "or above the stage it asked for (since 1.9)")]
    went_down_recommendations: Annotated[list[RecommendationRef], _doc(
        "The closed recommendations, not achieved, that move a characteristic the newer assessment places "
        "lower than the older one did: not reached, rather than no longer applying (since 1.10)")]
    unassessed_recommendations: Annotated[list[RecommendationRef], _doc(
        "Advice not reassessed (since 1.8): the newer profile does not assess a characteristic it moves, or "
        "leaves out a fact it rested on (not recorded, so neither done nor no longer applying)")]
    new_recommendations: list[RecommendationRef]
    carried_recommendations: list[RecommendationRef]
    targets: Annotated[dict[str, TargetProgress], _doc("Progress towards the older assessment's targets")]
    flags: list[CompareFlag]
    ordered_by: Annotated[Literal["assessed_on", "given"] | Unset, _doc(
        "How the profiles were put in order (since 1.8): by assessed_on when every one has it, else as given "
        "on the command line; at the top level only")] = UNSET


class ComparisonTrend(_Out):
    """`compare A B C... --format json`: three or more assessments of one council, in order."""
    schema_version: Annotated[str, msgspec.Meta(pattern=r"^\d+\.\d+$")]
    council: dict[str, str]
    comparisons: Annotated[list[Comparison], _doc("Each consecutive pair, the older first")]
    ordered_by: Annotated[Literal["assessed_on", "given"], _doc(
        "How the profiles were put in order (since 1.8): by assessed_on when every one has it, else as given "
        "on the command line")]
    assessed_on: list[str | None]
    sources: list[str | None]
    trend: Annotated[dict[str, list[StageId | None]], _doc(
        "Characteristic id (and \"overall\") -> its stage at each assessment, in order; null: not assessed")]


# -- benchmark --------------------------------------------------------------------------------------------
class Place(_Out):
    below: int
    same: int
    above: int


class StageCounts(_Out):
    transactional: int
    transitional: int
    transformational: int
    not_assessed: int


class BenchmarkedCohort(_Out):
    size: Annotated[int, _doc("Councils in the cohort (the council itself left out)")]
    source: str
    left_out: Annotated[int, _doc("Profiles (files or rows) of the cohort that could not be read")]
    copies: Annotated[int, _doc(
        "Profiles (files or rows) repeating a council already in the cohort (the same name and type, "
        "ignoring case and spacing), counted once (since 1.8)")]
    council_itself: Annotated[int, _doc(
        "Profiles of the council benchmarked (its name and type), left out of its cohort (since 1.8)")]


class BenchmarkedOverall(_Out):
    stage: StageId | None
    provisional: Annotated[bool, _doc("The council's overall stage rests on fewer than half the "
                                      "characteristics (since 1.8)")]
    cohort: StageCounts
    cohort_provisional: Annotated[int, _doc("Cohort councils whose overall stage is provisional (since 1.8)")]
    place: Annotated[Place | None, _doc("Cohort councils below, at and above the council; null when not "
                                        "assessed")]


class BenchmarkedCharacteristic(_Out):
    stage: StageId | None
    target: StageId | None
    provisional: Annotated[bool, _doc("The council's stage was judged from fewer than half of its questions "
                                      "(since 1.8)")]
    cohort: StageCounts
    cohort_provisional: Annotated[int, _doc("Cohort councils whose stage here is provisional (since 1.8)")]
    place: Place | None


class BenchmarkedTechnique(_Out):
    used: bool
    planned: bool
    recorded: Annotated[bool, _doc("False: the profile says nothing of it (not recorded, never \"no\")")]
    cohort_used: Annotated[int, _doc("Cohort councils recorded as using it")]
    cohort_recorded: Annotated[int, _doc("Cohort councils whose profile records whether they use it")]
    cohort_not_recorded: Annotated[int, _doc("Cohort councils that do not: never counted as not using it")]
    cohort_planned: int
    report_sr04_sites: Annotated[int, _doc("Table 5: case study sites using it in SR04")]
    report_csr07_sites: Annotated[int, _doc("Table 5: case study sites planning it for CSR07")]
    report_sites: Annotated[int, _doc("The case study sites Table 5 counts")]


class CohortSpread(_Out):
    councils: Annotated[int, _doc("Cohort councils that give the figure")]
    too_few: Annotated[bool | Unset, _doc("Present (true) when fewer than the minimum cohort give it: the "
                                          "spread is withheld")] = UNSET
    min: Number | Unset = UNSET
    median: Number | Unset = UNSET
    max: Number | Unset = UNSET


class BackOfficeShare(_Out):
    value: Number | None
    national: Number
    range: list[Number]
    position: Literal["below the national share", "at the national share", "above the national share"] | None
    cohort: CohortSpread | None
    citations: list[str]


class CorporateShare(_Out):
    value: Number | None
    compared_with: Literal["district councils", "single-tier and county councils"]
    average_1999: Number
    average_2007: Number
    cohort: CohortSpread | None
    citations: list[str]


class BenchmarkedFigures(_Out):
    back_office_share_of_gains_pct: BackOfficeShare
    corporate_services_share_of_budget_pct: CorporateShare


class Benchmark(_Out):
    """`benchmark --format json`: where a council stands against a cohort."""
    schema_version: Annotated[str, msgspec.Meta(pattern=r"^\d+\.\d+$")]
    council: dict[str, str]
    cohort: BenchmarkedCohort
    overall: BenchmarkedOverall
    characteristics: dict[str, BenchmarkedCharacteristic]
    techniques: Annotated[dict[str, BenchmarkedTechnique], _doc("Table 5 technique id -> its use")]
    figures: BenchmarkedFigures
    respondents: Annotated[RespondentsBlock | None, _doc(
        "The council's own respondents' spread when its profile is combined from respondents, else null "
        "(since 1.6); the cohort's councils are never shown by respondent")]


# -- knowledge -------------------------------------------------------------------------------------------
class KnowledgeView(_Out):
    """`knowledge [TOPIC] --format json`: the topics asked for (all but profile-format without TOPIC)."""
    characteristics: Annotated[list[knowledge_mod.Characteristic] | Unset, _doc("Table 4")] = UNSET
    pressures: Annotated[list[knowledge_mod.Factor] | Unset, _doc("Table 3")] = UNSET
    barriers: Annotated[list[knowledge_mod.Factor] | Unset, _doc("Table 3")] = UNSET
    techniques: Annotated[list[knowledge_mod.Technique] | Unset, _doc("Table 5")] = UNSET
    case_studies: list[knowledge_mod.CaseStudy] | Unset = msgspec.field(default=UNSET, name="case-studies")
    figures: Annotated[list[knowledge_mod.NationalFigure] | Unset, _doc("The national figures")] = UNSET
    profile_format: Annotated[str | Unset, _doc("docs/profile-format.md, as Markdown")] = msgspec.field(
        default=UNSET, name="profile-format")


def assessment(data: dict[str, Any]) -> dict[str, Any]:
    """`Result.to_dict()` checked against the contract and given back as plain data in the contract's
    order. Raises msgspec.ValidationError when the result does not fit (a defect, never a user error)."""
    return msgspec.to_builtins(msgspec.convert(data, Assessment))


def batch_assessment(data: dict[str, Any]) -> dict[str, Any]:
    """A council's batch file (`assess`'s JSON plus `batch`) checked against the contract, as plain data."""
    return msgspec.to_builtins(msgspec.convert(data, BatchAssessment))


def batch_summary(data: dict[str, Any]) -> dict[str, Any]:
    """summary.json checked against the contract, as plain data."""
    return msgspec.to_builtins(msgspec.convert(data, BatchSummary))


def questions(data: dict[str, Any]) -> dict[str, Any]:
    """The question bank's JSON checked against the contract, as plain data."""
    return msgspec.to_builtins(msgspec.convert(data, Questions))


def comparison(data: dict[str, Any]) -> dict[str, Any]:
    """`compare`'s JSON (two profiles: Comparison; more: ComparisonTrend) checked against the contract,
    as plain data."""
    return msgspec.to_builtins(msgspec.convert(data,
                                               ComparisonTrend if "comparisons" in data else Comparison))


def benchmark(data: dict[str, Any]) -> dict[str, Any]:
    """`benchmark`'s JSON checked against the contract, as plain data."""
    return msgspec.to_builtins(msgspec.convert(data, Benchmark))


def knowledge_view(data: dict[str, Any]) -> dict[str, Any]:
    """`knowledge`'s JSON ({topic: [item, ...]} or {"profile-format": text}) checked against the contract,
    as plain data."""
    return msgspec.to_builtins(msgspec.convert(data, KnowledgeView))


SCHEMAS = {"assess": Assessment, "batch-council": BatchAssessment, "batch-summary": BatchSummary,
           "questions": Questions, "compare": Comparison, "compare-trend": ComparisonTrend,
           "benchmark": Benchmark, "knowledge": KnowledgeView}


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of output `name` (a key of SCHEMAS), as docs/schema/<name>.json holds
    it."""
    out = msgspec.json.schema(SCHEMAS[name])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"backtofront {name} JSON "
            f"(schema_version {SCHEMA_VERSION})", **out}


def write(folder: str) -> None:
    """Write every schema to FOLDER/<name>.json (`make docs`: docs/schema/)."""
    import json
    from pathlib import Path

    for name in SCHEMAS:
        text = json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"
        (Path(folder) / f"{name}.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    import sys

    write(sys.argv[1] if len(sys.argv) > 1 else "docs/schema")
