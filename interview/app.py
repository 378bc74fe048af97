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
import datetime as dt
import signal
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    OptionList,
    ProgressBar,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option

from .session import Session, describe
from .store import COUNCIL_TYPES, DONT_KNOW, NA, Answer, check_answer

NARROW = 100  # columns below which the help goes under the question instead of beside it


class CouncilScreen(Screen):
    """The council's name, type and (optionally) the date of the assessment."""

    AUTO_FOCUS = "#name"

    def __init__(self, name: str | None, council_type: str | None, date: str | None):
        super().__init__()
        self.given = (name or "", council_type, date or "")

    def compose(self) -> ComposeResult:
        name, council_type, date = self.given
        with VerticalScroll(id="council", can_focus=False):
            yield Static("[b]The council[/b]\nThe profile is saved as soon as the name and type are in, and "
                         "after every answer.", id="council-intro")
            yield Label("Name")
            yield Input(value=name, placeholder="e.g. Example District Council", id="name")
            yield Label("Type")
            yield Select([(t.replace("_", " ").capitalize(), t) for t in COUNCIL_TYPES], value=council_type
                         or Select.NULL, prompt="Choose the type", id="type")
            yield Label("Date of the assessment (optional, YYYY-MM-DD)")
            yield Input(value=date, placeholder="e.g. 2008-03-31", id="date")
            yield Static("", id="council-error")
            yield Button("Start the questions", id="start", variant="primary")
        yield Footer()

    @on(Input.Submitted, "#name")
    def _name_done(self) -> None:
        self.query_one("#type", Select).focus()

    @on(Select.Changed, "#type")
    def _type_done(self, event: Select.Changed) -> None:
        if event.value != Select.NULL:
            self.query_one("#date", Input).focus()

    @on(Input.Submitted, "#date")
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        council_type = self.query_one("#type", Select).value
        date = self.query_one("#date", Input).value.strip()
        error = self.query_one("#council-error", Static)
        if not name:
            error.update("[b]Give the council's name.[/b]")
            self.query_one("#name", Input).focus()
            return
        if council_type == Select.NULL:
            error.update("[b]Choose the council's type.[/b]")
            self.query_one("#type", Select).focus()
            return
        if date:
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                error.update("[b]The date should look like 2008-03-31, or be left empty.[/b]")
                self.query_one("#date", Input).focus()
                return
        self.app.save_council(name, council_type, date or None)


class PartsScreen(ModalScreen[int | None]):
    """Jump to a part: each with how many of its questions are answered."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "dismiss_none", "Stay")]

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
        self.dismiss(int(event.option.id))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class QuestionScreen(Screen):
    """One question. `choice` holds the answer chosen but not yet saved (saved on Enter in the note)."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("b", "back", "Back"),
        Binding("s", "skip", "Skip"),
        Binding("n", "not_applicable", "N/A"),
        Binding("d", "dont_know", "Don't know"),
        Binding("j", "jump", "Parts"),
        Binding("escape", "leave_field", "Keys"),
        *[Binding(str(i), f"pick({i})", show=False) for i in range(1, 10)],
        Binding("0", "pick(10)", show=False),
    ]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.question = session.current
        self.existing = session.existing(self.question)
        self.choice = self.existing.value if self.existing else ([] if self.question.kind == "multiple" else None)

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
                    yield OptionList(*[Option(f"{i}. {o.text}", id=o.id) for i, o in enumerate(q.options, 1)],
                                     id="choices")
                elif q.kind == "multiple":
                    chosen = self.choice if isinstance(self.choice, list) else []
                    yield SelectionList(*[(f"{i}. {o.text}", o.id, o.id in chosen)
                                          for i, o in enumerate(q.options, 1)], id="choices")
                else:
                    unit = {"pct": "A percentage, 0-100", "gbp": "Pounds"}.get(q.unit or "", "A number")
                    value = "" if not isinstance(self.choice, (int, float)) else f"{self.choice:g}"
                    yield Input(value=value, placeholder=f"{unit}, then Enter (or d, n, s, b)", id="choices")
                yield Static(self._chosen_text(), id="chosen")
                yield Input(value=(self.existing.justification or "") if self.existing else "",
                            placeholder="Why is it not applicable? (one line, then Enter)", id="justification",
                            classes="" if self.choice == NA else "hidden")
                yield Input(value=(self.existing.evidence or "") if self.existing else "",
                            placeholder="Evidence note (optional), then Enter to save", id="evidence")
                yield Static(_keys_hint(q.kind), id="hint")
            with VerticalScroll(id="help"):
                yield Static(self._help_text(), id="help-text")
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
        choices = self.query_one("#choices")
        if isinstance(choices, OptionList) and isinstance(self.choice, str):
            ids = [o.id for o in self.question.options]
            if self.choice in ids:
                choices.highlighted = ids.index(self.choice)
        choices.focus()

    def on_resize(self, event) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < NARROW, "narrow")

    def _help_text(self) -> str:
        q = self.question
        lines = []
        if q.help:
            lines += [_escape(q.help), ""]
        descriptors = self.session.descriptors(q)
        if descriptors:
            char = self.session.kb.characteristics[q.characteristic]
            lines.append(f"[b]{_escape(char.name)}[/b] in Table 4:")
            lines += [f"[b]{stage}[/b]: {_escape(text)}" for stage, text in descriptors]
            lines.append("")
        if q.citations:
            lines.append("From the report: " + ", ".join(q.citations))
        return "\n".join(lines).strip()

    def _chosen_text(self) -> str:
        if self.choice is None:
            return ""
        if self.choice == []:
            return "Answer: none of these (tick any that apply)"
        return "Answer: " + _escape(describe(self.question, Answer(self.choice, justification=(
            self.existing.justification if self.existing else None) or "see below")))

    # --- choosing -----------------------------------------------------------------------------
    def _set_choice(self, value) -> None:
        self.choice = value
        self.query_one("#justification", Input).set_class(value != NA, "hidden")
        self.query_one("#chosen", Static).update(self._chosen_text() if value != NA else
                                                 "Answer: not applicable")

    @on(OptionList.OptionSelected, "#choices")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        self._set_choice(event.option.id)
        self.query_one("#evidence", Input).focus()

    @on(SelectionList.SelectedChanged, "#choices")
    def _selection_changed(self, event: SelectionList.SelectedChanged) -> None:
        selected = list(event.selection_list.selected)
        order = [o.id for o in self.question.options]
        self._set_choice(sorted(selected, key=order.index))

    @on(Input.Submitted, "#choices")
    def _number_entered(self, event: Input.Submitted) -> None:
        text = event.value.replace(",", "").lstrip("£").rstrip("%").strip()
        action = {"d": self.action_dont_know, "n": self.action_not_applicable, "s": self.action_skip,
                  "b": self.action_back, "j": self.action_jump}.get(text.lower())
        if action is not None:
            event.input.value = ""
            action()
            return
        try:
            value = float(text)
        except ValueError:
            self.notify("Type a number; or d (don't know), n (not applicable), s (skip), b (back), then Enter.",
                        severity="warning")
            return
        problem = check_answer(self.question, Answer(value))
        if problem:
            self.notify(problem, severity="warning")
            return
        self._set_choice(value)
        self.query_one("#evidence", Input).focus()

    @on(Input.Submitted, "#justification")
    def _justified(self) -> None:
        self.query_one("#evidence", Input).focus()

    @on(Input.Submitted, "#evidence")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        choices = self.query_one("#choices")
        if isinstance(choices, Input) and choices.value.strip() and not isinstance(self.choice, str) \
                and choices.value.strip().lower() not in ("d", "n", "s", "b", "j"):
            self._number_entered(Input.Submitted(choices, choices.value))
        if self.choice is None:
            self.notify("Choose an answer first (or s to skip this question).", severity="warning")
            choices.focus()
            return
        justification = self.query_one("#justification", Input).value.strip() or None
        if self.choice == NA and not justification:
            self.query_one("#justification", Input).focus()
            self.notify("Say in one line why it is not applicable.", severity="warning")
            return
        answer = Answer(self.choice, evidence=self.query_one("#evidence", Input).value.strip() or None,
                        justification=justification if self.choice == NA else None)
        try:
            self.session.answer(answer)
        except ValueError as exc:
            self.notify(str(exc), severity="error")
            return
        self.app.next_question()

    # --- actions ------------------------------------------------------------------------------
    def action_pick(self, number: int) -> None:
        if number > len(self.question.options):
            return
        choices = self.query_one("#choices")
        if isinstance(choices, OptionList) and not isinstance(choices, SelectionList):
            choices.highlighted = number - 1
            self._set_choice(self.question.options[number - 1].id)
            self.query_one("#evidence", Input).focus()
        elif isinstance(choices, SelectionList):
            choices.toggle(self.question.options[number - 1].id)

    def action_back(self) -> None:
        self.session.back()
        self.app.next_question()

    def action_skip(self) -> None:
        self.session.skip()
        self.app.next_question()

    def action_not_applicable(self) -> None:
        self._set_choice(NA)
        self.query_one("#justification", Input).focus()

    def action_dont_know(self) -> None:
        self._set_choice(DONT_KNOW)
        self.query_one("#evidence", Input).focus()

    def action_jump(self) -> None:
        self.app.jump()

    def action_leave_field(self) -> None:
        choices = self.query_one("#choices")
        (self.query_one("#save") if isinstance(choices, Input) else choices).focus()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#skip")
    def _skip_pressed(self) -> None:
        self.action_skip()

    @on(Button.Pressed, "#na")
    def _na_pressed(self) -> None:
        self.action_not_applicable()

    @on(Button.Pressed, "#dk")
    def _dk_pressed(self) -> None:
        self.action_dont_know()

    @on(Button.Pressed, "#parts-button")
    def _parts_pressed(self) -> None:
        self.action_jump()


class SummaryScreen(Screen):
    """What was answered, part by part, then Assess (the `assess` report) or back to the questions."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("a", "assess", "Assess"), Binding("b", "back", "Back"), Binding("j", "jump", "Parts")]

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
    def action_back(self) -> None:
        self.session.back()
        self.app.next_question()

    @on(Button.Pressed, "#parts-button")
    def action_jump(self) -> None:
        self.app.jump()

    @on(Button.Pressed, "#quit")
    def _quit(self) -> None:
        self.app.exit("quit")


class InterviewApp(App[str]):
    """The interview over `session` (its store is the profile file)."""

    TITLE = "backtofront interview"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[Binding]] = [
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
    #hint { color: $text-muted; margin-top: 1; }
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

    def on_mount(self) -> None:
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.exit, "hangup")
        except (NotImplementedError, RuntimeError, AttributeError):  # not on this platform
            pass
        council = self.session.store.council
        name, council_type = self.given
        if council is None or (name and name != council.get("name")) or \
                (council_type and council_type != council.get("type")):
            council = council or {}
            self.push_screen(CouncilScreen(name or council.get("name"), council_type or council.get("type"),
                                           None))
        else:
            self.next_question()

    def save_council(self, name: str, council_type: str, date: str | None) -> None:
        self.session.store.set_council(name, council_type, date)
        self.notify(f"Saved {self.session.store.path}; every answer is saved as you go.")
        self.next_question()

    def next_question(self) -> None:
        screen = SummaryScreen(self.session) if self.session.done else QuestionScreen(self.session)
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def jump(self) -> None:
        def go(part: int | None) -> None:
            if part is not None:
                self.session.jump(part)
                self.next_question()
        self.push_screen(PartsScreen(self.session), go)

    def action_save_quit(self) -> None:
        self.exit("quit")

    def action_interrupt(self) -> None:
        self.exit("interrupted")


def _escape(text: str) -> str:
    from rich.markup import escape
    return escape(text)


def _keys_hint(kind: str) -> str:
    first = {"single": "A number (or arrows and Enter) picks",
             "multiple": "A number (or Space) ticks; Tab to the note",
             "number": "Type the figure (or d, n, s, b) and Enter"}[kind]
    return f"{first}; Enter in the note saves. Esc leaves a text field for the keys below."
