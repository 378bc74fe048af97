"""Trainer mode: the case-study councils, a step-by-step walkthrough with an optional quiz, checklists.

Interaction goes through two functions, `echo(text)` and `ask(prompt) -> str` (raising EOFError when input
ends), so a script can drive a walkthrough as a trainee would."""

from __future__ import annotations

from collections.abc import Callable

from backtofront.classifier import cases as cases_mod
from backtofront.classifier import questions as questions_mod
from backtofront.classifier.cases import Case
from backtofront.classifier.classify import Classifier
from backtofront.classifier.knowledge import Knowledge, list_item
from backtofront.classifier.result import READING_MARKER, READING_NOTE, Result, marked

from .formats import COUNCIL_TYPES, overall_words, why_not_lines
from .plain import Expander

Echo = Callable[[str], None]
Ask = Callable[[str], str]
Key = Callable[[str], bool]  # shows a prompt, waits for one keypress; True to quit
STAGES = ("transactional", "transitional", "transformational")


# -- cases ---------------------------------------------------------------------------------------
def case_rows(cases: dict[int, Case], clf: Classifier) -> list[dict]:
    rows = []
    for n, case in cases.items():
        cs = clf.kb.case_studies[n]
        result = clf.classify(case.profile)
        illustrates = [clf.kb.pressures[p].name for p in cs.illustrates.pressures] + \
            [clf.kb.barriers[b].name for b in cs.illustrates.barriers] + \
            [clf.kb.techniques[t].name for t in cs.illustrates.techniques]
        rows.append({"number": n, "council": case.profile.council.name,
                     "type": COUNCIL_TYPES[case.profile.council.type],
                     "stage": cs.stage or result.overall.stage,
                     "stage_basis": cs.stage_source or "classified",
                     "title": cs.title, "illustrates": illustrates})
    return rows


STAGE_BASIS = {"stated": "stated", "placed_under_heading": "under heading", "classified": "classified"}


def cases_text(rows: list[dict], width: int = 1000, kb: Knowledge | None = None) -> str:
    """The case-study table: one line per council when `width` (columns) allows (pipes: grep-able);
    otherwise each council as a short entry wrapped at `width`, never mid-word. With the knowledge, a note
    on each case study that has no profile of its own (11 is the council of 7; 19 names no council)."""
    from .terminal import hanging, wrap

    notes = [("Stage (stated): the report's own words state the council's approach; (under heading): the report "
              "only prints the case study under that stage's heading, without stating it; (classified): the "
              "report gives none and the stage is this program's classification of the bundled profile.")]
    if kb:
        listed = {r["number"] for r in rows}
        for cs in kb.case_studies.values():
            if cs.number in listed:
                continue
            if cs.same_council_as in listed:
                notes.append(f"Case study {cs.number} ({cs.council}) is the council of Case study "
                             f"{cs.same_council_as}: `cases show {cs.number}` and `--case {cs.number}` use that profile.")
            elif cs.no_profile:
                notes.append(f"Case study {cs.number} has no profile: {cs.no_profile}")
    note = "\n".join(wrap(n, width).rstrip("\n") for n in notes)
    lines = [f"{'No.':>3}  {'Council':<40} {'Type':<28} {'Stage':<31} Illustrates"]
    for r in rows:
        stage = f"{r['stage']} ({STAGE_BASIS[r['stage_basis']]})"
        lines.append(f"{r['number']:>3}  {r['council']:<40} {r['type']:<28} {stage:<31} "
                     f"{r['title']}: {', '.join(r['illustrates']) or '–'}")
    if max(len(line) for line in lines) <= width:
        return "\n".join(lines) + "\n\n" + note + "\n"
    out = []
    for r in rows:
        stage = f"{r['stage']} ({STAGE_BASIS[r['stage_basis']]})"
        council = f"{r['council']}: {r['type']}" if r["council"].endswith(")") else f"{r['council']} ({r['type']})"
        out.append(hanging(f"{r['number']:>3}  ", council, width).rstrip("\n"))
        out.append(hanging("     Stage: ", stage, width).rstrip("\n"))
        out.append(hanging("     ", f"{r['title']}: {', '.join(r['illustrates']) or '–'}", width).rstrip("\n"))
    return "\n".join(out) + "\n\n" + note + "\n"


def show_text(number: int, clf: Classifier) -> str:
    """`cases show N` with the report's acronyms spelled out at first use (see _show_text)."""
    return Expander().document(_show_text(number, clf))


def _show_text(number: int, clf: Classifier) -> str:
    """`cases show N`: the case study and its bundled profile; for a case study about the council of
    another (11, North Warwickshire) that council's profile, saying so; for one that describes no single
    council (19), what it says and why there is no profile. Raises InputError for an unknown number."""
    cs = clf.kb.case_studies.get(number)
    if cs and cs.no_profile and number not in cases_mod.load_all():
        return _header(cs) + "\n".join([f"No bundled profile: {cs.no_profile}",
                                        "Read it in the report beside " + cs.para + "."]) + "\n"
    case, note = cases_mod.resolve(number)
    if note:
        return _header(cs) + note + "\n\n" + case_text(case, clf)
    return case_text(case, clf)


def _header(cs) -> str:
    from .formats import COUNCIL_TYPES as types

    out = [f"Case study {cs.number}: {cs.title}",
           f"{cs.council} ({types.get(cs.council_type or '', 'type not stated')}); in the report under {cs.para}"]
    if cs.names_note:
        out.append(cs.names_note)
    out += ["", cs.summary, ""]
    if cs.figures:
        out += ["Figures from the report:", *[f"  - {f}" for f in cs.figures], ""]
    return "\n".join(out) + "\n"


def case_text(case: Case, clf: Classifier) -> str:
    kb = clf.kb
    cs = kb.case_studies[case.number]
    result = clf.classify(case.profile)
    out = [_header(cs)[:-1]]
    if cs.stage_source == "stated":
        out.append(f"The report states the council's stage: {cs.stage} ({cs.stage_basis})")
    elif cs.stage_source == "placed_under_heading":
        out.append(f"The report places this case study under the {cs.stage} heading without stating the "
                   f"council's stage ({cs.stage_basis})")
    else:
        out.append("The report states no stage for this council.")
    out.append(f"Classified stage of the bundled profile: {result.overall.headline}")
    out.append("")
    out.append("The bundled profile, field by field ([report] the report states it; [reading] the profile "
               "author's reading):")
    assessed = case.profile.characteristics.assessed()
    for path, source in case.sources.items():
        value = _field_value(case, path)
        out.append(f"  {_field_name(clf, path)}: {value}  [{source.basis}]")
        if path.startswith("characteristics."):
            out.append(f"      “{assessed[path.split('.')[1]].evidence}”")
        if source.quote:
            out.append(f"      “{source.quote}”")
        if source.note:
            out.append(f"      {source.note}")
    return "\n".join(out) + "\n"


def _field_name(clf: Classifier, path: str) -> str:
    """A profile field's path ("techniques.used.ict") as a person reads it ("Technique used: ICT")."""
    kb = clf.kb
    group, _, rest = path.partition(".")
    sub, _, item = rest.partition(".")
    if group == "characteristics" and rest in kb.characteristics:
        return kb.characteristics[rest].name
    if group == "techniques" and item in kb.techniques:
        return f"Technique {sub}: {kb.techniques[item].name}"
    if group in ("pressures", "barriers"):
        table = kb.pressures if group == "pressures" else kb.barriers
        if rest in table:
            return f"{group[:-1].capitalize()}: {table[rest].name}"
    if group in ("four_elements", "strategic_approach"):
        items = kb.four_elements.items if group == "four_elements" else kb.strategic_characteristics.items
        text = next((i.text for i in items if i.id == rest), None)
        if text:
            label = "Element of efficiency" if group == "four_elements" else "Strategic characteristic"
            return f"{label}: {list_item(text).split(':')[0]}"
    if group == "answers":
        question = questions_mod.load().by_id.get(rest)
        if question:
            return f"Answer to “{question.text}”"
    if group == "council":
        return {"name": "Council name", "type": "Council type"}.get(rest, f"Council {rest.replace('_', ' ')}")
    if path == "figures.back_office_share_of_gains_pct":
        return "Back office share of the gains (per cent)"
    return path.replace(".", ": ").replace("_", " ").capitalize()


def _field_value(case: Case, path: str) -> str:
    group, _, rest = path.partition(".")
    value = case.data.get(group)
    if group == "characteristics":
        v = value[rest]
        return v["stage"] if isinstance(v, dict) else v
    if isinstance(value, list):
        return "listed"
    if isinstance(value, dict):
        sub, _, item = rest.partition(".")
        if item:
            return "listed"
        v = value[sub]
        return {True: "present", False: "lacking"}.get(v, str(v)) if isinstance(v, bool) else str(v)
    return str(value)


# -- checklists ----------------------------------------------------------------------------------
def checklist_text(kb: Knowledge, numbers: list[int], markdown: bool) -> str:
    out = []
    for n in numbers:
        c = kb.checklists[n]
        out.append(f"## Checklist {n}: {c.title}" if markdown else f"Checklist {n}: {c.title} ({c.citation})")
        out.append("")
        for i, q in enumerate(c.questions, start=1):
            out.append(f"{i}. {q.q}")
            for p in q.points:
                out.append(f"   - {p}")
        out.append("")
    if markdown:
        out.append("_Source: Audit Commission, Back to front (October 2008)._")
        out.append("")
    return Expander().document("\n".join(out))


# -- walkthrough ---------------------------------------------------------------------------------
def _expanding(echo: Echo, result: Result | None = None) -> Echo:
    """`echo` that spells out each of the report's acronyms the first time its own prose uses it (the
    user's words in `result` and quotations are printed as written)."""
    from .plain import user_texts

    expand = Expander(protect=user_texts(result) if result else ())
    return lambda text: echo(expand(text) or "")


def _parse_stage(answer: str) -> str | None:
    a = answer.strip().lower()
    if a in ("1", "2", "3"):
        return STAGES[int(a) - 1]
    matches = [s for s in STAGES if len(a) >= 6 and s.startswith(a)]
    return matches[0] if len(matches) == 1 else None


def _ask_stage(ask: Ask, echo: Echo, question: str) -> str | None:
    for _ in range(3):
        answer = ask(f"{question} [1 transactional, 2 transitional, 3 transformational]: ")
        stage = _parse_stage(answer)
        if stage:
            return stage
        echo(f"  '{answer.strip()}' is not a stage: type 1, 2 or 3, or the stage's name.")
    echo("  No answer recorded.")
    return None


def _marks_readings(result: Result, clf: Classifier) -> bool:
    """True when a walkthrough or quiz of `result` shows a reading marker: an overall stage, a stage judged
    from several answers, or a step of a `basis: inferred` rule."""
    return bool(result.overall.stage) or any(c.judgement == "inferred" for c in result.characteristics.values()) \
        or any(clf.rules.get(t.rule).spec.basis == "inferred" for t in result.trace if t.phase in ("judge", "classify"))


def quiz(result: Result, clf: Classifier, echo: Echo, ask: Ask, *, note: bool = True) -> tuple[int, int]:
    """Ask the trainee to predict each assessed characteristic's stage and the overall stage; reveal and
    score. The answers carry the reading marker where they are the assessment's reading, and `note` gives
    the note it refers to once, before the questions (False: the caller has given it). Returns (right,
    asked)."""
    assessed = [c for c in result.characteristics.values() if c.stage]
    echo("Quiz: predict the stage of each assessed characteristic, then the overall stage.")
    if note and _marks_readings(result, clf):
        echo(f"Note: {READING_NOTE}")
    predictions = {}
    for c in assessed:
        clue = f" Evidence: “{c.evidence}”" if c.evidence else ""
        echo(f"\n{c.name}.{clue}")
        predictions[c.id] = _ask_stage(ask, echo, f"  Your prediction for {c.name}")
    overall = _ask_stage(ask, echo, "\nYour prediction for the overall stage") if result.overall.stage else None
    echo("\nAnswers:")
    right = 0
    for c in assessed:
        ok = predictions[c.id] == c.stage.id
        right += ok
        echo(f"  {'RIGHT' if ok else 'WRONG'}  {c.name}: you said {predictions[c.id] or 'nothing'}; "
             f"it is {marked(c.stage.id) if c.judgement == 'inferred' else c.stage.id}. Table 4: “{c.stage.descriptor}”")
    asked = len(assessed)
    if result.overall.stage:
        asked += 1
        ok = overall == result.overall.stage
        right += ok
        echo(f"  {'RIGHT' if ok else 'WRONG'}  Overall: you said {overall or 'nothing'}; "
             f"it is {marked(result.overall.stage)}.")
        for reason in result.overall.reasons:
            echo(f"         {reason}")
        _why_not_next(result, echo, "         ")
        gate = result.flag("transformational_gate")
        if gate:
            echo(f"         {gate.message}")
    echo(f"\nScore: {right} of {asked}.")
    return right, asked


def _why_not_next(result: Result, echo: Echo, indent: str = "") -> None:
    """Why the council is not at the next overall stage (Result.why_not), as `assess` says it too."""
    for line in why_not_lines(result):
        echo(f"{indent}{line}")



def _item_name(clf: Classifier, rule, item: str) -> str:
    """The name a person reads for a rule's item (a characteristic's name, a para 78 element's words)."""
    kb, fe = clf.kb, rule.spec.for_each
    if fe in ("element", "strategic"):
        items = kb.four_elements.items if fe == "element" else kb.strategic_characteristics.items
        text = next((i.text for i in items if i.id == item), item)
        return list_item(text).split(":")[0]
    table = {"characteristic": kb.characteristics, "pressure": kb.pressures, "barrier": kb.barriers,
             "technique": kb.techniques}.get(fe, {})
    return table[item].name if item in table else item.replace("_", " ")


def read_key() -> bool:
    """One keypress at a terminal, no Enter needed (click.getchar): True for q (quit), False for Enter (go
    on); any other key is ignored. The key is echoed as a line end. Ctrl-C raises KeyboardInterrupt and
    Ctrl-D EOFError, as click.getchar does. Keys typed while the previous step was printing are dropped."""
    import click

    while True:
        key = click.getchar()[:1]
        if key in ("\r", "\n"):
            click.echo()
            return False
        if key in ("q", "Q"):
            click.echo("q")
            return True


def walkthrough(result: Result, clf: Classifier, echo: Echo, ask: Ask, *, pause: bool = True,
                quiz_first: bool = False, intro: str | None = None, assess: str = "backtofront assess",
                key: Key | None = None) -> None:
    """Step through the classification one rule at a time; `assess` is the command that shows the full
    result (e.g. "backtofront assess --case 7"). The report's acronyms are spelled out at first use.
    Between steps: `key` (at a terminal: Enter goes on, q quits at once), or else a line read with `ask`
    (piped input: an empty line goes on, "q" quits). Each prompt fits one line of a 60-column terminal."""
    echo = _expanding(echo, result)

    def stop(prompt: str, line_prompt: str) -> bool:
        if key is not None:
            return key(prompt)
        return ask(line_prompt).strip().lower() in ("q", "quit")
    echo(f"Walkthrough: {result.council['name']}")
    if intro:
        echo(intro)
    if _marks_readings(result, clf):  # the note the markers refer to, once, before any of them
        echo(f"Note: {READING_NOTE}")
    try:
        if quiz_first:
            quiz(result, clf, echo, ask, note=False)
            if pause and stop("\nPress Enter to walk through the rules, q to quit: ",
                              "\nPress Enter for the rules, or q and Enter to quit: "):
                return
        steps = [t for t in result.trace if t.phase in ("judge", "classify")]  # judge: stages from answers
        for i, step in enumerate(steps, start=1):
            rule = clf.rules.get(step.rule)
            echo(f"\nStep {i} of {len(steps)}: {rule.spec.title}"
                 + (f" ({_item_name(clf, rule, step.item)})" if step.item else ""))
            echo(f"  The rule: {' '.join(rule.spec.explanation.split())}")
            echo(f"  Citation: {step.citation}" + (f" ({READING_MARKER})" if rule.spec.basis == "inferred" else ""))
            echo("  Facts it looked at: " + "; ".join(clf.describe_shown(n, v) for n, v in step.facts.items()))
            echo(f"  Conclusion: {step.conclusion}")
            if pause and i < len(steps) and stop("Press Enter for the next step, q to quit: ",
                                                 "Press Enter for the next step, or q and Enter to quit: "):
                echo("Stopped.")
                return
        echo(f"\nOverall stage: {overall_words(result)}.")
        _why_not_next(result, echo)
        if result.recommendations:
            echo(f"{len(result.recommendations)} recommendations follow; the first: {result.recommendations[0].title}. "
                 f"See `{assess}` for all of them.")
    except EOFError:
        echo("\n(Input ended.)")
