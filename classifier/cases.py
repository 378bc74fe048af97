"""The report's case-study councils as bundled profiles (examples/cases/*.yaml), for trainers.

Each file holds the case study's number, a profile, and a source for every field of the profile:
`basis: report` where the report states the field (with its sentence), `basis: reading` where the field
is the assessment's reading of the case study (with a note giving the reasoning, and the sentence it
rests on where there is one). A characteristic's supporting sentence is its `evidence`.

A characteristic whose stage the report's own words settle carries `settled_by`: words the evidence
sentence contains that Table 4's descriptor uses at that stage and at no other ("ad-hoc" for Case study 4's
efficiency policy: "This failure led to ad-hoc approaches", Table 4 "Ad-hoc efficiency activity.";
"separate" for Case study 7, Table 4 "Traditional separation of back office and front line activity.").
Words are compared by their stems (`table_4_stems`), so "separate" is found in "separation". Only such a
characteristic is marked right or wrong in a quiz; every other stage is the assessment's reading."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Literal

import msgspec

from . import profile as profile_mod
from .errors import DataError, InputError
from .knowledge import package_folder
from .validation import Invalid, convert, load_yaml


class Source(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    basis: Literal["report", "reading"]
    quote: str | None = None
    note: str | None = None
    settled_by: str | None = None  # Table 4's words at the field's stage, found in its evidence
    # whose words the evidence is, where the report quotes a person ("an officer"), not its own sentence
    speaker: str | None = None
    # where the report says it, when not in the case study itself ("para 31"); None: the case study
    place: str | None = None

    def __post_init__(self):
        if self.basis == "report" and not self.quote:
            raise ValueError("a field the report states needs the report's sentence (quote)")
        if self.basis == "reading" and not self.note:
            raise ValueError("a field that is the author's reading needs a note giving the reasoning")
        if self.place is not None and not re.fullmatch(r"para \d+", self.place):
            raise ValueError("place names the report's paragraph: 'para 31'")


class CaseFile(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    case_study: int
    profile: dict[str, Any]
    sources: dict[str, Source]


class Case(msgspec.Struct, frozen=True):
    number: int
    profile: profile_mod.Profile
    sources: dict[str, Source]
    data: dict[str, Any]  # the profile as written, for display
    file: str


def field_paths(data: dict[str, Any]) -> list[str]:
    """Every field of a profile as written: `characteristics.time_scales`, `pressures.sr04`, ..."""
    out = []
    for key, value in data.items():
        if key in ("notes", "assessed_on"):
            continue
        if key == "characteristics":
            out += [f"characteristics.{k}" for k in value]
        elif isinstance(value, dict):
            for sub, subvalue in value.items():
                if isinstance(subvalue, list):
                    out += [f"{key}.{sub}.{v}" for v in subvalue]
                else:
                    out.append(f"{key}.{sub}")
        elif isinstance(value, list):
            out += [f"{key}.{v}" for v in value]
    return out


_SMALL_WORDS = {"a", "an", "and", "the", "of", "to", "in", "on", "for", "with", "by", "but", "not", "eg",
                "is", "are"}


def table_4_stems(text: str) -> set[str]:
    """The stems of the words of `text` that can settle a stage, lower case, small words ("and", "of")
    left out: "Traditional separation of back office" -> {"tradition", "separat", "back", "offic"}. A stem
    is the word without one ending of -ion, -al, -ed, -es, -s or -e (so "separate", "separation"
    and "separated" share "separat")."""
    stems = set()
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _SMALL_WORDS:
            continue
        for ending in ("ion", "al", "ed", "es", "s", "e"):
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[:-len(ending)]
                break
        stems.add(word)
    return stems


def settling_problem(words: str, stage: str, descriptors: Mapping[Any, str]) -> str | None:
    """Why `words` cannot settle a characteristic at `stage` (None when they can): each of its words must
    be in Table 4's descriptor at `stage` (`descriptors`, stage -> text), and not all of them in another
    stage's descriptor, or the words would fit that stage as well."""
    stems = table_4_stems(words)
    if not stems or not stems <= table_4_stems(descriptors[stage]):
        return f"settled_by \"{words}\" is not Table 4's words at {stage}"
    also = [s for s, d in descriptors.items() if s != stage and stems <= table_4_stems(d)]
    if also:
        return f"settled_by \"{words}\" is also Table 4's words at {', '.join(also)}, so it settles nothing"
    return None


def parse(text: str, name: str) -> Case:
    source = f"examples/cases/{name}"
    try:
        raw = convert(load_yaml(text), CaseFile)
    except Invalid as exc:
        raise DataError(source, [exc.problem]) from None
    except Exception as exc:  # noqa: BLE001 - YAMLError, and ValueError for an impossible date
        raise DataError(source, [f"YAML syntax error: {exc}"]) from None
    try:
        prof = profile_mod.parse(raw.profile, source)
    except InputError as exc:
        raise DataError(source, [f"profile: {p}" for p in exc.problems]) from None
    paths = field_paths(raw.profile)
    problems = [f"sources: no source for {p}" for p in paths if p not in raw.sources]
    problems += [f"sources: {p} is not a field of the profile" for p in raw.sources if p not in paths]
    for p, src in raw.sources.items():
        if src.settled_by is None or p not in paths:
            continue
        group, _, cid = p.partition(".")
        value = raw.profile.get("characteristics", {}).get(cid) if group == "characteristics" else None
        evidence = value.get("evidence") if isinstance(value, dict) else None
        if not evidence:
            problems.append(f"sources: {p}: settled_by needs a characteristic with its evidence sentence")
        elif src.settled_by.lower() not in evidence.lower():
            problems.append(f"sources: {p}: settled_by \"{src.settled_by}\" is not in its evidence sentence")
        else:
            from . import knowledge as knowledge_mod

            table = knowledge_mod.load().characteristics.get(cid)
            stage = value.get("stage") if isinstance(value, dict) else None  # a dict: it has evidence
            problem = settling_problem(src.settled_by, stage, table.descriptors) \
                if table and stage in table.descriptors else None
            if problem:
                problems.append(f"sources: {p}: {problem}")
    if problems:
        raise DataError(source, problems)
    return Case(raw.case_study, prof, dict(raw.sources), raw.profile, name)


@functools.cache
def load_all() -> dict[int, Case]:
    folder = package_folder("examples") / "cases"
    cases = [parse(p.read_text(encoding="utf-8"), p.name) for p in folder.iterdir()
             if p.name.endswith(".yaml")]
    return {c.number: c for c in sorted(cases, key=lambda c: c.number)}


@functools.cache
def stages() -> dict[int, dict[str, str]]:
    """{case study number: {characteristic id: stage id}}: the stages each bundled case profile
    (examples/cases/*.yaml) gives its council, as `load_all` reads them. Every assessment needs them (a case
    study is offered as a model only where its council is at the stage the advice aims at), so they are
    kept in the cache of validated packaged data (knowledge.cached), keyed by the case files' texts:
    a cold start reads one small file instead of parsing seventeen profiles. Raises DataError as
    `load_all` does for a broken case file."""
    from . import knowledge as knowledge_mod

    folder = package_folder("examples") / "cases"
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name.endswith(".yaml")}

    def build() -> dict[int, dict[str, str]]:
        return {n: {cid: str(c.stage) for cid, c in case.profile.characteristics.assessed().items()
                    if c.stage} for n, case in load_all().items()}
    return knowledge_mod.cached("case-stages", texts, dict[int, dict[str, str]], build,
                                code=(__file__, profile_mod.__file__))


@functools.cache
def load_answers() -> dict[int, Case]:
    """The same councils as answers profiles (examples/cases/answers/*.yaml): answers to the question bank
    for the characteristics each bundled profile states, every answer sourced like a profile field
    (`sources: answers.<question_id>`), its evidence note the case study's sentence it rests on."""
    folder = package_folder("examples") / "cases" / "answers"
    cases = [parse(p.read_text(encoding="utf-8"), f"answers/{p.name}") for p in folder.iterdir()
             if p.name.endswith(".yaml")]
    return {c.number: c for c in sorted(cases, key=lambda c: c.number)}


def resolve(number: int) -> tuple[Case, str | None]:
    """The bundled profile for case study `number`, with a note when it is another case study's profile
    (Case study 11 is North Warwickshire, the council of Case study 7). Raises InputError (exit 2) when
    there is none, saying why where the knowledge says (Case study 19 describes two unnamed councils)."""
    from . import knowledge as knowledge_mod

    cases = load_all()
    if number in cases:
        return cases[number], None
    cs = knowledge_mod.load().case_studies.get(number)
    if cs and cs.same_council_as in cases:
        other = knowledge_mod.load().case_studies[cs.same_council_as]
        called = f" (called {cs.council} there)" if cs.council != other.council else ""
        return cases[cs.same_council_as], (f"Case study {number} is about {other.council}{called}, the "
                                           f"council of Case study {other.number}: using that profile.")
    if cs and cs.no_profile:
        raise InputError(f"case study {number} has no bundled profile: {cs.no_profile} "
                         "(`backtofront cases show " f"{number}` prints what it says)")
    kb = knowledge_mod.load()
    usable = sorted({*cases, *(n for n, c in kb.case_studies.items() if c.same_council_as in cases)})
    if cs is None:
        raise InputError(f"there is no case study {number}: the report has case studies "
                         f"{min(kb.case_studies)} to {max(kb.case_studies)}; these have a bundled profile: "
                         f"{', '.join(map(str, usable))} (see `backtofront cases`)")
    raise InputError(f"no bundled profile for case study {number}; these have one: "
                     f"{', '.join(map(str, usable))} (see `backtofront cases`)")


def get(number: int) -> Case:
    """The bundled profile for case study `number` (another case study's, for the same council)."""
    return resolve(number)[0]
