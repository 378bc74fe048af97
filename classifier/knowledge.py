"""The report's knowledge, loaded once from knowledge/*.yaml and validated into typed objects."""


import functools
import hashlib
import os
import re
import sys
import tempfile
import types
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeGuard, TypeVar

import msgspec

from .errors import DataError
from .validation import Invalid, convert, load_yaml

StageId = Literal["transactional", "transitional", "transformational"]
CouncilType = Literal["district", "county", "unitary", "metropolitan", "london_borough"]
STAGE_IDS: tuple[str, ...] = ("transactional", "transitional", "transformational")
# A council type's words, the one list every output takes them from: its name as a document's heading gives
# it ("District council"), and its label in a cell, a drop-down or a choice ("District"; "London borough"
# keeps its capital inside a sentence too: `council_type_in_sentence`).
COUNCIL_TYPE_NAMES: dict[str, str] = {"district": "District council", "county": "County council",
                                      "unitary": "Unitary authority",
                                      "metropolitan": "Metropolitan borough council",
                                      "london_borough": "London borough council"}
COUNCIL_TYPE_LABELS: dict[str, str] = {"district": "District", "county": "County", "unitary": "Unitary",
                                       "metropolitan": "Metropolitan", "london_borough": "London borough"}
COUNCIL_TYPE_IDS: tuple[str, ...] = tuple(COUNCIL_TYPE_LABELS)


def council_type_in_sentence(council_type: str) -> str:
    """A council type's label inside a sentence or a summary line: "district", "London borough" (a
    proper name keeps its capital). An unknown id is given as it is."""
    label = COUNCIL_TYPE_LABELS.get(council_type, council_type)
    return label if label.startswith("London") else label.lower()


def is_stage_id(value: object) -> TypeGuard[StageId]:
    """Whether `value` is the id of one of Table 4's stages."""
    return value in STAGE_IDS


class _Model(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    pass


class Stage(_Model, frozen=True):
    id: StageId
    name: str
    rank: int
    summary: str
    citation: str


class Characteristic(_Model, frozen=True):
    id: str
    name: str
    citation: str
    descriptors: dict[StageId, str]

    def __post_init__(self):
        missing = [s for s in STAGE_IDS if s not in self.descriptors]
        if missing:
            raise ValueError(f"characteristic {self.id}: descriptors missing for {', '.join(missing)}")


class CaseStudyLink(_Model, frozen=True):
    number: int
    link: Literal["report", "reading"]
    why: str


class Response(_Model, frozen=True):
    # The advice as one plain sentence of action (its recommendation's title), how (action), and what the
    # cited places of the report say (why): Table 3 gives no response, so all three
    # are the assessment's reading
    title: Annotated[str, msgspec.Meta(min_length=1)]
    action: str
    why: Annotated[str, msgspec.Meta(min_length=1)]
    citations: list[str]
    # Who the improvement plan suggests takes the response on: an actor id of classifier/rules.py's OWNERS
    # (board, scrutiny, cabinet, chief_executive, finance), checked when the rules load
    owner: Annotated[str, msgspec.Meta(min_length=1)]
    # What the response asks the council to build (this project's reading): "strategic.<id>",
    # "element.<id>" or "<characteristic>=<stage>"; advice a council's strengths already meet is held back
    builds: list[str] = []


class Factor(_Model, frozen=True):
    id: str
    name: str
    citation: str
    paras: list[str]
    case_studies: list[CaseStudyLink]
    response: Response

    @property
    def case_study_citations(self) -> list[str]:
        return [f"Case study {c.number}" for c in self.case_studies]


class Method(_Model, frozen=True):
    id: Literal["internal", "mutual", "external"]
    name: str
    citation: str
    description: str


class Value(_Model, frozen=True):
    gbp: int
    council_type: CouncilType


class Technique(_Model, frozen=True):
    id: str
    name: str
    method: Literal["internal", "mutual", "external"]
    citation: str
    sr04_sites: int
    value_range: str
    values: list[Value]
    csr07_sites: int
    note: str | None = None
    # Table 3 barriers (ids) that, where the council records one, make its use of this technique no strength
    # (para 39: outsourcing held back by an existing contract)
    held_back_by: list[str] = []

    def values_for(self, council_type: str) -> list[str]:
        """The Table 5 values printed for a council of this type, e.g. ['£60,000'] (rules BT224 and BT225
        call it from their templates, where dead-code finders do not look)."""
        return [f"£{v.gbp:,}" for v in self.values if v.council_type == council_type]


class Illustrates(_Model, frozen=True):
    pressures: list[str] = []
    barriers: list[str] = []
    techniques: list[str] = []
    characteristics: list[str] = []


class CaseStudy(_Model, frozen=True):
    number: int
    title: str
    council: str
    council_type: CouncilType | None
    council_type_basis: str
    para: str
    summary: str
    illustrates: Illustrates
    figures: list[str]
    stage: StageId | None = None
    # How the report gives the stage: its own sentence states it, or it only prints the case study under
    # the stage's heading (Case study 8 under "Transitional").
    stage_source: Literal["stated", "placed_under_heading"] | None = None
    stage_basis: str | None = None
    same_council_as: int | None = None  # another case study about the same council (7 and 11)
    names_note: str | None = None       # where the report names the council differently
    no_profile: str | None = None       # why no council profile can be drawn from it (Case study 19)
    # why the report tells the case as what to avoid (its title says so): cited as a warning, never offered
    # as a model of a stage (classifier/consistency.models)
    cautionary: str | None = None
    # For a cautionary case study: what its council lacked, as classify-phase facts ("challenge_group",
    # "strategic.political_support"); a council the assessment records with any of them present already has
    # it, and is not sent to the warning (classifier/consistency.models)
    lacked: list[str] = []

    def __post_init__(self):
        if (self.stage is None) != (self.stage_source is None) or (self.stage is None) != (
            self.stage_basis is None):
            raise ValueError(f"case study {self.number}: stage, stage_source and stage_basis go together")

    @property
    def citation(self) -> str:
        return f"Case study {self.number}"


class ListItem(_Model, frozen=True):
    id: str
    text: str
    # The report's words naming the item where `text` goes on to describe it in general (para 36's efficiency
    # board); "" where the text up to its first colon names it
    name: str = ""
    points: list[str] = []


class ReportList(_Model, frozen=True):
    citation: str
    intro: str
    items: list[ListItem]


class BenchmarkingType(_Model, frozen=True):
    id: Literal["strategic", "service", "data"]
    name: str
    description: str
    example: str


class BenchmarkingTypes(_Model, frozen=True):
    citation: str
    title: str
    items: list[BenchmarkingType]


class NationalFigure(_Model, frozen=True):
    id: str
    text: str
    value: float
    unit: str
    citation: str
    name: str = ""  # a plain heading for people ("Total efficiency gains in SR04"); the id is for programs


class Quote(_Model, frozen=True):
    citation: str
    text: str


class YearTarget(_Model, frozen=True):
    """A row of Table 1, in £ billion; the 2004/05 target is printed "Nil" (None here)."""
    year: str
    cumulative_target_gbp_bn: float | None
    reported_gbp_bn: float
    excess_gbp_bn: float

    def __post_init__(self):
        if round(self.reported_gbp_bn - (self.cumulative_target_gbp_bn or 0), 2) != self.excess_gbp_bn:
            raise ValueError(f"{self.year}: the excess is not reported minus target")


class TargetsByYear(_Model, frozen=True):
    """Table 1 with para 9: the SR04 target (7.5 per cent, £3.01 billion) and the gains reported by year."""
    citation: str
    title: str
    target_pct: float
    target_gbp_bn: float
    rows: list[YearTarget]

    def __post_init__(self):
        if self.rows and self.rows[-1].cumulative_target_gbp_bn != self.target_gbp_bn:
            raise ValueError("the last year's cumulative target is not the SR04 target")


class CashableAction(_Model, frozen=True):
    action: str
    kind: Literal["cashable", "non_cashable"]


class CashableActions(_Model, frozen=True):
    """Table 2 with para 11: which efficiency actions release cash; half of SR04 gains had to."""
    citation: str
    title: str
    rule: str
    rule_citation: str
    meaning: dict[Literal["cashable", "non_cashable"], str]
    rows: list[CashableAction]


class NI179(_Model, frozen=True):
    """Paras 26-28: the CSR07 efficiency indicator, the four conditions for a recordable gain, and SR04
    gains above target."""
    citation: str
    definition: str
    conditions: ReportList
    sr04_gains: Quote


class BackOffice(_Model, frozen=True):
    """Appendix 1: the functions the report counts as the back office."""
    citation: str
    text: str
    functions: list[str]

    def __post_init__(self):
        missing = [f for f in self.functions if f not in self.text]
        if missing:
            raise ValueError(f"back office functions not in the definition: {', '.join(missing)}")


class FieldworkCouncils(_Model, frozen=True):
    """Appendix 1: the 23 councils visited (the case study authorities of para 4)."""
    citation: str
    intro: str
    names: list[str]


class Question(_Model, frozen=True):
    q: str
    points: list[str]


class Checklist(_Model, frozen=True):
    number: int
    title: str
    citation: str
    questions: list[Question]


class CharacteristicsFile(_Model, frozen=True):
    source: str
    stages: list[Stage]
    characteristics: list[Characteristic]


class FactorsFile(_Model, frozen=True):
    source: str
    pressures: list[Factor]
    barriers: list[Factor]


class MethodsFile(_Model, frozen=True):
    source: str
    case_study_sites: int
    methods: list[Method]
    techniques: list[Technique]


class CaseStudiesFile(_Model, frozen=True):
    case_studies: list[CaseStudy]


class ListsFile(_Model, frozen=True):
    strategic_characteristics: ReportList
    benchmarking_needs: ReportList
    leadership_traits: ReportList
    four_elements: ReportList
    benchmarking_types: BenchmarkingTypes
    recommendations: ReportList
    national_figures: list[NationalFigure]


class ChecklistsFile(_Model, frozen=True):
    checklists: list[Checklist]


class ContextFile(_Model, frozen=True):
    targets_by_year: TargetsByYear
    cashable_actions: CashableActions
    ni179: NI179
    oep_strands: ReportList
    transformational_government: ReportList
    ict_developments: ReportList
    leadership_elements: ReportList
    recommendations_national_bodies: ReportList
    recommendations_audit_commission: ReportList
    back_office: BackOffice
    fieldwork_councils: FieldworkCouncils


FILES: dict[str, type[_Model]] = {
    "characteristics.yaml": CharacteristicsFile,
    "factors.yaml": FactorsFile,
    "methods.yaml": MethodsFile,
    "case_studies.yaml": CaseStudiesFile,
    "lists.yaml": ListsFile,
    "checklists.yaml": ChecklistsFile,
    "context.yaml": ContextFile,
}


class Knowledge:
    """Everything the rules and renderers know about the report, indexed by id."""

    def __init__(self, files: dict[str, _Model]):
        ch: CharacteristicsFile = files["characteristics.yaml"]  # type: ignore[assignment]
        fa: FactorsFile = files["factors.yaml"]  # type: ignore[assignment]
        me: MethodsFile = files["methods.yaml"]  # type: ignore[assignment]
        cs: CaseStudiesFile = files["case_studies.yaml"]  # type: ignore[assignment]
        li: ListsFile = files["lists.yaml"]  # type: ignore[assignment]
        ck: ChecklistsFile = files["checklists.yaml"]  # type: ignore[assignment]
        cx: ContextFile = files["context.yaml"]  # type: ignore[assignment]
        # keyed by plain str: ids come from profiles, answers and rules as text, checked where they are read
        self.stages: dict[str, Stage] = {s.id: s for s in sorted(ch.stages, key=lambda s: s.rank)}
        self.characteristics = {c.id: c for c in ch.characteristics}
        self.pressures = {p.id: p for p in fa.pressures}
        self.barriers = {b.id: b for b in fa.barriers}
        self.methods: dict[str, Method] = {m.id: m for m in me.methods}
        self.techniques = {t.id: t for t in me.techniques}
        self.case_study_sites = me.case_study_sites
        self.case_studies = {c.number: c for c in cs.case_studies}
        self.strategic_characteristics = li.strategic_characteristics
        self.benchmarking_needs = li.benchmarking_needs
        self.leadership_traits = li.leadership_traits
        self.four_elements = li.four_elements
        self.benchmarking_types: dict[str, BenchmarkingType] = {b.id: b for b in li.benchmarking_types.items}
        self.recommendations = li.recommendations
        self.national_figures = {f.id: f for f in li.national_figures}
        self.checklists = {c.number: c for c in ck.checklists}
        self.targets_by_year = cx.targets_by_year
        self.cashable_actions = cx.cashable_actions
        self.ni179 = cx.ni179
        self.oep_strands = cx.oep_strands
        self.transformational_government = cx.transformational_government
        self.ict_developments = cx.ict_developments
        self.leadership_elements = cx.leadership_elements
        self.recommendations_national_bodies = cx.recommendations_national_bodies
        self.recommendations_audit_commission = cx.recommendations_audit_commission
        self.back_office = cx.back_office
        self.fieldwork_councils = cx.fieldwork_councils
        self._check_references()

    def _check_references(self) -> None:
        problems = []
        for cs in self.case_studies.values():
            for kind, known in (("pressures", self.pressures), ("barriers", self.barriers),
                                ("techniques", self.techniques), ("characteristics", self.characteristics)):
                for ref in getattr(cs.illustrates, kind):
                    if ref not in known:
                        problems.append(f"case_studies.{cs.number}.illustrates.{kind}: unknown id {ref!r}")
        for factor in [*self.pressures.values(), *self.barriers.values()]:
            for link in factor.case_studies:
                if link.number not in self.case_studies:
                    problems.append(f"{factor.id}.case_studies: no case study {link.number}")
        for cs in self.case_studies.values():
            other = self.case_studies.get(cs.same_council_as) if cs.same_council_as else None
            if cs.same_council_as and (other is None or other.same_council_as != cs.number):
                problems.append(f"case_studies.{cs.number}.same_council_as: case study {cs.same_council_as} "
                                f"does not name {cs.number} back")
        if len(self.fieldwork_councils.names) != self.case_study_sites:
            problems.append(f"context.fieldwork_councils: {len(self.fieldwork_councils.names)} names, "
                            f"not the {self.case_study_sites} case study sites")
        if problems:
            raise DataError("knowledge", problems)

    def stage_rank(self, stage_id: str | None) -> int:
        """A stage's rank, 1 (transactional) to 3 (transformational); 0 for None, not assessed (as the facts
        say it). KeyError for an id that is not a stage of Table 4."""
        return self.stages[stage_id].rank if stage_id is not None else 0

    def stage_by_rank(self, rank: int) -> Stage | None:
        for s in self.stages.values():
            if s.rank == rank:
                return s
        return None

    def stage_at(self, rank: int) -> Stage:
        """The stage of rank 1-3 (see `stage_rank`); KeyError for any other rank."""
        stage = self.stage_by_rank(rank)
        if stage is None:
            raise KeyError(rank)
        return stage

    def next_stage(self, stage_id: str | None) -> Stage | None:
        """The stage above `stage_id`; None above the top, or for None (not assessed)."""
        return self.stage_by_rank(self.stage_rank(stage_id) + 1) if stage_id is not None else None

    def case_studies_illustrating(self, kind: str, item_id: str) -> list[str]:
        """Citations of the case studies whose `illustrates.<kind>` lists the item."""
        return [cs.citation for cs in self.case_studies.values() if item_id in getattr(cs.illustrates, kind)]


def list_item(text: str) -> str:
    """A list item of the report without its closing punctuation ("...;", "...; and")."""
    return re.sub(r"(;\s*and|;|,|\.|:)\s*$", "", text.strip())


ModelT = TypeVar("ModelT", bound=msgspec.Struct)


def parse_file(name: str, text: str, model: type[ModelT]) -> ModelT:
    try:
        data = load_yaml(text)
    except Exception as exc:  # noqa: BLE001 - YAMLError, and ValueError for an impossible date
        raise DataError(f"knowledge/{name}", [f"YAML syntax error: {exc}"]) from None
    try:
        return convert(data, model)
    except Invalid as exc:
        raise DataError(f"knowledge/{name}", [exc.problem]) from None


def to_data(obj: msgspec.Struct) -> dict:
    """A knowledge object as plain data (for JSON output)."""
    return msgspec.to_builtins(obj)


def load_from(texts: dict[str, str]) -> Knowledge:
    """Build the knowledge from file texts (name -> YAML), validating each."""
    return Knowledge({name: parse_file(name, texts[name], model) for name, model in FILES.items()})


@functools.cache
def load() -> Knowledge:
    """The packaged knowledge, loaded and validated once per process; the validated files come from the
    user cache (see `cached`) when it holds them for exactly these files and this code."""
    folder = package_folder("knowledge")
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in FILES}
    files = cached("knowledge", texts, types.GenericAlias(tuple, tuple(FILES.values())),
                   lambda: tuple(parse_file(name, texts[name], model) for name, model in FILES.items()),
                   code=(__file__,))
    return Knowledge(dict(zip(FILES, files)))


def package_folder(name: str) -> Any:
    """A folder of the installed package (knowledge, rules, templates, examples): a Path where the package
    is a folder on disk, which is how pip installs it (and cheaper to reach), else importlib.resources'
    traversable (a zipped package). Both give `/`, `iterdir()`, `.name` and `read_text()`."""
    import backtofront

    folder = Path(backtofront.__file__).parent / name
    if folder.is_dir():
        return folder
    from importlib import resources

    return resources.files("backtofront") / name


# -- the cache of validated packaged data -------------------------------------------------------------
# Reading and validating the YAML of the knowledge, the question bank and the rules costs more than the
# rest of a cold start together; their validated form is kept, as msgpack, in the user's cache folder.
# The key is a hash of the package version, the Python and library versions, the data files' texts and
# the source of the modules that define their shape, so an edited file or upgrade never reads a stale
# entry. An unreadable, unwritable, corrupt or stale cache falls back to reading the YAML; the output is
# the same either way (tested for every bundled profile). BACKTOFRONT_NO_CACHE=1 turns it off.

T = TypeVar("T")
CACHE_ENV = "BACKTOFRONT_CACHE_DIR"
NO_CACHE_ENV = "BACKTOFRONT_NO_CACHE"


def cache_dir() -> Path | None:
    """Where the cache lives: $BACKTOFRONT_CACHE_DIR, else $XDG_CACHE_HOME/backtofront, else
    ~/.cache/backtofront; None when caching is turned off (BACKTOFRONT_NO_CACHE set to anything but 0)."""
    if os.environ.get(NO_CACHE_ENV, "0") not in ("", "0"):
        return None
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "backtofront"


def cache_key(kind: str, texts: dict[str, str], code: tuple[str, ...] = ()) -> str:
    """A hex digest of everything a cached entry depends on: version, Python, msgspec, the texts and the
    source files in `code` (paths)."""
    from backtofront import __version__

    h = hashlib.sha256()
    for part in (kind, __version__, sys.version, msgspec.__version__):
        h.update(part.encode() + b"\0")
    for name in sorted(texts):
        h.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    for path in (__file__, *code):
        try:
            h.update(Path(path).read_bytes() + b"\0")
        except OSError:
            h.update(b"?\0")
    return h.hexdigest()[:32]


def cached(kind: str, texts: dict[str, str], shape: Any, build: Callable[[], T],
           code: tuple[str, ...] = ()) -> T:
    """`build()` (which validates `texts`), or its result as cached earlier for the same key.

    `shape` is the msgspec type the result is decoded into (so a damaged entry fails validation and is
    rebuilt); `code` names the source files whose change invalidates the entry. Errors of `build()`
    propagate (nothing is cached); every cache problem is silent: the cache is only ever a shortcut."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{cache_key(kind, texts, code)}.msgpack"
    try:
        return msgspec.msgpack.decode(path.read_bytes(), type=shape)
    except (OSError, msgspec.DecodeError, ValueError, TypeError):
        pass
    value = build()
    write_cache(path, msgspec.msgpack.encode(value))
    try:
        earlier = list(folder.glob(f"{kind}-*.msgpack"))  # entries of earlier versions or edited files
    except OSError:   # a folder that cannot be searched (a parent not ours): no cache, never an error
        earlier = []
    for old in earlier:
        if old != path:
            try:
                old.unlink()
            except OSError:
                pass
    return value


def write_cache(path: Path, data: bytes) -> None:
    """Write a cache file atomically (a reader never sees half of it); silently nothing when unwritable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
