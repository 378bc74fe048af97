"""The shortest path to the next overall stage: the fewest moves that lift a council's overall stage to the
next one, asked of the product's own overall-stage rules as loaded.

A move raises one characteristic by one stage of Table 4 (transactional to transformational is two moves);
a characteristic not assessed costs one move, "assess it", and then counts at the stage the path needs. The
overall stage a set of stages gives is decided by the classify-phase rules that set a stage (rules/BT110,
BT111, BT112 today, with BT112's leadership and efficiency-policy gate), evaluated on facts built as the
classifier builds them (`facts.stage_facts` over the profile's own fact) with the rule conditions' own
evaluator (`Condition.holds`): no second copy of the rules lives here, and the engine is not run once per
candidate (it costs about a millisecond a run).

Which paths are shown first, among paths of the same length: those that move management and leadership,
then efficiency policy (the characteristics para 47 and the report's Recommendations put first), then the
largest gap to the council's target, then Table 4's order.

The path is the assessment's reading of para 47 and Figure 12 (the report gives no formula for the overall
stage nor for how to reach the next one): its `basis` is "inferred".
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from .facts import stage_facts
from .knowledge import Knowledge
from .result import NextStagePath, Overall, PathMove
from .rules import EngineRule, RuleSet

NOT_ASSESSED = "not_assessed"
SHOWN = 3  # paths shown; the rest are counted
MEMO_STAGES = 1 << 17  # overall stages kept (4^8 sets of stages, times any other fact the rules read)
MEMO_PATHS = 4096  # answers kept for profiles seen again (a cohort of similar councils); then started afresh
# The characteristics put first among paths of equal length (para 47; the Recommendations' first).
FIRST = ("management_leadership", "efficiency_policy")


class PathFinder:
    """The overall-stage rules of a rule set, ready to be asked about many sets of stages.

    Keeps a memo of the overall stage of each set of stages it has evaluated (with the values of any other
    facts those rules read), so one PathFinder serves many profiles: a batch, a test over every state."""

    def __init__(self, kb: Knowledge, ruleset: RuleSet):
        self.kb = kb
        self.ids = list(kb.characteristics)
        self.top = max(s.rank for s in kb.stages.values())
        # (stage rank the rule sets, engine rule), for every classify-phase rule that sets the overall stage
        self.rules: list[tuple[int, EngineRule]] = [
            (kb.stage_rank(r.spec.then.stage), er)
            for r in ruleset.phase("classify") if r.spec.then.stage for er in r.engine_rules]
        derived = set(stage_facts(dict.fromkeys(self.ids, 0)))
        # other facts the rules read (none today): part of the memo's key, taken from the profile's fact
        self.other = sorted({c.fact for _, er in self.rules for c in (*er.all, *er.any)} - derived)
        self._memo: dict[tuple, tuple[int, bool]] = {}
        self._paths: dict[tuple, NextStagePath | None] = {}  # the answers of next_stage_path, by its inputs
        # characteristics some rule names (`stage.<id>`); the others only count towards the derived facts
        self.named = {c.fact.removeprefix("stage.") for _, er in self.rules for c in (*er.all, *er.any)
                      if c.fact.startswith("stage.")}

    # -- the rules, asked ----------------------------------------------------------------------------
    def overall(self, ranks: tuple[int, ...], fact: Mapping[str, Any] | None = None) -> tuple[int, bool]:
        """The overall stage rank (0: none) the rules give for `ranks` (stage ranks in Table 4's order, 0 not
        assessed), and whether that stage is provisional (Overall.provisional: fewer than half the
        characteristics assessed). `fact`: the profile's classify-phase fact, for any other fact the rules
        read."""
        fact = fact or {}
        key = (ranks, *(fact.get(name) for name in self.other))
        done = self._memo.get(key)
        if done is not None:
            return done
        if len(self._memo) >= MEMO_STAGES:
            self._memo.clear()
        facts: dict[str, Any] = stage_facts(dict(zip(self.ids, ranks)))
        for name in self.other:
            facts[name] = fact.get(name)
        reached = [stage for stage, er in self.rules
                   if all(c.holds(facts.get(c.fact)) for c in er.all)
                   and (not er.any or any(c.holds(facts.get(c.fact)) for c in er.any))]
        rank = max(reached, default=0)
        stage = self.kb.stage_by_rank(rank)
        provisional = Overall(stage.id if stage else None, "", [], assessed=facts["assessed_count"],
                              total=len(self.ids)).provisional
        self._memo[key] = done = (rank, provisional)
        return done

    def reaches(self, ranks: tuple[int, ...], to: int, fact: Mapping[str, Any] | None = None) -> bool:
        """Whether `ranks` give an overall stage of rank `to` or above that is not provisional."""
        rank, provisional = self.overall(ranks, fact)
        return rank >= to and not provisional

    # -- the search ---------------------------------------------------------------------------------
    def options(self, rank: int) -> list[tuple[int, int]]:
        """(moves, stage rank reached) for one characteristic now at `rank`: staying costs nothing; an
        assessed one rises a stage a move; one not assessed costs one move and counts at any stage."""
        if rank == 0:
            return [(0, 0)] + [(1, r) for r in range(1, self.top + 1)]
        return [(r - rank, r) for r in range(rank, self.top + 1)]

    def ends(self, ranks: tuple[int, ...], cost: int) -> Iterator[tuple[int, ...]]:
        """Every set of stages exactly `cost` moves away from `ranks`, each once."""
        for config in self._configs(self._groups(ranks)).get(cost, []):
            yield from self._concrete(ranks, config)

    def shortest(self, ranks: tuple[int, ...], to: int,
                 fact: Mapping[str, Any] | None = None) -> tuple[int, list[tuple[int, ...]]]:
        """The fewest moves from `ranks` to a set of stages the rules place at rank `to` or above, not
        provisionally, and every such set of stages that many moves away. (0, []) when none reaches it."""
        cost, configs = self._shortest_configs(ranks, to, fact)
        return cost, [end for config in configs for end in self._concrete(ranks, config)]

    # Characteristics that no overall-stage rule names (only the counts, lowest, highest and shares of
    # `facts.stage_facts` see them) are interchangeable: two sets of stages that differ only by swapping
    # such characteristics give the same facts to those rules. So the search asks the rules once per
    # arrangement of stages within each group of interchangeable characteristics that start at one stage
    # (a "config"), then lists the sets of stages each config stands for.
    def _groups(self, ranks: tuple[int, ...]) -> list[tuple[int, list[int]]]:
        """(start rank, positions in Table 4's order) for each group of interchangeable characteristics."""
        named = self.named
        groups: dict[Any, tuple[int, list[int]]] = {}
        for i, (cid, r) in enumerate(zip(self.ids, ranks)):
            groups.setdefault(cid if cid in named else r, (r, []))[1].append(i)
        return list(groups.values())

    def _configs(self, groups: list[tuple[int, list[int]]]) -> dict[int, list[tuple]]:
        """Every config, by its number of moves: per group, (its positions, the stage ranks they end at,
        lowest first), so that the group's characteristics end at those ranks in some order."""
        per = []
        for r, members in groups:
            opts = self.options(r)
            choices = []
            for counts in _compositions(len(members), len(opts)):
                ends = tuple(hi for n, (_, hi) in zip(counts, opts) for _ in range(n))
                choices.append((sum(n * c for n, (c, _) in zip(counts, opts)), (tuple(members), ends)))
            per.append(choices)
        by_cost: dict[int, list[tuple]] = {}
        for combo in itertools.product(*per):
            by_cost.setdefault(sum(c for c, _ in combo), []).append(tuple(g for _, g in combo))
        return by_cost

    @staticmethod
    def _representative(ranks: tuple[int, ...], config: tuple) -> tuple[int, ...]:
        """One set of stages a config stands for (each group's ends given in order)."""
        end = list(ranks)
        for members, ends in config:
            for i, hi in zip(members, ends):
                end[i] = hi
        return tuple(end)

    @staticmethod
    def _concrete(ranks: tuple[int, ...], config: tuple) -> Iterator[tuple[int, ...]]:
        """Every set of stages a config stands for, each once."""
        per_group = [[(members, arrangement) for arrangement in _arrangements(list(ends))]
                     for members, ends in config]
        for choice in itertools.product(*per_group):
            end = list(ranks)
            for members, arrangement in choice:
                for i, hi in zip(members, arrangement):
                    end[i] = hi
            yield tuple(end)

    def _shortest_configs(self, ranks: tuple[int, ...], to: int,
                          fact: Mapping[str, Any] | None) -> tuple[int, list[tuple]]:
        configs = self._configs(self._groups(ranks))
        for cost in sorted(configs):
            if cost == 0:
                continue
            found = [config for config in configs[cost]
                     if self.reaches(self._representative(ranks, config), to, fact)]
            if found:
                return cost, found
        return 0, []

    def next_stage_path(self, ranks: Mapping[str, int], overall: str | None,
                        targets: Mapping[str, str] | None = None,
                        fact: Mapping[str, Any] | None = None) -> NextStagePath | None:
        """The shortest path from a council's stages to the next overall stage.

        `ranks`: {characteristic id: stage rank, 0 not assessed} (the classify-phase fact's `stage.<id>`);
        `overall`: the council's overall stage id, None when not assessed; `targets`: the council's target
        stage id per characteristic (Result.targets), for ordering ties; `fact`: the profile's classify-phase
        fact. Returns None when the council is transformational or not assessed, or when no set of stages
        reaches the next stage; else the target stage, the number of moves, the first SHOWN paths (each a
        list of moves in the order they are taken) and how many more paths are as short. Basis "inferred"
        (para 47, Figure 12)."""
        if overall is None:
            return None
        nxt = self.kb.next_stage(overall)
        if nxt is None:
            return None
        start = tuple(ranks.get(cid, 0) for cid in self.ids)
        targets = targets or {}
        key = (start, nxt.rank, tuple(targets.get(cid) for cid in self.ids),
               *((fact or {}).get(name) for name in self.other))
        if key not in self._paths:
            if len(self._paths) >= MEMO_PATHS:
                self._paths.clear()
            self._paths[key] = self._search(start, nxt.id, targets, fact)
        return self._paths[key]

    def _search(self, start: tuple[int, ...], to: str, targets: Mapping[str, str],
                fact: Mapping[str, Any] | None) -> NextStagePath | None:
        cost, ends = self.shortest(start, self.kb.stage_rank(to), fact)
        if not ends:
            return None
        keys = self._keys(targets)
        first = heapq.nsmallest(SHOWN, ends, key=lambda end: sorted(
            k for i, (a, b) in enumerate(zip(start, end)) if a != b for k in keys(i, a, b)))
        shown = [self._moves(start, end, keys) for end in first]
        return NextStagePath(to=to, moves=cost, paths=shown, more=len(ends) - len(shown), basis="inferred")

    def _keys(self, targets: Mapping[str, str]):
        """keys(i, a, b): the sort keys of the moves that take characteristic i from rank a to rank b
        (para 47's two first, then the larger gap to the target, then Table 4's order, then lower stages)."""
        kb = self.kb
        tiers = [FIRST.index(cid) if cid in FIRST else len(FIRST) for cid in self.ids]
        goals = [kb.stage_rank(targets[cid]) if cid in targets else None for cid in self.ids]

        def keys(i: int, a: int, b: int) -> list[tuple[int, int, int, int]]:
            goal = goals[i]
            gap = goal - a if goal is not None else 0
            return [(tiers[i], -gap, i, hi) for hi in ([b] if a == 0 else range(a + 1, b + 1))]
        return keys

    def _moves(self, start: tuple[int, ...], end: tuple[int, ...], keys) -> list[PathMove]:
        """The moves from `start` to `end`, in the order `keys` (from `_keys`) sorts them."""
        kb = self.kb
        out = []
        for i, (cid, a, b) in enumerate(zip(self.ids, start, end)):
            if a == b:
                continue
            steps = [(0, b)] if a == 0 else [(r - 1, r) for r in range(a + 1, b + 1)]
            for key, (lo, hi) in zip(keys(i, a, b), steps):
                frm, to = kb.stage_by_rank(lo), kb.stage_at(hi)
                out.append((key, PathMove(cid, frm.id if frm else NOT_ASSESSED, to.id,
                                          kb.characteristics[cid].descriptors[to.id])))
        return [m for _, m in sorted(out, key=lambda km: km[0])]


def _compositions(n: int, parts: int) -> Iterator[tuple[int, ...]]:
    """Every way to split `n` things into `parts` ordered counts: (3, 2) -> (0, 3), (1, 2), (2, 1), (3, 0)."""
    if parts == 1:
        yield (n,)
        return
    for first in range(n + 1):
        for rest in _compositions(n - first, parts - 1):
            yield (first, *rest)


def _arrangements(values: list[int]) -> Iterator[tuple[int, ...]]:
    """Every distinct order of `values` (a multiset), each once."""
    if not values:
        yield ()
        return
    for v in sorted(set(values)):
        rest = list(values)
        rest.remove(v)
        for tail in _arrangements(rest):
            yield (v, *tail)
