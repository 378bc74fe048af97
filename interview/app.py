"""The full-screen interview, built with Textual.

Screens: the council's details (name, type, optional date), then one screen per question (progress,
the question, its options, an evidence note, and beside it the Table 4 descriptors of its
characteristic), a list of parts to jump to, and a summary to confirm before the assessment. Keys (shown
in the footer): a number picks an option, Enter moves on (an option, then the evidence note, then the next
question), b back, s skip, n not applicable, d don't know, j jump to a part, Escape leaves a text field,
Ctrl+Q or Ctrl+C save and quit (every answer is already saved). `App.run()` returns "assess", "quit",
"interrupted" or "hangup".
"""

from __future__ import annotations

import asyncio
import signal
from typing import ClassVar

from backtofront.classifier import csvtable, knowledge, loading
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError
from backtofront.classifier.result import READING_NOTE
from rich.table import Table
from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    OptionList,
    ProgressBar,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from .plain import after_problem, last_time_lines
from .previous import Previous
from .session import Session, describe
from .store import COUNCIL_TYPES, DONT_KNOW, NA, Answer, check_answer

NARROW = 100  # columns below which the help goes under the question instead of beside it


class _InterviewScreen(Screen):
    @property
    def interview(self) -> InterviewApp:
        """The running app, as the interview's own: each of these screens runs only inside InterviewApp."""
        app = self.app
        assert isinstance(app, InterviewApp)
        return app


class CouncilScreen(_InterviewScreen):
    """The council's name, type and (optionally) the date of the assessment."""

    AUTO_FOCUS = "#name"

    def __init__(self, name: str | None, council_type: str | None, date: str | None,
                 previous: Previous | None = None):
        super().__init__()
        self.previous = previous   # `--from`: name and type carried, a date after the earlier one required
        if previous is not None:
            name, council_type = previous.profile.council.name, previous.profile.council.type
        self.given = (name or "", council_type, date or "")
        self.showing_date_problem = False

    def compose(self) -> ComposeResult:
        name, council_type, date = self.given
        previous = self.previous
        with VerticalScroll(id="council", can_focus=False):
            if previous is None:
                yield Static("[b]The council[/b]\nThe profile is saved as soon as the name and type are in, "
                             "and after every answer.", id="council-intro")
            else:
                since = f", assessed on {previous.assessed_on.isoformat()}" if previous.assessed_on else ""
                yield Static(f"[b]A new assessment of {_escape(name)}[/b], following "
                             f"{_escape(str(previous.path))}{since}.\nIts answers are offered one by one to "
                             "confirm or change. The profile is saved as soon as the date is in, and after "
                             "every answer.", id="council-intro")
            yield Label("Name")
            yield Input(value=name, placeholder="e.g. Example District Council", id="name",
                        select_on_focus=False, disabled=previous is not None)
            yield Label("Type")
            yield Select([(knowledge.COUNCIL_TYPE_LABELS[t], t) for t in COUNCIL_TYPES], value=council_type
                         or Select.NULL, prompt="Choose the type", id="type", disabled=previous is not None)
            yield Label("Date of the assessment (optional, YYYY-MM-DD or DD/MM/YYYY)" if previous is None else
                        "Date of this assessment (YYYY-MM-DD or DD/MM/YYYY)")
            yield Input(value=date, placeholder="e.g. 2008-03-31", id="date", select_on_focus=False)
            yield Static("", id="council-error")
            yield Button("Start the questions", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        if self.previous is not None:
            self.set_focus(self.query_one("#date", Input))

    @on(Input.Submitted, "#name")
    def _name_done(self) -> None:
        self.set_focus(self.query_one("#type", Select))

    @on(Input.Blurred, "#date")
    def _date_left(self) -> None:
        problem = _date_problem(self.query_one("#date", Input).value)
        if problem or self.showing_date_problem:  # leaves a message about another field in place
            self.query_one("#council-error", Static).update(f"[b]{_escape(problem)}[/b]" if problem else "")
        self.showing_date_problem = bool(problem)

    @on(Input.Submitted, "#date")
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        council_type = self.query_one("#type", Select).value
        date = self.query_one("#date", Input).value.strip()
        error = self.query_one("#council-error", Static)
        if not name:
            error.update("[b]Give the council's name.[/b]")
            self.showing_date_problem = False
            self.query_one("#name", Input).focus()
            return
        if problem := loading.text_problem(name):  # a control or formatting character
            error.update(f"[b]{_escape('The name ' + problem + '.')}[/b]")
            self.showing_date_problem = False
            self.query_one("#name", Input).focus()
            return
        if council_type == Select.NULL or not isinstance(council_type, str):
            error.update("[b]Choose the council's type.[/b]")
            self.showing_date_problem = False
            self.query_one("#type", Select).focus()
            return
        problem = _date_problem(date)
        if not problem and self.previous is not None:
            problem = ("Give this assessment's date: the letter and compare put assessments in order by it."
                       if not date else after_problem(profile_mod.read_date(date), self.previous))
        if problem:
            error.update(f"[b]{_escape(problem)}[/b]")
            self.showing_date_problem = True
            self.set_focus(self.query_one("#date", Input))
            return
        self.interview.save_council(name, council_type, date or None)

    def entered(self) -> tuple[str, str, str | None] | None:
        """The name, type and date as entered, when they can be saved as they stand (the checks of the
        Start button, without their messages); None otherwise."""
        name = self.query_one("#name", Input).value.strip()
        council_type = self.query_one("#type", Select).value
        date = self.query_one("#date", Input).value.strip()
        if not name or loading.text_problem(name) or not isinstance(council_type, str) \
                or council_type == Select.NULL or _date_problem(date):
            return None
        if self.previous is not None and (not date or after_problem(profile_mod.read_date(date),
                                                                     self.previous)):
            return None
        return name, council_type, date or None


class PartsScreen(ModalScreen[int | None]):
    """Jump to a part: each with how many of its questions are answered."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "Stay")]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        options = [Option(f"{part.title} ({answered}/{len(part.questions)})", id=str(n))
                   for n, (part, answered) in enumerate(self.session.part_progress())]
        with Vertical(id="parts"):
            yield Static("[b]Jump to a part[/b] (answered/questions; Enter goes, Esc stays)")
            yield OptionList(*options, id="part-list")

    def on_mount(self) -> None:
        current, _ = self.session.part_of(min(self.session.index, len(self.session.questions) - 1))
        self.query_one(OptionList).highlighted = current

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))  # every option has its part's number as id

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


def _option_prompt(number: int, text: str, ticked: bool | None = None, count: int = 9) -> Table:
    """An option as a two- or three-column grid, so that a long option wraps under its own text (a
    hanging indent) rather than under its number, and is never cut. `ticked` None: no box (one answer);
    True/False: `[x]` / `[ ]`, which differ in text as well as colour (NO_COLOR terminals)."""
    grid = Table.grid(padding=(0, 1))
    if ticked is not None:
        grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(ratio=1, overflow="fold")
    cells = ([("[x]" if ticked else "[ ]")] if ticked is not None else []) + \
        [f"{number}.".rjust(len(str(count)) + 1), text]
    grid.add_row(*[Text(cell) for cell in cells])  # Text: never read as markup ("[x]" is a tag)
    return grid


class TickList(OptionList):
    """The options of a question with several answers, each shown `[x]` (ticked) or `[ ]`."""

    def __init__(self, texts: list[tuple[str, str]], ticked: list[str], **kwargs):
        self.texts = texts  # [(option id, text)]
        self.ticked = list(ticked)
        super().__init__(*[Option(_option_prompt(i, text, oid in self.ticked, len(texts)), id=oid)
                           for i, (oid, text) in enumerate(texts, 1)], **kwargs)

    def toggle(self, index: int) -> None:
        oid, text = self.texts[index]
        if oid in self.ticked:
            self.ticked.remove(oid)
        else:
            self.ticked.append(oid)
        self.replace_option_prompt_at_index(index, _option_prompt(index + 1, text, oid in self.ticked,
                                                                  len(self.texts)))

    def ticked_in_order(self) -> list[str]:
        return [oid for oid, _ in self.texts if oid in self.ticked]


TWO_DIGIT_WAIT = 0.8  # seconds to wait for a second digit, on a question with 10 or more options


class QuestionScreen(_InterviewScreen):
    """One question. `choice` holds the answer chosen but not yet saved (saved on Enter in the note).

    Every key that answers, moves or saves is a priority binding of this screen: it is handled by the
    app, in the order typed, and a key that moves to another question waits until that question is on
    the screen, so no key is lost or applied to the wrong question. In a text field the letters and
    digits are typed (the binding steps aside) and Enter is still handled here."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Next", show=False, priority=True),
        Binding("space", "space", show=False, priority=True),
        Binding("b", "back", "Back", priority=True),
        Binding("s", "skip", "Skip", priority=True),
        Binding("n", "not_applicable", "N/A", priority=True),
        Binding("d", "dont_know", "Don't know", priority=True),
        Binding("j", "jump", "Parts", priority=True),
        Binding("escape", "leave_field", "Keys", show=False),
        *[Binding(str(i), f"digit({i})", show=False, priority=True) for i in range(10)],
    ]

    def __init__(self, session: Session, message: str = ""):
        super().__init__()
        self.session = session
        question = session.current
        assert question is not None  # the screen opens only while a question is left
        self.question = question
        self.existing = session.existing(self.question)
        self.offered = session.offered(self.question)   # `--from`: the earlier answer, to confirm or change
        self.start = self.existing or self.offered
        self.choice = self.start.value if self.start else None
        self.first_message = message
        self.pending: int | None = None   # a first digit waiting for a second (10 or more options)
        self._timer: Timer | None = None
        self._leaving = False
        self._via_button = False

    # --- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        q, session = self.question, self.session
        n, part = session.part_of(session.index)
        answered = sum(a for _, a in session.part_progress())
        with Vertical(id="top"):
            yield Static(session.progress(), id="progress")
            yield ProgressBar(total=len(session.questions), show_eta=False, show_percentage=False,
                              id="bar")
        with Horizontal(id="body"):
            with VerticalScroll(id="ask", can_focus=False):
                yield Static(f"[b]{_escape(q.text)}[/b]", id="question")
                if q.kind == "single":
                    yield OptionList(*[Option(_option_prompt(i, o.text, None, len(q.options)), id=o.id)
                                       for i, o in enumerate(q.options, 1)], id="choices")
                elif q.kind == "multiple":
                    chosen = self.choice if isinstance(self.choice, list) else []
                    yield TickList([(o.id, o.text) for o in q.options], chosen, id="choices")
                else:
                    unit = {"pct": "A percentage, 0-100", "gbp": "Pounds"}.get(q.unit or "", "A number")
                    value = "" if not isinstance(self.choice, (int, float)) else f"{self.choice:g}"
                    yield Input(value=value, placeholder=f"{unit}, then Enter (or d, n, s, b)", id="choices",
                                select_on_focus=False)
                yield Static(self._chosen_text(), id="chosen")
                last = last_time_lines(session, q, self.existing)
                if last:
                    yield Static("\n".join(_escape(line) for line in last), id="last")
                yield Input(value=(self.start.justification or "") if self.start else "",
                            placeholder="Why is it not applicable? (one line, then Enter)",
                            id="justification",
                            classes="" if self.choice == NA else "hidden", select_on_focus=False)
                yield Input(value=(self.existing.evidence or "") if self.existing else "",
                            placeholder="Evidence note (optional), then Enter to save", id="evidence",
                            select_on_focus=False)
                yield Static(_keys_hint(q.kind, len(q.options)), id="hint")
            with VerticalScroll(id="help"):
                yield Static(self._help_text(), id="help-text")
        yield Static(_escape(self.first_message), id="message")
        compact = self.app.size.width < NARROW
        with Horizontal(id="buttons"):
            yield Button("Save & next", id="save", variant="primary", compact=compact)
            yield Button("Back", id="back", compact=compact)
            yield Button("Skip", id="skip", compact=compact)
            yield Button("N/A", id="na", compact=compact)
            yield Button("Don't know", id="dk", compact=compact)
            yield Button("Parts", id="parts-button", compact=compact)
        yield Footer()
        self._answered = answered
        self._part = (n, part)

    def on_mount(self) -> None:
        self.query_one("#bar", ProgressBar).update(progress=self._answered)
        self._layout(self.app.size.width)
        self.query_one("#message", Static).set_class(not self.first_message, "empty")
        choices = self.query_one("#choices")
        if isinstance(choices, OptionList) and not isinstance(choices, TickList) \
                and isinstance(self.choice, str):
            ids = [o.id for o in self.question.options]
            if self.choice in ids:
                choices.highlighted = ids.index(self.choice)
        self.set_focus(choices)

    def on_resize(self, event) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < NARROW, "narrow")

    def say(self, text: str) -> None:
        """Show `text` in the message line above the buttons (it covers nothing; the next question
        starts without it)."""
        message = self.query_one("#message", Static)
        message.update(_escape(text))
        message.set_class(not text, "empty")

    def _help_text(self) -> str:
        q = self.question
        lines = []
        if q.help:
            lines += [_escape(q.help), ""]
        descriptors = self.session.descriptors(q)
        if descriptors and q.characteristic:  # only a characteristic's question has descriptors
            char = self.session.kb.characteristics[q.characteristic]
            lines.append(f"[b]{_escape(char.name)}[/b] in Table 4:")
            lines += [f"[b]{stage}[/b]: {_escape(text)}" for stage, text in descriptors]
            lines.append("")
        if q.citations:
            lines.append("From the report: " + ", ".join(q.citations))
        if any(o.stage for o in q.options):  # where each option's stage comes from, and what a reading is
            lines += ["", "[b]Stages from[/b]:"]
            lines += [f"{i}. {o.stage}: {_escape(q.basis_words(o))}" for i, o in enumerate(q.options, 1)
                      if o.stage]
            lines += ["", _escape(f"Note: {READING_NOTE}")]
        return "\n".join(lines).strip()

    def _chosen_text(self) -> str:
        if self.choice is None:
            return ""
        if self.offered is not None and self.existing is None and self.choice == self.offered.value:
            return "Last time's answer, not yet saved: Enter keeps it, or choose another"
        if self.choice == NA:
            return "Answer: not applicable"
        if self.choice == []:
            return "Answer: none of these"
        return "Answer: " + _escape(describe(self.question, Answer(self.choice, justification="")))

    # --- choosing -----------------------------------------------------------------------------
    def _set_choice(self, value) -> None:
        self.choice = value
        self.query_one("#justification", Input).set_class(value != NA, "hidden")
        self.query_one("#chosen", Static).update(self._chosen_text())

    def _in_text_field(self) -> bool:
        return isinstance(self.focused, Input)

    def _commit_pending(self) -> None:
        """A first digit left waiting (10 or more options) picks its option now."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.pending is not None:
            number, self.pending = self.pending, None
            self._pick(number)

    def _pick(self, number: int) -> None:
        q = self.question
        if not 1 <= number <= len(q.options):
            self.say(f"There is no option {number}: type 1 to {len(q.options)}.")
            return
        choices = self.query_one("#choices")
        if isinstance(choices, TickList):
            choices.toggle(number - 1)
            choices.highlighted = number - 1
            self._set_choice(choices.ticked_in_order() or None)
            self.say("")
        elif isinstance(choices, OptionList):
            choices.highlighted = number - 1
            self._set_choice(q.options[number - 1].id)
            self.say("")
            self.set_focus(self.query_one("#evidence", Input))

    def action_digit(self, digit: int) -> None:
        if self._in_text_field():
            raise SkipAction
        if self.question.kind == "number":
            raise SkipAction
        many = len(self.question.options) >= 10
        if self.pending is not None:
            first = self.pending
            self.pending = None
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            if first * 10 + digit <= len(self.question.options):
                self._pick(first * 10 + digit)
                return
            self._pick(first)
        if digit == 0:
            if self.question.kind == "multiple":
                choices = self.query_one("#choices", TickList)
                for oid in list(choices.ticked):
                    choices.toggle([o for o, _ in choices.texts].index(oid))
                self._set_choice([])
                self.say("None of these: Enter to go on to the note.")
            else:
                self.say(f"There is no option 0: type 1 to {len(self.question.options)}.")
            return
        if many and digit * 10 <= len(self.question.options):
            self.pending = digit
            self.say(f"{digit}… type a second digit for option {digit}0 or above, or wait.")
            self._timer = self.set_timer(TWO_DIGIT_WAIT, self._commit_pending)
            return
        self._pick(digit)

    async def action_enter(self) -> None:
        self._commit_pending()
        focused = self.focused
        if isinstance(focused, Input):
            # The letters typed before this Enter went to the field as messages: let it take them all
            # before its value is read.
            await _flush(focused)
        choices = self.query_one("#choices")
        if isinstance(focused, Button):
            await self._button(focused.id)
        elif focused is choices and isinstance(choices, TickList):
            if self._nothing_ticked():
                return
            self.set_focus(self.query_one("#evidence", Input))
        elif focused is choices and isinstance(choices, OptionList):
            index = choices.highlighted
            if index is None:
                return
            option = self.question.options[index].id
            if self.choice == option:       # Enter again on the chosen option: save it
                await self._save()
                return
            self._set_choice(option)
            self.say("")
            self.set_focus(self.query_one("#evidence", Input))
        elif focused is choices:             # the figure
            await self._figure_entered()
        elif focused is self.query_one("#justification", Input):
            if self.choice == NA and not focused.value.strip():
                self.say("Say in one line why it is not applicable, then Enter.")
                return
            self.say("")
            self.set_focus(self.query_one("#evidence", Input))
        else:
            await self._save()

    def action_space(self) -> None:
        self._commit_pending()
        choices = self.query_one("#choices")
        if self.focused is choices and isinstance(choices, TickList):
            if choices.highlighted is not None:
                self._pick(choices.highlighted + 1)
            return
        raise SkipAction

    def _nothing_ticked(self) -> bool:
        if self.question.kind == "multiple" and self.choice is None:
            self.say("Nothing is ticked. Tick what applies (its number or Space), type 0 for "
                     "\"none of these\", or s to skip.")
            self.set_focus(self.query_one("#choices"))
            return True
        return False

    async def _figure_entered(self) -> None:
        field = self.query_one("#choices", Input)
        text = field.value.strip()
        action = {"d": self.action_dont_know, "n": self.action_not_applicable, "s": self.action_skip,
                  "b": self.action_back, "j": self.action_jump}.get(text.lower())
        if action is not None:
            field.value = ""
            self._via_button = True   # typed in the field: act, though a text field has the focus
            try:
                result = action()
                if result is not None:
                    await result
            finally:
                self._via_button = False
            return
        if self._figure(text):
            self.set_focus(self.query_one("#evidence", Input))

    def _figure(self, text: str) -> bool:
        try:
            value = csvtable.typed_figure(text, self.question.unit)
        except csvtable.NumberError as exc:
            if any(ch.isdigit() for ch in text):   # a figure written two ways, or wrongly: asked again
                self.say(f"{str(exc)[0].upper()}{str(exc)[1:]}.")
                return False
            self.say(f"{text!r} is not a figure: type a number; or d (don't know), n (not applicable), "
                     "s (skip), b (back), then Enter.")
            return False
        problem = check_answer(self.question, Answer(value))
        if problem:
            self.say(f"{problem[0].upper()}{problem[1:]}.")
            return False
        self._set_choice(value)
        self.say("")
        return True

    async def _save(self) -> None:
        choices = self.query_one("#choices")
        typed = choices.value.strip() if isinstance(choices, Input) else ""
        if typed and not isinstance(self.choice, str) and typed.lower() not in ("d", "n", "s", "b", "j") \
                and not self._figure(typed):
            self.set_focus(choices)
            return
        if self._nothing_ticked():
            return
        if self.choice is None:
            self.say("Choose an answer first (or s to skip this question).")
            self.set_focus(choices)
            return
        justification = self.query_one("#justification", Input).value.strip() or None
        if self.choice == NA and not justification:
            self.set_focus(self.query_one("#justification", Input))
            self.say("Say in one line why it is not applicable, then Enter.")
            return
        for field, text in (("justification", justification if self.choice == NA else None),
                            ("evidence", self.query_one("#evidence", Input).value.strip() or None)):
            if text and (problem := loading.text_problem(text)):  # a control character: asked again
                self.set_focus(self.query_one(f"#{field}", Input))
                self.say(f"The {'note' if field == 'evidence' else 'reason'} {problem}.")
                return
        answer = Answer(self.choice, evidence=self.query_one("#evidence", Input).value.strip() or None,
                        justification=justification if self.choice == NA else None)
        try:
            self.session.answer(answer)
        except InputError as exc:  # the file cannot be saved (a full disk): stop, and say so in one line
            self.interview.fail(exc)
            return
        except ValueError as exc:
            self.say(str(exc))
            return
        await self._move()

    async def _move(self) -> None:
        self._leaving = True
        await self.interview.next_question()

    def on_key(self, event) -> None:
        """A character that is no key of this screen (b, s, n, d, j, digits and space are), typed while the
        focus is on the options or a button, starts the evidence note: the focus moves there with it, so
        that a note typed after Tab has left the field is not read key by key as commands."""
        char = event.character
        if self._in_text_field() or not char or not char.isprintable() or char.isspace() \
                or char in "bsndj" or char.isdigit():
            return
        evidence = self.query_one("#evidence", Input)
        if evidence.disabled or not evidence.display:
            return
        event.stop()
        event.prevent_default()
        self.set_focus(evidence)
        evidence.insert_text_at_cursor(char)

    # --- actions ------------------------------------------------------------------------------
    def _letter(self) -> None:
        """Letters are typed in a text field; elsewhere they are keys."""
        if self._in_text_field() and not self._via_button:
            raise SkipAction
        self._commit_pending()

    async def action_back(self) -> None:
        self._letter()
        self.session.back()
        await self._move()

    async def action_skip(self) -> None:
        self._letter()
        self.session.skip()
        await self._move()

    def action_not_applicable(self) -> None:
        self._letter()
        self._set_choice(NA)
        self.say("")
        self.set_focus(self.query_one("#justification", Input))

    def action_dont_know(self) -> None:
        self._letter()
        self._set_choice(DONT_KNOW)
        self.say("")
        self.set_focus(self.query_one("#evidence", Input))

    async def action_jump(self) -> None:
        self._letter()
        await self.interview.jump()

    def action_leave_field(self) -> None:
        choices = self.query_one("#choices")
        self.set_focus(self.query_one("#save") if isinstance(choices, Input) else choices)

    async def _button(self, button_id: str | None) -> None:
        if button_id == "save":
            await self._save()
            return
        if button_id is None:  # every button here has an id
            return
        action = {"back": self.action_back, "skip": self.action_skip, "na": self.action_not_applicable,
                  "dk": self.action_dont_know, "parts-button": self.action_jump}[button_id]
        self._via_button = True
        try:
            result = action()
            if result is not None:
                await result
        finally:
            self._via_button = False

    @on(Button.Pressed)
    async def _pressed(self, event: Button.Pressed) -> None:
        if not self._leaving:
            await self._button(event.button.id)

    @on(OptionList.OptionSelected, "#choices")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        """A mouse click on an option (keys are handled by the bindings above)."""
        if isinstance(event.option_list, TickList):
            self._pick(event.option_index + 1)
        else:
            self._set_choice(event.option.id)
            self.set_focus(self.query_one("#evidence", Input))


class SummaryScreen(_InterviewScreen):
    """What was answered, part by part, then Assess (the `assess` report) or back to the questions."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "assess", "Assess", priority=True),
                                         Binding("b", "back", "Back", priority=True),
                                         Binding("j", "jump", "Parts", priority=True)]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        rows = []
        for part, c in self.session.summary():
            bits = [f"{c['answered']} answered"]
            bits += [f"{c['na']} not applicable"] if c["na"] else []
            bits += [f"{c['dont_know']} don't know"] if c["dont_know"] else []
            bits += [f"[b]{c['open']} open[/b]"] if c["open"] else []
            bits += [f"{c['evidence']} with evidence"] if c["evidence"] else []
            rows.append(f"{_escape(part.title)}: {', '.join(bits)}")
        with VerticalScroll(id="summary"):
            yield Static(f"[b]Summary[/b] (saved in {_escape(str(self.session.store.path))})")
            yield Static("\n".join(rows), id="summary-rows")
            yield Static("Assess now to see the stage of each characteristic and the recommendations. "
                         "Open questions can be answered later: run the same command again.")
        with Horizontal(id="buttons"):
            yield Button("Assess now", id="assess", variant="primary")
            yield Button("Back", id="back")
            yield Button("Parts", id="parts-button")
            yield Button("Save and quit", id="quit")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#assess", Button).focus()

    @on(Button.Pressed, "#assess")
    def action_assess(self) -> None:
        self.app.exit("assess")

    @on(Button.Pressed, "#back")
    async def action_back(self) -> None:
        self.session.back()
        await self.interview.next_question()

    @on(Button.Pressed, "#parts-button")
    async def action_jump(self) -> None:
        await self.interview.jump()

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.app.exit("quit")


class InterviewApp(App[str]):
    """The interview over `session` (its store is the profile file)."""

    TITLE = "backtofront interview"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "save_quit", "Quit", priority=True),
        Binding("ctrl+c", "interrupt", "Save and quit", show=False, priority=True),
    ]
    CSS = """
    Screen { layout: vertical; }
    #top { height: auto; padding: 0 1; }
    #progress { color: $text-muted; }
    #bar { width: 100%; }
    #bar Bar { width: 1fr; }
    #body { height: 1fr; }
    #ask { width: 3fr; padding: 0 1; }
    #help { width: 2fr; padding: 0 1; border-left: solid $primary; }
    #question { margin: 1 0; }
    #choices { height: auto; max-height: 12; }
    #chosen { color: $success; height: auto; }
    #last { color: $text-muted; height: auto; margin-top: 1; }
    #hint { color: $text-muted; margin-top: 1; }
    #message { height: auto; padding: 0 1; color: $warning; text-style: bold; }
    #message.empty { display: none; }
    .hidden { display: none; }
    #buttons { height: auto; padding: 0 1; }
    #buttons Button { margin-right: 1; min-width: 8; }
    QuestionScreen.narrow #body { layout: vertical; }
    QuestionScreen.narrow #ask { width: 100%; height: auto; }
    QuestionScreen.narrow #help { width: 100%; height: 1fr; min-height: 4; border-left: none;
                                  border-top: solid $primary; }
    QuestionScreen.narrow #buttons Button { margin-right: 2; min-width: 0; }
    QuestionScreen.narrow #question { margin: 0; }
    QuestionScreen.narrow #hint { margin-top: 0; }
    #council { padding: 1 2; }
    #council Input, #council Select { max-width: 60; margin-bottom: 1; }
    #council-error { color: $error; }
    #parts { width: 70; max-width: 100%; height: auto; max-height: 90%; border: round $primary;
             background: $panel; padding: 0 1; }
    PartsScreen { align: center middle; }
    #summary { padding: 1 2; }
    """

    def __init__(self, session: Session, *, name: str | None = None, council_type: str | None = None):
        super().__init__()
        self.session = session
        self.given = (name, council_type)
        self.failure: InputError | None = None  # a save that failed: the command says it after the screen
        self.stopped_by: int | None = None  # SIGTERM: the command exits 143 after the screen

    def fail(self, error: InputError) -> None:
        """Leave the screen because the profile could not be saved (`failure`)."""
        self.failure = error
        self.exit(None)

    def _stop(self, signum: int) -> None:
        self.stopped_by = signum
        self.exit("interrupted")

    def _handle_exception(self, error: Exception) -> None:
        """A screen that was still being built when the interview left (a signal, kill -INT, -TERM or -HUP,
        arriving as the next question mounts) finds its widgets gone: that is the leaving, not an error, and
        prints no traceback. Anything else is Textual's to report. (Textual has no public hook for this.)"""
        from textual.css.query import NoMatches

        if isinstance(error, NoMatches) and getattr(self, "_exit", False):
            return
        super()._handle_exception(error)

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            loop.add_signal_handler(signal.SIGHUP, self.exit, "hangup")
            loop.add_signal_handler(signal.SIGTERM, self._stop, signal.SIGTERM)
            # Ctrl-C typed is a key (the binding above); SIGINT sent from outside (kill -INT) stops as it does
            loop.add_signal_handler(signal.SIGINT, self.exit, "interrupted")
        except (NotImplementedError, RuntimeError, AttributeError):  # not on this platform
            pass
        council = self.session.store.council
        name, council_type = self.given
        if council is None or (name and name != council.get("name")) or \
                (council_type and council_type != council.get("type")):
            council = council or {}
            self.push_screen(CouncilScreen(name or council.get("name"), council_type or council.get("type"),
                                           None, self.session.previous if council == {} else None))
        else:
            self.next_question()

    def save_council(self, name: str, council_type: str, date: str | None):
        try:
            previous = self.session.previous
            self.session.store.set_council(name, council_type, date,
                                           previous.follows() if previous
                                           and self.session.store.council is None
                                           else None)
        except InputError as exc:  # a bad date is checked on the screen; this is a save that failed
            self.fail(exc)
            return None
        return self.next_question(f"Saved {self.session.store.path}; every answer is saved as you go.")

    def next_question(self, message: str = ""):
        """Show the current question (or the summary at the end); await the result to wait until it is
        on the screen."""
        screen = SummaryScreen(self.session) if self.session.done else QuestionScreen(self.session, message)
        if len(self.screen_stack) > 1:
            return self.switch_screen(screen)
        return self.push_screen(screen)

    def jump(self):
        def go(part: int | None) -> None:
            if part is not None:
                self.session.jump(part)
                self.next_question()
        return self.push_screen(PartsScreen(self.session), go)

    def action_save_quit(self) -> None:
        self._save_entered_council()
        self.exit("quit")

    def action_interrupt(self) -> None:
        self._save_entered_council()
        self.exit("interrupted")

    def _save_entered_council(self) -> None:
        """Leaving the first screen with the council's name and type in (as its intro promises: "saved as
        soon as the name and type are in"): save them, and the date, as Start would."""
        screen = self.screen
        if isinstance(screen, CouncilScreen) and (entered := screen.entered()) is not None:
            previous = self.session.previous
            try:
                self.session.store.set_council(*entered, previous.follows() if previous
                                               and self.session.store.council is None else None)
            except InputError as exc:
                self.failure = exc


async def _flush(widget) -> None:
    """Wait until `widget` has handled every message (typed key) posted to it so far."""
    done = asyncio.Event()
    widget.call_later(done.set)
    await done.wait()


def _escape(text: str) -> str:
    from rich.markup import escape
    return escape(text)


def _date_problem(text: str) -> str | None:
    """Why `text` is not an assessment date (YYYY-MM-DD, or a UK day-first DD/MM/YYYY:
    profile.read_date), or None when it is one or is empty."""
    text = text.strip()
    if not text:
        return None
    try:
        profile_mod.read_date(text)
    except ValueError as exc:
        return f"The date {exc!s}, or leave it empty."
    return None


def _keys_hint(kind: str, options: int = 0) -> str:
    ten = " (10: type 1 then 0 quickly)" if options >= 10 else ""
    first = {"single": f"A number{ten} (or arrows and Enter) picks",
             "multiple": f"A number{ten} or Space ticks, 0 for none of these; Enter goes to the note",
             "number": "Type the figure (or d, n, s, b) and Enter"}[kind]
    return f"{first}; Enter in the note saves. Esc leaves a text field for the keys below."
