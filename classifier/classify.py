"""Classifying a profile: facts -> classify rules -> overall stage -> recommend rules -> one Result."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from msgspec.structs import asdict, replace

from . import answers as answers_mod
from . import consistency
from . import facts as facts_mod
from . import knowledge as knowledge_mod
from . import paths as paths_mod
from . import questions as questions_mod
from . import rules as rules_mod
from .engine import CompiledRules
from .facts import ABSENT, PRESENT
from .knowledge import Knowledge, StageId
from .profile import Profile
from .result import (
    PRIORITIES,
    READING_MARKER,
    CharacteristicResult,
    Flag,
    Overall,
    Recommendation,
    Result,
    StageView,
    Target,
    ToConfirm,
    TraceEntry,
    WhyNot,
)
from .rules import OWNERS, EngineRule, RuleSet, counted


def _compiled_phase(ruleset: RuleSet, phase: str) -> tuple[CompiledRules, dict[str, EngineRule]]:
    """A phase's rules compiled once per rule set (durable-rules keeps every compiled set for good)."""
    if phase not in ruleset.compiled:
        ers = {er.key: er for r in ruleset.phase(phase) for er in r.engine_rules}
        ruleset.compiled[phase] = (CompiledRules(ers.values()), ers)
    return ruleset.compiled[phase]


class Classifier:
    """Knowledge and rules, loaded and compiled once; `classify()` for each profile."""

    def __init__(self, kb: Knowledge | None = None, ruleset: RuleSet | None = None):
        self.kb = kb or knowledge_mod.load()
        self.rules = ruleset or rules_mod.load(self.kb)
        self._order = {r.id: i for i, r in enumerate(sorted(self.rules.rules, key=lambda r: r.id))}
        self._facts = facts_mod.catalogue(self.kb, self.rules.flag_ids)
        self._first_rules = {r.id for r in self.rules.rules
                             if r.spec.then.recommendation and r.spec.then.recommendation.first}
        self._paths: paths_mod.PathFinder | None = None

    # -- facts shown to people --------------------------------------------------------------
    def show_fact(self, name: str, value: Any) -> Any:
        kind = self._facts[name].kind
        if kind == "stage":
            stage = self.kb.stage_by_rank(value) if isinstance(value, int) else None
            return stage.id if stage else "not_assessed"
        if kind == "yesno":
            return bool(value)
        return value

    def describe_fact(self, name: str, value: Any) -> str:
        return self.describe_shown(name, self.show_fact(name, value))

    def describe_shown(self, name: str, shown: Any) -> str:
        """A fact in plain words, from its shown value (as in the trace): no fact names or ids."""
        group, _, key = name.partition(".")
        kb = self.kb
        if group == "stage":
            return f"{kb.characteristics[key].name}: {shown.replace('_', ' ')}"
        if group in ("pressure", "barrier"):
            table = kb.pressures if group == "pressure" else kb.barriers
            name = _lower(table[key].name)
            return {PRESENT: f"The profile lists {name} as a {group}",
                    ABSENT: f"The profile says {name} is not a {group}"}.get(
                shown, f"The profile does not record whether {name} is a {group}")
        if group in ("technique_used", "technique_planned", "technique"):
            verb = {"technique_used": "uses", "technique_planned": "plans",
                    "technique": "uses or plans"}[group]
            name = _lower(kb.techniques[key].name)
            absent = ("neither uses nor plans" if group == "technique"
                      else "does not " + verb.removesuffix("s"))
            return {PRESENT: f"The council {verb} {name}",
                    ABSENT: f"The profile says the council {absent} {name}"}.get(
                shown, f"The profile does not record whether the council {verb} {name}")
        if group in ("method_use", "method_any"):
            verb = "uses" if group == "method_use" else "uses or plans"
            name = kb.methods[key].name.lower()
            return {PRESENT: f"The council {verb} one of the {name}",
                    ABSENT: "The profile says the council "
                            f"{'uses none' if group == 'method_use' else 'neither uses nor plans any'} of "
                            f"the {name}"}.get(
                shown, f"The profile does not record whether the council {verb} one of the {name}")
        if group == "benchmarking":
            name = kb.benchmarking_types[key].name.lower()
            return {PRESENT: f"The council uses {name} benchmarking (Table 6)",
                    ABSENT: f"The profile says the council does not use {name} benchmarking"}.get(
                shown, f"The profile does not record whether the council uses {name} benchmarking")
        if name == "techniques.recorded":
            return ("The profile records which techniques the council uses" if shown
                    else "The profile does not record which techniques the council uses")
        if group in ("method_used", "method_planned"):
            verb = "uses" if group == "method_used" else "plans"
            return (f"The council {verb} "
                    f"{counted(shown, kb.methods[key].name.lower().removesuffix(' methods') + ' technique')}")
        if group in ("element", "strategic"):
            items = kb.four_elements.items if group == "element" else kb.strategic_characteristics.items
            text = next((i.text for i in items if i.id == key), key)
            where = "para 78" if group == "element" else "para 36"
            text = knowledge_mod.list_item(text).split(":")[0]
            state = {"present": "present", "absent": "lacking"}.get(shown, "not stated")
            return f"{text[0].upper() + text[1:]} ({where}): {state}"
        if group == "leadership":  # para 89, by the council's answers (facts.LEADERSHIP_ANSWERS)
            text = knowledge_mod.list_item(next((i.text for i in kb.leadership_elements.items
                                                 if i.id == key), key.replace("_", " ")))
            state = {"present": "strong", "absent": "weak or none"}.get(shown, "not recorded")
            return f"{text[0].upper() + text[1:]} by the council's leaders (para 89): {state}"
        if group == "strategic_answered" and key in facts_mod.STRATEGIC_ANSWERS:  # para 36, by an option
            text = knowledge_mod.list_item(next((i.text for i in kb.strategic_characteristics.items
                                                 if i.id == key), key.replace("_", " "))).split(":")[0]
            question, yes, _ = facts_mod.STRATEGIC_ANSWERS[key]
            q = questions_mod.load().by_id[question]
            option = next(o.text for o in q.options if o.id in yes)
            state = "answered" if shown == PRESENT else "not answered"
            return (f"{text[0].upper() + text[1:]} (para 36), as the answer “{option}” to “{q.text}” gives "
                    f"it: {state}")
        if group == "overall":
            return f"Overall stage: {shown.replace('_', ' ')}"
        if group == "figure":
            label = key.removesuffix("_pct").removesuffix("_gbp").replace("_", " ").replace("sr04", "SR04")
            return f"{label[0].upper() + label[1:]}: {figure_words(key, shown)}"
        if group == "council":
            return f"Council type: {str(shown).replace('_', ' ')}"
        if name == "assessed_count":
            return f"Characteristics assessed: {shown} of 8"
        if name in ("share_transitional_or_above_pct", "share_transformational_pct"):
            which = "transitional or transformational" if "above" in name else "transformational"
            return f"Assessed characteristics at {which}: {shown} per cent"
        if group == "answers" and key.partition(".")[0] in kb.characteristics:  # the judge phase (issue 10)
            cid, _, what = key.partition(".")
            words = {k: text for k, _, text in facts_mod.JUDGE_FACTS}[what]
            shown = shown.replace("_", " ") if isinstance(shown, str) else shown
            return f"{kb.characteristics[cid].name}, {words}: {shown}"
        if group in ("stated", "override"):
            what = "stated stage" if group == "stated" else "override"
            return f"{kb.characteristics[key].name}, " + (f"no {what}" if shown == "not_assessed"
                                                          else f"{what}: {shown}")
        fact = self._facts.get(name)
        label = fact.help if fact else name.replace("_", " ")
        return f"{label[0].upper() + label[1:]}: {str(shown).replace('_', ' ')}"

    def why_not(self, stage: str, result: Result) -> list[str]:
        """Why the overall stage did not reach `stage`: one plain sentence per unmet condition of the rules
        that reach it, e.g. "To be transitional, at least half of the assessed characteristics must be
        transitional or transformational; here 20 per cent are." (the rules rest on para 47 and Table 4)."""
        out = []
        for rule in self.rules.phase("classify"):
            if rule.spec.then.stage != stage:
                continue
            lead = f"To be {stage} ({rule.citation}), "
            for er in rule.engine_rules:
                for c in er.all:
                    value = result.facts.get(c.fact)
                    if not c.holds(value):
                        out.append(lead + self._unmet(c, value) + ".")
                if er.any and not any(c.holds(result.facts.get(c.fact)) for c in er.any):
                    out.append(lead + "one of these must hold: " + "; or ".join(
                        f"{self._label(c.fact)} {_OP_WORDS[c.op]} "
                        f"{_shown_words(self.show_fact(c.fact, c.value))}"
                        for c in er.any) + ".")
        return out

    def why_not_next(self, result: Result) -> WhyNot | None:
        """Why the overall stage of `result` is not the next one up (`why_not` for that stage), marked
        `inferred` where a rule reaching that stage is the assessment's own reading of the report (para 47,
        Table 4 give no formula). None when the council is transformational or not assessed, or when no
        condition is unmet (nothing to explain)."""
        nxt = self.kb.next_stage(result.overall.stage) if result.overall.stage else None
        if nxt is None:
            return None
        reasons = self.why_not(nxt.id, result)
        if not reasons:
            return None
        inferred = any(r.spec.basis == "inferred" for r in self.rules.phase("classify")
                       if r.spec.then.stage == nxt.id)
        return WhyNot(nxt.id, nxt.name, reasons, "inferred" if inferred else "report")

    def _unmet(self, c: rules_mod.Condition, value: Any) -> str:
        """One unmet condition in words: what it needs, then what the profile has."""
        if c.fact in _SHARE_WORDS and c.op == "gte":
            amount = _SHARE_AMOUNTS.get(c.value, f"{c.value} per cent")
            return (f"at least {amount} of the assessed characteristics must be {_SHARE_WORDS[c.fact]}; "
                    f"here {value if value is not None else 0} per cent are")
        wanted = self.show_fact(c.fact, c.value) if c.op not in ("in", "exists") else c.value
        shown = self.show_fact(c.fact, value)
        label = self._label(c.fact)
        here = _shown_words(shown) if shown not in (None, "") else "not assessed"
        if c.op == "exists":
            return f"{label} must be given; here it is {here}"
        return f"{label} must be {_MUST_WORDS[c.op]}{_shown_words(wanted)}; here it is {here}"

    def _label(self, name: str) -> str:
        """A fact's plain name, for "needs ... at least ..." sentences."""
        if name.startswith("stage."):  # inside a sentence: "..., efficiency policy must be transformational"
            label = self.kb.characteristics[name.removeprefix("stage.")].name
            return label[0].lower() + label[1:] if label[1:2].islower() else label
        fact = self._facts.get(name)
        label = fact.help if fact else name.replace("_", " ")
        return re.sub(r"\s*\((Table|para) [^)]*\)", "", label).replace("'", "")

    # -- classification ----------------------------------------------------------------------
    def classify(self, profile: Profile, source: str | None = None) -> Result:
        kb = self.kb
        spread = None
        if profile.respondents:   # a combined profile: the merge rule's stages, the spread kept
            from . import respondents as respondents_mod
            profile, spread = respondents_mod.merge(profile, questions_mod.load(), kb)
        original = profile
        judged, flags, trace = self.judge(profile, spread)  # answers -> stages, a step of its own (see judge)
        answers = _answered(judged, self.kb)   # what rule templates read of the answers, found once
        if spread is not None:   # a stage the merge rule reached rests on the respondents' answers combined
            for cid, b in judged.basis.items():
                if b == "stated" and spread.characteristics[cid].merged:
                    judged.basis[cid] = "combined"
        profile = judged.profile
        fact = facts_mod.build(profile, kb, original, spread.alike if spread is not None else None)
        fact["unevidenced_share_pct"], fact["unevidenced_from"] = _unevidenced(
            judged.basis, profile.characteristics.assessed())
        assessed = profile.characteristics.assessed()
        reached: list[StageId] = []
        reasons: list[str] = []

        compiled, ers = _compiled_phase(self.rules, "classify")
        for er in self._sorted(ers[k] for k in compiled.run(fact)):
            ctx = self._context(er, fact, profile, assessed, None, judged, answers=answers)
            conclusion = self._render(er, "conclusion", ctx)
            then = er.rule.spec.then
            if then.stage:
                reached.append(then.stage)
                reasons.append(f"{conclusion} ({er.rule.citation})")
            if then.flag:
                flags.append(Flag(then.flag.id, then.flag.severity, self._render(er, "flag.message", ctx),
                                  er.rule.id, self._flag_citations(er, ctx), er.item))
            trace.append(self._trace(er, fact, conclusion))

        overall_stage = max(reached, key=kb.stage_rank) if reached else None
        overall = Overall(overall_stage, kb.stages[overall_stage].name if overall_stage else "Not assessed",
                          reasons,
                          assessed=len(assessed), total=len(kb.characteristics),
                          thin=len(judged.provisional & set(assessed)))
        if not reached:
            overall.reasons.append("No characteristic of Table 4 is assessed, so no overall stage can be "
                                   "given.")

        fact2 = dict(fact)
        fact2["overall.stage"] = kb.stage_rank(overall_stage) if overall_stage else 0
        if (suggested := facts_mod.BENCHMARKING_FOR_STAGE.get(fact2["overall.stage"])) is not None:
            fact2["overall.benchmarking_type"] = suggested
            fact2["overall.benchmarking"] = fact[f"benchmarking.{suggested}"]
        raised = {f.id for f in flags}
        for fid in self.rules.flag_ids:
            fact2[f"flag.{fid}"] = int(fid in raised)

        recs: dict[str, Recommendation] = {}
        to_confirm: dict[str, ToConfirm] = {}  # fact -> what to record (one entry per fact)
        concerns: dict[str, str] = {}  # recommendation id -> the characteristic it is about
        compiled, ers = _compiled_phase(self.rules, "recommend")
        for er in self._sorted(ers[k] for k in compiled.run(fact2)):
            ctx = self._context(er, fact2, profile, assessed, overall_stage, judged, answers=answers)
            conclusion = self._render(er, "conclusion", ctx)
            trace.append(self._trace(er, fact2, conclusion))
            if er.rule.spec.then.to_confirm is not None:
                item = self._to_confirm(er, ctx)
                to_confirm.setdefault(item.fact, item)
                continue
            rec = self._recommendation(er, ctx, fact2)
            if rec.id in recs:  # the same advice reached by two rules: one recommendation, the first's title
                first = recs[rec.id]
                action = first.action if rec.action in first.action else f"{first.action} {rec.action}"
                recs[rec.id] = Recommendation(**{
                    **asdict(first), "action": action,
                    "priority": min(first.priority, rec.priority, key=PRIORITIES.index),
                    "effort": max(first.effort, rec.effort,
                                  key=lambda e: _EFFORTS.index(e) if e in _EFFORTS else 1),
                    "citations": _merge(first.citations, rec.citations), "why": _merge(first.why, rec.why),
                    "case_studies": _merge(first.case_studies, rec.case_studies),
                    "characteristics": {**rec.characteristics, **first.characteristics},
                    "builds": _merge(first.builds, rec.builds), "starts": _merge(first.starts, rec.starts),
                    "rests_on": _merge(first.rests_on, rec.rests_on),
                    # advice that is partly this assessment's reading says so
                    "basis": "inferred" if "inferred" in (first.basis, rec.basis) else first.basis})
            else:
                recs[rec.id] = rec
                if er.rule.spec.for_each == "characteristic":
                    concerns[rec.id] = er.item
        targets = self.targets(profile, overall_stage)
        unmet = {cid for cid, t in targets.items() if not t.met}
        held = held_back(fact, kb, profile.targets.given(), overall_stage)
        ranked = sorted(one_target(list(recs.values()), fact, kb, profile.targets.given(), overall_stage),
                        key=lambda r: (PRIORITIES.index(r.priority), not self._first(r),
                                       not lifts_lagging(r, fact, overall_stage, kb),
                                       concerns.get(r.id) not in unmet))
        written = _written_paras(profile)
        ranked = [_cite_every_para(r, written) for r in ranked]
        ranked = [Recommendation(**{**asdict(r), "citations": in_report_order(r.citations)}) for r in ranked]
        # One consistency pass after ranking (issue 15): no advice against a strength, no own case study,
        # nothing to start that the report says the council does; each thing held back is in the trace.
        ranked, held_notes = consistency.check(ranked, fact, kb, profile.council.name, overall=overall_stage)
        trace += held_notes
        # No two recommendations say the same thing: advice that builds the same is one recommendation.
        ranked, merged_notes = consistency.one_each(ranked)
        ranked = [Recommendation(**{**asdict(r), "citations": in_report_order(r.citations)}) for r in ranked]
        trace += merged_notes

        characteristics = {}
        for cid, ch in kb.characteristics.items():
            a = assessed.get(cid)
            sid = a.stage if a else None  # never None for an assessed characteristic
            stage = StageView(sid, kb.stages[sid].name, ch.descriptors[sid]) if sid else None
            nxt = kb.next_stage(sid)
            characteristics[cid] = CharacteristicResult(
                cid, ch.name, stage,
                StageView(nxt.id, nxt.name, ch.descriptors[nxt.id]) if nxt else None,
                a.evidence if a else None,
                **self._judged_view(cid, judged, original))

        result = Result(
            council={"name": profile.council.name, "type": profile.council.type},
            assessed_on=profile.assessed_on.isoformat() if profile.assessed_on else None,
            source=source, overall=overall, characteristics=characteristics, flags=flags,
            recommendations=ranked, to_confirm=[*to_confirm.values(), *(spread.to_confirm if spread else [])],
            trace=trace,
            # in Table 3's order, whatever the profile's
            pressures=[p for p in kb.pressures if p in profile.pressure_list],
            barriers=[b for b in kb.barriers if b in profile.barrier_list],
            pressures_recorded=profile.pressures is not None, barriers_recorded=profile.barriers is not None,
            techniques_used=list(profile.technique_lists.used or []),
            techniques_planned=list(profile.technique_lists.planned),
            techniques_not_used=list(profile.technique_lists.not_used),
            techniques_recorded=bool(fact["techniques.recorded"]),
            benchmarking_used=list(profile.benchmarking.used) if profile.benchmarking else [],
            benchmarking_not_used=list(profile.benchmarking.not_used) if profile.benchmarking else [],
            figures={k.removeprefix("figure."): v for k, v in fact.items() if k.startswith("figure.")},
            elements={k.removeprefix("element."): v for k, v in fact.items() if k.startswith("element.")},
            strategic={k.removeprefix("strategic."): v for k, v in fact.items()
                       if k.startswith("strategic.")},
            notes=profile.notes, targets=targets, facts=fact,
            evidence_note=EVIDENCE_NOTES.get(fact["unevidenced_from"])
            if any(f.id == "mostly_unevidenced" for f in flags) else None,
            held=held, held_note=_held_note(held, overall_stage, kb), respondents=spread)
        result.report_quotes = consistency.report_quotes(characteristics, profile.council.name, kb)
        if stated := consistency.stated_stage(profile.council.name, kb, result.report_quotes,
                                              {cid for cid, c in characteristics.items() if c.stage},
                                              overall_stage):
            result.overall = replace(result.overall, stated=stated)
        result.why_not = self.why_not_next(result)
        result.next_stage_path = self.paths.next_stage_path(
            {cid: fact[f"stage.{cid}"] for cid in kb.characteristics}, overall_stage,
            {cid: t.stage for cid, t in targets.items()}, fact)
        return result

    @property
    def paths(self) -> paths_mod.PathFinder:
        """The overall-stage rules of this classifier's rule set, for shortest paths (classifier/paths.py);
        built once, its memo shared by every profile this classifier sees."""
        if self._paths is None:
            self._paths = paths_mod.PathFinder(self.kb, self.rules)
        return self._paths

    def targets(self, profile: Profile, overall: str | None = None) -> dict[str, Target]:
        """Each characteristic's target (paras 33, 69-74): the profile's `targets` where given, else the
        next stage of an assessed characteristic below transformational, unless that stage is beyond the
        cap of `overall` (the council's overall stage id, None when not assessed or not to be capped; see
        `target_cap`): a characteristic already a stage ahead of the council has no default target (it is
        held, see `held_back`). A target is met when the current stage is at or beyond it; a characteristic
        not assessed never meets its target. Returns {characteristic id: Target} in Table 4's order."""
        kb = self.kb
        assessed = profile.characteristics.assessed()
        given = profile.targets.given()
        cap = target_cap(overall, kb)
        out = {}
        for cid in kb.characteristics:
            current = assessed[cid].stage if cid in assessed else None
            if cid in given:
                stage = given[cid]
            elif current is not None and (above := kb.next_stage(current)) is not None:
                stage = above.id
                if cap is not None and kb.stage_rank(stage) > cap:
                    continue
            else:
                continue
            met = current is not None and kb.stage_rank(current) >= kb.stage_rank(stage)
            out[cid] = Target(stage, met, cid in given)
        return out


    # -- judging stages from answers (issue 10): rules/BT3xx.yaml, phase "judge" ------------------
    def judge(self, profile: Profile, spread=None) -> tuple[answers_mod.Judged, list[Flag], list[TraceEntry]]:
        """Each characteristic's stage decided from the profile's answers, stated stages and overrides by
        the judge-phase rules, over per-characteristic aggregates (classifier/answers.py). Returns the
        judged profile (stages and non-stage answers filled in), the flags raised and the trace."""
        kb, bank = self.kb, questions_mod.load()
        aggs = answers_mod.aggregate(profile, bank, kb)
        decisions: dict[str, set[str]] = {cid: set() for cid in kb.characteristics}
        flags: list[Flag] = []
        trace: list[TraceEntry] = []
        # Nothing to judge (no answers, no overrides), or a rule set without judge rules: the stated stages
        # are used as they are, which is what the judge rules decide for them (BT306), without a trace.
        if not (profile.answers or profile.characteristics.overrides()
                or spread) or not self.rules.phase("judge"):
            for cid in profile.characteristics.assessed():
                decisions[cid].add("stated")
            return answers_mod.apply(profile, aggs, decisions, bank), flags, trace
        # fields the profile states whose question it answers otherwise (the stated value is used: BT310)
        differences = answers_mod.stated_differences(profile, bank, spread.agreed if spread else frozenset())
        fact = answers_mod.judge_fact(aggs, profile, kb, spread, differences)
        overrides = profile.characteristics.overrides()
        stated = profile.characteristics.assessed()
        compiled, ers = _compiled_phase(self.rules, "judge")
        for er in self._sorted(ers[k] for k in compiled.run(fact)):
            # a judge rule runs per characteristic (its stage, its answers), or once (the profile's fields)
            agg = aggs[er.item] if er.item is not None else None
            ctx = {"item": kb.characteristics[er.item] if er.item is not None else None, "fact": fact,
                   "kb": kb, "agg": agg, "override": overrides.get(er.item), "stated": stated.get(er.item),
                   "spread": spread.characteristics.get(er.item) if spread and er.item is not None else None,
                   "differences": differences,
                   "stage_name": lambda rank: _stage_name(kb, rank), "questions": _questions}
            then = er.rule.spec.then
            conclusion = self._render(er, "conclusion", ctx)
            decided: list[str] = []
            if then.judgement:
                assert er.item is not None and agg is not None  # a judgement's rule runs per characteristic
                decisions[er.item].add(then.judgement)
                decided = [a.question for a in agg.deciding] if then.judgement in ("derived",
                                                                                   "provisional") else []
            if then.flag:
                roles = dict(spread.characteristics[
                    er.item].by_role) if spread and er.item is not None and then.flag.id == "divergence" \
                    else None
                flags.append(Flag(then.flag.id, then.flag.severity, self._render(er, "flag.message", ctx),
                                  er.rule.id, self._flag_citations(er, ctx), er.item, roles))
                if then.flag.id == "conflicting_evidence" and agg is not None:
                    decided = agg.at(agg.lowest) + agg.at(agg.highest)
            entry = self._trace(er, fact, conclusion)
            trace.append(TraceEntry(**{**asdict(entry), "answers": decided}))
        return answers_mod.apply(profile, aggs, decisions, bank), flags, trace

    def _judged_view(self, cid: str, judged: answers_mod.Judged, original: Profile) -> dict[str, Any]:
        """What a characteristic's stage rests on, for its CharacteristicResult."""
        override = original.characteristics.overrides().get(cid) if judged.basis.get(
            cid) == "override" else None
        agg = judged.aggregates[cid]
        return {"basis": judged.basis.get(cid), "provisional": cid in judged.provisional,
                "override": {"stage": override.stage, "reason": override.reason} if override else None,
                "answers": list(agg.answers), "indicators": agg.indicators}

    # -- helpers -------------------------------------------------------------------------------
    def _first(self, rec: Recommendation) -> bool:
        """Whether `rec` comes before every other recommendation of its priority (its rule's `first`)."""
        return rec.rule in self._first_rules

    def _sorted(self, ers):
        def key(er: EngineRule):
            items = rules_mod.items_for(self.kb, er.rule.spec.for_each)
            return (self._order[er.rule.id], items.index(er.item))
        return sorted(ers, key=key)

    def _item(self, er: EngineRule) -> Any:
        kb, fe, item = self.kb, er.rule.spec.for_each, er.item
        if fe is None:
            return None
        if fe == "element":
            return next(i for i in kb.four_elements.items if i.id == item)
        if fe == "strategic":
            return next(i for i in kb.strategic_characteristics.items if i.id == item)
        by_kind: dict[str, Mapping[str, Any]] = {
            "characteristic": kb.characteristics, "pressure": kb.pressures, "barrier": kb.barriers,
            "technique": kb.techniques, "benchmarking": kb.benchmarking_types}
        assert item is not None  # a for_each rule runs once per item
        return by_kind[fe][item]

    def _context(self, er: EngineRule, fact: dict, profile: Profile, assessed: dict[str, Any],
                 overall: str | None, judged: answers_mod.Judged | None = None,
                 *, answers: tuple[dict[str, int], dict[str, str]]) -> dict[str, Any]:
        """A rule's template context; `answers`: `_answered(judged)`, found once per classification."""
        kb = self.kb
        item = self._item(er)
        answered, answer_of = answers
        ctx: dict[str, Any] = {
            "item": item, "fact": fact, "kb": kb, "council": profile.council,
            "overall": kb.stages[overall] if overall else None,
            "unassessed": [c.name for cid, c in kb.characteristics.items() if not fact[f"stage.{cid}"]],
            "stage_name": lambda rank: _stage_name(kb, rank),
            "case_studies_for": lambda kind, item_id: "; ".join(kb.case_studies_illustrating(kind, item_id)),
            "questions": _questions,
            "PRESENT": PRESENT, "ABSENT": ABSENT, "READING": READING_MARKER,
            # what the council answers to each indicator question: its stage rank ({question id: 1-3}) and
            # its option ({question id: option id}); an answer of not applicable or don't know, or none, is
            # not there. Advice never asks for what an answer says the council does.
            "answered": answered,
            "answer_of": answer_of,
        }
        if er.rule.spec.for_each == "characteristic" and er.item is not None:
            rank = fact[f"stage.{er.item}"]
            stage = kb.stage_by_rank(rank)
            ctx["stage"] = stage
            ctx["next"] = kb.next_stage(stage.id) if stage else None
            # the profile's own target, where set and above today
            target = profile.targets.given().get(er.item)
            if target is not None and kb.stage_rank(target) > rank:
                ctx["next"] = kb.stages[target]
            a = assessed.get(er.item)
            ctx["evidence"] = a.evidence if a else None
            # a case-study council's stage read from the report's sentence: the reading's own reasoning, never
            # Table 4's whole description as though the report said it of the council
            ctx["reading"] = consistency.case_reading(profile.council.name, er.item, ctx["evidence"], kb) \
                if a and a.stage else None
            ctx["answer_stages"] = answer_stages(er.item, judged, kb) if judged else []
        return ctx

    def _render(self, er: EngineRule, name: str, ctx: dict[str, Any]) -> str:
        return er.rule.render(name, ctx, er.key)

    def _flag_citations(self, er: EngineRule, ctx: dict[str, Any]) -> list[str]:
        """The places a flag rests on: its own `citations` rendered for this firing where it gives them and
        they render to some, else its rule's."""
        spec = er.rule.spec.then.flag
        assert spec is not None  # called for rules that raise a flag
        cited = _merge(*[_split(self._render(er, f"flag.citations.{i}", ctx))
                         for i in range(len(spec.citations))])
        return cited or list(er.rule.spec.citations)

    def _trace(self, er: EngineRule, fact: dict, conclusion: str) -> TraceEntry:
        spec = er.rule.spec
        return TraceEntry(er.rule.id, spec.title, er.rule.citation, spec.phase, spec.basis, er.item,
                          {n: self.show_fact(n, fact.get(n)) for n in er.facts}, conclusion)

    def _to_confirm(self, er: EngineRule, ctx: dict[str, Any]) -> ToConfirm:
        spec = er.rule.spec.then.to_confirm
        assert spec is not None  # called for rules whose `then` has a to_confirm

        def r(name: str) -> str:
            return self._render(er, name, ctx)
        citations = _merge(*[_split(r(f"confirm.citations.{i}")) for i in range(len(spec.citations))])
        return ToConfirm(fact=r("confirm.fact"), question=r("confirm.question") if spec.question else None,
                         text=r("confirm.text"), citations=in_report_order(citations), rule=er.rule.id)

    def _recommendation(self, er: EngineRule, ctx: dict[str, Any], fact: dict) -> Recommendation:
        spec = er.rule.spec.then.recommendation
        assert spec is not None, f"{er.rule.id}: recommend-phase rule without a recommendation"

        def r(name: str) -> str:
            return self._render(er, name, ctx)
        priority = r("rec.priority")
        if priority not in PRIORITIES:
            raise ValueError(f"{er.rule.id}: priority rendered as {priority!r}")
        citations = _merge(*[_split(r(f"rec.citations.{i}")) for i in range(len(spec.citations))])
        case_studies = _merge(*[_split(r(f"rec.case_studies.{i}")) for i in range(len(spec.case_studies))])
        if spec.why:
            why = [r("rec.why")]
        else:
            why = [_sentence(self.describe_fact(n, fact.get(n))) for n in er.facts
                   if _shows_why(n, fact.get(n))]
        moves = _moves(r("rec.characteristics"), self.kb, er.rule.id) if spec.characteristics else {}
        owner = r("rec.owner")
        if owner not in OWNERS:
            raise ValueError(f"{er.rule.id}: owner rendered as {owner!r}, not one of {', '.join(OWNERS)}")
        basis: str = er.rule.spec.basis
        if spec.basis:  # a report rule whose advice, in this firing, goes beyond the report
            basis = r("rec.basis")
            if basis not in ("report", "inferred"):
                raise ValueError(f"{er.rule.id}: basis rendered as {basis!r}")
        return Recommendation(
            id=r("rec.id"), title=r("rec.title"), action=r("rec.action"), why=why, priority=priority,
            effort=r("rec.effort"), target_stage=r("rec.target_stage") if spec.target_stage else None,
            citations=citations, case_studies=case_studies, rule=er.rule.id, characteristics=moves,
            basis=basis, owner=owner, timing=spec.timing,
            builds=_split(r("rec.builds")) if spec.builds else [],
            starts=_split(r("rec.starts")) if spec.starts else [], rests_on=list(er.facts))


_PARAS = re.compile(r"\bparas? (\d+(?:(?:, | and |-)\d+)*)")


def _written_paras(profile) -> list[str]:
    """Every text of `profile` (evidence, notes, reasons, names: whatever its user wrote) that names a
    paragraph, longest first."""
    import msgspec

    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if _PARAS.search(value):
                found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
    walk(msgspec.to_builtins(profile))
    return sorted(dict.fromkeys(found), key=len, reverse=True)


def _cite_every_para(rec: Recommendation, written: list[str] | None = None) -> Recommendation:
    """`rec` with every paragraph its title, action or why cites ("para 59", "paras 32 and 35") among its
    citations, so that the Cites line leaves none of them out. `written`: the texts of the profile that
    name a paragraph (`_written_paras`): a council's own "see para 3" quoted in the why is the council's
    reference, never a citation of the report."""
    text = " ".join([rec.title, rec.action, *rec.why])
    for own in written or []:
        text = text.replace(own, " ")
    cited = [f"para {n}" for m in _PARAS.finditer(text) for n in re.findall(r"\d+", m.group(1))]
    missing = [c for c in dict.fromkeys(cited) if c not in rec.citations]
    return Recommendation(**{**asdict(rec), "citations": [*rec.citations, *missing]}) if missing else rec


# The report's kinds of place, in the order a recommendation's citations list them: the numbered paragraphs
# that carry the argument, then the exhibits (tables, figures), the case studies and the appendices, each by
# number, then whole parts of the report (a chapter, the Recommendations, the Summary).
_CITATION_KINDS = ("para", "Table", "Figure", "Case study", "Appendix", "Chapter", "Recommendations",
                   "Summary")
_CITATION = re.compile(r"(?P<kind>paras?|Table|Figure|Case study|Appendix|Chapter|Recommendations|Summary)"
                       r"(?:\s+(?P<number>\d+)(?:(?:-| and |, )\d+)*)?")


def citation_key(citation: str) -> tuple[int, int]:
    """Where a citation ("para 47", "Table 4", "Case study 5", "Recommendations") sorts in report order:
    (kind, number), kinds as in _CITATION_KINDS, numbers ascending ("paras 26-27" by its first); a citation of
    no known form sorts after all of them (its kind is len(_CITATION_KINDS))."""
    m = _CITATION.fullmatch(citation.strip())
    if m is None:
        return (len(_CITATION_KINDS), 0)
    kind = "para" if m["kind"].startswith("para") else m["kind"]
    return (_CITATION_KINDS.index(kind), int(m["number"]) if m["number"] else 0)


def in_report_order(citations: list[str]) -> list[str]:
    """`citations` (e.g. ["Table 4", "para 47", "Case study 5", "para 32"]) without repeats, in the order
    the report's places read (paras by number, then tables, figures, case studies, appendices, then whole
    parts): ["para 32", "para 47", "Table 4", "Case study 5"]. Citations of no known form keep their
    order, after the rest (the sort is stable)."""
    return sorted(dict.fromkeys(citations), key=citation_key)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?”" else text + "."


def _lower(name: str) -> str:
    """A name inside a sentence: "Financial position" -> "financial position"; "CSR07", "ICT" stay."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def figure_words(key: str, value: float) -> str:
    """A profile figure (`figures.<key>`) as people write it: pounds (`*_gbp`) grouped in thousands and
    rounded to the pound (1250000.0 -> "£1,250,000"), percentages (`*_pct`) in words to one decimal
    place, as the rules' sentences give them (45.0 -> "45 per cent", 45.46 -> "45.5 per cent", 1e-300 ->
    "0 per cent"), anything else as a plain number grouped in thousands to two decimal places (12.5 ->
    "12.5", 1250000.0 -> "1,250,000"), never in exponent form."""
    if key.endswith("_gbp"):
        return f"£{value:,.0f}"
    places = 1 if key.endswith("_pct") else 2
    number = f"{round(float(value), places):,.{places}f}".rstrip("0").rstrip(".")
    number = "0" if number in ("-0", "") else number
    return number + (" per cent" if key.endswith("_pct") else "")


def _shown_words(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_shown_words(v) for v in value)
    return str(value).replace("_", " ")


# The share facts of the overall-stage rules (para 47, Table 4), for "why not the next stage" sentences.
_SHARE_WORDS = {"share_transitional_or_above_pct": "transitional or transformational",
                "share_transformational_pct": "transformational"}
_MUST_WORDS = {"eq": "", "ne": "other than ", "lt": "below ", "lte": "at most ", "gt": "above ",
               "gte": "at least ",
               "in": "one of "}
_SHARE_AMOUNTS = {50: "half", 75: "three quarters", 100: "all"}
_OP_WORDS = {"eq": "to be", "ne": "not to be", "lt": "below", "lte": "at most", "gt": "above",
             "gte": "at least",
             "in": "one of", "exists": "given:"}


def _moves(text: str, kb: Knowledge, rule_id: str) -> dict[str, str]:
    """A rendered `characteristics` field, "id=stage; id=stage", as {characteristic id: stage id}."""
    out: dict[str, str] = {}
    for part in _split(text):
        cid, _, stage = (x.strip() for x in part.partition("="))
        if cid not in kb.characteristics or stage not in kb.stages:
            raise ValueError(f"{rule_id}: characteristics rendered {part!r}, not 'characteristic=stage'")
        out[cid] = stage
    return out


_EFFORTS = ("low", "medium", "high")


def one_target(recs: list[Recommendation], fact: dict[str, Any], kb: Knowledge,
               targets: Mapping[str, str] | None = None, overall: str | None = None) -> list[Recommendation]:
    """One target per characteristic (Table 4; para 47: the journey goes a stage at a time).

    `recs` in rule order; `fact` gives each characteristic's stage rank (`stage.<id>`, 0 when not
    assessed); `targets` the profile's own targets, {characteristic id: stage id} (paras 33, 69-74);
    `overall` the council's overall stage id (None: not assessed, no cap).
    Returns the recommendations with:
    - no target a characteristic already meets or passes, nor one for a characteristic whose profile
      target is met;
    - where the profile sets a target, that target: a move short of it is raised to it (one step or two),
      a move beyond it is dropped; the profile's target is honoured even beyond the cap below;
    - where the profile sets none, no move beyond the cap (`target_cap`: one stage above the overall
      stage). Such a move is dropped, not re-aimed: the only moves the rules make beyond the cap are a
      characteristic's next stage when it is already a stage ahead of the council (`held_back`), and
      re-aiming those would ask for the stage it has; the advice's words name the stage it was written
      for, so a move re-aimed elsewhere would contradict them;
    - for each characteristic, only the nearest stage any recommendation asks for (the others drop it);
    - no advice whose every target was dropped that way (its text would ask for what is had or overruled);
    - advice that moves a subset of what another moves, to the same stages, merged into that other (the
      higher priority and effort of the two, citations, reasons and case studies of both, and the merged
      advice's id and moves in `covers`); of two that move the same, the later rule (the more specific advice)
      keeps its words.
    """
    rank = kb.stage_rank
    current = {cid: fact.get(f"stage.{cid}") or 0 for cid in kb.characteristics}
    targets = targets or {}
    cap = target_cap(overall, kb)

    def towards(c: str, s: str) -> str | None:
        goal = targets.get(c)
        if goal is None:
            return s if rank(s) > current[c] and (cap is None or rank(s) <= cap) else None
        return goal if rank(goal) > current[c] and rank(s) <= rank(goal) else None

    wanted = [{c: t for c, s in r.characteristics.items() if (t := towards(c, s))} for r in recs]
    nearest: dict[str, str] = {}
    for moves in wanted:
        for c, s in moves.items():
            if c not in nearest or rank(s) < rank(nearest[c]):
                nearest[c] = s
    kept: list[Recommendation] = []
    for r, moves in zip(recs, wanted):
        moves = {c: s for c, s in moves.items() if nearest[c] == s}
        if r.characteristics and not moves:
            continue
        kept.append(Recommendation(**{**asdict(r), "characteristics": moves}))
    order = sorted(range(len(kept)), key=lambda i: PRIORITIES.index(kept[i].priority))
    gone: set[int] = set()
    for i in order:
        a = kept[i]
        if not a.characteristics or a.target_stage is not None:
            continue
        host = next((j for j in order if j != i and j not in gone
                     and kept[j].characteristics.items() >= a.characteristics.items()
                     and (len(kept[j].characteristics) > len(a.characteristics) or j > i)), None)
        if host is None:
            continue
        b = kept[host]
        kept[host] = Recommendation(**{
            **asdict(b),
            "priority": min(a.priority, b.priority, key=PRIORITIES.index),
            "effort": max(a.effort, b.effort, key=lambda e: _EFFORTS.index(e) if e in _EFFORTS else 1),
            "why": _merge(b.why, _named_why(a, kb)), "citations": _merge(b.citations, a.citations),
            "case_studies": _merge(b.case_studies, a.case_studies),
            "rests_on": _merge(b.rests_on, a.rests_on),
            "covers": {k: v for k, v in {**b.covers, a.id: dict(a.characteristics), **a.covers}.items()
                       if k != b.id}})
        gone.add(i)
    return [r for i, r in enumerate(kept) if i not in gone]


def _answered(judged: answers_mod.Judged | None, kb: Knowledge) -> tuple[dict[str, int], dict[str, str]]:
    """({question id: stage rank}, {question id: option id}) of the indicator questions answered at a stage,
    from the judge step's aggregates (a combined profile's merged answers included); ({}, {}) without."""
    views = [a for agg in judged.aggregates.values() for a in agg.answered if a.stage] if judged else []
    if not views:   # a profile of stated stages: the question bank is not needed
        return {}, {}
    bank = questions_mod.load()
    ranks = {a.question: kb.stage_rank(a.stage) for a in views}
    ids = {a.question: o.id for a in views if a.question in bank.by_id
           for o in bank.by_id[a.question].options if o.text == a.answer}
    return ranks, ids


def answer_stages(cid: str, judged: answers_mod.Judged, kb: Knowledge) -> list[dict[str, Any]]:
    """Where characteristic `cid`'s stage is judged from answers: the answers by stage, lowest first (the
    lowest decides), each as the report's words its option quotes with their place: [{"id": "transitional",
    "name": "Transitional", "quotes": ["“Some staff engaged in the efficiency process” (Table 4)", ...]},
    ...]. An answer supports only the words it quotes, not the whole of Table 4's description of its stage,
    and answers at a higher stage contradict that description. [] where the stage is stated, set by an
    override or combined from respondents: then Table 4's description of the stage is the profile's (or the
    assessor's) claim, and may be quoted as it. `judged`: the judge step's outcome."""
    if judged.basis.get(cid) not in ("evidenced", "answered"):
        return []
    answered = [a for a in judged.aggregates[cid].answered if a.stage]
    bank = questions_mod.load()
    out = []
    for sid in sorted({a.stage for a in answered}, key=kb.stage_rank):
        said: list[tuple[str, str | None]] = []   # (the words quoted, their place)
        for a in answered:
            if a.stage != sid:
                continue
            q = bank.by_id[a.question]
            option = next((o for o in q.options if o.text == a.answer), None)
            words = option.quote if option and option.quote else a.answer
            said.append((words, q.place(option) if option else None))
        # each of the report's words quoted once: words that a longer quotation of the same place (or the
        # same words, in whatever case, quoted earlier) already holds are not quoted again
        said = list(dict.fromkeys(said))
        kept: list[tuple[str, str | None]] = []
        for w, place in sorted(said, key=lambda s: -len(s[0])):   # stable: the earlier of equal lengths first
            if not any(where == place and w.casefold() in other.casefold() for other, where in kept):
                kept.append((w, place))
        quotes = [f"“{w}” ({place})" if place else f"“{w}”" for w, place in said if (w, place) in kept]
        out.append({"id": sid, "name": kb.stages[str(sid)].name, "quotes": quotes})
    return out


def _named_why(rec: Recommendation, kb: Knowledge) -> list[str]:
    """`rec.why` to be merged into other advice, with "Today it is at the" naming the one characteristic
    `rec` moves ("Efficiency policy is today at the transitional stage, which Table 4 describes as ...",
    "The answers on efficiency policy are at different stages: ..."), so that a merged
    recommendation covering several characteristics says which each description is of."""
    if len(rec.characteristics) != 1:
        return list(rec.why)
    name = kb.characteristics[next(iter(rec.characteristics))].name
    lower = name[0].lower() + name[1:]
    return [w.replace("Today it is at the", f"{name} is today at the")
            .replace("Its answers are at", f"The answers on {lower} are at")
            .replace("Today its answers place it", f"Today the answers on {lower} place it")
            for w in rec.why]


def lifts_lagging(rec: Recommendation, fact: dict[str, Any], overall: str | None, kb: Knowledge) -> bool:
    """Whether `rec` moves a characteristic that is below the council's overall stage `overall` (a stage id;
    None: not assessed, so nothing lags). `fact` gives each characteristic's stage rank (`stage.<id>`).
    Such advice ranks before the other advice of its priority: the lowest stage holds the council back, and
    para 47's journey runs a stage at a time (this assessment's reading; the report gives no ordering
    rule)."""
    if overall is None:
        return False
    return any(0 < (fact.get(f"stage.{c}") or 0) < kb.stage_rank(overall) for c in rec.characteristics)


def _questions(ids: list[str]) -> str:
    """Questions of the bank by id, in their words as a rule's message names them: "“text”; “text”"."""
    bank = questions_mod.load()
    return "; ".join(f"“{bank.by_id[i].text}”" for i in ids)


def _stage_name(kb: Knowledge, rank: int) -> str:
    """A stage's name by rank (1-3), or "not assessed" (rank 0)."""
    stage = kb.stage_by_rank(rank)
    return stage.name if stage else "not assessed"


def target_cap(overall: str | None, kb: Knowledge) -> int | None:
    """The highest stage rank (1-3) advice aims a characteristic at when the profile sets it no target:
    one stage above the council's overall stage `overall` (a stage id), so a transactional council is
    taken to transitional before anything is taken to transformational; None (no cap) when the overall
    stage is not assessed (then no characteristic is, and there is nothing to measure against).

    The rule, which is this assessment's reading of para 47 and Figure 12 ("councils need to move through
    the three approaches"; the report gives no rule for an uneven profile): a characteristic's target is
    its next stage, never more than one stage above the overall stage. A characteristic at or below the
    overall stage always gets its next stage (it is at most one above the overall). A characteristic
    already a stage ahead of the council gets no default target at all rather than one below its next
    stage (a target at or below today's stage would ask for nothing): it is held while the rest catch up.
    The profile's own `targets:` are honoured whatever the cap (paras 33, 69-74)."""
    if overall is None:
        return None
    return min(kb.stage_rank(overall) + 1, max(s.rank for s in kb.stages.values()))


def held_back(fact: dict[str, Any], kb: Knowledge, targets: Mapping[str, str],
              overall: str | None) -> list[str]:
    """The characteristics the cap holds (see `target_cap`): assessed, with a next stage beyond the cap and
    no target set in the profile; in Table 4's order. `fact`: the classify-phase fact (`stage.<id>` ranks);
    `targets`: the profile's own targets {characteristic id: stage id}; `overall`: the overall stage id."""
    cap = target_cap(overall, kb)
    if cap is None:
        return []
    out = []
    for cid in kb.characteristics:
        stage = kb.stage_by_rank(fact.get(f"stage.{cid}") or 0)
        nxt = kb.next_stage(stage.id) if stage else None
        if nxt is not None and kb.stage_rank(nxt.id) > cap and cid not in targets:
            out.append(cid)
    return out


# Said with the held characteristics, where advice would otherwise ask them to go further; it carries the
# reading marker (result.READING_MARKER), and the document gives the note it refers to once.
HELD_NOTE = ("{ahead}. {They} no further target until the others reach the {cap} stage, as the report's "
             "journey runs a stage at a time (para 47, Figure 12; the assessment's reading).")


def _held_note(held: list[str], overall: str | None, kb: Knowledge) -> str | None:
    """The held characteristics (`held_back`) in a sentence for readers, as the assessment's own reading."""
    cap = target_cap(overall, kb)
    if not held or cap is None:
        return None
    names = [kb.characteristics[c].name for c in held]
    if len(names) == 1:
        ahead = f"{names[0]} is a stage ahead of the council as a whole"
    else:
        ahead = (f"{rules_mod.in_words(len(names)).capitalize()} characteristics are a stage ahead of the "
                 f"council as a whole: {'; '.join(_lower(n) for n in names)}")
    return HELD_NOTE.format(ahead=ahead, They="It has" if len(names) == 1 else "They have",
                            cap=_stage_name(kb, cap).lower())


# Result.evidence_note, by where the stages without evidence come from (fact unevidenced_from)
EVIDENCE_NOTES = {
    "stated": "Most of these stages carry no evidence: they are stated in the profile without an evidence "
              "note, so they are a starting point for discussion rather than a verified judgement.",
    "answers": "Most of these stages carry no evidence: they are judged from answers without evidence "
               "notes, so they are a starting point for discussion rather than a verified judgement.",
    "both": "Most of these stages carry no evidence: they are stated in the profile without an evidence "
            "note, or judged from answers without evidence notes, so they are a starting point for "
            "discussion rather than a verified judgement."}


def _unevidenced(basis: dict[str, str], assessed: dict[str, Any]) -> tuple[int, str]:
    """(Per cent, 0-100 rounded, of the assessed characteristics whose stage carries no evidence; where those
    stages come from: "stated", "answers", "both" or "none"). A stage carries none when it is stated in the
    profile without an evidence note ("stated"), or judged from answers whose deciding answers carry no
    evidence note (basis `answered`; a stage some of whose deciding answers carry one is evidenced) or
    combined from respondents' answers without one ("answers"). A stage judged from evidenced answers and
    an assessor's override (which gives its reason) are evidenced. `basis`: {characteristic id: basis};
    `assessed`: the judged profile's stages, {characteristic id: Assessment}, for the evidence notes."""
    kinds = []
    for cid, b in basis.items():
        note = assessed[cid].evidence if cid in assessed else None
        if b in ("stated", "combined", "answered") and not (note and note.strip()):
            kinds.append("stated" if b == "stated" else "answers")
    share = round(100 * len(kinds) / len(basis)) if basis else 0
    return share, "both" if len(set(kinds)) == 2 else next(iter(kinds), "none")


def _shows_why(name: str, value: Any) -> bool:
    """Whether a fact a rule looked at belongs in a recommendation's "why": every stage (even "not
    assessed"), and every other fact that is set, except the flags (their messages say it better)."""
    if name.startswith("stage."):
        return True
    return not name.startswith("flag.") and value not in (None, 0, "unknown")


def _split(text: str) -> list[str]:
    """A rendered citation field: one citation, or several separated by ';'."""
    return [t.strip() for t in text.split(";") if t.strip()]


def _merge(*lists: list[str]) -> list[str]:
    return list(dict.fromkeys(x for lst in lists for x in lst))
