"""The line-by-line interview (`--plain`, and whenever standard input is not a terminal).

Protocol (also in docs/interview.md): each question is printed with its numbered options, then
`Answer:`. A number answers (for a `multiple` question, several numbers separated by commas or spaces;
for a figure, the figure itself); `n` not applicable (then a one-line justification), `d` don't know,
`b` back, `s` skip, `j` jump to a part, `q` save and quit. After an answer or `d`, `Evidence note:` where
Enter skips (and keeps an earlier note), `b` goes back to the answer (nothing saved), `q` saves the answer
and quits, and `\\q` or `\\b` is a note of that one letter. The file is saved after every answer. At the
end, a summary and `Assess now? [Y/n]`. End of input stops like `q`, except before the council's details are
complete: then InputError "no more input" (exit 2), and nothing is saved.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from backtofront.classifier import csvtable, knowledge, loading
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError
from backtofront.classifier.questions import Question
from backtofront.classifier.result import READING_NOTE

from .previous import Previous
from .session import Session, describe
from .store import COUNCIL_TYPES, DONT_KNOW, NA, Answer, ProfileFile, check_answer

Ask = Callable[[str], str]   # prints a prompt, returns the line typed (without newline); EOFError at the end
Echo = Callable[[str], None]

KEYS = "n = not applicable, d = don't know, b = back, s = skip, j = jump to a part, q = save and quit"


class Quit(Exception):
    """The user typed q, or the input ended."""


class Back(Exception):
    """The user typed b at the evidence note: the answer just typed is not saved, and its question is
    asked again."""


MAX_NOTE = 10_000  # characters in one evidence note: sixty still leave a profile well inside its size limit
COUNCIL_KEYS = "b goes back a question and q quits, saving nothing; type \\q or \\b for the letter itself."
EVIDENCE_KEYS = ("At Evidence note, b goes back to the answer and q saves the answer and quits; for a note "
                 "that is just the letter, type \\q or \\b.")


def _wrap(text: str, width: int, indent: str = "", hang: int = 2) -> str:
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent + " " * hang)


def fitted(echo: Echo, width: int) -> Echo:
    """`echo` for a screen `width` columns wide: a line longer than that is wrapped at spaces, its
    continuation lines two columns under its own indent; shorter lines (the questions, already wrapped)
    pass as they are."""
    def say(text: str) -> None:
        lines = []
        for line in text.split("\n"):
            if len(line) <= width:
                lines.append(line)
                continue
            indent = line[:len(line) - len(line.lstrip(" "))]
            lines.append(textwrap.fill(line.strip(), width, initial_indent=indent,
                                       subsequent_indent=indent + "  ", break_long_words=False,
                                       break_on_hyphens=False))
        echo("\n".join(lines))
    return say


def fitted_ask(ask: Ask, echo: Echo, width: int) -> Ask:
    """`ask` for a screen `width` columns wide: a prompt longer than that is wrapped at spaces, all but
    its last line printed (`echo`) and the last line asked, with the prompt's closing space."""
    def question(prompt: str) -> str:
        if len(prompt) <= width:
            return ask(prompt)
        *before, last = textwrap.wrap(prompt, width - 1, break_long_words=False, break_on_hyphens=False)
        if before:
            echo("\n".join(before))
        return ask(last + prompt[len(prompt.rstrip()):])
    return question


def council_details(store: ProfileFile, ask: Ask, echo: Echo, name: str | None = None,
                    council_type: str | None = None, previous: Previous | None = None) -> None:
    """Ask for the council's name, type and (optionally) the assessment date; saves the file at once.
    With `previous` (`--from`): the name and type are the earlier profile's, the date is required and
    must be after the earlier one, and `follows` is recorded. At each prompt `q` raises Quit (nothing
    saved) and `b` goes back to the prompt before it (COUNCIL_KEYS); `\\q` and `\\b` are the text "q"
    and "b"."""
    if previous is not None:
        old = previous.profile.council
        name, council_type = old.name, old.type
        since = f", assessed on {previous.assessed_on.isoformat()}" if previous.assessed_on else ""
        echo(f"A new assessment of {old.name} ({old.type.replace('_', ' ')}), following "
             f"{previous.path}{since}.")
    else:
        echo("First, the council.")
    # the prompts still to answer, in order; those given on the command line (or by --from) are not asked
    steps = [step for step, given in (("name", name is not None and name.strip() != ""),
                                      ("type", council_type in COUNCIL_TYPES), ("date", False)) if not given]
    echo("  " + COUNCIL_KEYS)
    date, at = None, 0
    while at < len(steps):
        step = steps[at]
        if step == "name":
            prompt = "Council name: "
        elif step == "type":
            for i, t in enumerate(COUNCIL_TYPES, 1):
                echo(f"  {i}. {knowledge.council_type_in_sentence(t)}")
            prompt = f"Council type [1-{len(COUNCIL_TYPES)}]: "
        elif previous is None:
            prompt = "Assessment date, YYYY-MM-DD or DD/MM/YYYY (Enter for none): "
        else:
            prompt = "Date of this assessment, YYYY-MM-DD or DD/MM/YYYY: "
        try:
            typed = ask_line(ask, prompt)
        except Back:
            if at == 0:
                echo("  This is the first question; q quits.")
            else:
                at -= 1
            continue
        if step == "name":
            if not typed:
                echo("  Give the council's name (q quits).")
                continue
            if problem := loading.text_problem(typed):  # a control or formatting character: asked again
                echo(f"  The name {problem}.")
                continue
            name = typed
        elif step == "type":
            chosen = typed.lower().replace(" ", "_")
            if chosen.isascii() and chosen.isdigit() and 1 <= int(chosen) <= len(COUNCIL_TYPES):
                council_type = COUNCIL_TYPES[int(chosen) - 1]
            elif chosen in COUNCIL_TYPES:
                council_type = chosen
            else:
                echo(f"  Type a number from 1 to {len(COUNCIL_TYPES)}.")
                continue
        else:
            if not typed:
                if previous is not None:
                    echo("  Give this assessment's date: the letter and compare put assessments in order by "
                         "it.")
                    continue
                date = None
            else:
                try:
                    when = profile_mod.read_date(typed)
                except ValueError as exc:
                    echo(f"  {str(exc)[0].upper()}{str(exc)[1:]}.")
                    continue
                if problem := after_problem(when, previous):
                    echo(f"  {problem}")
                    continue
                date = when.isoformat()
        at += 1
    assert name is not None and council_type is not None  # every step was answered
    store.set_council(name.strip(), council_type, date, previous.follows() if previous else None)
    echo(f"Saved {store.path}. Every answer is saved as you go; run the same command again to resume.")


def after_problem(when, previous: Previous | None) -> str | None:
    """Why `when` cannot be the date of an assessment following `previous` (it is not after it), or None."""
    if previous is None or previous.assessed_on is None or when > previous.assessed_on:
        return None
    return (f"The earlier assessment is dated {previous.assessed_on.isoformat()}; give a later date "
            "for this one.")


def last_time_lines(session: Session, question: Question, existing: Answer | None = None) -> list[str]:
    """`--from`: the earlier answer with its evidence (offered as the default while this profile has no
    answer of its own), and the stage the earlier profile stated for the question's characteristic with
    its evidence (shown, never an answer)."""
    previous = session.previous
    if previous is None:
        return []
    lines = []
    stated = session.last_stage(question)
    if stated is not None:
        stage, evidence = stated
        char = session.kb.characteristics.get(question.characteristic or "")
        lines.append(f"{previous.when}, stated stage of {char.name if char else question.characteristic}: "
                     f"{stage}" + (f" (evidence: {evidence})" if evidence else "")
                     + "; shown, not an answer.")
    last = session.last_time(question)
    if last is None:
        lines.append(f"{previous.when}: no answer.")
    else:
        # last time's note is shown, not carried (docs/interview.md): a note is typed for this year's answer
        offer = "" if existing is not None else "; Enter keeps the answer, and its note is asked for again" \
            if last.evidence else "; Enter keeps it"
        lines.append(f"{previous.when}: {describe(question, last)}" +
                     (f" (evidence: {last.evidence})" if last.evidence else "") + offer + ".")
    return lines


def show_question(session: Session, question: Question, echo: Echo, width: int,
                  descriptors: bool = True, note: bool = False) -> bool:
    """Print the question; Table 4's descriptors only when `descriptors` (first question of a part); where
    each option's stage comes from; with `note`, the note the reading marker refers to, after the first
    option that is the assessment's reading. True when the note was printed."""
    echo("")
    echo(session.progress())
    echo(_wrap(question.text, width, hang=0))
    if question.help:
        echo(_wrap(question.help, width, "  "))
    cells = session.descriptors(question) if descriptors else []
    if cells:
        echo("  Table 4's descriptors:")
        for stage, text in cells:
            echo(_wrap(f"{stage}: {text}", width, "    "))
    for i, option in enumerate(question.options, 1):
        echo(_wrap(f"{i}. {option.text}", width, "  ", hang=len(str(i)) + 2))
    noted = False
    if any(o.stage for o in question.options):  # where each option's stage comes from
        echo(_wrap("Stages from: " + "; ".join(f"{i}. {o.stage}, {question.basis_words(o)}"
                                               for i, o in enumerate(question.options, 1) if o.stage) + ".",
                   width, "  "))
        if note and any(o.basis == "inferred" for o in question.options if o.stage):
            echo(_wrap(f"Note: {READING_NOTE}", width, "  "))
            noted = True
    existing = session.existing(question)
    for line in last_time_lines(session, question, existing):
        echo(_wrap(line, width, "  "))
    if existing is not None:
        echo(_wrap(f"Answered: {describe(question, existing)}" +
                   (f" (evidence: {existing.evidence})" if existing.evidence else ""), width, "  "))
    return noted


def hint(question: Question) -> str:
    if question.kind == "number":
        what = "a percentage, 0-100" if question.unit == "pct" else "an amount in pounds" \
            if question.unit == "gbp" else "a number"
        return f"Type {what}; {KEYS}."
    n = len(question.options)
    several = ", several separated by commas or spaces, 0 for none" if question.kind == "multiple" else ""
    return f"Type a number 1-{n}{several}; {KEYS}."


def parse_choice(question: Question, typed: str) -> object | str:
    """The answer value for what was typed, or a string starting with '!' saying what is wrong."""
    if question.kind == "number":
        try:
            return csvtable.typed_figure(typed, question.unit)
        except csvtable.NumberError as exc:
            if any(ch.isdigit() for ch in typed):
                return f"!{str(exc)[0].upper()}{str(exc)[1:]}."
            return "!" + hint(question)
    parts = [p for p in re.split(r"[,\s]+", typed) if p]
    if question.kind == "multiple" and parts == ["0"]:
        return []
    if not all(p.isascii() and p.isdigit() and 1 <= int(p) <= len(question.options) for p in parts):
        return "!" + hint(question)
    ids = list(dict.fromkeys(question.options[int(p) - 1].id for p in parts))
    if question.kind == "single":
        return ids[0] if len(ids) == 1 else "!This question takes one answer. " + hint(question)
    return ids


def ask_line(ask: Ask, prompt: str) -> str:
    """One line typed at `prompt`, without surrounding spaces. `q` raises Quit and `b` raises Back, at every
    prompt of the interview; `\\q` and `\\b` are the text "q" and "b"."""
    typed = ask(prompt).strip()
    if typed.lower() == "q":
        raise Quit
    if typed.lower() == "b":
        raise Back
    return typed[1:] if typed.lower() in ("\\q", "\\b") else typed


def ask_evidence(existing: Answer | None, ask: Ask, echo: Echo | None = None) -> str | None:
    """The evidence note typed for an answer (Enter keeps the one saved, or skips); a note holding a
    control or invisible formatting character is asked again, as a council name is. The answer prompt's
    commands hold here too: `b` raises Back (the answer is not saved), `q` raises Quit (the caller saves
    the answer with the note kept, as Enter would, then stops); `\\q` and `\\b` are the notes "q" and "b"."""
    keep = f" (Enter keeps: {existing.evidence})" if existing and existing.evidence else " (Enter to skip)"
    while True:
        typed = ask_line(ask, f"Evidence note{keep}: ")
        problem: str | None = (f"is longer than {MAX_NOTE:,} characters; shorten it" if len(typed) > MAX_NOTE
                               else loading.text_problem(typed))
        if not problem:
            return typed or (existing.evidence if existing else None)
        if echo:
            echo(f"  The note {problem}.")


def ask_justification(ask: Ask, echo: Echo) -> str:
    """Why a question does not apply (one line, required; a control or formatting character is asked
    again). `b` raises Back and `q` raises Quit, nothing saved; `\\q` and `\\b` are the reasons "q" and
    "b"."""
    while True:
        typed = ask_line(ask, "Why is it not applicable? (one line; b goes back, q quits): ")
        if problem := loading.text_problem(typed):
            echo(f"  The reason {problem}.")
        elif typed:
            return typed
        else:
            echo("  Give a reason on one line, or b to go back to the answer.")


def _save_with_evidence(session: Session, answer: Answer, existing: Answer | None, ask: Ask,
                        echo: Echo) -> None:
    """Save `answer` with the evidence note typed for it (ask_evidence): on `q` the answer is saved with the
    note kept (as Enter would) and Quit goes on up; on `b` nothing is saved and the question is asked
    again."""
    try:
        evidence = ask_evidence(existing, ask, echo)
    except Quit:
        session.answer(Answer(answer.value, evidence=existing.evidence if existing else None,
                              justification=answer.justification))
        raise
    except Back:
        echo("  Back to the answer; nothing was saved for it.")
        return
    session.answer(Answer(answer.value, evidence=evidence, justification=answer.justification))


def ask_part(session: Session, ask: Ask, echo: Echo, width: int = 80) -> int | None:
    """List the parts, numbered, each with its progress; a long title wraps under itself and
    '(3 of 3 answered)' is never split."""
    for n, (part, answered) in enumerate(session.part_progress(), 1):
        progress = f"({answered} of {len(part.questions)} answered)".replace(" ", "\xa0")
        line = _wrap(f"{n:>2}. {part.title} {progress}", width, "  ", hang=4)
        echo(line.replace("\xa0", " "))
    while True:
        typed = ask(f"Jump to part [1-{len(session.parts)}, Enter to stay]: ").strip()
        if typed.isascii() and typed.isdigit() and 1 <= int(typed) <= len(session.parts):
            return int(typed) - 1
        if typed == "" or typed.lower() == "b":
            echo(f"  Staying at question {min(session.index, len(session.questions) - 1) + 1}.")
            return None
        if typed.lower() == "q":
            raise Quit
        echo(f"  Type a part's number from 1 to {len(session.parts)}, or press Enter to stay.")


def _tell_evidence_keys(told: bool, echo: Echo) -> bool:
    """Say once, before the first evidence note, how b and q work there (EVIDENCE_KEYS)."""
    if not told:
        echo("  " + EVIDENCE_KEYS)
    return True


def run_questions(session: Session, ask: Ask, echo: Echo, width: int = 80) -> bool:
    """Ask every question from the session's position to the end. Returns True at the end, False when
    the user quit (q or end of input). Every answer is saved as it is given."""
    shown_part, shown, noted, told = None, -1, False, False
    try:
        while not session.done:
            question = session.current
            assert question is not None  # there is one until the session is done
            part = session.part_of(session.index)[1].key
            if shown != session.index:  # not again after a typing slip
                noted = show_question(session, question, echo, width, descriptors=part != shown_part,
                                      note=not noted) or noted
            shown_part, shown = part, session.index
            offered = session.offered(question)
            typed = ask("Answer (Enter keeps last time's): " if offered is not None else "Answer: ").strip()
            key = typed.lower()
            existing = session.existing(question)
            if key == "q":
                raise Quit
            if key == "b":
                session.back()
                continue
            if key == "s" or (key == "" and existing is not None):
                session.skip()
                continue
            if key == "j":
                chosen = ask_part(session, ask, echo, width)
                if chosen is not None:
                    session.jump(chosen)
                shown = -1
                continue
            if key == "" and offered is not None:   # `--from`: the earlier answer, confirmed
                told = _tell_evidence_keys(told, echo)
                _save_with_evidence(session, Answer(offered.value, justification=offered.justification), None,
                                    ask, echo)
                continue
            if key == "":
                echo("  " + hint(question))
                continue
            if key == "n":
                try:
                    why = ask_justification(ask, echo)
                except Back:
                    echo("  Back to the answer; nothing was saved for it.")
                    continue
                session.answer(Answer(NA, justification=why))
                continue
            if key == "d":
                value: object = DONT_KNOW
            else:
                value = parse_choice(question, typed)
                if isinstance(value, str) and value.startswith("!"):
                    echo("  " + value[1:])
                    continue
                problem = check_answer(question, Answer(value))
                if problem:
                    echo(f"  {problem[0].upper()}{problem[1:]}.")
                    continue
            told = _tell_evidence_keys(told, echo)
            _save_with_evidence(session, Answer(value), existing, ask, echo)
    except (Quit, EOFError):
        return False
    return True


def summary_text(session: Session) -> list[str]:
    lines = ["", "Summary (saved in " + str(session.store.path) + "):"]
    for part, c in session.summary():
        bits = [f"{c['answered']} answered"]
        bits += [f"{c['na']} not applicable"] if c["na"] else []
        bits += [f"{c['dont_know']} don't know"] if c["dont_know"] else []
        bits += [f"{c['open']} open"] if c["open"] else []
        bits += [f"{c['evidence']} with evidence"] if c["evidence"] else []
        lines.append(f"  {part.title}: {', '.join(bits)}")
    return lines


def run(session: Session, ask: Ask, echo: Echo, width: int = 80, *, name: str | None = None,
        council_type: str | None = None) -> bool:
    """The whole line-mode interview: the council's details when the file has none, the questions from
    the first unanswered one, the summary, and `Assess now?`. Returns True when the user asked for the
    assessment, False when they quit (the file holds every answer given)."""
    echo = fitted(echo, width)
    ask = fitted_ask(ask, echo, width)
    store = session.store
    if store.council is None or name or council_type:
        council = store.council or {}
        try:
            council_details(store, ask, echo, name or council.get("name"),
                            council_type or council.get("type"),
                            session.previous if store.council is None else None)
        except Quit:
            echo(f"Nothing saved: {store.path} {'is unchanged' if store.exists else 'was not created'}.")
            return False
        except EOFError:
            kept = "is unchanged" if store.exists else "was not created"
            raise InputError(
                f"no more input before the council's details were complete; {store.path} {kept}") \
                from None
    if session.done:
        echo(f"Every question in {store.path} has an answer; b goes back to change one.")
        session.index = len(session.questions)
    while True:
        finished = run_questions(session, ask, echo, width)
        if not finished:
            echo(session.saved_line())
            return False
        for line in summary_text(session):
            echo(line)
        while True:   # anything else is asked again, never taken as no
            try:
                typed = ask("Assess now? [Y/n, b = back to the last question]: ").strip().lower()
            except EOFError:
                return True
            if typed in ("", "y", "yes", "n", "no", "b", "q", "quit"):
                break
            echo(f"{typed!r} is not an answer here: Enter or y assesses now, n or q stops (the answers are "
                 "saved), b goes back to the last question.")
        if typed == "b":
            session.back()
            continue
        if typed in ("n", "no", "q", "quit"):
            echo(session.saved_line())
            return False
        return True
