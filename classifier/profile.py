"""A council's profile: read from YAML or JSON (same shape), validated into typed objects.

Every problem becomes an InputError naming the file, the key path, the bad value, the valid choices
and a "did you mean" where one is close. YAML is read only through the safe loader."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from .errors import InputError
from .knowledge import CouncilType, StageId
from .validation import Invalid, convert, load_yaml

PressureId = Literal["sr04", "csr07", "financial_position", "political_leadership", "use_of_resources",
                     "council_tax", "wider_economy", "public_expectations"]
BarrierId = Literal["existing_contracts", "organisational_culture", "absence_of_political_will",
                    "low_change_capacity", "risk_aversion", "investment_in_existing_systems",
                    "insufficient_cost_knowledge"]
TechniqueId = Literal["lean_bpi", "ict", "procurement", "asset_management", "transformation_restructuring",
                      "insourcing", "shared_services", "informal_partnerships", "outsourcing", "joint_ventures"]
Percent = Annotated[float, msgspec.Meta(ge=0, le=100)]
Money = Annotated[float, msgspec.Meta(ge=0)]

MAX_PROFILE_BYTES = 1_000_000


class _Model(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    pass


def _fields(struct: msgspec.Struct) -> list[str]:
    return list(type(struct).__struct_fields__)


class Council(_Model):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    type: CouncilType


class Assessment(_Model):
    """A characteristic's stage, with the assessor's evidence."""
    stage: StageId
    evidence: str | None = None


Stage = StageId | Assessment | None


class Characteristics(_Model):
    efficiency_policy: Stage = None
    service_transformation: Stage = None
    organisational_change: Stage = None
    back_office_front_line: Stage = None
    planning_monitoring: Stage = None
    sustainability: Stage = None
    time_scales: Stage = None
    management_leadership: Stage = None

    def assessed(self) -> dict[str, Assessment]:
        out = {}
        for key in _fields(self):
            value = getattr(self, key)
            if value is not None:
                out[key] = value if isinstance(value, Assessment) else Assessment(stage=value)
        return out


class Targets(_Model):
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

    def given(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in _fields(self) if getattr(self, key) is not None}


class Techniques(_Model):
    used: list[TechniqueId] = []
    planned: list[TechniqueId] = []


class Figures(_Model):
    """Optional numbers the rules use. Percentages are 0-100."""
    back_office_share_of_gains_pct: Percent | None = None
    corporate_services_share_of_budget_pct: Percent | None = None
    sr04_efficiency_gains_gbp: Money | None = None
    back_office_gains_gbp: Money | None = None
    cashable_share_pct: Percent | None = None


class FourElements(_Model):
    """Para 78: whether each element of an effective programme is present (true) or lacking (false)."""
    local_priorities: bool | None = None
    consensus: bool | None = None
    robust_challenge: bool | None = None
    commitment_to_techniques: bool | None = None


class StrategicApproach(_Model):
    """Para 36: whether each key characteristic of a strategic approach is present."""
    citizen_perspective: bool | None = None
    linked_to_corporate_objectives: bool | None = None
    political_support: bool | None = None
    efficiency_board: bool | None = None


class Profile(_Model):
    council: Council
    assessed_on: dt.date | None = None
    characteristics: Characteristics = Characteristics()
    targets: Targets = Targets()
    pressures: list[PressureId] = []
    barriers: list[BarrierId] = []
    techniques: Techniques = Techniques()
    figures: Figures = Figures()
    four_elements: FourElements = FourElements()
    strategic_approach: StrategicApproach = StrategicApproach()
    notes: str | None = None

    def __post_init__(self):
        for name, values in (("pressures", self.pressures), ("barriers", self.barriers),
                             ("techniques.used", self.techniques.used),
                             ("techniques.planned", self.techniques.planned)):
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"{name}: listed more than once: {', '.join(repeated)}")


def parse(data: Any, source: str = "profile") -> Profile:
    """Validate already-parsed data (a dict) into a Profile."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise InputError(f"expected a mapping with at least a 'council' key, found {kind}", source=source)
    try:
        return convert(data, Profile)
    except Invalid as exc:
        raise InputError(exc.problem, source=source) from None


def read_text(path: Path) -> str:
    """The text of a user's file, or an InputError that says why it cannot be read."""
    if not path.exists():
        raise InputError("no such file", source=str(path))
    if path.is_dir():
        raise InputError("is a directory, not a profile file", source=str(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", source=str(path)) from None
    if len(raw) > MAX_PROFILE_BYTES:
        raise InputError(f"is larger than {MAX_PROFILE_BYTES:,} bytes; is it really a profile?", source=str(path))
    if b"\x00" in raw:
        raise InputError("is a binary file, not a YAML or JSON profile", source=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 text", source=str(path)) from None
    if not text.strip():
        raise InputError("is empty; a profile needs at least a 'council' key", source=str(path))
    return text


def loads(text: str, source: str = "profile", fmt: str | None = None) -> Profile:
    """Parse YAML or JSON text (JSON when fmt is 'json' or the text starts with '{')."""
    if fmt == "json" or (fmt is None and text.lstrip().startswith("{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"JSON syntax error at line {exc.lineno} column {exc.colno}: {exc.msg}",
                             source=source) from None
    else:
        try:
            data = load_yaml(text)
        except Exception as exc:  # noqa: BLE001 - YAMLError, and ValueError for an impossible date
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc) or "cannot be parsed"
            raise InputError(f"YAML error{where}: {problem}", source=source) from None
    return parse(data, source)


def load(path: str | Path) -> Profile:
    path = Path(path)
    fmt = "json" if path.suffix.lower() == ".json" else None
    return loads(read_text(path), str(path), fmt)
