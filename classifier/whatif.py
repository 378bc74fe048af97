"""What if: the assessment re-run with some characteristics at other stages (`assess --what-if ID=STAGE`).

Each `ID=STAGE` sets one characteristic of Table 4 (ids as `backtofront knowledge characteristics` prints
them) to a stage (transactional, transitional, transformational, in any case) or leaves it not assessed
(`not_assessed`). A stage set this way is given to the rules as an assessor's override whose reason says it
is a what-if, so it stands whatever the profile's answers say; `not_assessed` removes the characteristic's
stated stage, override and indicator answers. The result is the changed assessment, with `what_if` saying
what was set and what changed, in `compare`'s words (cohort/compare.py).
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from . import questions as questions_mod
from .classify import Classifier
from .errors import InputError
from .knowledge import STAGE_IDS, is_stage_id
from .profile import Assessment, Characteristics, Override, Profile
from .result import Result, WhatIf

NOT_ASSESSED = "not_assessed"


def parse(settings: Iterable[str], ids: list[str]) -> dict[str, str]:
    """`ID=STAGE` texts as {characteristic id: stage id or "not_assessed"}, in the order given (one
    characteristic given twice at the same stage counts once). InputError (exit 2), one line naming the valid
    ids or stages, for anything else, and for one characteristic given two different stages."""
    out: dict[str, str] = {}
    stages = (*STAGE_IDS, NOT_ASSESSED)
    for text in settings:
        cid, eq, stage = (part.strip() for part in str(text).partition("="))
        if not eq or not cid or not stage:
            raise InputError(f"--what-if {text!r}: give ID=STAGE, e.g. efficiency_policy=transitional")
        if cid not in ids:
            raise InputError(f"--what-if {text!r}: {cid!r} is not a characteristic; use one of "
                             f"{', '.join(ids)}")
        stage = stage.lower()
        if stage not in stages:
            raise InputError(f"--what-if {text!r}: {stage!r} is not a stage; use one of {', '.join(stages)}")
        if out.get(cid, stage) != stage:
            raise InputError(f"--what-if {text!r}: {cid} is already set to {out[cid]}; give each "
                             "characteristic one stage")
        out[cid] = stage
    return out


def changed_profile(profile: Profile, settings: dict[str, str], kb_questions=None) -> Profile:
    """`profile` with each characteristic of `settings` at its stage (as an override whose reason names the
    what-if) or not assessed (no stated stage, no override, no indicator answers)."""
    bank = kb_questions or questions_mod.load()
    fields = {name: getattr(profile.characteristics, name) for name in Characteristics.__struct_fields__}
    answers = dict(profile.answers)
    for cid, stage in settings.items():
        if stage == NOT_ASSESSED:
            fields[cid] = None
            answers = {q: a for q, a in answers.items()
                       if not (q in bank.by_id and bank.by_id[q].characteristic == cid)}
        elif is_stage_id(stage):  # parse() lets through nothing else
            fields[cid] = Assessment(stage=stage, override=Override(stage=stage, reason=f"What if: {stage}"))
    return msgspec.structs.replace(profile, characteristics=Characteristics(**fields), answers=answers)


def run(classifier: Classifier, profile: Profile, settings: Iterable[str],
        source: str | None = None) -> Result:
    """The assessment of `profile` with `settings` (`ID=STAGE` texts) applied, its `what_if` filled: what
    was set, the overall stage before and after, the flags added and removed, and the recommendations that
    no longer apply ("closed"; "achieved" those of them whose aim the setting reaches, "went_down" those
    moving a characteristic the setting lowers) and the new ones,
    matched as `compare` matches them."""
    from backtofront.cohort import compare

    kb = classifier.kb
    chosen = parse(settings, list(kb.characteristics))
    before = classifier.classify(profile, source=source)
    after = classifier.classify(changed_profile(profile, chosen), source=source)
    diff = compare.pair(kb, before, after)

    def flag_key(f) -> tuple[str, str | None]:
        return (f.id, f.item)
    old_flags, new_flags = {flag_key(f): f for f in before.flags}, {flag_key(f): f for f in after.flags}
    def moved(change: dict) -> dict:  # from, to and change: the what-if's own shape (no provisional sides)
        return {k: v for k, v in change.items() if k != "provisional"}
    after.what_if = WhatIf(
        set=chosen,
        overall=moved(diff["overall"]),
        characteristics={cid: moved(c) for cid, c in diff["characteristics"].items()
                         if c["change"] != "same"},
        flags={"added": [{"id": f.id, "message": f.message} for k, f in new_flags.items()
                         if k not in old_flags],
               "removed": [{"id": f.id, "message": f.message} for k, f in old_flags.items()
                           if k not in new_flags]},
        # a characteristic set to not_assessed closes its advice here: the setting is the question asked
        recommendations={"closed": diff["closed_recommendations"] + diff["unassessed_recommendations"],
                         "achieved": diff["achieved_recommendations"],
                         "went_down": diff["went_down_recommendations"],
                         "new": diff["new_recommendations"]})
    return after
