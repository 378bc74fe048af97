"""The `backtofront` command.

Exit codes (see ExitCode): 0 success; 1 internal error (a bug, or a broken knowledge or rule file);
2 bad input or usage (a bad profile, a missing file, an unknown option); 130 interrupted (Ctrl-C);
128 + the signal when stopped by SIGTERM (143) or SIGHUP (129).
`main()` maps errors to these codes around the commands, which do not handle errors themselves;
`--debug` shows the traceback instead.
"""

from __future__ import annotations

import enum
import errno
import io
import os
import shlex
import signal
import sys
from pathlib import Path
from typing import Any

if __name__ == "__main__" and not __package__:  # `python cli.py ...` from a checkout
    import importlib.util

    _root = Path(__file__).resolve().parent
    _spec = importlib.util.spec_from_file_location("backtofront", _root / "__init__.py",
                                                   submodule_search_locations=[str(_root)])
    assert _spec is not None and _spec.loader is not None  # a file location always has both
    _pkg = importlib.util.module_from_spec(_spec)
    sys.modules["backtofront"] = _pkg
    _spec.loader.exec_module(_pkg)
    from backtofront.cli import main as _main

    raise SystemExit(_main())

import click
from backtofront import __version__, defaults
from backtofront.classifier.errors import (BackToFrontError, DataError, InputError, SetupError, named,
                                          printable)
from backtofront.render import output_format
from backtofront.render.output import output_name, special_kind, write_output


class ExitCode(enum.IntEnum):
    OK = 0
    ERROR = 1
    BAD_INPUT = 2
    INTERRUPTED = 130


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def load_profile(profile: str | None, case: int | None):
    """The profile to work on: a file, or a bundled case-study council (--case N). Returns (profile,
    source)."""
    from backtofront.classifier import profile as profile_mod

    if profile and case is not None:
        raise click.UsageError("give a PROFILE or --case N, not both")
    if case is not None:
        from backtofront.classifier import cases as cases_mod

        found, note = cases_mod.resolve(case)
        if note:
            click.echo(note, err=True)
        return found.profile, f"case study {case}"
    if not profile:
        raise click.UsageError("missing PROFILE (or --case N for a case-study council)")
    loaded = profile_mod.load(profile)
    for note in profile_mod.fraction_notes(loaded):  # 0.62 where 62 per cent was perhaps meant
        click.echo(note, err=True)
    return loaded, profile


def case_option(f):
    return click.option("--case", "case", type=WholeNumber(), metavar="N",
                        help="Use the bundled profile of the report's case study N instead of a file "
                             "(see `backtofront cases`).")(f)


def output_option(f):
    return click.option("-o", "--output", metavar="FILE", callback=output_name,
                        help="Write to FILE instead of standard output.")(f)


def format_output(formats: output_format.Registry, help: str = ""):
    """The shared `-f/--format` and `-o/--output` options of every command that writes a report, from
    the command's format registry (render/output_format.py, e.g. output_format.ASSESS).

    The command receives `fmt` already decided: --format if given (any case; `markdown` = `md`), else the
    -o file's extension, else the registry's default; an extension outside its formats, or a binary format
    to standard output, is refused with exit 2."""
    import functools

    def decorate(f):
        @functools.wraps(f)
        def run(*args, fmt: str | None, output: str | None, **kwargs):
            return f(*args, fmt=formats.pick(fmt, output), output=output, **kwargs)

        text = (help + " " if help else "") + ("[default: from the -o file's extension, else "
                                               f"{formats.default}]")
        run = click.option("-f", "--format", "fmt", type=formats.choice(), help=text)(run)
        return output_option(run)
    return decorate


class EnvOption(click.Option):
    """An option that may come from an environment variable: a bad value's message names the variable only
    when the value came from it, not when it was typed."""

    def get_error_hint(self, ctx: click.Context | None) -> str:
        if ctx is not None and ctx.get_parameter_source(self.name) is click.core.ParameterSource.ENVIRONMENT:
            return super().get_error_hint(ctx)
        return click.Parameter.get_error_hint(self, ctx)


class WholeNumber(click.ParamType):
    """A whole number written with the digits 0-9 (at most nine, after an optional minus sign), `least` or
    more (None: any, for a callback to judge). A bad value is named by its first 20 characters, however long
    it is (an environment variable can hold thousands)."""
    name = "integer"

    def __init__(self, least: int | None = None) -> None:
        self.least = least

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            raw = str(value)
            text = raw.strip()
            shown = repr(raw if len(raw) <= 20 else f"{raw[:20]}…")
            digits = text.removeprefix("-")
            if not (digits.isascii() and digits.isdigit()):
                self.fail(f"{shown} is not a whole number" + (f"; give {self.least} or more"
                                                              if self.least is not None else ""), param, ctx)
            if len(digits) > 9:
                self.fail(f"{shown} is too large a number", param, ctx)
            number = int(text)
        if self.least is not None and number < self.least:
            self.fail(f"{number} is less than {self.least}; give {self.least} or more", param, ctx)
        return number


class _Interrupted(BaseException):
    """Ctrl-C (or SIGTERM, SIGHUP) carried past click, which would print a blank line for it on standard
    error even when that is a file; `main` says "Interrupted." itself (`_stopped`)."""

    def __init__(self, original: BaseException):
        super().__init__()
        self.original = original


class _Commands(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise _Interrupted(exc) from exc


@click.group(cls=_Commands, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="backtofront")
@click.option("--debug", is_flag=True, help="Show a traceback on errors (accepted anywhere on the line).")
@click.option("--no-color", is_flag=True, help="No colour, even on a terminal (as NO_COLOR=1 does; accepted "
                                                "anywhere on the line).")
@click.pass_context
def cli(ctx: click.Context, debug: bool, no_color: bool) -> None:
    """Classify a council's back-office efficiency along the journey transactional -> transitional ->
    transformational, and recommend next steps, from the Audit Commission's 2008 report "Back to front".

    \b
    Examples:
      backtofront assess profile.yaml
      backtofront assess profile.yaml -f json -o result.json
      backtofront knowledge characteristics
      backtofront example > council.yaml
    """
    ctx.obj = {"debug": debug}


@cli.command(context_settings=CONTEXT,
             short_help="Assess a council profile: stage, flags, recommendations.")
@click.argument("profile", metavar="[PROFILE]", required=False)
@case_option
@format_output(output_format.ASSESS,
               help="Output format; text is a terminal report (plain when not a terminal).")
@click.option("--top", cls=EnvOption, type=WholeNumber(1), metavar="N", default=defaults.TOP,
              envvar=defaults.TOP_ENV, show_envvar=True,
              help="Detail the first N recommendations (text and md). [default: the letter's page-1 "
                   "priorities]")
@click.option("--all", "show_all", is_flag=True, help="Detail every recommendation (text and md; json has "
                                                      "them all).")
@click.option("--what-if", "what_if", multiple=True, metavar="ID=STAGE",
              help="Re-run the rules with this characteristic at this stage (repeatable; ids as `backtofront "
                   "knowledge characteristics` prints them; stages transactional, transitional, "
                   "transformational or not_assessed).")
def assess(profile: str | None, case: int | None, fmt: str, output: str | None, top: int | None = None,
           show_all: bool = False, what_if: tuple[str, ...] = (), screen_only: bool = False) -> None:
    """Assess the council profile PROFILE (YAML or JSON, or a filled questionnaire workbook) and report
    its stage, flags and recommendations.

    \b
    Examples:
      backtofront example > council.yaml  # a starter profile
      backtofront assess council.yaml
      backtofront assess council.json -f md -o assessment.md
      backtofront assess council.yaml -f json | jq .overall
      backtofront assess --case 9  # a report case council
      cat council.yaml | backtofront assess -
      backtofront knowledge profile-format  # its format
    """
    from backtofront.classifier.classify import Classifier
    from backtofront.render import terminal
    from backtofront.render.formats import render

    if top is not None and show_all:
        if click.get_current_context().get_parameter_source("top") is click.core.ParameterSource.ENVIRONMENT:
            top = None  # --all, typed, beats a default from the environment
        else:
            raise click.UsageError("give --top N or --all, not both")
    loaded, source = load_profile(profile, case)
    classifier = Classifier()
    if what_if:
        from backtofront.classifier import whatif

        result = whatif.run(classifier, loaded, what_if, source=source)
    else:
        result = classifier.classify(loaded, source=source)
    term = terminal.stdout(to_file=output not in (None, "-"))
    write_output(render(result, fmt, color=term.color, width=term.width,
                        encoding=terminal.legacy_encoding(to_file=output not in (None, "-")),
                        top=top, show_all=show_all, screen_only=screen_only),
                 output, protect=[profile])


def _parse_date(ctx, param, value):
    """A date option read as a profile's `assessed_on` is (`profile.read_date`): 2008-10-31 or the UK
    31/10/2008; a bad one is refused naming both forms (exit 2)."""
    if value is None:
        return None
    from backtofront.classifier.profile import read_date
    try:
        return read_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _plain_text(ctx, param, value):
    """An option's text with no-break spaces made plain. A control character (an escape sequence's ESC),
    an unpaired surrogate, a noncharacter (U+FFFE: never text, and no Word document may hold one) or an
    invisible character that could reorder or hide the text (a bidi override, a line separator) is
    refused, naming the option and the character, as in profile text (loading.text_problem; exit 2)."""
    if value is None:
        return None
    from backtofront.classifier.loading import NO_BREAK_SPACES, text_problem

    if problem := text_problem(value):
        raise InputError(f"the text {problem}", source="/".join(param.opts))
    return value.translate(NO_BREAK_SPACES)


def _jobs(ctx, param, value):
    """--jobs, or BACKTOFRONT_JOBS: 1 or more; InputError (exit 2) naming where a smaller value came from."""
    if value is not None and value < 1:
        given = (f"{param.envvar}={value}" if ctx.get_parameter_source(param.name)
                 is click.core.ParameterSource.ENVIRONMENT else "--jobs")
        raise InputError(f"{given}: give 1 or more worker processes")
    return value


def _one_line(ctx, param, value):
    """`_plain_text`, on one line, without the spaces and line ending pasted around it: a line break or a
    tab within a name, or a name of nothing but spaces, is refused before any prompt, naming the option
    (exit 2), as a profile's council name refuses them."""
    if value is not None:
        value = value.strip(" \t\r\n")
        if not value:
            raise InputError("the text is blank; give a name, or leave the option out",
                             source="/".join(param.opts))
    if value is not None and ("\n" in value or "\r" in value):   # before _plain_text calls \r a control one
        raise InputError("the text holds a line break; give it on one line", source="/".join(param.opts))
    if value is not None and "\t" in value:
        raise InputError("the text holds a tab; use spaces", source="/".join(param.opts))
    return _plain_text(ctx, param, value)


@cli.command(context_settings=CONTEXT,
             short_help="Write a recommendation letter for a council profile.")
@click.argument("profile", metavar="[PROFILE]", required=False)
@case_option
@format_output(output_format.LETTER, help="Letter format.")
@click.option("--sender", metavar="TEXT", callback=_one_line, help="Who signs the letter. [default: the "
                                                                     "review team]")
@click.option("--recipient", metavar="TEXT", callback=_one_line,
              help="Who it is addressed to. [default: the chief executive and leader]")
@click.option("--date", "date", metavar="DATE", callback=_parse_date,
              help="The date the letter bears. [default: today; the assessment's own date is printed beside "
                   "it]")
@click.option("--brief", is_flag=True, help="Page 1 only: where the council stands and its priorities "
              "(for a cabinet paper). [default: the full letter with the improvement plan annex]")
@click.option("--template-dir", metavar="DIR", help="A folder of your own templates (letterhead), searched "
                                                    "first; "
              "the built-ins stay reachable as builtin/NAME.")
@click.option("--previous", "previous", multiple=True, metavar="OLD",
              help="An earlier profile of the same council (repeatable, for a series): page 1 reports the "
                   "movement since, targets met and the earlier plan's actions done, carried over or "
                   "dropped. [default: the profile's follows: file, written by interview --from]")
def letter(profile: str | None, case: int | None, fmt: str, output: str | None, sender: str | None,
           recipient: str | None, date, brief: bool, template_dir: str | None,
           previous: tuple[str, ...] = ()) -> None:
    """Write a recommendation letter for the council profile PROFILE. Page 1: where the council stands
    and its three to five priorities; then a body of at most three pages explaining them, its strengths and
    the case studies to read; then an improvement plan annex (every action, with a suggested owner and
    timing), questions for the overview and scrutiny committee, and the eight characteristics with the
    assessor's evidence.

    \b
    Examples:
      backtofront letter council.yaml -o letter.docx
      backtofront letter council.yaml -f html -o letter.html \\
        --sender "Jane Smith, Head of Audit"
      backtofront letter council.yaml -f pdf -o letter.pdf \\
        --date 2008-11-01
      backtofront letter council.yaml -o letter.html \\
        --template-dir letterhead/
      backtofront letter --case 7 -o north-warwickshire.docx
      backtofront letter council.yaml --brief -o paper.pdf

    PDF needs the optional extra: pip install 'backtofront[pdf]'.
    """
    from backtofront.classifier.classify import Classifier
    from backtofront.render import letter as letter_mod

    if [profile, *previous].count("-") > 1:
        raise click.UsageError("standard input (-) can be only one of the profiles")
    loaded, source = load_profile(profile, case)
    classifier = Classifier()
    result = classifier.classify(loaded, source=source)
    own = loaded.letter  # the profile's own letter: {sender, recipient}, where the options give none
    sender = sender or (own.sender if own else None)
    recipient = recipient or (own.recipient if own else None)
    earlier_files = previous or _followed(loaded, profile)
    earlier = _previous_results(classifier, loaded, source, earlier_files, by_follows=not previous)
    options = letter_mod.Options(sender=sender, recipient=recipient, date=date, template_dir=template_dir,
                                 brief=brief, case=case, previous=tuple(earlier))
    built = letter_mod.build(result, classifier.kb, options)
    write_output(letter_mod.render(built, fmt, template_dir), output, protect=[profile, *earlier_files])
    if template_dir and (note := letter_mod.template_unused(template_dir, fmt)):
        click.echo(f"Note: {note}", err=True)


@cli.command(context_settings=CONTEXT,
             short_help="Show the report's model: Table 4, Table 3, Table 5, lists.")
@click.argument("topic", required=False, metavar="[TOPIC]",
                type=click.Choice(["characteristics", "pressures", "barriers", "techniques", "case-studies",
                                   "profile-format", "figures"]))
@format_output(output_format.KNOWLEDGE)
def knowledge(topic: str | None, fmt: str, output: str | None) -> None:
    """Show the report's model: Table 4 characteristics, Table 3 pressures and barriers, Table 5
    techniques, the case studies, and the national figures with their citations. Without TOPIC, all of them.

    \b
    TOPIC: characteristics, pressures, barriers,
    techniques, case-studies, profile-format, figures.

    \b
    Examples:
      backtofront knowledge characteristics
      backtofront knowledge techniques --format json
      backtofront knowledge figures
      backtofront knowledge profile-format  # how to write
    """
    write_output(output_format.KNOWLEDGE.render(fmt, topic, to_file=output not in (None, "-")), output)


@cli.command(context_settings=CONTEXT,
             short_help="List the rules: id, phase, basis, title and citations.")
@format_output(output_format.RULES)
def rules(fmt: str, output: str | None) -> None:
    """List the rules: id, phase, basis, citations and title.

    \b
    Examples:
      backtofront rules
      backtofront rules --format json
    """
    write_output(output_format.RULES.render(fmt, to_file=output not in (None, "-")), output)


@cli.group(context_settings=CONTEXT,
           short_help="The report's case-study councils and their profiles.", invoke_without_command=True)
@click.pass_context
def cases(ctx: click.Context) -> None:
    """The report's case-study councils with bundled profiles: number, council, type, stage and what each
    illustrates. `cases show N` prints one with its profile, field by field with its source.

    \b
    Examples:
      backtofront cases
      backtofront cases show 9
      backtofront assess --case 9
      backtofront walkthrough --case 7 --quiz
    """
    if ctx.invoked_subcommand is None:
        from backtofront.classifier import cases as cases_mod
        from backtofront.classifier.classify import Classifier
        from backtofront.render import terminal, trainer

        width = terminal.stdout().width  # a pipe gets the fixed width, as every command's output does
        clf = Classifier()
        click.echo(trainer.cases_text(trainer.case_rows(cases_mod.load_all(), clf), width, clf.kb), nl=False)


@cases.command("show", context_settings=CONTEXT,
               short_help="Print one case study and its bundled profile.")
@click.argument("number", type=WholeNumber())
@click.option("--handout", type=click.Choice(["full", "worksheet", "model"]),
              help="Write a printable handout instead: full (evidence, paragraphs and reasons), worksheet "
                   "(the questions with space for answers) or model (the worksheet with each answer's "
                   "reason).")
@format_output(output_format.HANDOUT, help="The handout's format.")
def cases_show(number: int, handout: str | None, fmt: str, output: str | None) -> None:
    """Print case study NUMBER: the report's text about it, its figures, the stage the report states (if
    any), the classified stage of its bundled profile, and every field of the profile with its source.
    On a terminal, output longer than the screen goes through $PAGER (default `less -R`). With
    --handout, -f or -o: a printable handout, one case to an A4 page.

    \b
    Examples:
      backtofront cases show 7
      backtofront cases show 7 --handout model -o case7.pdf
    """
    from backtofront.classifier.classify import Classifier
    from backtofront.render import terminal, trainer

    given = click.get_current_context().get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT
    if handout or output or given:
        from backtofront.render import handout as handout_mod

        write_output(handout_mod.render(number, handout or "full", fmt), output)
        return
    text = trainer.show_text(number, Classifier())
    terminal.page(terminal.wrap(text, terminal.stdout(pipe_width=1000).width))


@cli.command(context_settings=CONTEXT,
             short_help="Step through a classification from the evidence, one screen a step.")
@click.argument("profile", metavar="[PROFILE]", required=False)
@case_option
@click.option("--quiz", is_flag=True, help="First place each characteristic and the overall stage from the "
                                           "evidence, then see each answer's reason and the score.")
@click.option("--blind", is_flag=True,
              help="In the quiz, hide the council's name and the case study's title.")
@click.option("--student", metavar="NAME", callback=_one_line,
              help="The student's name, recorded with --answers-out.")
@click.option("--answers-out", metavar="FILE", callback=output_name,
              help="Write the quiz answers to FILE, a .yaml (or .yml) file for `backtofront grade`.")
@click.option("--no-pause", is_flag=True, help="Print the whole walkthrough without waiting.")
@click.option("--handout", type=click.Choice(["full", "worksheet", "model"]),
              help="Write a printable handout of the case (implies --no-pause): full (evidence, paragraphs "
                   "and reasons), worksheet (the questions with space for answers) or model (the worksheet "
                   "with each answer's reason).")
@format_output(output_format.HANDOUT, help="The handout's format.")
def walkthrough(profile: str | None, case: int | None, quiz: bool, blind: bool, student: str | None,
                answers_out: str | None, no_pause: bool, handout: str | None, fmt: str,
                output: str | None) -> None:
    """Step through the classification of PROFILE (or --case N) one screen at a time: for each
    characteristic, what the council did (the evidence, quoted, with its paragraph), the Table 4
    description it matches and why, and the conclusion; then the overall stage. Press Enter for the next
    step, q to quit (with piped input: an empty line, or a line with q). --no-pause prints every step
    straight through, with no stop and no pager.

    \b
    Examples:
      backtofront walkthrough --case 7
      backtofront walkthrough --case 9 --quiz --blind
      backtofront walkthrough --case 7 --quiz --student Sam \\
        --answers-out sam.yaml
      backtofront walkthrough --case 7 --handout worksheet \\
        -o case7.pdf
      backtofront walkthrough council.yaml --no-pause >x.txt
    """
    from backtofront.render import trainer

    given = click.get_current_context().get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT
    if handout or output or given:
        if case is None:
            raise InputError("a handout is of a case study: give --case N")
        if quiz:
            raise InputError("a handout is printed whole: not with --quiz")
        from backtofront.render import handout as handout_mod

        write_output(handout_mod.render(case, handout or "full", fmt), output)
        return
    if (student or answers_out or blind) and not quiz:
        raise InputError("--student, --answers-out and --blind go with --quiz")
    if answers_out and case is None:
        raise InputError("--answers-out records a case's quiz: give --case N")
    if answers_out:
        from backtofront.render import classroom

        classroom.check_answers_out(answers_out, student=student, case=case)
    loaded, _ = load_profile(profile, case)
    trainer.run(loaded, case=case, profile_path=profile, quiz=quiz, blind=blind, pause=not no_pause,
                student=student, answers_out=answers_out)


@cli.command(context_settings=CONTEXT,
             short_help="Grade a class's quiz answers against the case councils.")
@click.argument("files", nargs=-1, required=True, metavar="FILE [FILE]...")
@click.option("--case", "case", type=WholeNumber(), metavar="N",
              help="Refuse any file that answers another case study.")
@format_output(output_format.GRADE)
def grade(files: tuple[str, ...], case: int | None, fmt: str, output: str | None) -> None:
    """Grade students' answer files FILE (from `walkthrough --case N --quiz --answers-out FILE`) against the
    case council's reference: each characteristic right, wrong by how far, or discussed (when the report's
    words do not settle it), with the report's sentence that settles it; then a class summary: the
    questions misjudged most, the spread of overall stages, and the class's score beside always
    answering the commonest stage, with Cohen's kappa. Exit 0 when every file is graded; 2 when any
    file is bad, each named on one line after the rest are graded.

    \b
    Examples:
      backtofront grade answers/*.yaml
      backtofront grade *.yaml --case 7 -o class.html
    """
    from backtofront.render import classroom, terminal

    result = classroom.grade(list(files), case)
    if result.bad_files and not result.students:  # nothing to summarise: the problems alone
        raise InputError(result.bad_files[0], problems=result.bad_files)
    to_file = output not in (None, "-")
    text = output_format.GRADE.render_text(fmt, result, width=terminal.stdout(to_file=to_file).width)
    if fmt == "text" and not to_file:
        terminal.page(text)
    else:
        write_output(text, output, protect=files)
    if result.bad_files:
        raise InputError(result.bad_files[0], problems=result.bad_files)


@cli.command(context_settings=CONTEXT,
             short_help="Print the report's checklists (1 to 3).")
@click.argument("number", type=click.IntRange(1, 3), required=False)
@format_output(output_format.CHECKLIST)
def checklist(number: int | None, fmt: str, output: str | None) -> None:
    """Print the report's checklists (1: reviewing SR04 performance; 2: lessons for the CSR07 strategy;
    3: strengthening the approach), for workshops. Without NUMBER, all three.

    \b
    Examples:
      backtofront checklist 2
      backtofront checklist --format md -o checklists.md
    """
    numbers = [number] if number else [1, 2, 3]
    write_output(output_format.CHECKLIST.render(fmt, numbers, to_file=output not in (None, "-")), output)


@cli.command(context_settings=CONTEXT,
             short_help="Print a commented starter council profile.")
@format_output(output_format.EXAMPLE,
               help="yaml: one profile, every field commented; csv: a template for many councils, one row "
                    "each, for a spreadsheet.")
def example(fmt: str, output: str | None) -> None:
    """Print a starter council profile, every field commented, to fill in and assess.

    \b
    Examples:
      backtofront example > council.yaml
      backtofront assess council.yaml
      backtofront example --format csv -o councils.csv

    A starter is written only to a new file: -o onto a file that exists is refused, so that a profile
    being filled in is never replaced by a blank one.
    """
    # a device or a pipe (/dev/null, a FIFO) is written through, never replaced: it holds no file
    if output not in (None, "-") and os.path.lexists(output) and special_kind(output) not in (
            "a FIFO", "a device"):
        raise InputError("exists; a starter is written only to a new file, so that a profile being filled "
                         "in is never replaced: give another name", source=output)
    write_output(output_format.EXAMPLE.render(fmt), output)


GLOBAL_FLAGS = ("--debug", "--no-color")


def _global_flags(args: list[str]) -> tuple[list[str], set[str]]:
    """Take the global flags out of `args` wherever they stand (before a `--`); returns (rest, flags)."""
    rest, found = [], set()
    for i, arg in enumerate(args):
        if arg == "--":
            rest += args[i:]
            break
        if arg in GLOBAL_FLAGS:
            found.add(arg)
        else:
            rest.append(arg)
    return rest, found


def _reader_left() -> int:
    """Standard output's reader went away (`| head -1`): stop quietly; later writes go nowhere."""
    from backtofront.entry import to_devnull

    to_devnull(sys.stdout)
    return ExitCode.OK


@cli.command(context_settings=CONTEXT,
             short_help="Print the question bank of the interview.")
@format_output(output_format.QUESTIONS,
               help="xlsx: a questionnaire workbook to fill in Excel; csv: a blank answers sheet; docx and "
                    "md: on paper, with boxes to tick.")
def questions(fmt: str, output: str | None) -> None:
    """Print the question bank: the questions a profile's `answers` respond to, with their options and the
    stage each option is evidence for. JSON is a stable, public shape. As a workbook (xlsx), respondents
    fill it without the program (layout: docs/workbook.md) and `combine`, `assess` and
    `interview --answers` read it back.

    \b
    Examples:
      backtofront questions
      backtofront questions --format json -o questions.json
      backtofront questions -o survey.xlsx
      backtofront questions -o sheet.csv
      backtofront questions -o workshop.docx
    """
    from backtofront.render import terminal

    term = terminal.stdout(to_file=output not in (None, "-"), max_width=120)
    write_output(output_format.QUESTIONS.render(fmt, color=term.color, width=term.width), output)


@cli.command(context_settings=CONTEXT,
             short_help="Build a council profile by answering questions.")
@click.option("-o", "--output", "output", metavar="PROFILE", required=True, callback=output_name,
              help="The profile file to create or add answers to (YAML, or JSON for .json).")
@click.option("--plain", is_flag=True, help="Line-by-line questions instead of the full screen "
                                            "(the default when standard input is not a terminal).")
@click.option("--answers", metavar="FILE", help="Fill answers from FILE without prompts: YAML/JSON with an "
                                                "answers: mapping, CSV with question_id,answer (evidence "
                                                "optional), or a filled questionnaire workbook (.xlsx).")
@click.option("--name", metavar="TEXT", callback=_one_line,
              help="The council's name (asked for when the profile has none).")
@click.option("--type", "council_type", metavar="TYPE",
              help="The council's type: district, county, unitary, metropolitan or london_borough.")
@click.option("--respondent", metavar="NAME", callback=_one_line,
              help="Who is answering (kept as the profile's respondent, for `combine`).")
@click.option("--role", metavar="ROLE", help="The respondent's role: officer, councillor, staff or assessor.")
@click.option("--from", "from_path", metavar="OLD",
              help="Start a new assessment of the council of the earlier profile OLD: its answers are "
                   "offered one by one to confirm or change; the new profile records that it follows OLD.")
@click.option("--date", "date", metavar="DATE", callback=_parse_date,
              help="With --answers: the assessment date (2008-10-31 or 31/10/2008) of a new profile, or of "
                   "one with no date yet; a profile dated otherwise is refused, never changed.")
@click.pass_context
def interview(ctx: click.Context, output: str, plain: bool, answers: str | None, name: str | None,
              council_type: str | None, respondent: str | None, role: str | None,
              from_path: str | None, date=None) -> None:
    """Build the profile PROFILE by answering questions drawn from the report, with an evidence note for
    each answer, then see the assessment. Saves after every answer; run the same command again to resume
    at the first unanswered question. The protocol of --plain is in docs/interview.md.

    \b
    Examples:
      backtofront interview -o council.yaml
      backtofront interview -o council.yaml --plain
      backtofront interview -o council-2009.yaml \\
        --from council-2008.yaml
      backtofront interview -o council.yaml \\
        --answers workshop.csv \\
        --name "Example DC" --type district --date 2008-10-31
    """
    from backtofront import interview as interview_mod

    if output == "-":
        raise click.BadParameter("-: the interview saves the profile after every answer, so it needs a file; "
                                 "give the profile's file name", param_hint="'-o'")
    _profile_output(output, (".yaml", ".yml", ".json"))
    top = _top_from_environment(ctx)  # read before any question, so that a bad value costs no answer
    if note := _sibling_profile(output):
        click.echo(f"Note: {note}", err=True)

    if interview_mod.run(output, plain=plain, answers=answers, name=name, council_type=council_type,
                         respondent=respondent, role=role, from_path=from_path, date=date):
        # ends on the opening screen (stage, shortest path, top priorities); the detail is one command away
        ctx.invoke(assess, profile=output, case=None, fmt="text", output=None, top=top, screen_only=True)
        click.echo(f"The full report: backtofront assess {shlex.quote(output)}")


def _sibling_profile(output: str) -> str | None:
    """For an interview starting a new profile `output`, the profile beside it under another of the
    interview's extensions (council.yml when council.yaml is given, or council.json), which the user may have
    meant to resume: "council.yml does not exist; council.yaml beside it does: to resume it, give -o
    council.yaml". None when `output` exists or no such file does."""
    if os.path.lexists(output):
        return None
    stem, ext = os.path.splitext(output)
    for other in (".yaml", ".yml", ".json"):
        if other != ext.lower() and os.path.isfile(stem + other):
            return (f"{output} does not exist, so a new profile is started; {stem + other} beside it "
                    f"does: to resume it, give -o {shlex.quote(stem + other)}")
    return None


def _top_from_environment(ctx: click.Context) -> int | None:
    """`assess --top`'s value from BACKTOFRONT_TOP (defaults.TOP_ENV), for a command that ends on the
    assessment's opening screen without that option of its own (click reads a variable only for the command
    typed); defaults.TOP when it is not set. A bad value raises click.BadParameter naming the variable
    (exit 2)."""
    param = next(p for p in assess.params if p.name == "top")
    raw = param.resolve_envvar_value(ctx)
    if raw is None:
        return defaults.TOP
    try:
        return param.type_cast_value(ctx, raw)
    except click.BadParameter as exc:
        raise click.BadParameter(exc.message, param_hint=f"{defaults.TOP_ENV}={raw}") from None


def _followed(loaded, profile: str | None) -> tuple[str, ...]:
    """The earlier profile named by the profile's `follows` (cohort.compare.followed), with its one-line note
    on standard error when that file is not there."""
    from backtofront.cohort import compare as compare_mod

    paths, note = compare_mod.followed(loaded, profile, hint=" (give it with --previous OLD)")
    if note:
        click.echo(f"Note: {note}", err=True)
    return paths


def _previous_results(classifier, loaded, source: str, previous: tuple[str, ...], by_follows: bool) -> list:
    """The earlier assessments of `letter --previous` (or the profile's follows), classified, oldest first
    (cohort.compare.earlier_results)."""
    from backtofront.cohort import compare as compare_mod

    return compare_mod.earlier_results(classifier, loaded, source, previous, by_follows=by_follows)


@cli.command(context_settings=CONTEXT,
             short_help="Compare profiles of one council over time.")
@click.argument("profiles", nargs=-1, required=True, metavar="OLD NEW [MORE...]")
@format_output(output_format.COMPARE, help="Output format; html has a trend chart.")
@click.option("--any-council", is_flag=True, help="Compare profiles of different councils too.")
def compare(profiles: tuple[str, ...], fmt: str, any_council: bool, output: str | None) -> None:
    """Compare two or more profiles of one council over time, in order of assessed_on: each
    characteristic's movement, regressions, what changed, recommendations that no longer apply, and
    progress towards the targets. With more than two, the trend.

    \b
    Examples:
      backtofront compare council-2007.yaml council-2008.yaml
      backtofront compare 2006.yaml 2007.yaml 2008.yaml \\
        --format html -o trend.html
      backtofront compare old.json new.json -f json \\
        | jq .flags
    """
    from backtofront.cohort import compare as compare_mod

    if len(profiles) < 2:
        raise click.UsageError("compare needs at least two profiles: OLD NEW [MORE...]")
    if profiles.count("-") > 1:
        raise click.UsageError("standard input (-) can be only one of the profiles")
    color = _color(output)
    write_output(compare_mod.command(list(profiles), fmt, any_council=any_council, color=color,
                                     width=_width(output)), output, protect=profiles)


@cli.command(context_settings=CONTEXT,
             short_help="Combine respondents' answers into one council profile.")
@click.argument("files", nargs=-1, required=True, metavar="FILE FILE [MORE...]")
@click.option("-o", "--output", metavar="PROFILE", callback=output_name,
              help="The combined profile to write (YAML). [default: standard output]")
@click.option("--merge", type=click.Choice(["median", "worst", "assessor"]), default="median",
              show_default=True,
              help="How each characteristic's stage is reached: the lower median of the respondents' judged "
                   "stages, the lowest, or an assessor respondent's where given (the assessment's reading).")
@click.option("--name", metavar="TEXT", callback=_one_line,
              help="The council's name, for files that do not give it (answers sheets); where a file names "
                   "the council, it must be the same.")
@click.option("--type", "council_type", metavar="TYPE",
              help="The council's type (district, county, unitary, metropolitan or london_borough), "
                   "likewise.")
@click.option("--date", "date", metavar="DATE", callback=_parse_date,
              help="The assessment's date, 2008-10-31 or 31/10/2008 (the workshop's). [default: the latest "
                   "date a respondent's file gives]")
def combine(files: tuple[str, ...], output: str | None, merge: str, name: str | None = None,
            council_type: str | None = None, date=None) -> None:
    """Combine several respondents' answers about one council into one profile: each FILE is a profile
    (YAML or JSON, optionally with `respondent: {name, role}`), a filled questionnaire workbook (.xlsx,
    from `backtofront questions -o survey.xlsx`) or an answers sheet (.csv). A profile's stated stages
    (`characteristics: {id: stage}`) are kept as that respondent's, and count where their answers give
    none. `assess`, `letter`, `compare` and `benchmark` read the result, keeping the spread by role and
    flagging divergence.

    \b
    Examples:
      backtofront combine ann.xlsx bea.xlsx sam.yaml \\
        -o council.yaml
      backtofront combine *.xlsx --merge assessor \\
        -o council.yaml
      backtofront combine examples/workshop/*.yaml
      backtofront combine ann.csv bea.csv \\
        --name "Example DC" --type district
      backtofront assess council.yaml
    """
    from backtofront.cohort import combine as combine_mod

    _profile_output(output, (".yaml", ".yml"))
    text, data = combine_mod.command(list(files), merge, name, council_type, date)
    held = combine_mod.refuse_replacing(output, data)
    write_output(text, output, protect=files, replaces="a combined profile", held=held)


def _profile_output(output: str | None, suffixes: tuple[str, ...]) -> None:
    """Refuse (exit 2, before any work) an output file for a profile whose extension is not a profile's:
    a profile written to `survey.xlsx` or `letter.md` would replace that file with YAML."""
    if output in (None, "-"):
        return
    if Path(output).suffix.lower() not in suffixes:
        from backtofront.render.output_format import wrong_extension

        raise wrong_extension(output, suffixes, "a profile")


def _cohort_files(cohort: str | None) -> list[str]:
    """The input files of a cohort (the CSV, or every file of the folder), never to be written over."""
    if not cohort:
        return []
    if os.path.isdir(cohort):
        try:
            return [os.path.join(cohort, n) for n in os.listdir(cohort)]
        except OSError:
            return []
    return [cohort]


@cli.command(context_settings=CONTEXT,
             short_help="Show where a council stands against a cohort.")
@click.argument("profile", metavar="[PROFILE]", required=False)
@case_option
@click.option("--cohort", metavar="DIR|CSV", help="A folder of profiles or a CSV (one row a council). "
              "[default: the bundled case-study councils]")
@click.option("--min-cohort", cls=EnvOption, type=WholeNumber(1), default=defaults.MIN_COHORT,
              show_default=True,
              envvar=defaults.MIN_COHORT_ENV, show_envvar=True,
              help="Refuse smaller cohorts, so that no single council can be identified.")
@format_output(output_format.BENCHMARK,
               help="Output format; html has a chart of the stages across the cohort.")
def benchmark(profile: str | None, case: int | None, cohort: str | None, min_cohort: int, fmt: str,
              output: str | None) -> None:
    """Show where the council PROFILE stands against a cohort of councils: the spread of stages of each
    characteristic and the council's place in it, Table 5 techniques against the cohort and the report's
    counts, and its figures against the report's national ones; a heatmap of the cohort.

    \b
    Examples:
      backtofront benchmark council.yaml
      backtofront benchmark council.yaml \\
        --cohort neighbours/ \\
        --format json
      backtofront benchmark council.yaml \\
        --cohort councils.csv \\
        --format html -o benchmark.html
    """
    from backtofront.cohort import benchmark as benchmark_mod

    loaded, source = load_profile(profile, case)
    color = _color(output)
    write_output(benchmark_mod.command(loaded, source, cohort, fmt, min_cohort=min_cohort, color=color,
                                       width=_width(output)), output,
                 protect=[source, *_cohort_files(cohort)])


@cli.command(context_settings=CONTEXT,
             short_help="Assess every council in a folder or a CSV.")
@click.argument("source", metavar="DIR|CSV")
@click.option("-o", "--output", "outdir", metavar="OUTDIR", required=True, callback=output_name,
              help="Folder for the results.")
@click.option("--letters", type=output_format.LETTER.choice(), help="Also write a letter per council.")
@click.option("-j", "--jobs", cls=EnvOption, type=WholeNumber(), metavar="N", default=defaults.JOBS,
              envvar=defaults.JOBS_ENV, callback=_jobs,
              show_envvar=True, help="Worker processes, at most one a council and twice the cores. [default: "
                                     "the cores]")
@click.option("--force", is_flag=True, help="Redo every council, even those whose result is up to date.")
@click.option("--sender", metavar="TEXT", callback=_one_line,
              help="Who signs the letters (a CSV's letter.sender column beats it). [default: the review "
                   "team]")
@click.option("--recipient", metavar="TEXT", callback=_one_line,
              help="Who the letters are addressed to (a CSV's letter.recipient column beats it).")
@click.option("--date", "date", metavar="DATE", callback=_parse_date, help="The date the letters bear. "
                                                                           "[default: today]")
@click.option("--template-dir", metavar="DIR", help="A folder of your own letter templates (letterhead), "
                                                    "searched first.")
@click.option("--brief", is_flag=True, help="Page 1 of each letter only.")
def batch(source: str, outdir: str, letters: str | None, jobs: int | None, force: bool,
          sender: str | None = None,
          recipient: str | None = None, date=None, template_dir: str | None = None,
          brief: bool = False) -> None:
    """Assess every council in DIR (its .yaml, .yml and .json files) or in a CSV (one row a council):
    OUTDIR/<name>.json per council (<name>: the file's stem, or its whole name, a.yaml.json, when two
    files share a stem), summary.csv, summary.json and summary.xlsx, and a summary table.
    A rerun skips councils whose result is newer than their profile. Exit code 2 if any council failed.
    OUTDIR may hold other files: the batch replaces only those it wrote (listed in
    OUTDIR/.backtofront-batch.json), and refuses to start when a file it would write is not its own or
    the folder holds the results of a batch of another DIR or CSV.

    \b
    Examples:
      backtofront batch councils/ -o results/
      backtofront batch councils.csv -o results/ \\
        --letters docx --jobs 4
      backtofront example --format csv > councils.csv
    """
    from backtofront.cohort import batch as batch_mod

    color = _color(None)
    given = {"sender": sender, "recipient": recipient, "date": date.isoformat() if date else None,
             "template_dir": str(Path(template_dir).resolve()) if template_dir else None,
             "brief": brief or None}
    letter_options = {k: v for k, v in given.items() if v is not None}
    if letter_options and not letters:
        raise click.UsageError("--sender, --recipient, --date, --template-dir and --brief are for --letters")
    ok = batch_mod.command(source, outdir, letters=letters, letter_options=letter_options or None, jobs=jobs,
                           force=force, progress=sys.stderr.isatty(),
                           color=color, width=_width(None), echo=lambda t: click.echo(t, nl=False),
                           echo_err=lambda t: click.echo(t, err=True))
    if not ok:
        click.get_current_context().exit(ExitCode.BAD_INPUT)


def _width(output: str | None) -> int:
    """Columns for a report to `output` (None: standard output): render/terminal.py decides."""
    from backtofront.render import terminal

    return terminal.stdout(to_file=output not in (None, "-")).width


def _color(output: str | None) -> bool:
    """Whether a report to `output` (None: standard output) gets colour: render/terminal.py decides."""
    from backtofront.render import terminal

    return terminal.stdout(to_file=output not in (None, "-")).color


def leave(code: int) -> int:
    """On success from the command line: flush the output and end the process at once, skipping the
    interpreter's teardown (tens of milliseconds of freeing modules and objects); the exit code is kept.
    When the flush fails (the reader went away), or the command started threads, worker processes or a
    full-screen app (whose clean-up may run at exit), returns the code for the usual path instead."""
    import threading

    if threading.active_count() > 1 or not {"multiprocessing", "textual"}.isdisjoint(sys.modules):
        return code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        return code
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code. `--debug` and `--no-color` count anywhere on it."""
    from backtofront.render import terminal

    if sys.stdout is None:   # started with standard output closed
        sys.stdout = _ClosedOutput()
    if sys.stdin is None:    # started with standard input closed (`<&-`): input ends at once, as at EOF
        sys.stdin = io.StringIO("")
    if sys.stderr is None:   # started with standard error closed (`2>&-`): its messages go nowhere, and the
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - exit code still says how it went
    # asked now: a terminal that closes later is no longer one, and EIO from it then means it closed
    at_terminal = terminal.isatty(sys.stdout) or terminal.isatty(sys.stdin)
    args, flags = _global_flags(list(sys.argv[1:] if argv is None else argv))
    debug = "--debug" in flags
    terminal.configure(no_color="--no-color" in flags)
    streams = terminal.install()
    try:
        code = _run(args, debug, at_terminal)
    finally:
        terminal.restore(streams)
    return leave(code) if argv is None and code == ExitCode.OK else code


def usage_line(exc: click.ClickException, args: list[str] | None = None) -> str:
    """A usage error in one line, as every error is: click's message (a value shown as its repr) and
    where to read the command's usage, instead of click's usage block. The command is the error's
    context's, or where click gives none (an option left without its value: `letter p.yaml -o`) the first
    of `args` that names a command."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        command = ctx.command_path
    else:
        named = next((a for a in args or [] if a in cli.commands), None)
        command = f"backtofront {named}" if named else "backtofront"
    return f"{printable(_message(exc))} (see '{printable(command)} --help')"


def _message(exc: click.ClickException) -> str:
    """click's message, its did-you-mean for an unknown command or option kept to the nearest names: of
    difflib's close matches, those as near as the nearest (within 0.1), so `asess` suggests assess and
    not cases as well."""
    possibilities = getattr(exc, "possibilities", None)
    name = getattr(exc, "command_name", None) or getattr(exc, "option_name", None)
    if not (isinstance(exc, click.exceptions.NoSuchCommand | click.exceptions.NoSuchOption)
            and possibilities and len(possibilities) > 1 and name):
        return exc.format_message()
    from difflib import SequenceMatcher

    near = {p: SequenceMatcher(None, name, p).ratio() for p in possibilities}
    best = max(near.values())
    kept = [p for p in possibilities if near[p] >= best - 0.1]
    if len(kept) == 1:
        return f"{exc.message} Did you mean {kept[0]!r}?"
    return f"{exc.message} (Did you mean one of: {', '.join(map(repr, kept))}?)"


def _run(args: list[str], debug: bool, at_terminal: bool = False) -> int:
    """The command line `args` run by click, each way it can end mapped to an exit code (ExitCode, or 128 +
    a signal's number). `at_terminal`: the command started at a terminal."""
    try:
        try:
            code = cli.main(args=args, prog_name="backtofront", standalone_mode=False)
        except BaseException:
            try:  # the exception on its way says what happened (Ctrl-C, a closed terminal): a failed flush
                sys.stdout.flush()  # of what the terminal can no longer show adds nothing to it
            except OSError:
                pass
            raise
        sys.stdout.flush()
        return code if isinstance(code, int) else ExitCode.OK  # ctx.exit(N) in a command
    except click.exceptions.Exit as exc:  # --help, --version
        return exc.exit_code
    # usage errors: unknown option, bad choice, bad value, missing argument
    except click.ClickException as exc:
        click.echo(f"Error: {usage_line(exc, args)}", err=True)
        return ExitCode.BAD_INPUT
    except _Interrupted as exc:
        return _stopped(exc.original)
    except (click.exceptions.Abort, KeyboardInterrupt) as exc:  # click turns Ctrl-C into Abort
        return _stopped(exc)
    except BrokenPipeError:
        return _reader_left()
    except OSError as exc:
        if isinstance(exc.__context__, KeyboardInterrupt | click.exceptions.Abort):
            return _stopped(exc.__context__)  # click's blank line after ^C, on a terminal that has closed
        if exc.errno == errno.EIO and at_terminal:  # the terminal closed before its SIGHUP was handled
            from backtofront import stopping

            return _stopped(stopping.Stopped(signal.SIGHUP))
        if exc.errno == errno.ENAMETOOLONG and exc.filename is not None and not debug:  # a user's name
            shown = named(os.fsdecode(exc.filename))
            shown = shown if len(shown) <= 60 else f"{shown[:40]}…{shown[-15:]}"
            _say_error(f"Error: {shown}: a name in it is too long for the file system (at most 255 bytes)")
            return ExitCode.BAD_INPUT
        if exc.errno not in _OUTPUT_ERRNOS:
            return _internal(exc, debug)
        if debug:
            raise
        _say_error(f"Error: standard output cannot be written: {exc.strerror or exc}")
        return ExitCode.BAD_INPUT
    except SystemExit:  # click's own answer to a closed pipe: it wraps stdout and exits 1
        if type(sys.stdout).__name__.endswith("PacifyFlushWrapper"):
            return _reader_left()
        raise
    except InputError as exc:
        if debug:
            raise
        click.echo(f"Error: {exc}", err=True)
        return ExitCode.BAD_INPUT
    except DataError as exc:
        if debug:
            raise
        click.echo(f"Error in the program's data (please report it): {exc}", err=True)
        return ExitCode.ERROR
    except SetupError as exc:
        if debug:
            raise
        click.echo(f"Error: {exc}", err=True)
        return ExitCode.ERROR
    except (BackToFrontError, Exception) as exc:
        return _internal(exc, debug)


def _stopped(exc: BaseException) -> int:
    """Ctrl-C, or SIGTERM or SIGHUP (stopping.Stopped, possibly carried on click's Abort): "Interrupted.",
    where the terminal is still there; 130, or 128 + the signal's number (batch stops the same way)."""
    from backtofront.render import terminal

    try:
        # at a terminal, ^C is shown mid-line: the message goes on a line of its own
        if isinstance(exc, KeyboardInterrupt) and terminal.isatty(sys.stderr):
            click.echo("", err=True)
        click.echo("Interrupted.", err=True)
    except OSError:  # the terminal has gone (SIGHUP)
        pass
    signum = getattr(exc, "signum", None) or getattr(exc.__cause__ or exc.__context__, "signum", None)
    return 128 + signum if signum else ExitCode.INTERRUPTED


# What writing to standard output can meet that is the place it goes, not the program: a full disk or a
# quota, a device error, a closed descriptor (`>&-`)
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EBADF, errno.EFBIG}


def _say_error(line: str) -> None:
    try:
        click.echo(line, err=True)
    except (OSError, ValueError, AttributeError):  # standard error has gone too
        pass


def _internal(exc: BaseException, debug: bool) -> int:
    if debug:
        raise exc
    _say_error(f"Internal error: {type(exc).__name__}: {printable(str(exc)[:300])}. Run again with "
               "--debug for a traceback.")
    return ExitCode.ERROR


class _ClosedOutput(io.TextIOBase):
    """Standard output when its descriptor was closed (`>&-`): any write fails as a closed descriptor
    does (OSError EBADF, exit 2); a command writing only to its -o file is unaffected."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not text:
            return 0
        raise OSError(errno.EBADF, "it is closed")

    def flush(self) -> None:
        return None


if __name__ == "__main__":
    raise SystemExit(main())
