"""The stage rules in plain Python: the baseline of `make bench`'s classify figure.

The same rules as rules/BT101.yaml (each assessed characteristic at its stage of Table 4) and the
overall-stage rules BT110 (at least one characteristic assessed: transactional), BT111 (at least half of
the assessed characteristics transitional or transformational: transitional) and BT112 (at least three
quarters transformational, none transactional, management and leadership and efficiency policy both
transformational: transformational), written by hand over a loaded profile, with no rules engine, no
templates and nothing of the project's code. An assessor's override replaces the stated stage. Profiles
with answers to the question bank are judged by the judge-phase rules first and are outside this baseline.

tests/classifier/test_bench_baseline.py checks that it gives the classifier's stages on every bundled
profile (examples/*.yaml, examples/cases/*.yaml), so that the baseline cannot drift from the rules.
"""

from __future__ import annotations

from typing import Any

# Table 4's characteristics, in its order, and the stages by rank.
CHARACTERISTICS = ("efficiency_policy", "service_transformation", "organisational_change",
                   "back_office_front_line", "planning_monitoring", "sustainability", "time_scales",
                   "management_leadership")
RANK = {"transactional": 1, "transitional": 2, "transformational": 3}


def stages(profile: Any) -> tuple[dict[str, str], list[str]]:
    """({characteristic id: stage id} for the assessed characteristics, in Table 4's order; the overall
    stages the rules reach, lowest first: the overall stage is the last, none when nothing is assessed).
    `profile`: a loaded profile (classifier.profile.Profile) without answers."""
    chars = profile.characteristics
    assessed: dict[str, str] = {}
    for cid in CHARACTERISTICS:
        value = getattr(chars, cid)
        if value is None:
            continue
        if isinstance(value, str):
            assessed[cid] = value
        elif value.override is not None:
            assessed[cid] = value.override.stage
        elif value.stage is not None:
            assessed[cid] = value.stage
    ranks = [RANK[s] for s in assessed.values()]
    n = len(ranks)
    reached = []
    if n >= 1:  # BT110
        reached.append("transactional")
        if round(100 * sum(r >= 2 for r in ranks) / n) >= 50:  # BT111
            reached.append("transitional")
        if (round(100 * sum(r == 3 for r in ranks) / n) >= 75 and min(ranks) >= 2  # BT112
                and assessed.get("management_leadership") == "transformational"
                and assessed.get("efficiency_policy") == "transformational"):
            reached.append("transformational")
    return assessed, reached
