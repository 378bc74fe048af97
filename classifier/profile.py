"""A council's profile: read from YAML or JSON (same shape), validated into typed objects.

Every problem becomes an InputError naming the file, the key path, the bad value, the valid choices
and a "did you mean" where one is close. YAML is read only through the safe loader."""


import datetime as dt
import math
import re
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import msgspec

from . import loading
from .errors import MAX_PROBLEMS, InputError, raise_all
from .knowledge import CouncilType, StageId
from .validation import Invalid, convert, every_problem, guess

COUNTED_PROBLEMS = 5 * MAX_PROBLEMS  # a profile's problems counted for "and N more problems", at most
MAX_COUNCIL_NAME = 200  # characters a council's name may have (Council.name; combine --name)

PressureId = Literal["sr04", "csr07", "financial_position", "political_leadership", "use_of_resources",
                     "council_tax", "wider_economy", "public_expectations"]
BarrierId = Literal["existing_contracts", "organisational_culture", "absence_of_political_will",
                    "low_change_capacity", "risk_aversion", "investment_in_existing_systems",
                    "insufficient_cost_knowledge"]
TechniqueId = Literal["lean_bpi", "ict", "procurement", "asset_management", "transformation_restructuring",
                      "insourcing", "shared_services", "informal_partnerships", "outsourcing",
                      "joint_ventures"]
BenchmarkingId = Literal["strategic", "service", "data"]  # Table 6 (knowledge/lists.yaml benchmarking_types)
Percent = Annotated[float, msgspec.Meta(ge=0, le=100)]
# No council's efficiency gains can be more than all councils in England made together in SR04: £4.3 billion
# (para 8). A figure above it is a slip (a misplaced decimal point, pence for pounds), never a council's.
MAX_GBP = 4.3e9
def pounds_problem(value: float) -> str | None:
    """Why a pound figure (a question's `gbp` unit, a `*_gbp` figure) cannot be a council's, or None: more
    than MAX_GBP (para 8). A figure answer's readers ask it through `figure_problem`; the profile's `*_gbp`
    figures hold the same bound (Money)."""
    if value > MAX_GBP:
        return (f"{value:,.15g} is more than all councils in England made together in SR04 "
                f"(£{MAX_GBP / 1e9:g} billion, para 8): check the figure is in pounds")
    return None


def name_key(name: str) -> str:
    """A council's or a person's name as compared, never as shown: the same letters however they were typed
    (Unicode NFKC: "Café" composed or not, fullwidth letters), without invisible characters (zero-width
    spaces, soft hyphens, joiners, direction marks: Unicode's format characters) or spacing, and without
    case. Two profiles of "Secret DC" that differ only in those are one council (compare, benchmark,
    combine)."""
    import unicodedata

    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf").casefold()


def figure_problem(value: float, unit: str | None) -> str | None:
    """Why `value`, an answer to a number question of `unit` ("pct", "gbp" or None), cannot be the council's,
    or None: negative, a percentage over 100, or pounds over MAX_GBP (`pounds_problem`). Every reader of
    figure answers (a profile's answers, the interview, the workbook) asks this one function, so each says
    the same; the figure is shown grouped and in full ("1,250,000", never "1.25e+06")."""
    if value < 0:
        return f"{value:,.15g} is negative: a figure is 0 or more"
    if unit == "pct" and value > 100:
        return f"{value:,.15g} is more than 100: a percentage is from 0 to 100 (45 for 45%)"
    if unit == "gbp":
        return pounds_problem(value)
    return None


Money = Annotated[float, msgspec.Meta(ge=0, le=MAX_GBP, description=(
    "all councils in England together made £4.3 billion of gains in SR04, para 8"))]

MAX_PROFILE_BYTES = loading.MAX_BYTES


class _Model(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    pass


def _fields(struct: msgspec.Struct) -> list[str]:
    return list(type(struct).__struct_fields__)


class Council(_Model, frozen=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_COUNCIL_NAME, pattern=r"\S")]
    type: CouncilType


class Override(_Model, frozen=True):
    """An assessor's decision that replaces the stage judged from answers (and any stated stage)."""
    stage: StageId
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class Assessment(_Model, frozen=True):
    """A characteristic's stated stage, with the assessor's evidence, and/or an override with its reason."""
    stage: StageId | None = None
    evidence: str | None = None
    override: Override | None = None

    def __post_init__(self):
        if self.stage is None and self.override is None:
            raise ValueError("a characteristic needs a stage, an override {stage, reason}, or both")


AnswerValue = str | list[str] | float


class Answer(_Model, frozen=True):
    """One answer to a question of the bank (knowledge/questions.yaml), with its evidence note; `na`
    (not applicable) takes a one-line `justification`."""
    answer: AnswerValue
    evidence: str | None = None
    justification: str | None = None


Stage = StageId | Assessment | None


class Characteristics(_Model, frozen=True):
    efficiency_policy: Stage = None
    service_transformation: Stage = None
    organisational_change: Stage = None
    back_office_front_line: Stage = None
    planning_monitoring: Stage = None
    sustainability: Stage = None
    time_scales: Stage = None
    management_leadership: Stage = None

    def assessed(self) -> dict[str, Assessment]:
        """The characteristics given a stated stage: {id: Assessment} (an override alone is not one)."""
        out = {}
        for key in _fields(self):
            value = getattr(self, key)
            if value is not None:
                a = value if isinstance(value, Assessment) else Assessment(stage=value)
                if a.stage is not None:
                    out[key] = a
        return out

    def overrides(self) -> dict[str, Override]:
        """The characteristics the assessor overrides: {id: Override}."""
        return {key: value.override for key in _fields(self)
                if isinstance(value := getattr(self, key), Assessment) and value.override is not None}


class Targets(_Model, frozen=True):
    """The stage the council aims for in each characteristic (paras 33, 69-74): any subset of the eight.
    Where none is given, the target is the next stage of an assessed characteristic below transformational."""
    efficiency_policy: StageId | None = None
    service_transformation: StageId | None = None
    organisational_change: StageId | None = None
    back_office_front_line: StageId | None = None
    planning_monitoring: StageId | None = None
    sustainability: StageId | None = None
    time_scales: StageId | None = None
    management_leadership: StageId | None = None

    def given(self) -> dict[str, StageId]:
        return {key: getattr(self, key) for key in _fields(self) if getattr(self, key) is not None}


class Techniques(_Model, frozen=True):
    """The Table 5 techniques the council uses, plans, and neither uses nor plans (`not_used`).

    Three states per technique (classifier/facts.py decides them): a technique in `used` or `planned` is
    a yes, one in `not_used` an explicit no, and one in none of the lists is not recorded. Two forms keep
    their documented meaning, "the council uses none" (and plans only those in `planned`): an explicit
    empty `used: []` with nothing in `not_used`, and the empty section `techniques: {}`. A section that
    leaves `used` out (`used` is None) and lists something planned or not used says nothing of the rest:
    `{planned: [shared_services]}` records one plan, not that the council uses nothing. A profile without
    a `techniques` section records none of them (Profile.techniques is None)."""
    used: list[TechniqueId] | None = None  # None: `used` left out of the section
    planned: list[TechniqueId] = []
    not_used: list[TechniqueId] = []

    @property
    def closed(self) -> bool:
        """Whether the section is the documented "uses none" form: `used: []` with nothing in `not_used`,
        or the empty section `techniques: {}`."""
        if self.not_used:
            return False
        return self.used == [] or (self.used is None and not self.planned)


class Benchmarking(_Model, frozen=True):
    """The types of benchmarking of Table 6 the council uses (`used`) and does not use (`not_used`);
    a type in neither list is not recorded. `benchmarking: {}` or `used: []` says it uses none."""
    used: list[BenchmarkingId] = []
    not_used: list[BenchmarkingId] = []


class Figures(_Model, frozen=True):
    """Optional numbers the rules use. Percentages are 0-100."""
    back_office_share_of_gains_pct: Percent | None = None
    corporate_services_share_of_budget_pct: Percent | None = None
    sr04_efficiency_gains_gbp: Money | None = None
    back_office_gains_gbp: Money | None = None
    cashable_share_pct: Percent | None = None


class FourElements(_Model, frozen=True):
    """Para 78: whether each element of an effective programme is present (true) or lacking (false)."""
    local_priorities: bool | None = None
    consensus: bool | None = None
    robust_challenge: bool | None = None
    commitment_to_techniques: bool | None = None


class StrategicApproach(_Model, frozen=True):
    """Para 36: whether each key characteristic of a strategic approach is present."""
    citizen_perspective: bool | None = None
    linked_to_corporate_objectives: bool | None = None
    political_support: bool | None = None
    efficiency_board: bool | None = None


Role = Literal["officer", "councillor", "staff", "assessor"]
MergeRule = Literal["median", "worst", "assessor"]


class Respondent(_Model, frozen=True):
    """Who answered a profile (or a workbook's cover sheet): a name and a role."""
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    role: Role | None = None


class RespondentAnswers(_Model, frozen=True):
    """One respondent's answers inside a combined council profile (`backtofront combine`): `source` is the
    file they came from; `characteristics`, the stages their own file states outside its answers (each with
    its evidence; a stated stage counts as their judged stage where their answers give none, as for one
    profile: rules BT301, BT306); `answers` as a profile's. An override is the facilitator's decision on the
    combined profile, never one respondent's: refused here."""
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    role: Role | None = None
    source: str | None = None
    characteristics: Characteristics = Characteristics()
    answers: dict[str, AnswerValue | Answer] = {}

    def __post_init__(self):
        if overridden := sorted(self.characteristics.overrides()):
            raise ValueError(f"characteristics.{overridden[0]}.override: an override is the facilitator's "
                             "decision on the combined profile, not a respondent's; give the respondent's "
                             "stage as `stage`, and the agreed stage as an override in the profile's own "
                             "characteristics")

    def answered(self) -> dict[str, Answer]:
        return {qid: a if isinstance(a, Answer) else Answer(answer=a) for qid, a in self.answers.items()}


class LetterInfo(_Model, frozen=True):
    """Who signs a council's letter and to whom it goes (`letter` and `batch --letters`); a value here beats
    the command's --sender and --recipient in `batch` (a CSV's letter.sender and letter.recipient columns)."""
    sender: Annotated[str, msgspec.Meta(min_length=1, max_length=500)] | None = None
    recipient: Annotated[str, msgspec.Meta(min_length=1, max_length=500)] | None = None


class Follows(_Model, frozen=True):
    """The earlier assessment this one follows (`interview --from`): `file`, the earlier profile's path
    relative to this profile's folder, and that assessment's date. `letter` reports the movement since it
    when the file is there, as `--previous FILE` does (issue 17)."""
    file: Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]
    assessed_on: dt.date | None = None


class Profile(_Model, frozen=True):
    council: Council
    assessed_on: dt.date | None = None
    characteristics: Characteristics = Characteristics()
    targets: Targets = Targets()
    pressures: list[PressureId] | None = None  # None: not recorded; []: the council has none
    barriers: list[BarrierId] | None = None    # None: not recorded; []: the council has none
    techniques: Techniques | None = None  # None: not recorded (see Techniques)
    benchmarking: Benchmarking | None = None  # None: not recorded (see Benchmarking)
    figures: Figures = Figures()
    four_elements: FourElements = FourElements()
    strategic_approach: StrategicApproach = StrategicApproach()
    notes: str | None = None
    answers: dict[str, AnswerValue | Answer] = {}
    respondent: Respondent | None = None
    respondents: list[RespondentAnswers] = []
    merge: MergeRule | None = None
    letter: LetterInfo | None = None
    follows: Follows | None = None

    @property
    def techniques_recorded(self) -> bool:
        """Whether the profile records the council's techniques (has a `techniques` section)."""
        return self.techniques is not None

    @property
    def pressure_list(self) -> list[str]:
        """The pressures listed ([] when none is listed or the section is left out: `pressures` tells)."""
        return list(self.pressures or [])

    @property
    def barrier_list(self) -> list[str]:
        """The barriers listed ([] when none is listed or the section is left out: `barriers` tells)."""
        return list(self.barriers or [])

    @property
    def technique_lists(self) -> Techniques:
        """The techniques used and planned; empty lists when not recorded (`techniques_recorded` tells)."""
        t = self.techniques
        if t is None:
            return Techniques(used=[])
        return t if t.used is not None else msgspec.structs.replace(t, used=[])

    def answered(self) -> dict[str, Answer]:
        """Every answer in the long form: {question_id: Answer}, in the profile's order."""
        return {qid: a if isinstance(a, Answer) else Answer(answer=a) for qid, a in self.answers.items()}

    def __post_init__(self):
        t = self.technique_lists
        b = self.benchmarking or Benchmarking()
        for name, values in (("pressures", self.pressures or []), ("barriers", self.barriers or []),
                             ("techniques.used", t.used), ("techniques.planned", t.planned),
                             ("techniques.not_used", t.not_used),
                             ("benchmarking.used", b.used), ("benchmarking.not_used", b.not_used)):
            repeated = sorted(v for v, n in Counter(values).items() if n > 1)
            if repeated:
                raise ValueError(f"{name}: listed more than once: {', '.join(repeated)}")
        names = [name_key(r.name) for r in self.respondents]
        if len(set(names)) != len(names):
            raise ValueError("respondents: a respondent is named twice")
        if self.merge == "assessor" and self.respondents and not any(r.role == "assessor"
                                                                     for r in self.respondents):
            raise ValueError("merge: assessor needs a respondent whose role is assessor")
        both = sorted(set(t.not_used) & (set(t.used) | set(t.planned)))
        if both:
            raise ValueError(f"techniques.not_used: {', '.join(both)} is also listed as used or planned")
        both = sorted(set(b.not_used) & set(b.used))
        if both:
            raise ValueError(f"benchmarking.not_used: {', '.join(both)} is also listed as used")


def parse(data: Any, source: str = "profile") -> Profile:
    """Validate already-parsed data (a dict) into a Profile; InputError naming the key path otherwise.
    Text with control characters, unpaired surrogates or invisible formatting characters (a bidi
    override, a line separator, tag characters: see loading.formatting_problem), non-finite numbers and
    deep nesting are refused here, whatever the data came from; no-break spaces become plain spaces."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else loading.kind(data)
        hint = ""
        if isinstance(data, str) and "," in data.split("\n", 1)[0]:
            hint = "; it looks like CSV, but a profile is YAML or JSON (see docs/profile-format.md)"
        raise InputError(f"expected a mapping with at least a 'council' key, found {kind}{hint}",
                         source=source)
    if problem := loading.check_data(data):
        raise InputError(problem, source=source)
    if "schema_version" in data:  # a JSON output (an assessment, a batch summary), given back as a profile
        raise InputError("is a result file (it has schema_version), not a profile; give the profile that "
                         "was assessed", source=source)
    data = loading.plain_spaces(data)
    problems: list[str] = []  # every problem, one line each (InputError.problems), as a workbook's bad cells
    council = data.get("council")
    if isinstance(council, dict) and isinstance(council.get("name"), str) and \
            (breaks := [c for c in "\n\t\v\f" if c in council["name"]]):
        what = "a line break" if breaks[0] in "\n\v\f" else "a tab"
        problems.append(f"council.name: a council's name is one line, but this one holds {what}; "
                        "write it on one line")
    data = normalise(data, source, problems)
    respondents = data.get("respondents")
    for i, r in enumerate(respondents if isinstance(respondents, list) else []):  # else: the type check says
        if isinstance(r, dict):
            problems += [f"respondents[{i}].{p}" for p in check_answers(r.get("answers"))]
    if "answers" in data:
        problems += check_answers(data["answers"])
    if not problems:
        try:  # the usual case, a valid profile: converted once, never copied to find its every problem
            return msgspec.convert(data, Profile, strict=True)
        except msgspec.ValidationError:
            pass
    # problems counted past those shown, up to COUNTED_PROBLEMS ("and 80 more problems"); beyond, "and more"
    found = every_problem(data, Profile, limit=COUNTED_PROBLEMS)
    problems += found
    raise_all(problems, source, complete=len(found) <= COUNTED_PROBLEMS)
    try:
        return convert(data, Profile)
    except Invalid as exc:  # every_problem found none, so this is not expected; kept as the one message
        raise InputError(exc.problem, source=source) from None


_UK_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})([/.-])(\d{1,2})\2(\d{1,2})")
DATE_FORMS = "YYYY-MM-DD (2008-03-31) or DD/MM/YYYY (31/03/2008)"


def read_date(text: str) -> dt.date:
    """An assessment date as a person writes it: ISO `YYYY-MM-DD` (the form the program writes back; also
    `2008-3-31` and `2008/03/31`, year first), or
    a UK day-first date `DD/MM/YYYY`, `D/M/YYYY`, `DD-MM-YYYY` or `DD.MM.YYYY` (`31/03/2008` is 31 March
    2008; this is a UK tool, so `01/04/2008` is 1 April, never 4 January). ValueError with a short message
    for text in neither form, or a date that does not exist (`31/02/2008`)."""
    text = text.strip()
    if problem := loading.digits_problem(text):
        raise ValueError(f"{text!r} {problem}")
    if m := _ISO_DATE.fullmatch(text):
        year, month, day = int(m.group(1)), int(m.group(3)), int(m.group(4))
    elif m := _UK_DATE.fullmatch(text):
        day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    else:
        raise ValueError(f"{text!r} is not a date: write it as {DATE_FORMS}")
    if why := loading.no_such_day(year, month, day):
        raise ValueError(f"{text!r} is not a real date ({why}); write it as {DATE_FORMS}")
    day_read = dt.date(year, month, day)
    if problem := date_problem(day_read):
        raise ValueError(f"{text!r} {problem}")
    return day_read


# The last year an assessment may be dated: a letter counts weeks and a year on from its dates
LAST_YEAR = 8999


def date_problem(day: dt.date) -> str | None:
    """Why `day` cannot date an assessment or a letter (after LAST_YEAR), or None."""
    return f"is too far ahead: give a date before the year {LAST_YEAR + 1}" if day.year > LAST_YEAR else None


def fraction_notes(profile: "Profile") -> list[str]:
    """One note a percentage given between 0 and 1 (`0.62`, a spreadsheet's 62% typed as a fraction):
    read as under one per cent, as written, but said, with what to write if 62 per cent was meant.
    Percentages are 0-100 (Figures); the figures and the answers to percentage questions (`*_pct`)."""
    given = {f"figures.{name}": getattr(profile.figures, name) for name in profile.figures.__struct_fields__
             if name.endswith("_pct")}
    given |= {f"answers.{qid}": a.answer for qid, a in profile.answered().items() if qid.endswith("_pct")}
    return [f"Note: {where} is {value:g}, read as {value:g} per cent; if {value * 100:g} per cent was meant, "
            f"write {value * 100:g}." for where, value in given.items()
            if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1]


def read_figure(value: Any, where: str, source: str = "profile") -> Any:
    """A figure written as text in a YAML or JSON profile (`"38%"`, `"£1,250,000"`, `"21,5"`) read as
    a spreadsheet cell is in a CSV profile separated by semicolons (`csvtable.number`): `£` before,
    `%` after (the number itself: `38%` is 38.0), thousands grouped in threes, a decimal point or comma.
    One comma or point before three digits groups thousands in pounds (`*_gbp`: `"£475,000"` is 475000,
    as the interview reads it: `csvtable.typed_figure`); in any other figure it could be read two ways
    (`"1,500"`: 1500 or 1.5) and is refused as in a CSV cell. A number, or anything but text, is
    returned unchanged for validation to judge. InputError at `where` (`figures.<name>`) for text that is
    no figure or is ambiguous, with what to write instead."""
    if not isinstance(value, str):
        return value
    from . import csvtable

    unit = "gbp" if where.endswith("_gbp") else "pct" if where.endswith("_pct") else None
    try:
        return csvtable.typed_figure(value, unit)
    except csvtable.NumberError as exc:
        raise InputError(f"{where}: {exc}", source=source) from None


def choice(value: Any, choices: tuple[str, ...] | list[str]) -> Any:
    """`value` as one of `choices` when it is one written as a spreadsheet or a person may write it:
    any case, spaces or hyphens for underscores, spaces around (`London borough` -> `london_borough`,
    `Transformational` -> `transformational`); otherwise `value` unchanged (for validation to refuse it
    with a "did you mean")."""
    if not isinstance(value, str):
        return value
    key = re.sub(r"[\s_-]+", "_", value.strip().lower())
    return key if key in choices else value


def _choices_in(value: Any, choices: tuple[str, ...] | list[str]) -> Any:
    return [choice(v, choices) for v in value] if isinstance(value, list) else choice(value, choices)


def _options_in(question, value: Any) -> Any:
    """An answer's option(s) as ids: an id in any case, or an option's text as the workbook shows it."""
    from .workbook import read_option

    return [read_option(question, v) for v in value] if isinstance(value, list) else read_option(question,
                                                                                                 value)


def normalise(data: dict, source: str = "profile", problems: list[str] | None = None) -> dict:
    """Profile data with what a spreadsheet or a person writes read as the profile means it: enumerated
    values (council type, stages, targets, pressures, barriers, techniques, answers' option ids and
    na/dont_know) in any case and with spaces for underscores (`choice`), `assessed_on` as a UK
    day-first date (`read_date`), and figures written as text (`"38%"`, `"£1,250,000"`) as numbers
    (`read_figure`). A copy; `data` is not changed. InputError for a date that does not exist or a
    figure that is no number or could be read two ways; given `problems`, each such problem is added to it
    instead (one line, as InputError.problems) and the value left out, so that every problem is found."""
    def refused(message: str) -> None:
        if problems is None:
            raise InputError(message, source=source) from None
        problems.append(message)

    from .questions import load as load_bank

    data = dict(data)
    stages = get_args(StageId)
    date = data.get("assessed_on")
    if isinstance(date, str):
        try:
            data["assessed_on"] = read_date(date)
        except ValueError as exc:
            refused(f"assessed_on: {exc}")
            del data["assessed_on"]
    if isinstance(date, dt.date) and (problem := date_problem(date)):   # a date YAML read itself
        refused(f"assessed_on: {date.isoformat()} {problem}")
        del data["assessed_on"]
    if isinstance(follows := data.get("follows"), dict) and isinstance(follows.get("assessed_on"), str):
        try:
            data["follows"] = {**follows, "assessed_on": read_date(follows["assessed_on"])}
        except ValueError as exc:
            refused(f"follows.assessed_on: {exc}")
            data["follows"] = {k: v for k, v in follows.items() if k != "assessed_on"}
    if isinstance(council := data.get("council"), dict) and "type" in council:
        data["council"] = {**council, "type": choice(council["type"], get_args(CouncilType))}
    if isinstance(figures := data.get("figures"), dict):
        data["figures"] = {}
        for key, value in figures.items():
            try:
                data["figures"][key] = read_figure(value, f"figures.{key}", source)
            except InputError as exc:
                refused(str(exc.problems[0]))
    if isinstance(chars := data.get("characteristics"), dict):
        out = {}
        for key, value in chars.items():
            if isinstance(value, dict):
                value = dict(value)
                if "stage" in value:
                    value["stage"] = choice(value["stage"], stages)
                if isinstance(value.get("override"), dict) and "stage" in value["override"]:
                    value["override"] = {**value["override"],
                                         "stage": choice(value["override"]["stage"], stages)}
            else:
                value = choice(value, stages)
            out[key] = value
        data["characteristics"] = out
    if isinstance(targets := data.get("targets"), dict):
        data["targets"] = {key: choice(value, stages) for key, value in targets.items()}
    for key, kind in (("pressures", PressureId), ("barriers", BarrierId)):
        if isinstance(data.get(key), list):
            data[key] = _choices_in(data[key], get_args(kind))
    if isinstance(techniques := data.get("techniques"), dict):
        data["techniques"] = {key: _choices_in(value, get_args(TechniqueId))
                              if key in ("used", "planned", "not_used") else value
                              for key, value in techniques.items()}
    if isinstance(bench := data.get("benchmarking"), dict):
        data["benchmarking"] = {key: _choices_in(value, get_args(BenchmarkingId))
                                if key in ("used", "not_used")
                                else value for key, value in bench.items()}
    if isinstance(respondents := data.get("respondents"), list):
        data["respondents"] = [{**r, "answers": normalise({"answers": r["answers"]}, source,
                                                          problems)["answers"]}
                               if isinstance(r, dict) and isinstance(r.get("answers"), dict) else r
                               for r in respondents]
        data["respondents"] = [{**r, "characteristics": normalise({"characteristics": r["characteristics"]},
                                                                  source)["characteristics"]}
                               if isinstance(r, dict) and isinstance(r.get("characteristics"), dict) else r
                               for r in data["respondents"]]
    for key in ("respondent",):
        if isinstance(r := data.get(key), dict) and "role" in r:
            data[key] = {**r, "role": choice(r["role"], get_args(Role))}
    if isinstance(data.get("respondents"), list):
        data["respondents"] = [{**r, "role": choice(r["role"], get_args(Role))} if isinstance(r, dict)
                               and "role" in r
                               else r for r in data["respondents"]]
    if "merge" in data:
        data["merge"] = choice(data["merge"], get_args(MergeRule))
    if isinstance(answers := data.get("answers"), dict):
        bank = load_bank()
        out = {}
        for qid, entry in answers.items():
            question = bank.by_id.get(qid) if isinstance(qid, str) else None
            if question is not None:
                if isinstance(entry, dict) and "answer" in entry:
                    entry = {**entry, "answer": _options_in(question, entry["answer"])}
                elif not isinstance(entry, dict):
                    entry = _options_in(question, entry)
            out[qid] = entry
        data["answers"] = out
    return data


def unwrap_case(data: Any) -> Any:
    """The `profile` of a case-study file (examples/cases/*.yaml: keys `case_study`, `profile` and
    `sources`, as `--case N` loads them), so the bundled files work wherever a profile is read; any other
    data unchanged."""
    if isinstance(data, dict) and "case_study" in data and "profile" in data \
            and set(data) <= {"case_study", "profile", "sources"}:
        return data["profile"]
    return data


def check_answers(raw: Any) -> list[str]:
    """Problems with a profile's `answers` mapping, checked against the question bank: one line each,
    naming `answers.<question_id>`, the bad value, the valid choices and a "did you mean". Empty when
    the answers are valid. Shapes: {question_id: answer} or {question_id: {answer, evidence,
    justification}}; an answer is an option id (`single`), a list of option ids (`multiple`), a number
    (`number`; 0-100 for a percentage, at least 0 for pounds), `na` (with a justification) or `dont_know`."""
    from .questions import SPECIAL_ANSWERS
    from .questions import load as load_bank
    if raw is None:
        return []
    if not isinstance(raw, dict):
        return [f"answers: expected a mapping of question id to answer, found {loading.kind(raw)}"]
    bank = load_bank()
    problems = []
    for qid, entry in raw.items():
        where = f"answers.{qid}"
        question = bank.by_id.get(qid) if isinstance(qid, str) else None
        if question is None:
            problems.append(f"{where}: unknown question {loading.shown(qid)}; `backtofront questions` lists "
                            f"them{guess(qid, list(bank.by_id))}")
            continue
        if isinstance(entry, dict):
            unknown = [k for k in entry if k not in ("answer", "evidence", "justification")]
            if unknown:
                keys = ["answer", "evidence", "justification"]
                problems.append(f"{where}.{unknown[0]}: unknown key; valid keys: {', '.join(keys)}"
                                f"{guess(unknown[0], keys)}")
                continue
            if "answer" not in entry:
                problems.append(f"{where}.answer: required key is missing")
                continue
            for key in ("evidence", "justification"):
                if entry.get(key) is not None and not isinstance(entry[key], str):
                    problems.append(f"{where}.{key}: expected text, found {loading.kind(entry[key])}")
            value, justification = entry["answer"], entry.get("justification")
        else:
            value, justification = entry, None
        if value == "na":
            if not (isinstance(justification, str) and justification.strip()):
                problems.append(f"{where}: 'na' (not applicable) needs a one-line justification: "
                                f"write {{answer: na, justification: \"...\"}}")
            continue
        if justification is not None:
            problems.append(f"{where}.justification: only an 'na' answer takes a justification; "
                            "use evidence for a note")
        if value == "dont_know":
            continue
        choices = [o.id for o in question.options]
        specials = ", ".join(SPECIAL_ANSWERS)
        if question.kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                problems.append(f"{where}: {loading.shown(value)} is not a number; answer a number, or "
                                f"{specials}")
            elif problem := figure_problem(value, question.unit):
                problems.append(f"{where}: {problem}")
        elif question.kind == "multiple":
            if not isinstance(value, list):
                problems.append(f"{where}: {loading.shown(value)} is not valid; answer a list of option ids "
                                f"({', '.join(choices)}), or {specials}")
                continue
            for item in value:
                if item not in choices:
                    problems.append(f"{where}: {loading.shown(item)} is not an option; choose from "
                                    f"{', '.join(choices)}{guess(item, choices)}")
            repeated = sorted(str(v) for v, n in Counter(map(str, value)).items() if n > 1)
            if repeated:
                problems.append(f"{where}: listed more than once: {', '.join(repeated)}")
        elif value not in choices:
            hint = guess(value, [*choices, *SPECIAL_ANSWERS])
            problems.append(f"{where}: {loading.shown(value)} is not valid; choose one of "
                            f"{', '.join(choices)}, or {specials}{hint}")
    return problems


def read_text(path: str | Path) -> str:
    """The text of a user's file (`-`: standard input), read within the size limit and decoded; an
    InputError that says why it cannot be read otherwise (see loading)."""
    return read_file(path)[1]


def read_file(path: str | Path) -> tuple[bytes, str]:
    """(The bytes, the decoded text) of a user's file, read once: `read_text` with the bytes it decoded, for
    a writer that keeps the file's byte-order mark (interview/store.py)."""
    source = "standard input" if str(path) == loading.STDIN else str(path)
    raw = loading.read_bytes(path, limit=MAX_PROFILE_BYTES)
    text = loading.decode(raw, source)
    if not text.strip():
        raise InputError("is empty; a profile needs at least a 'council' key", source=source)
    return raw, text


def loads(text: str, source: str = "profile", fmt: str | None = None) -> Profile:
    """Parse YAML or JSON text (fmt 'yaml' or 'json'; None sniffs the content) into a Profile."""
    return parse(loading.parse(text, source, fmt), source)


def is_workbook(path: str | Path) -> bool:
    """Whether `path` names an Excel workbook by its extension (.xlsx, .xlsm); here rather than in
    workbook.py, which a profile in YAML or JSON never needs imported."""
    return Path(str(path)).suffix.lower() in (".xlsx", ".xlsm")


def load(path: str | Path) -> Profile:
    """A profile from a file: YAML (.yaml, .yml) or JSON (.json) by extension, sniffed otherwise; `-`
    reads standard input. A case-study file (examples/cases/: `case_study`, `profile`, `sources`) gives its
    `profile`. InputError (exit code 2) for every problem, naming file, place and fix."""
    if is_workbook(path):
        return workbook_profile(path)
    data, source = loading.load(path, limit=MAX_PROFILE_BYTES)
    inner = unwrap_case(data)
    if inner is data:
        return parse(data, source)
    try:
        return parse(inner, source)
    except InputError as exc:   # name the place in the file: profile.council.type
        keys = (*Profile.__struct_fields__, "answers.")
        problems = [f"profile.{p}" if p.startswith(keys) else f"profile: {p}" for p in exc.problems]
        raise InputError(problems[0], source=source, problems=problems, unshown=exc.unshown) from None


def workbook_profile(path: str | Path) -> Profile:
    """The profile in a filled questionnaire workbook (docs/workbook.md): its cover's council and
    respondent, and its answers. InputError naming the sheet and cell of every problem; a cover without
    the council's name or type is one."""
    from . import workbook
    from .questions import load as load_bank

    filled = workbook.read(path, load_bank())
    missing = [(label, cell) for label, key, cell in (("Council", "name", "B1"),
                                                      ("Council type", "type", "B2"))
               if key not in filled.council]
    if missing:
        problems = [f"Cover!{cell}: {label} is blank; give it" for label, cell in missing]
        raise InputError(problems[0], source=str(path), problems=problems)
    return parse(workbook.profile_data(filled), str(path))
