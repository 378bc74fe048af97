"""Trainer mode: the case-study councils, a step-by-step walkthrough with an optional quiz, checklists.

Interaction goes through two functions, `echo(text)` and `ask(prompt) -> str` (raising EOFError when input
ends), so a script can drive a walkthrough as a trainee would."""

from __future__ import annotations

import errno
import re
import shlex
import signal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from backtofront.classifier import cases as cases_mod
from backtofront.classifier import questions as questions_mod
from backtofront.classifier import reference as reference_mod
from backtofront.classifier.cases import Case
from backtofront.classifier.classify import Classifier
from backtofront.classifier.knowledge import Knowledge, StageId, list_item
from backtofront.classifier.result import READING_MARKER, READING_NOTE, Result, marked

from .formats import COUNCIL_TYPES, overall_words, path_lines, why_not_lines
from .plain import Expander

Echo = Callable[[str], None]
Ask = Callable[[str], str]
Key = Callable[[str], bool]  # shows a prompt, waits for one keypress; True to quit
STAGES: tuple[StageId, ...] = ("transactional", "transitional", "transformational")


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


STAGE_BASIS = {"stated": "stated", "placed_under_heading": "under heading",
               "classified": "the assessment's reading"}


def cases_text(rows: list[dict], width: int = 1000, kb: Knowledge | None = None) -> str:
    """The case-study table: one line per council when `width` (columns) allows (pipes: grep-able);
    otherwise each council as a short entry wrapped at `width`, never mid-word. With the knowledge, a note
    on each case study that has no profile of its own (11 is the council of 7; 19 names no council)."""
    from .terminal import hanging, wrap

    notes = [("Stage (stated): the report's own words state the council's approach; (under heading): the "
              "report only prints the case study under that stage's heading, without stating it; "
              "(the assessment's reading): the report gives none and the stage is the assessment's "
              "classification of the bundled profile.")]
    if kb:
        listed = {r["number"] for r in rows}
        for cs in kb.case_studies.values():
            if cs.number in listed:
                continue
            if cs.same_council_as in listed:
                notes.append(f"Case study {cs.number} ({cs.council}) is the council of Case study "
                             f"{cs.same_council_as}: `cases show {cs.number}` and `--case {cs.number}` use "
                             "that profile.")
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
        council = f"{r['council']}: {r['type']}" if r["council"].endswith(")") else (f"{r['council']} "
                                                                                     f"({r['type']})")
        out.append(hanging(f"{r['number']:>3}  ", council, width).rstrip("\n"))
        out.append(hanging("     Stage: ", stage, width).rstrip("\n"))
        out.append(hanging("     ", f"{r['title']}: {', '.join(r['illustrates']) or '–'}",
                           width).rstrip("\n"))
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
           f"{cs.council} ({types.get(cs.council_type or '', 'type not stated')}); in the report under "
           f"{cs.para}"]
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
        out.append(cs.stage_basis or "")   # the knowledge's sentence: "The report prints Case study 8 ..."
    else:
        out.append("The report states no stage for this council.")
    out.append(f"Classified stage of the bundled profile: {overall_words(result)}")
    out.append("")
    out.append("The bundled profile, field by field ([report] the report states it; [reading] "
               f"{READING_MARKER} of the report):")
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
    out += ["", f"Note: {READING_NOTE}"]  # the note the markers refer to, once
    return "\n".join(out) + "\n"


def _field_name(clf: Classifier, path: str) -> str:
    """A profile field's path ("techniques.used.ict") as a person reads it ("Technique used: ICT")."""
    kb = clf.kb
    group, _, rest = path.partition(".")
    sub, _, item = rest.partition(".")
    if group == "characteristics" and rest in kb.characteristics:
        return kb.characteristics[rest].name
    if group == "techniques" and item in kb.techniques:
        return f"Technique {sub.replace('not_used', 'neither used nor planned')}: {kb.techniques[item].name}"
    if group == "benchmarking" and item in kb.benchmarking_types:
        return f"Benchmarking {sub.replace('not_used', 'not used')}: {kb.benchmarking_types[item].name}"
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
    value: Any = case.data.get(group)
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
    """The report's checklists `numbers` (1 to 3), each question with its points, as plain text or as
    Markdown (headings, and the source at the end); acronyms spelled out at first use."""
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


def checklist_plain(numbers: list[int], *, to_file: bool = False) -> str:
    """`checklist -f text`: `checklist_text`, wrapped to the terminal (not for a pipe or a file)."""
    from backtofront.classifier import knowledge as knowledge_mod

    from . import terminal

    text = checklist_text(knowledge_mod.load(), numbers, markdown=False)
    return terminal.wrap(text, terminal.stdout(to_file=to_file, pipe_width=1000).width)


def checklist_markdown(numbers: list[int], **_options) -> str:
    """`checklist -f md`: `checklist_text` as Markdown."""
    from backtofront.classifier import knowledge as knowledge_mod

    return checklist_text(knowledge_mod.load(), numbers, markdown=True)


# -- walkthrough ---------------------------------------------------------------------------------
SCREEN_ROWS = 24  # an 80x24 screen: a step longer than SCREEN_ROWS - 4 lines pauses inside itself


def _expanding(echo: Echo, result: Result | None = None) -> Echo:
    """`echo` that spells out each of the report's acronyms the first time its own prose uses it (the
    user's words in `result` and quotations are printed as written)."""
    from .plain import user_texts

    expand = Expander(protect=user_texts(result) if result else ())
    return lambda text: echo(expand(text) or "")


@dataclass
class Step:
    """One screen of the walkthrough: a heading and its paragraphs (unwrapped)."""
    heading: str
    paragraphs: list[str] = field(default_factory=list)


def _characteristic_step(c, clf: Classifier, ref: reference_mod.CaseReference | None,
                         judged: list, shown: int | None = None) -> Step:
    """A characteristic's step: what the council did (the evidence, quoted, with its place), Table 4's
    description at its stage, why the one matches the other, and the conclusion, saying whether the
    report's words settle the stage or it is the assessment's reading."""
    stage = c.stage.id
    step = Step(c.name)
    q = ref.get(c.id) if ref else None
    if q and shown:  # the same sentence of the report as an earlier step's: said once
        step.paragraphs.append(f"What the council did ({q.place}): the sentence quoted in step {shown}.")
    elif q:
        step.paragraphs.append(f"What the council did ({q.place}): “{c.evidence}”")
    elif c.evidence:
        step.paragraphs.append(f"What the council did (the profile's evidence): “{c.evidence}”")
    else:
        step.paragraphs.append(f"{c.name}: the profile gives no evidence for this stage.")
    step.paragraphs.append(f"Table 4, {stage}: “{c.stage.descriptor}”")
    if q and q.graded:
        step.paragraphs.append(f"Why it matches: the report's words “{q.settled_by}” match Table 4's {stage} "
                               f"description and no other stage's. {q.note or ''}".rstrip())
        step.paragraphs.append(f"Conclusion: {c.name.lower()} is {stage}, settled by the report's words.")
        return step
    if q:
        step.paragraphs.append(f"Why it matches: {q.note}")
        step.paragraphs.append(f"Conclusion: {stage}. This is the assessment's reading of {q.place}; "
                               f"the report does not state the stage of {c.name.lower()}.")
        return step
    for t in judged:
        step.paragraphs.append(f"Why it matches: {t.conclusion}")
    if c.basis == "override" and c.override:
        step.paragraphs.append("Why it matches: the assessor set it, giving this reason: "
                               f"{c.override.get('reason')}")
    how = {"stated": "as the profile states it", "answered": "as judged from the answers",
           "override": "as the assessor set it"}.get(c.basis or "", "as the profile records it")
    step.paragraphs.append(f"Conclusion: {c.name.lower()} is {stage}, {how}; the report says nothing of "
                           "this council, so the stage is the assessment's reading.")
    return step


def _item_name(clf: Classifier, rule, item: str) -> str:
    """The name a person reads for a rule's item (a characteristic's name, a para 78 element's words)."""
    kb, fe = clf.kb, rule.spec.for_each
    if fe in ("element", "strategic"):
        items = kb.four_elements.items if fe == "element" else kb.strategic_characteristics.items
        text = next((i.text for i in items if i.id == item), item)
        return list_item(text).split(":")[0]
    tables: dict[str, Mapping[str, Any]] = {
        "characteristic": kb.characteristics, "pressure": kb.pressures, "barrier": kb.barriers,
        "technique": kb.techniques, "benchmarking": kb.benchmarking_types}
    table = tables.get(fe, {})
    return table[item].name if item in table else item.replace("_", " ")


def _rule_step(step, clf: Classifier, seen_facts: dict[str, int], number: int) -> Step:
    """A rule of the overall stage (or one that judged answers): the rule, its citation, the facts it
    looked at (or the earlier step that showed them) and its conclusion."""
    rule = clf.rules.get(step.rule)
    item = _item_name(clf, rule, step.item) if step.item else ""
    out = Step(rule.spec.title + (f" ({item})" if item and len(item) <= 40 else ""))
    explanation = " ".join(rule.spec.explanation.split())
    if explanation in seen_facts:
        out.paragraphs.append(f"The rule: as in step {seen_facts[explanation]}.")
    else:
        seen_facts[explanation] = number
        fresh = [sentence for sentence in re.split(r"(?<=[.!?])\s+", explanation)
                 if sentence not in seen_facts]
        for sentence in fresh:
            seen_facts[sentence] = number
        out.paragraphs.append(f"The rule: {' '.join(fresh)}" if fresh else "The rule: as told in the steps "
                                                                           "before.")
    out.paragraphs.append(f"Citation: {step.citation}"
                          + (f" ({READING_MARKER})" if rule.spec.basis == "inferred"
                                                          else ""))
    facts = "; ".join(clf.describe_shown(n, v) for n, v in step.facts.items())
    if facts in seen_facts:
        out.paragraphs.append(f"Facts it looked at: those of step {seen_facts[facts]}.")
    elif facts and facts.rstrip(".") not in step.conclusion \
            and facts.split(" (para")[0][:40].lower() not in step.conclusion.lower():
        seen_facts[facts] = number
        out.paragraphs.append(f"Facts it looked at: {facts}")
    else:
        seen_facts[facts] = number
    out.paragraphs.append(f"Conclusion: {step.conclusion}")
    return out


def _overall_step(result: Result, clf: Classifier, ref: reference_mod.CaseReference | None, assess: str,
                  quoted: dict[str, int]) -> Step:
    step = Step("The overall stage")
    q = ref.get(reference_mod.OVERALL) if ref else None
    cs = clf.kb.case_studies.get(ref.number) if ref else None
    own = clf.kb.case_studies[cases_mod.resolve(ref.number)[0].number] if ref else None
    if q and q.graded:
        assert own is not None and own.stage_basis  # a graded overall answer rests on the report's words
        place, _, quote = own.stage_basis.partition(": ")
        quote = quote.strip("'")
        shown = next((n for text, n in quoted.items() if text and text in quote), None)
        step.paragraphs.append(f"What the report says: it states the council's approach in {place}, "
                               + (f"in the sentence quoted in step {shown}." if shown else f"“{quote}”"))
    elif own and own.stage_source == "placed_under_heading" and own.stage:
        step.paragraphs.append(f"What the report says: it prints {own.citation} under the "
                               f"{own.stage.capitalize()} heading ({own.para}) without stating the council's "
                               "approach.")
    elif cs:
        step.paragraphs.append(f"What the report says: nothing of this council's overall approach; "
                               f"the stage below is the assessment's reading of {cs.citation}.")
    agrees = ""
    if q and q.graded and not result.overall.stated:  # a stated stage already names the report's place
        agrees = ("; the report states the same" if q.stage == result.overall.stage
                  else f"; the report states {q.stage}, and the report's word stands")
    step.paragraphs.append(f"Overall stage: {overall_words(result)}{agrees}.")
    step.paragraphs.extend([*why_not_lines(result), *path_lines(result)])
    if result.recommendations:
        n = len(result.recommendations)
        step.paragraphs.append(
            f"{n} recommendations follow; the first: {result.recommendations[0].title}. See `{assess}` for "
            "all of them." if n > 1 else f"One recommendation follows: {result.recommendations[0].title}. "
                                         "See "
            f"`{assess}` for it.")
    return step


def walkthrough_steps(result: Result, clf: Classifier, case: int | None = None,
                      assess: str = "backtofront assess") -> list[Step]:
    """The walkthrough's steps, in order: each assessed characteristic (its evidence, Table 4's words, why
    they match, the conclusion), the rules that judged answers or placed the overall stage, and the overall
    stage. With `case`, the evidence is the report's, with its case study and paragraph (see
    classifier/reference.py for what the report's words settle)."""
    ref = reference_mod.reference(case) if case is not None else None
    judged: dict[str, list] = {}
    for t in result.trace:
        if t.phase == "judge" and t.item:
            judged.setdefault(t.item, []).append(t)
    steps: list[Step] = []
    quoted: dict[str, int] = {}
    for c in result.characteristics.values():
        if c.stage:
            shown = quoted.get(c.evidence or "")
            steps.append(_characteristic_step(c, clf, ref, judged.get(c.id, []), shown))
            quoted.setdefault(c.evidence or "", len(steps))
    seen_facts: dict[str, int] = {}
    for t in result.trace:
        if t.phase == "judge" and t.item and t.item in result.characteristics \
                and result.characteristics[t.item].stage:
            continue  # told inside the characteristic's own step
        if t.phase == "judge" or (t.phase == "classify" and t.rule != "BT101"):
            steps.append(_rule_step(t, clf, seen_facts, len(steps) + 1))
    steps.append(_overall_step(result, clf, ref, assess, quoted))
    return steps


def step_lines(step: Step, number: int, total: int, width: int, expand, bold=lambda s: s) -> list[str]:
    """A step as the lines a screen shows: the bold heading, then each paragraph wrapped at `width`
    with a two-column hanging indent."""
    from .terminal import wrap

    lines = [bold(line) for line in wrap(f"Step {number} of {total}: {expand(step.heading)}",
                                         width).split("\n")]
    for p in step.paragraphs:
        lines.extend(wrap("  " + expand(p), width).split("\n"))
    return lines


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
                key: Key | None = None, case: int | None = None, width: int = 1000, rows: int = SCREEN_ROWS,
                bold: Callable[[str], str] = lambda s: s, blind: bool = False,
                answers: dict[str, str] | None = None) -> dict[str, str] | None:
    """Step through the classification one screen at a time (see `walkthrough_steps`); `assess` is the
    command that shows the full result (e.g. "backtofront assess --case 7"). The report's acronyms are
    spelled out at first use; lines are wrapped at `width` columns and headings passed through `bold`.
    Between steps: `key` (at a terminal: Enter goes on, q quits at once), or else a line read with `ask`
    (piped input: an empty line goes on, "q" quits). A step longer than `rows` - 4 lines pauses inside
    itself. Each prompt fits one line of a 60-column terminal. With `quiz_first`, the quiz comes first
    (see `quiz`) and its answers are returned ({characteristic id | "overall": stage | "dont_know"}): every
    answer given, also when the student quits (q) or input ends part-way. The answers are gathered into
    `answers` when given, so a caller still has them if Ctrl-C (KeyboardInterrupt) ends the quiz."""
    from .plain import user_texts

    expand = Expander(protect=user_texts(result))
    plain = _expanding(echo, result)

    def stop(prompt: str, line_prompt: str) -> bool:
        if key is not None:
            return key(prompt)
        return ask(line_prompt).strip().lower() in ("q", "quit")

    from .terminal import wrap

    steps = walkthrough_steps(result, clf, case, assess)
    # the note the markers refer to, once per document: before the quiz, or else before the steps
    marks = _walkthrough_marks(result, clf, steps) or (quiz_first and bool(_quiz_readings(result, case)))
    answers = (answers if answers is not None else {}) if quiz_first else None
    try:
        if quiz_first:
            if marks:
                echo(wrap(f"Note: {READING_NOTE}", width))
            finished = quiz(result, clf, echo, ask, case=case, blind=blind, width=width, rows=rows, bold=bold,
                            more=(lambda: stop("Press Enter for more, q to quit: ",
                                               "Press Enter for more, or q and Enter to quit: ")) if pause
                            else None,
                            answers=answers, note=False)
            if finished is None or (pause and stop("\nPress Enter to walk through the case, q to quit: ",
                                                   "\nPress Enter for the case, or q and Enter to quit: ")):
                return answers
        echo(bold(f"Walkthrough: {result.council['name']}"))
        if intro:
            plain(intro)
        if marks and not quiz_first:
            echo(wrap(f"Note: {READING_NOTE}", width))
        for i, step in enumerate(steps, start=1):
            echo("")
            lines = step_lines(step, i, len(steps), width, expand, bold)
            room = max(rows - 4, 5)  # the screen also holds the last prompt, a blank line and the next prompt
            while len(lines) > room and pause:
                echo("\n".join(lines[:room - 1]))
                lines = lines[room - 1:]
                if stop("Press Enter for the rest of this step, q to quit: ",
                        "Press Enter for the rest, or q and Enter to quit: "):
                    echo("Stopped.")
                    return answers
            echo("\n".join(lines))
            if pause and i < len(steps) and stop("Press Enter for the next step, q to quit: ",
                                                 "Press Enter for the next step, or q and Enter to quit: "):
                echo("Stopped.")
                return answers
    except QuizStopped:
        echo("Stopped.")
    except EOFError:
        echo("\n(Input ended.)")
    return answers


# -- quiz ----------------------------------------------------------------------------------------
def _parse_answer(answer: str) -> str | None:
    a = answer.strip().lower()
    if a in ("?", "0", "d", "dk", "don't know", "dont know", "dont_know", "don’t know"):
        return reference_mod.DONT_KNOW
    return _parse_stage(a)


def _parse_stage(answer: str) -> str | None:
    a = answer.strip().lower()
    if a in ("1", "2", "3"):
        return STAGES[int(a) - 1]
    matches = [s for s in STAGES if len(a) >= 6 and s.startswith(a)]
    return matches[0] if len(matches) == 1 else None


class QuizStopped(Exception):
    """q typed at a quiz question: the quiz ends there, the questions answered so far kept."""


def _ask_stage(ask: Ask, echo: Echo, question: str) -> str:
    """A stage (or don't know) typed at `question`, asked up to three times; QuizStopped for q or quit."""
    for _ in range(3):
        answer = ask(f"{question} [1, 2, 3, ? = don't know, q = quit]: ")
        if answer.strip().lower() in ("q", "quit"):
            raise QuizStopped
        stage = _parse_answer(answer)
        if stage:
            return stage
        echo(f"  '{answer.strip()}' is not a stage: type 1, 2 or 3, a stage's name, or ?.")
    echo("  No answer recorded: counted as don't know.")
    return reference_mod.DONT_KNOW


def _said(answer: str | None) -> str:
    return "don't know" if answer in (None, reference_mod.DONT_KNOW) else answer


def feedback(q: reference_mod.Question, answer: str | None, reading: bool | None = None) -> str:
    """One answer's feedback: RIGHT, WRONG by how far, DON'T KNOW (graded questions) or DISCUSSED, what
    the student said, the reference stage, the reason and the paragraph. A discussed stage that is the
    assessment's reading (`reading`; by default every discussed question) carries the reading marker:
    "it is transitional (the assessment's reading)"."""
    said = _said(answer)
    if not q.graded:
        agree = ", as the assessment reads it" if answer == q.stage else ""
        stage = f"; it is {marked(q.stage)}" if (not q.graded if reading is None else reading) else ""
        return f"DISCUSSED  {q.name}: you said {said}{agree}{stage}. {q.reason} ({q.place})"
    d = reference_mod.distance(answer or "", q.stage)
    mark = ("DON'T KNOW" if d is None else "RIGHT" if d == 0
            else f"WRONG by {'one stage' if d == 1 else 'two stages'}")
    return f"{mark}  {q.name}: you said {said}; the report's words make it {q.stage}. {q.reason} ({q.place})"


def score_lines(pairs: list[tuple[str, str]], discussed: int, questions) -> list[str]:
    """The score on the graded questions beside the commonest-stage baseline and Cohen's kappa."""
    graded = len(pairs)
    if not graded:
        return [f"Nothing here is settled by the report's words, so nothing is marked: all {discussed} "
                "answers are discussed above, against the assessment's reading."]
    right = sum(a == r for a, r in pairs)
    stage = reference_mod.commonest_stage()
    base, _ = reference_mod.baseline(questions, stage)
    k = reference_mod.kappa(pairs)
    return [f"Score: {right} of {graded} marked ({discussed} more discussed, not marked).",
            f"Always answering {stage}, the commonest stage among every case's marked answers, scores "
            f"{base} of {graded} here.",
            "Cohen's kappa (agreement beyond chance): " + (f"{k:.2f}." if k is not None else
                                                           "not defined when every answer and reference is "
                                                           "the same stage.")]


def _quiz_readings(result: Result, case: int | None) -> set[str]:
    """The quiz's questions whose reference stage is the assessment's reading (their feedback carries the
    marker): with a case, every question the report's words do not settle; on a council's own profile, the
    stages judged from several answers (CharacteristicResult.judgement) and the overall stage."""
    if case is not None:
        return {q.key for q in reference_mod.reference(case).questions if not q.graded}
    keys = {c.id for c in result.characteristics.values() if c.stage and c.judgement == "inferred"}
    return keys | ({reference_mod.OVERALL} if result.overall.stage else set())


def _walkthrough_marks(result: Result, clf: Classifier, steps: list[Step]) -> bool:
    """True when the walkthrough's steps carry the reading marker (the overall stage, a step of a `basis:
    inferred` rule, a stage that is the assessment's reading)."""
    return any(READING_MARKER in " ".join([s.heading, *s.paragraphs]) for s in steps)


def quiz(result: Result, clf: Classifier, echo: Echo, ask: Ask, *, case: int | None = None,
         blind: bool = False,
         width: int = 1000, rows: int = SCREEN_ROWS, bold: Callable[[str], str] = lambda s: s,
         more: Callable[[], bool] | None = None, answers: dict[str, str] | None = None,
         note: bool = True) -> dict[str, str] | None:
    """Ask the student to place each assessed characteristic, from its evidence and Table 4's three
    descriptions, then the overall stage; then give each answer's feedback and the score. Nothing shown
    before an answer names the stage (the stages' names in the evidence are withheld as "[…]"); `blind`
    also hides the council's name and the case study's title. Only questions the report's words settle
    are marked (classifier/reference.py); the rest are discussed. A discussed stage that is the
    assessment's reading carries the reading marker, and `note` gives the note it refers to once, before the
    questions (False: the caller has given it). `more` pauses long feedback (True: quit). Returns the
    answers ({characteristic id | "overall": stage | "dont_know"}), None if quit; each answer is also put
    into `answers` (when given) as it is given, so none is lost if the quiz ends early."""
    from .terminal import wrap

    ref = reference_mod.reference(case) if case is not None else None
    kb = clf.kb
    titles = ({ref.title, kb.case_studies[cases_mod.get(case).number].title} if ref and case is not None
              else set())

    def hide(text: str) -> str:
        """Nothing before an answer names the stage; blind, nor the council or the case study's title."""
        if blind and ref:
            for title in titles:
                text = text.replace(title, "[the case study's title]")
            text = reference_mod.withhold_council(text, ref.council)
        return reference_mod.withhold_stage(text)
    if ref:
        title = "" if blind else f": {hide(ref.title)}"
        who = "a council" if blind else hide(ref.council)
        echo(bold(wrap(f"Quiz: Case study {ref.number}{title}", width)))
        echo(wrap(f"What did {who} do? For each characteristic, read the report's words and pick the Table 4 "
                  "description they match; then the overall stage.", width))
        questions = list(ref.questions)
    else:
        echo(bold(wrap(f"Quiz: {hide(result.council['name'])}", width)))
        # the report says nothing of this council: every answer is discussed against the profile, none marked
        questions = [reference_mod.Question(c.id, c.name, c.stage.id, False,
                                            f"The report says nothing of this council; the profile records "
                                            f"{c.stage.id}.", "the profile", evidence=c.evidence)
                     for c in result.characteristics.values() if c.stage]
        if result.overall.stage:
            questions.append(reference_mod.Question(
                reference_mod.OVERALL, "Overall stage", result.overall.stage, False,
                f"The assessment reads it as {result.overall.stage}. Its reasoning: "
                + reference_mod.as_sentence(result.overall.reasons[-1] if result.overall.reasons
                                            else "the stages the profile records"),
                "the assessment's reading"))
    readings = _quiz_readings(result, case)
    if note and readings & {q.key for q in questions}:  # the note the markers refer to, once
        echo(wrap(f"Note: {READING_NOTE}", width))
    answers = answers if answers is not None else {}
    for q in questions:
        echo("")
        if q.key == reference_mod.OVERALL:
            echo(bold(wrap("Overall stage", width)))
            for i, s in enumerate(STAGES, start=1):
                echo(wrap(f"  {i}. {kb.stages[s].summary}", width))
            answers[q.key] = _ask_stage(ask, echo, "Your answer")
            continue
        echo(bold(wrap(q.name, width)))
        if q.evidence:
            echo(wrap(f"  The report: “{hide(q.evidence)}” ({q.place if not blind else 'the case study'})",
                      width))
        for i, s in enumerate(STAGES, start=1):
            echo(wrap(f"  {i}. {kb.characteristics[q.key].descriptors[s]}", width))
        answers[q.key] = _ask_stage(ask, echo, "Your answer")
    lines = ["", "Answers:"]
    for q in questions:
        lines.append(wrap("  " + feedback(q, answers.get(q.key), q.key in readings), width))
    pairs = [(answers.get(q.key) or reference_mod.DONT_KNOW, q.stage) for q in questions if q.graded]
    lines.append("")
    lines += [wrap(s, width) for s in score_lines(pairs, sum(not q.graded for q in questions), questions)]
    text = "\n".join(lines).split("\n")
    room = max(rows - 2, 5)
    while more and len(text) > room:
        echo("\n".join(text[:room - 1]))
        text = text[room - 1:]
        if more():
            echo("Stopped.")
            return None
    echo("\n".join(text))
    return answers


# -- the command ---------------------------------------------------------------------------------
def run(profile, *, case: int | None, profile_path: str | None = None, quiz: bool = False,
        blind: bool = False,
        pause: bool = True, student: str | None = None, answers_out: str | None = None, **_) -> None:
    """`backtofront walkthrough`: the walkthrough (and quiz) of a loaded profile at the terminal or through
    pipes, at the terminal's width (COLUMNS) and height (LINES); --no-pause prints every step straight
    through, never stopping in a pager. With `answers_out`, the quiz answers given are written as a
    student-answers/1 file (render/classroom.py), also when the quiz ends early (q, end of input, Ctrl-C),
    with a line on standard error saying how many questions were answered. Raises InputError for a file
    that cannot be written."""
    import shutil
    import sys

    import click

    from . import terminal

    clf = Classifier()
    term = terminal.stdout(max_width=120)
    width, rows = term.width, shutil.get_terminal_size().lines if term.tty else SCREEN_ROWS
    bold = (lambda s: click.style(s, bold=True)) if term.color else (lambda s: s)
    intro = None
    if case is not None:
        cs = clf.kb.case_studies[case]
        intro = f"Case study {cs.number}: {cs.title}. {cs.council}, in the report under {cs.para}."

    def echo(text: str) -> None:
        click.echo(terminal.wrap(text, width))

    def ask(prompt: str) -> str:
        click.echo(terminal.wrap(prompt, width), nl=False)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line

    def key(prompt: str) -> bool:  # at a terminal, one keypress: Enter for the next step, q to quit
        click.echo(terminal.wrap(prompt, width), nl=False)
        return read_key()

    assess = f"backtofront assess --case {case}" if case is not None else \
        f"backtofront assess {shlex.quote(profile_path)}" if profile_path else "backtofront assess"
    answers: dict[str, str] = {}

    def record() -> None:
        """Write whatever was answered (all of it, or part when the quiz ended early), saying how much."""
        if not (answers_out and quiz):
            return
        from . import classroom

        asked = len(reference_mod.reference(case).questions) if case is not None else len(answers)
        try:
            click.echo(f"{len(answers)} of {asked} questions answered.", err=True)
        except OSError:  # the terminal has gone (closed): the answers are written all the same
            pass
        classroom.write_answers(answers_out, student=student, case=case, blind=blind, answers=answers)

    at_terminal = sys.stdin.isatty()  # asked now: a terminal that has closed is no longer one
    try:
        walkthrough(clf.classify(profile), clf, echo, ask, pause=pause, quiz_first=quiz, intro=intro,
                    assess=assess, key=key if at_terminal else None, case=case, width=width,
                    rows=rows, bold=bold, blind=blind, answers=answers)
    except (KeyboardInterrupt, click.exceptions.Abort):
        try:
            click.echo("", err=True)
        except OSError:  # a SIGHUP: the terminal has gone
            pass
        record()
        raise
    except OSError as exc:
        if exc.errno != errno.EIO or not at_terminal:
            raise
        # the terminal closed (a read or a write failed before its SIGHUP came): keep what was answered; the
        # command line ends it as the hang-up (cli: EIO from the terminal it started at is 128 + SIGHUP)
        try:
            signal.signal(signal.SIGHUP, signal.SIG_IGN)  # its SIGHUP, still to come, changes nothing now
        except KeyboardInterrupt:  # or came just then (stopping's handler ran before this call)
            pass
        record()
        raise
    record()
