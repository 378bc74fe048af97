"""`backtofront combine A.yaml B.xlsx C.csv ... -o COUNCIL.yaml`: several respondents' answers into one
council profile, `respondents: [{name, role, source, characteristics, answers}]` and
`merge: median|worst|assessor`, from which `assess` recomputes (classifier/respondents.py merges; the
merge rule is the assessment's reading).

Each file is a respondent: a profile (YAML or JSON, `respondent: {name, role}` optional), a filled
questionnaire workbook (.xlsx: its cover names the council and the respondent), or an answers sheet
(.csv, or Excel's "Unicode Text" .txt; it names no council). A file with no respondent takes its file
name's stem as the name. A profile's stated stages (`characteristics: {id: stage}`, with their evidence)
are kept as that respondent's (`respondents[].characteristics`), and count as their judged stage where
their answers give none. Refused (InputError, exit 2, naming both files): files that name different
councils (matched as `compare` matches them: name and type, ignoring case and spacing), the same
respondent twice (names ignoring case and spacing); `--merge assessor` with no `assessor` respondent;
no file naming the council. Refused for one file (exit 2, naming it): an override (the facilitator's
decision on the combined profile, not a respondent's answer), and a section stated outside the answers
that no rule merges (pressures, figures, targets, notes and the like), rather than dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backtofront.classifier import profile as profile_mod
from backtofront.classifier import questions as questions_mod
from backtofront.classifier import workbook
from backtofront.classifier import csvtable, loading
from backtofront.classifier.errors import InputError, is_utf8, printable

MERGE_RULES = ("median", "worst", "assessor")


@dataclass
class Respondent:
    """One file's respondent: `name`, `role` (or None), `source` (the file), `council` ({name, type} or
    None), `assessed_on`, `answers` in a profile's long form ({question_id: {answer, evidence, ...}}) and
    `stated`, the stages a profile states outside its answers ({id: stage or {stage, evidence}})."""
    name: str
    role: str | None
    source: str
    council: dict[str, str] | None
    answers: dict[str, Any]
    assessed_on: dt.date | None = None
    stated: dict[str, Any] | None = None   # the stages the file states outside its answers (see _stated)


def _long(answers: dict) -> dict[str, Any]:
    out = {}
    for qid, a in answers.items():
        value = a.answer
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        entry = {"answer": value}
        if a.evidence:
            entry["evidence"] = a.evidence
        if a.justification:
            entry["justification"] = a.justification
        out[qid] = entry if len(entry) > 1 else value
    return out


def read_respondent(path: str) -> Respondent:
    """One respondent's file (see the module). InputError for a bad file, naming its place."""
    stem = Path(path).stem
    if not is_utf8(stem):   # a respondent not named in the file is named after it
        raise InputError("its name is not valid UTF-8 text (the escapes stand for its bytes), and the "
                         "respondent is named after the file; rename it", source=printable(path))
    bank = questions_mod.load()
    suffix = Path(path).suffix.lower()
    if workbook.is_workbook(path):
        filled = workbook.read(path, bank)
        answers = {qid: profile_mod.Answer(a, e, j) for qid, (a, e, j) in filled.answers.items()}
        council = filled.council if {"name", "type"} <= set(filled.council) else None
        return Respondent(filled.respondent.get("name") or stem, filled.respondent.get("role"), path, council,
                          _long(answers))
    if suffix in csvtable.SHEET_SUFFIXES:
        from backtofront.interview import answers_file

        typed, _ = answers_file.read(path, bank)
        long = {qid: profile_mod.Answer(a.value, a.evidence, a.justification) for qid, a in typed.items()}
        return Respondent(stem, None, path, None, _long(long))
    loaded = profile_mod.load(path)
    respondent = loaded.respondent
    if loaded.respondents:
        raise InputError("is already a combined profile (it has respondents); combine the respondents' own "
                         "files", source=path)
    if overridden := sorted(loaded.characteristics.overrides()):
        raise InputError(f"characteristics.{overridden[0]}: an override is the facilitator's decision, not "
                         "a respondent's answer; give this respondent's own view as `stage`, and after "
                         "combining record the agreed stage as an override in the combined profile",
                         source=path)
    if outside := _facts_outside_answers(loaded):
        raise InputError(f"states {', '.join(outside)} outside its answers, which combine cannot merge "
                         "without inventing or losing a fact; give them as answers to the questions "
                         "(`backtofront questions`), or add them to the combined profile after combining",
                         source=path)
    return Respondent(respondent.name if respondent else stem, respondent.role if respondent else None, path,
                      {"name": loaded.council.name, "type": loaded.council.type}, _long(loaded.answered()),
                      loaded.assessed_on, _stated(loaded))


# A respondent's profile sections other than its answers and stated stages: each is the council's fact or
# decision, which combine has no rule to merge (a figure two respondents give differently, say), so a file
# stating one is refused rather than the section silently dropped.
_OUTSIDE = ("pressures", "barriers", "techniques", "benchmarking", "figures", "four_elements",
            "strategic_approach", "targets", "notes", "letter")


def _facts_outside_answers(loaded: profile_mod.Profile) -> list[str]:
    """The sections of `_OUTSIDE` the profile gives. An empty list or section of pressures, barriers,
    techniques or benchmarking counts (`barriers: []` says the council has none); the sections a profile
    always has (figures, four_elements, strategic_approach, targets) count when they give a value."""
    import msgspec

    out = []
    for name in _OUTSIDE:
        value = getattr(loaded, name)
        if name in ("figures", "four_elements", "strategic_approach", "targets"):
            value = [v for v in msgspec.structs.astuple(value) if v is not None] or None
        if value is not None:
            out.append(name)
    return out


def _stated(loaded: profile_mod.Profile) -> dict[str, Any]:
    """The stages the profile states outside its answers, in the profile's own form: {id: stage} or
    {id: {stage, evidence}}, in Table 4's order."""
    out: dict[str, Any] = {}
    for cid, a in loaded.characteristics.assessed().items():
        out[cid] = {"stage": a.stage, "evidence": a.evidence} if a.evidence else a.stage
    return out


def _given_council(name: str | None, council_type: str | None) -> dict[str, str]:
    """The council as `--name` and `--type` give it ({} for neither), the type as a profile reads it
    (`London borough` is london_borough); InputError for a type that is not one."""
    from backtofront.classifier.knowledge import COUNCIL_TYPE_IDS as types

    most = profile_mod.MAX_COUNCIL_NAME   # as a profile's council name (profile.Council)
    if name is not None and len(name) > most:
        raise InputError(f"--name: a council's name is at most {most} characters; this one has {len(name):,}")
    given = {"name": name} if name else {}
    if council_type is not None:
        read = profile_mod.choice(council_type, types)
        if read not in types:
            raise InputError(f"--type {council_type!r}: give one of {', '.join(types)}")
        given["type"] = read
    return given


def _council_key(council: dict) -> tuple[str, str]:
    """A council (a profile's `council:` mapping) as compared: its name's `profile.name_key` and its type,
    as compare.council_key compares loaded profiles."""
    return profile_mod.name_key(str(council.get("name", ""))), str(council.get("type", ""))


def _refuse_one_file_twice(paths: list[str]) -> None:
    """InputError (exit 2) for one file given twice, by any name (a link, a hard link): one respondent would
    count twice in the median."""
    from backtofront.render.output import by_file

    for names in by_file(p for p in paths if os.path.exists(p)):   # read_respondent says why one is missing
        if len(names) > 1:
            same = "given twice" if names[1] == names[0] else f"the same file as {names[0]}"
            raise InputError(f"is {same}; each respondent's file is given once, or they would count twice",
                             source=names[1])


def combine(paths: list[str], merge: str = "median", name: str | None = None,
            council_type: str | None = None, date: dt.date | None = None) -> dict[str, Any]:
    """The combined council profile's data (see the module). `name`/`council_type` (`--name`, `--type`):
    the council, for files that do not name it (answers sheets); where a file names it, they must be the
    same council. `date` (`--date`): the assessment's date (the workshop's), else the latest a respondent's
    file gives. InputError for refused inputs."""
    if len(paths) < 2:
        raise InputError("combine needs at least two respondents' files")
    given = _given_council(name, council_type)
    _refuse_one_file_twice(paths)
    people = [read_respondent(p) for p in paths]
    for p in people:
        p.name = " ".join(p.name.split())
    council, council_source = None, None
    for p in people:
        if p.council is None:
            continue
        if council is None:
            council, council_source = p.council, p.source
        elif _council_key(p.council) != _council_key(council):
            raise InputError(f"{council_source} is about {council['name']} ({council['type']}) but "
                             f"{p.source} about {p.council['name']} ({p.council['type']}); combine one "
                             "council's respondents")
    if council is not None and given:
        for option, value in (("--name", given.get("name")), ("--type", given.get("type"))):
            as_compared = profile_mod.name_key if option == "--name" else str
            if value is not None and as_compared(value) != as_compared(str(council[option[2:]])):
                raise InputError(f"{option} {value!r} is not the council {council_source} names ("
                                 f"{council['name']}, {council['type']}); combine one council's respondents")
    if council is None and given.get("name") and given.get("type"):
        council = dict(given)
    if council is None:
        missing = " and ".join(o for o, k in (("--name", "name"), ("--type", "type")) if not given.get(k))
        raise InputError("no file names the council (answers sheets do not): give " + missing + (
            ", or at least one profile or workbook with the council's name and type"))
    seen: dict[str, str] = {}
    for p in people:
        key = profile_mod.name_key(p.name)
        if key in seen:
            if (key == profile_mod.name_key(Path(p.source).stem)
                    == profile_mod.name_key(Path(seen[key]).stem)):
                # no respondent named in either file: each is named after its file, and the files share a name
                raise InputError(f"{seen[key]} and {p.source} both take the name {p.name!r} from their "
                                 "file names: name each respondent (the workbook's cover, or "
                                 "respondent: {name: ...} in a profile), or rename one file")
            raise InputError(f"respondent {p.name!r} is in both {seen[key]} and {p.source}; give each once")
        seen[key] = p.source
    if merge == "assessor" and not any(p.role == "assessor" for p in people):
        raise InputError("--merge assessor needs a respondent whose role is assessor; none of the files has "
                         "one")
    dates = [p.assessed_on for p in people if p.assessed_on]
    data: dict[str, Any] = {"council": dict(council)}
    if date is not None or dates:
        data["assessed_on"] = (date or max(dates)).isoformat()
    data["merge"] = merge
    data["respondents"] = [{"name": p.name, **({"role": p.role} if p.role else {}), "source": p.source,
                            **({"characteristics": p.stated} if p.stated else {}), "answers": p.answers}
                           for p in people]
    profile_mod.parse(data, "the combined profile")   # valid, or InputError
    return data


HEADER = ("# A council profile combined from {n} respondents by `backtofront combine` (merge: {merge}).\n"
          "# `backtofront assess` recomputes each characteristic's stage from the respondents' answers by "
          "the\n# merge rule (the assessment's reading). To record the agreed stage after the workshop, add "
          "under\n# characteristics: <id>: {{override: {{stage: ..., reason: \"...\"}}}}\n")


# The last header line: a digest of the text combine wrote below it, so that running combine again can tell
# a file edited since (an answer or a note corrected by hand, a comment added) from one it may replace.
CHECK = "# combine's check of the text below (leave this line): {digest}\n"
_CHECK = re.compile(r"^# combine's check of the text below \(leave this line\): ([0-9a-f]{16})\r?$", re.M)
_CHECK_LINE = re.compile(r"^\s*#\s*combine's check", re.M | re.I)   # the line, however it was changed


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def edited_since(text: str) -> bool | None:
    """Whether the combined profile `text` (as read, line endings kept) was edited since combine wrote it:
    True when the text below its check line, or the line itself, was changed; False when it is as combine
    wrote it; None for a file without a check line (written by an earlier release: its content is then
    checked key by key)."""
    m = _CHECK.search(text)
    if m is None:
        return True if _CHECK_LINE.search(text) else None
    return _digest(text[m.end():].removeprefix("\n")) != m.group(1)


def command(paths: list[str], merge: str = "median", name: str | None = None,
            council_type: str | None = None, date: dt.date | None = None) -> tuple[str, dict[str, Any]]:
    """The combined profile as YAML text, and its data (`combine`, `name` and `council_type` as it takes
    them). InputError for refused inputs, or a combined profile larger than a profile may be."""
    import yaml

    data = combine(paths, merge, name, council_type, date)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)   # libyaml's emitter when present: far quicker
    body = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    text = HEADER.format(n=len(data["respondents"]), merge=merge) + CHECK.format(digest=_digest(body)) + body
    if len(text.encode("utf-8")) > loading.MAX_BYTES:  # a profile no command would read: never written
        raise InputError(f"the combined profile would be larger than {loading.MAX_BYTES:,} bytes, the most a "
                         "profile may be; shorten the respondents' longest evidence notes, or combine fewer")
    return text, data


def refuse_replacing(output: str | None, new: dict[str, Any]) -> str | None:
    """Before `combine -o OUTPUT` writes the new combined profile (its data, `new`): run again, it replaces
    the combined profile it wrote before, but never another council's (InputError, exit 2), nor one whose
    stages the workshop has since agreed (overrides, with their reasons), nor one where anything else has
    been recorded since (figures, elements, the council's own answers, notes: any section combining does
    not make), which combining again would drop: the facilitator's work is the user's. Returns what the
    existing file holds (`output.held_work`'s kind, None for none), for `write_output(held=...)`."""
    from backtofront.render.output import held_work

    if output in (None, "-"):
        return None
    held, old = held_work(output)
    if held != "a combined profile":
        # a file that is not a combined profile (an answers file, a case profile, any other YAML): the
        # combined profile is the user's work product, and never replaces what it did not write (the kinds
        # write_output names itself are left to it, which says what they are)
        if held is None and os.path.isfile(output) and os.path.getsize(output) > 0:
            raise InputError("exists and is not a combined profile; refusing to write over it: give another "
                             "file name", source=output)
        return held

    def council(data: dict) -> dict:
        return data["council"] if isinstance(data.get("council"), dict) else {}
    if _council_key(council(old)) != _council_key(council(new)):
        raise InputError("holds another council's combined profile; refusing to write over it: give another "
                         "file name", source=output)
    try:   # as the readers decode it (UTF-16 from Notepad's "Unicode" too), its line endings kept
        text = loading.decode(Path(output).read_bytes(), output)
    except (OSError, InputError):
        text = ""
    edited = edited_since(text)
    if edited is False:   # as combine wrote it: nothing in it is anyone else's work
        return held
    agreed = [cid for cid, c in (old.get("characteristics") or {}).items()
              if isinstance(c, dict) and c.get("override")]
    if agreed:
        raise InputError(f"holds stages agreed since it was combined ({', '.join(agreed)}), which combining "
                         "again would drop; combine to another file and copy them across", source=output)
    # anything else recorded there since (figures, elements, the council's own answers, notes): what
    # combining makes is the council, the merge rule and the respondents; the rest is the facilitator's
    added = [key for key, value in old.items()
             if key not in new and key != "merge" and value not in (None, "", [], {})]
    if added:
        raise InputError(f"holds what was recorded in it since it was combined ({', '.join(added)}), which "
                         "combining again would drop; combine to another file and copy them across",
                         source=output)
    if edited:
        raise InputError("has been edited since combine wrote it (an answer, a note, a role or a comment), "
                         "which combining again would lose; combine to another file and copy across what "
                         "to keep", source=output)
    return held
