"""A council's profile: read from YAML or JSON (same shape), validated into typed objects.

Every problem becomes an InputError naming the file, the key path, the bad value, the valid choices
and a "did you mean" where one is close. YAML is read only through the safe loader."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from . import loading
from .errors import InputError
from .knowledge import CouncilType, StageId
from .validation import Invalid, convert

PressureId = Literal["sr04", "csr07", "financial_position", "political_leadership", "use_of_resources",
                     "council_tax", "wider_economy", "public_expectations"]
BarrierId = Literal["existing_contracts", "organisational_culture", "absence_of_political_will",
                    "low_change_capacity", "risk_aversion", "investment_in_existing_systems",
                    "insufficient_cost_knowledge"]
TechniqueId = Literal["lean_bpi", "ict", "procurement", "asset_management", "transformation_restructuring",
                      "insourcing", "shared_services", "informal_partnerships", "outsourcing", "joint_ventures"]
Percent = Annotated[float, msgspec.Meta(ge=0, le=100)]
Money = Annotated[float, msgspec.Meta(ge=0)]

MAX_PROFILE_BYTES = loading.MAX_BYTES


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
            repeated = sorted(v for v, n in Counter(values).items() if n > 1)
            if repeated:
                raise ValueError(f"{name}: listed more than once: {', '.join(repeated)}")


def parse(data: Any, source: str = "profile") -> Profile:
    """Validate already-parsed data (a dict) into a Profile; InputError naming the key path otherwise.
    Text with control characters or unpaired surrogates, non-finite numbers and deep nesting are refused
    here, whatever the data came from."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else loading.kind(data)
        hint = ""
        if isinstance(data, str) and "," in data.split("\n", 1)[0]:
            hint = "; it looks like CSV, but a profile is YAML or JSON (see docs/profile-format.md)"
        raise InputError(f"expected a mapping with at least a 'council' key, found {kind}{hint}", source=source)
    if problem := loading.check_data(data):
        raise InputError(problem, source=source)
    try:
        return convert(data, Profile)
    except Invalid as exc:
        raise InputError(exc.problem, source=source) from None


def read_text(path: str | Path) -> str:
    """The text of a user's file (`-`: standard input), read within the size limit and decoded; an
    InputError that says why it cannot be read otherwise (see loading)."""
    source = "standard input" if str(path) == loading.STDIN else str(path)
    text = loading.decode(loading.read_bytes(path, limit=MAX_PROFILE_BYTES), source)
    if not text.strip():
        raise InputError("is empty; a profile needs at least a 'council' key", source=source)
    return text


def loads(text: str, source: str = "profile", fmt: str | None = None) -> Profile:
    """Parse YAML or JSON text (fmt 'yaml' or 'json'; None sniffs the content) into a Profile."""
    return parse(loading.parse(text, source, fmt), source)


def load(path: str | Path) -> Profile:
    """A profile from a file: YAML (.yaml, .yml) or JSON (.json) by extension, sniffed otherwise; `-`
    reads standard input. InputError (exit code 2) for every problem, naming file, place and fix."""
    data, source = loading.load(path, limit=MAX_PROFILE_BYTES)
    return parse(data, source)
