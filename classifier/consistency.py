"""One consistency pass over ranked advice (issue 15): advice that agrees with itself and with the report.

After ranking, each recommendation is checked against what the assessment knows of the council:
- it asks the council to build nothing its strengths say it has (`Recommendation.builds`: a characteristic
  at or above the stage the advice aims at, a para 36 or para 78 element recorded present; and every
  characteristic the advice moves, `Recommendation.characteristics`);
- it asks the council to start nothing the council does or the report says it does (`Recommendation.starts`:
  a technique, a type of benchmarking, a kind of method; the report's word on a case-study council is its
  bundled profile, examples/cases/, every field of which cites the report; and Figure 13 says councils
  taking a transformational approach have already embraced shared services);
- it does not ask the council to do what the report says it did: advice that follows the council's own
  example ("..., as Daventry did" sent to Daventry, Case study 2) is held back;
- it does not send the council to its own case study (case study 11 is the council of case study 7): those
  sentences, citations and case studies are taken out.
Advice held back, and advice with its own case study taken out, is recorded in the trace (phase
"consistency") with the reason. The checks are the assessment's reading of what a letter may say; the
report gives no such rule."""

from __future__ import annotations

import functools
import re
from typing import Any

from msgspec.structs import replace

from .facts import PRESENT
from .knowledge import Knowledge
from .result import PRIORITIES, Quote, Recommendation, TraceEntry

_STOP = {"council", "borough", "district", "city", "county", "metropolitan", "london", "of", "the"}


@functools.lru_cache(maxsize=4096)
def council_key(name: str) -> str:
    """A council's name reduced to what tells it apart: "London Borough of Enfield" -> "enfield",
    "North Warwickshire Borough Council" -> "north warwickshire"; "" for an unnamed council ("A district
    council", "Two unnamed councils")."""
    words = re.sub(r"[^a-z ]", " ", name.lower()).split()
    key = " ".join(w for w in words if w not in _STOP)
    return "" if key in ("a", "two unnamed councils", "two unnamed") else key


def own_cases(council: str, kb: Knowledge, case: int | None = None) -> set[int]:
    """The case studies about this council: `case` (as `--case N` gives it), "(Case study N)" in its name,
    or the case studies whose council has the same name; with every case study about the same council
    (`same_council_as`: 7 and 11). Empty for a council the report does not describe."""
    found: set[int] = set()
    if case:
        found.add(case)
    if m := re.search(r"\(Case study (\d+)\)", council):
        found.add(int(m.group(1)))
    key = council_key(council)
    if key:
        found |= _by_key(kb).get(key, set())
    for n in list(found):
        cs = kb.case_studies.get(n)
        if cs is not None and cs.same_council_as:
            found.add(cs.same_council_as)
    return {n for n in found if n in kb.case_studies}


_BY_KEY: dict[int, tuple[Any, dict[str, set[int]]]] = {}


def _by_key(kb: Knowledge) -> dict[str, set[int]]:
    """{council_key: the numbers of the case studies about that council} for `kb`, built once per knowledge
    base (a process holds one or two)."""
    cached = _BY_KEY.get(id(kb.case_studies))
    if cached is not None and cached[0] is kb.case_studies:
        return cached[1]
    index: dict[str, set[int]] = {}
    for n, cs in kb.case_studies.items():
        index.setdefault(council_key(cs.council), set()).add(n)
    if len(_BY_KEY) >= 8:
        _BY_KEY.clear()
    _BY_KEY[id(kb.case_studies)] = (kb.case_studies, index)
    return index


def report_quotes(characteristics: dict, council: str, kb: Knowledge,
                  case: int | None = None) -> dict[str, Quote]:
    """{characteristic id: Quote(N, place)} for each characteristic whose evidence is the report's own
    sentence: the council is case study N's (own_cases) and the evidence is the bundled profile's quotation
    (examples/cases/), found in the case study ("Case study N") or where its source's `place` says ("para
    31"). `characteristics`: {id: CharacteristicResult}. A council's own evidence, even a case-study
    council's, is not the report's; {} for a council the report does not describe."""
    out: dict[str, Quote] = {}
    own = sorted(own_cases(council, kb, case))
    if own:  # the bundled profiles' module only for a council the report describes
        from . import cases
    for n in own:
        try:
            found = cases.get(n)
        except Exception:  # noqa: BLE001 - a case study without a bundled profile quotes nothing here
            continue
        stated = found.profile.characteristics.assessed()
        for cid, c in characteristics.items():
            if cid not in out and c.evidence and cid in stated and stated[cid].evidence == c.evidence:
                source = found.sources.get(f"characteristics.{cid}")
                out[cid] = Quote(found.number, (source.place if source and source.place else None)
                                 or f"Case study {found.number}")
    return out


def speaker(quote: Quote, cid: str) -> str | None:
    """Whose words characteristic `cid`'s evidence is, where `quote` (as report_quotes gives it) quotes a
    person, not the report's own sentence: the bundled profile's source says ("an officer", `speaker`);
    None otherwise."""
    from . import cases

    try:
        source = cases.get(quote.case).sources.get(f"characteristics.{cid}")
    except Exception:  # noqa: BLE001 - no bundled profile: no speaker
        return None
    return source.speaker if source is not None else None


def stated_stage(council: str, kb: Knowledge, quotes: dict[str, Quote], assessed: set[str],
                 stage: str | None) -> str | None:
    """Where the report itself states this council's approach at `stage` (its overall stage id): the place,
    "para 51" (Case study 9) or "para 48, Case study 7", from knowledge/case_studies.yaml (`stage_source:
    stated`, `stage_basis`). Only for the report's own case: the council is a case-study council and every
    assessed characteristic (`assessed`, ids) rests on the report's sentence about it (`quotes`, as
    report_quotes gives them); None otherwise, and where the report states another stage."""
    if stage is None or not assessed or not assessed <= set(quotes):
        return None
    for n in sorted(own_cases(council, kb)):
        cs = kb.case_studies[n]
        if cs.stage_source == "stated" and cs.stage == stage and cs.stage_basis:
            place = cs.stage_basis.partition(": ")[0].strip()
            return place if place.startswith(("para ", "Case study")) else cs.citation
    return None


def case_reading(council: str, cid: str, evidence: str | None, kb: Knowledge) -> str | None:
    """Why the assessment reads characteristic `cid` of a case-study council at its stage: the note of the
    bundled profile's source (examples/cases/, `basis: reading`) where `evidence` is that profile's quotation
    of the report; None otherwise (another council's own evidence, or a stage the report's words settle)."""
    own = sorted(own_cases(council, kb)) if evidence else []
    if not own:
        return None
    from . import cases

    for n in own:
        try:
            found = cases.get(n)
        except Exception:  # noqa: BLE001 - a case study without a bundled profile reads nothing
            continue
        stated = found.profile.characteristics.assessed().get(cid)
        source = found.sources.get(f"characteristics.{cid}")
        if stated and stated.evidence == evidence and source and source.basis == "reading" and source.note:
            return source.note
    return None


@functools.cache
def _reported(number: int) -> frozenset[str]:
    """What the bundled profile of case study `number` records the council as doing: "technique.<id>"
    (used or planned), "benchmarking.<type>" (used), "method_any.<method>"."""
    from . import cases
    from . import knowledge as knowledge_mod

    try:
        profile = cases.get(number).profile
    except Exception:  # noqa: BLE001 - a case study without a bundled profile reports nothing here
        return frozenset()
    kb = knowledge_mod.load()
    t = profile.technique_lists
    listed = [*(t.used or []), *t.planned]  # used is never None in technique_lists
    out = {f"technique.{tid}" for tid in listed}
    out |= {f"method_any.{kb.techniques[tid].method}" for tid in listed}
    if profile.benchmarking:
        out |= {f"benchmarking.{b}" for b in profile.benchmarking.used}
    return frozenset(out)


def reported(own: set[int]) -> set[str]:
    """What the report says the council with case studies `own` does (see `_reported`)."""
    return set().union(*(_reported(n) for n in own)) if own else set()


def _names(own: set[int], kb: Knowledge) -> list[str]:
    """The short names of the council in its case studies ("Enfield", "North Warwickshire")."""
    return sorted({council_key(kb.case_studies[n].council) for n in own} - {""})


def _as_it_did(text: str, names: list[str]) -> str | None:
    """The council's name when `text` follows its own example ("..., as Daventry did" sent to Daventry):
    the report says the council did what the advice asks, so the advice is not given. None otherwise."""
    for name in names:
        if m := re.search(rf"\bas ({re.escape(name)})\s+did\b", text, flags=re.IGNORECASE):
            return m.group(1)
    return None


def _without_own(text: str, names: list[str], own: set[int]) -> str:
    """`text` without what points the council at itself: ", as Daventry did" clauses, and the sentences
    that name the council or cite its own case study."""
    for name in names:
        text = re.sub(rf",?\s+as {re.escape(name)}\s+did\b", "", text, flags=re.IGNORECASE)
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z(])", text.strip())
    pattern = [re.compile(rf"\b{re.escape(n)}\b", re.IGNORECASE) for n in names]
    pattern += [re.compile(rf"\bCase study {n}\b") for n in own]
    return " ".join(s for s in sentences if not any(p.search(s) for p in pattern))


def _strength(item: str, fact: dict[str, Any], kb: Knowledge) -> str | None:
    """Why `item` (from `builds`) is a strength the council has, or None."""
    if "=" in item:
        cid, _, stage = (x.strip() for x in item.partition("="))
        rank = fact.get(f"stage.{cid}") or 0
        if cid in kb.characteristics and stage in kb.stages and rank and rank >= kb.stage_rank(stage):
            return (f"{kb.characteristics[cid].name} is already {kb.stage_at(rank).name.lower()}, at or "
                    f"above the {kb.stages[stage].name.lower()} stage this advice aims at")
        return None
    if item in ("challenge_group", "efficiency_board") and fact.get(item) == PRESENT:
        return {"challenge_group": "the council answers that it has a senior-level challenge group (para 43)",
                "efficiency_board": "the council has an efficiency board or committee, by its profile or "
                                    "answers (para 36)"}[item]
    if fact.get(item) == PRESENT:
        group, _, key = item.partition(".")
        where = "para 78" if group == "element" else "para 36"
        return f"the assessment records {key.replace('_', ' ')} present ({where})"
    return None


def _case_stages(number: int) -> dict[str, str]:
    """{characteristic id: stage id} the bundled profile of case study `number` gives its council (the
    report's case read by this assessment; another case study's, for the same council, as cases.get
    gives it); {} for a case study without a bundled profile."""
    from . import cases
    from . import knowledge as knowledge_mod

    every = cases.stages()
    if number in every:
        return every[number]
    cs = knowledge_mod.load().case_studies.get(number)
    return every.get(cs.same_council_as, {}) if cs and cs.same_council_as else {}


def _cited(cite: str, kb: Knowledge):
    """The case study a citation names ("Case study 4"), or None (another kind of citation, or no such
    case study)."""
    m = re.fullmatch(r"Case study (\d+)", cite.strip())
    return kb.case_studies.get(int(m.group(1))) if m else None


def models(rec: Recommendation, kb: Knowledge, fact: dict[str, Any] | None = None) -> tuple[list[str],
                                                                                          list[str]]:
    """The case studies `rec` may offer as a model, and those it may not: advice that moves characteristics
    to stages (`Recommendation.characteristics`) sends the reader only to a case council this assessment
    gives one of those stages at or above the stage aimed at (its bundled profile, examples/cases/), or whose
    approach the report states at or above it (knowledge/case_studies.yaml `stage_source: stated`). A
    cautionary case study (`cautionary`) is a warning, not a model, and is kept, unless `fact` (the
    classify-phase fact) records present something its council lacked (`lacked`): that council has it. Every
    case study of advice that moves no characteristic is kept. Returns (kept, taken out), each in `rec`'s
    order."""
    aims = {cid: stage for cid, stage in rec.characteristics.items()
            if cid in kb.characteristics and stage in kb.stages}
    kept: list[str] = []
    out: list[str] = []
    for cite in rec.case_studies:
        cs = _cited(cite, kb)
        if cs is not None and cs.cautionary and fact and any(fact.get(f) == PRESENT for f in cs.lacked):
            out.append(cite)   # a warning about what this council has
            continue
        if cs is None or cs.cautionary or not aims:  # a warning, not a model; or no stage to be a model of
            kept.append(cite)
            continue
        stages = _case_stages(cs.number)   # another case study's, for the same council, where it has none
        at = any(cid in stages and kb.stage_rank(stages[cid]) >= kb.stage_rank(stage)
                 for cid, stage in aims.items())
        stated = cs.stage_source == "stated" and cs.stage is not None and all(
            kb.stage_rank(cs.stage) >= kb.stage_rank(stage) for stage in aims.values())
        (kept if at or stated else out).append(cite)
    return kept, out


# Figure 13: "Councils taking a transformational approach to back office efficiency have already embraced
# these key elements", shared services among them. A transformational council is not told to start them.
EMBRACED_BY_TRANSFORMATIONAL = ("method_any.mutual", "technique.shared_services")


def check(recs: list[Recommendation], fact: dict[str, Any], kb: Knowledge, council: str,
          case: int | None = None, overall: str | None = None) -> tuple[
              list[Recommendation], list[TraceEntry]]:
    """The ranked recommendations `recs` made consistent with the council's strengths, its case studies and
    the report; `fact` is the classify-phase fact (stages as ranks, three-state council facts), `council`
    the council's name, `overall` its overall stage id (None: not assessed). Returns (the advice kept, in
    order; the trace entries saying what was held back or changed and why)."""
    own = own_cases(council, kb, case)
    names = _names(own, kb)
    says = reported(own)
    kept: list[Recommendation] = []
    notes: list[TraceEntry] = []

    def note(rec: Recommendation, what: str, why: str) -> None:
        notes.append(TraceEntry(rec.rule, f"Consistency: {what}", ", ".join(rec.citations), "consistency",
                                "inferred", rec.id, {}, why))

    for rec in recs:
        reasons = [w for item in rec.builds if (w := _strength(item, fact, kb))]
        reasons += [w for cid, stage in rec.characteristics.items()
                    if (w := _strength(f"{cid}={stage}", fact, kb))]
        for item in rec.starts:
            if fact.get(item) == PRESENT:
                reasons.append(f"the profile records that the council already does it ({item})")
            elif item in says:
                cases = ", ".join(f"Case study {n}" for n in sorted(own))
                reasons.append(f"the report says the council does it ({item}; {cases})")
            elif item in EMBRACED_BY_TRANSFORMATIONAL and overall == "transformational":
                reasons.append("councils taking a transformational approach have already embraced shared "
                               "services (Figure 13)")
        if did := _as_it_did(rec.action, names):
            cases = ", ".join(f"Case study {n}" for n in sorted(own))
            reasons.append(f"the advice is what the report says the council did (\"as {did} did\"; {cases})")
        if reasons:
            note(rec, "held back", "Held back: " + "; ".join(reasons) + ".")
            continue
        kept_models, not_models = models(rec, kb, fact)
        if not_models:
            rec = replace(rec, case_studies=kept_models,
                          citations=[c for c in rec.citations if c not in not_models])
            warnings = [c for c in not_models if (cs := _cited(c, kb)) is not None and cs.cautionary]
            stages = [c for c in not_models if c not in warnings]
            if stages:
                note(rec, "case study not offered as a model",
                     "A case study is offered as a model only where its council is at the stage the advice "
                     "aims at: " + ", ".join(stages) + " is not.")
            if warnings:
                note(rec, "cautionary case study not offered",
                     "A cautionary case study is not offered to a council the assessment records with what "
                     "its council lacked: " + ", ".join(warnings) + ".")
        if own:
            own_cites = {f"Case study {n}" for n in own}
            action = _without_own(rec.action, names, own)
            changed = (action.split() != rec.action.split() or own_cites & set(rec.case_studies)
                       or own_cites & set(rec.citations))
            if changed:
                if not action:
                    note(rec, "held back",
                         "Held back: the advice rests only on the council's own case study.")
                    continue
                rec = replace(rec, action=action if action.split() != rec.action.split() else rec.action,
                              case_studies=[c for c in rec.case_studies if c not in own_cites],
                              citations=[c for c in rec.citations if c not in own_cites])
                note(rec, "own case study taken out",
                     "The council's own case study is not given to it as an example to follow: "
                     + ", ".join(sorted(own_cites)) + ".")
        kept.append(rec)
    return kept, notes


def one_each(recs: list[Recommendation]) -> tuple[list[Recommendation], list[TraceEntry]]:
    """No two recommendations saying the same thing: advice that builds what earlier advice (in rank order)
    builds (`Recommendation.builds`: the same para 36 or para 78 element, or the same characteristic at the
    same stage) is one recommendation with it, in the earlier's place and at the higher priority of the two.
    Its words (id, title, action, owner, timing) are the report's where one of the two is the report's advice
    and the other the assessment's reading (`basis`), else the earlier's; it takes both's reasons, citations,
    case studies and what they build, and the other's id goes into `covers`. A pressure or barrier of Table 3
    whose response another rule already gives is so context to that advice, its reason saying that the council
    reports it. Returns (the advice kept, in order; the trace entries naming what was merged into what). The
    merge is the assessment's reading of what a letter may say; the report gives no such rule."""
    kept: list[Recommendation] = []
    notes: list[TraceEntry] = []
    for rec in recs:
        host = next((i for i, k in enumerate(kept) if set(k.builds) & set(rec.builds)), None)
        if host is None:
            kept.append(rec)
            continue
        k = kept[host]
        words, other = (rec, k) if (k.basis, rec.basis) == ("inferred", "report") else (k, rec)
        kept[host] = replace(
            words, priority=min(k.priority, rec.priority, key=PRIORITIES.index),
            why=_merged(words.why, other.why), citations=_merged(words.citations, other.citations),
            case_studies=_merged(words.case_studies, other.case_studies),
            builds=_merged(words.builds, other.builds), rests_on=_merged(words.rests_on, other.rests_on),
            characteristics={**other.characteristics, **words.characteristics},
            covers={key: v for key, v in {**words.covers, other.id: dict(other.characteristics),
                                          **other.covers}.items()
                    if key != words.id},
            basis="inferred" if "inferred" in (k.basis, rec.basis) else k.basis)
        notes.append(TraceEntry(other.rule, "Consistency: one recommendation", ", ".join(other.citations),
                                "consistency", "inferred", other.id, {}, f"Merged into “{words.title}”: both "
                                                                         "ask "
                                "the council to build the same thing."))
    return kept, notes


def _merged(*lists: list[str]) -> list[str]:
    return list(dict.fromkeys(x for xs in lists for x in xs))
