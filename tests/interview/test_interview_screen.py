"""The full-screen interview as a new user meets it (Textual's pilot): the Tab order and text fields on the
council's details, the not-applicable justification, ticking several answers (and none, and option 10),
messages that cover nothing, at 80 and 60 columns. Key timing under a real terminal is in
test_interview_keys_pty.py."""

from __future__ import annotations

import asyncio
import io

import interview_bank
import pytest
from backtofront.classifier import profile, questions
from backtofront.classifier.validation import load_yaml
from backtofront.interview.app import CouncilScreen, InterviewApp, QuestionScreen, SummaryScreen, TickList
from backtofront.interview.session import Session
from backtofront.interview.store import ProfileFile
from rich.console import Console

WIDTHS = [80, 60]


@pytest.fixture
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


def saved(path) -> dict:
    return {k: v for k, v in profile.load(path).answered().items()}


def run(path, script, width, bank_=None):
    async def drive():
        app = InterviewApp(Session(bank_ or interview_bank.bank(), ProfileFile(path)))
        async with app.run_test(size=(width, 30)) as pilot:
            await pilot.pause()
            await script(app, pilot)
        return app.return_value
    return asyncio.run(drive())


def text_of(renderable, width=60) -> str:
    console = Console(file=io.StringIO(), width=width, no_color=True, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def screen_text(app) -> str:
    """The characters on the screen, line by line, as the terminal shows them."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


# --- 1. the council's details ------------------------------------------------------------------------
@pytest.mark.parametrize("width", WIDTHS)
def test_tab_goes_name_type_date_start_and_never_selects_all(bank, tmp_path, width):
    path = tmp_path / "council.yaml"

    async def script(app, pilot):
        await pilot.press(*"Example DC", "tab")
        assert app.focused.id == "type"
        await pilot.press("enter", "down", "enter")          # choose District from the dropdown
        await pilot.pause()
        assert app.focused.id == "type"                      # choosing does not move on by itself
        await pilot.press("tab")
        assert app.focused.id == "date"                      # Tab after the Type: the date, not Start
        await pilot.press("tab")
        assert app.focused.id == "start"
        await pilot.press("tab")
        assert app.focused.id == "name"
        await pilot.press("X")                               # typing adds to the name, not over it
        assert app.screen.query_one("#name").value == "Example DCX"
        await pilot.press("backspace", "shift+tab", "shift+tab")
        assert app.focused.id == "date"

    run(path, script, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_impossible_date_is_refused_saying_the_forms(bank, tmp_path, width):
    path = tmp_path / "council.yaml"

    async def script(app, pilot):
        await pilot.press(*"Example DC", "tab", "enter", "down", "enter", "tab")
        await pilot.press(*"31/02/2008", "tab")              # leaving the field says so at once
        error = str(app.screen.query_one("#council-error").render())
        assert "'31/02/2008' is not a real date" in error and "YYYY-MM-DD (2008-03-31) or DD/MM/YYYY" in error
        await pilot.press("enter")                           # Start: refused, nothing saved
        await pilot.pause()
        assert isinstance(app.screen, CouncilScreen)
        assert not path.exists()
        assert app.focused.id == "date"
        await pilot.press("ctrl+u", *"2008-03-31", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)

    run(path, script, width)
    assert str(profile.load(path).assessed_on) == "2008-03-31"


@pytest.mark.parametrize(("key", "date", "kept"), [("ctrl+q", "2008-03-31", True), ("ctrl+c", "", True),
                                                   ("ctrl+q", "31/02/2008", False)])
def test_quitting_the_first_screen_keeps_a_council_entered_in_full(bank, tmp_path, key, date, kept):
    """The first screen says the profile is saved as soon as the name and type are in: leaving it with
    Ctrl+Q or Ctrl+C then keeps them (and a good date); an impossible date keeps nothing."""
    path = tmp_path / "council.yaml"

    async def script(app, pilot):
        await pilot.press(*"Example DC", "tab", "enter", "down", "enter", "tab", *date)
        await pilot.pause()
        assert isinstance(app.screen, CouncilScreen) and not path.exists()
        await pilot.press(key)
        await pilot.pause()

    assert run(path, script, 80) == ("quit" if key == "ctrl+q" else "interrupted")
    if kept:
        loaded = profile.load(path)
        assert (loaded.council.name, loaded.council.type) == ("Example DC", "district")
        assert (str(loaded.assessed_on) if loaded.assessed_on else "") == date
    else:
        assert not path.exists()


# --- 2. not applicable ---------------------------------------------------------------------------------
@pytest.mark.parametrize("width", WIDTHS)
def test_not_applicable_keeps_the_focus_until_justified_and_never_replaces_a_note(bank, tmp_path, width):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\n")

    async def script(app, pilot):
        await pilot.press("n", "enter")                      # no justification yet
        await pilot.pause()
        assert app.focused.id == "justification"
        assert "why it is not applicable" in str(app.screen.query_one("#message").render())
        assert not path.read_text().count("answers")
        await pilot.press(*"Shared with the county", "enter")
        assert app.focused.id == "evidence"
        await pilot.press(*"Minutes of May 2007", "shift+tab")
        assert app.focused.id == "justification"
        await pilot.press("enter")                           # back to the note: its text is kept...
        assert app.focused.id == "evidence"
        await pilot.press(*" p4")                            # ...and typing adds to it
        assert app.screen.query_one("#evidence").value == "Minutes of May 2007 p4"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.question.id == "policy_owner"

    run(path, script, width)
    answer = saved(path)["policy_status"]
    assert (answer.answer, answer.justification, answer.evidence) == (
        "na", "Shared with the county", "Minutes of May 2007 p4")


# --- 3. several answers --------------------------------------------------------------------------------
MANY_YAML = """
source: test
questions:
  - id: techniques_used
    section: techniques
    kind: multiple
    text: "Which techniques has the council used?"
    citations: [Table 5]
    options:
""" + "".join(f"      - {{id: t{i}, text: \"Technique number {i}\"}}\n" for i in range(1, 12)) + """
  - id: sourcing
    section: techniques
    kind: single
    text: "Which one most?"
    citations: [Table 5]
    options:
""" + "".join(f"      - {{id: s{i}, text: \"Source {i}\"}}\n" for i in range(1, 12))


def many_bank(monkeypatch):
    fixture = questions.parse(load_yaml(MANY_YAML), "test bank")
    monkeypatch.setattr(questions, "load", lambda: fixture)
    return fixture


@pytest.mark.parametrize("width", WIDTHS)
def test_enter_with_nothing_ticked_asks_and_0_says_none_of_these(bank, tmp_path, width):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\nanswers: {policy_status: embedded, policy_owner: "
                    "cabinet, leadership_challenge: group}\n")

    async def script(app, pilot):
        assert app.screen.question.id == "techniques_used"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.question.id == "techniques_used"   # nothing saved
        message = str(app.screen.query_one("#message").render())
        assert "Nothing is ticked" in message and "0" in message and "skip" in message
        await pilot.press("tab", "enter")                    # from the note: still asks
        await pilot.pause()
        assert app.screen.question.id == "techniques_used"
        assert "techniques_used" not in saved(path)
        assert app.focused.id == "choices"                   # back to the options to tick
        await pilot.press("0")                               # none of these, said explicitly
        assert str(app.screen.query_one("#chosen").render()) == "Answer: none of these"
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.screen.question.id == "back_office_share"

    run(path, script, width)
    assert saved(path)["techniques_used"].answer == []


@pytest.mark.parametrize("width", WIDTHS)
def test_ticks_show_as_x_in_text_not_only_colour(bank, tmp_path, width):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\nanswers: {policy_status: embedded, policy_owner: "
                    "cabinet, leadership_challenge: group}\n")

    async def script(app, pilot):
        await pilot.press("1", "3")
        choices = app.screen.query_one("#choices", TickList)
        rendered = [text_of(choices.get_option_at_index(i).prompt) for i in range(3)]
        assert rendered[0].startswith("[x] 1. Lean / business process improvement")
        assert rendered[1].startswith("[ ] 2. ICT")
        assert rendered[2].startswith("[x] 3. Procurement")
        await pilot.press("1")                               # a number again unticks
        assert text_of(choices.get_option_at_index(0).prompt).startswith("[ ] 1.")

    run(path, script, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_option_10_is_not_option_1_and_10(monkeypatch, tmp_path, width):
    fixture = many_bank(monkeypatch)
    # a wait long enough that a busy machine cannot stretch two quick key presses past it
    monkeypatch.setattr("backtofront.interview.app.TWO_DIGIT_WAIT", 2.5)
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\n")

    async def script(app, pilot):
        await pilot.press("1", "0")                          # quickly: option 10 alone
        assert app.screen.query_one("#choices", TickList).ticked == ["t10"]
        await pilot.press("2")                               # 2 cannot start a number <= 11: at once
        assert app.screen.query_one("#choices", TickList).ticked == ["t10", "t2"]
        await pilot.press("1")                               # 1 alone: waits for a second digit...
        assert "t1" not in app.screen.query_one("#choices", TickList).ticked
        deadline = asyncio.get_running_loop().time() + 30    # ...then, TWO_DIGIT_WAIT on, ticks option 1
        while (app.screen.query_one("#choices", TickList).ticked != ["t10", "t2", "t1"]
               and asyncio.get_running_loop().time() < deadline):
            await pilot.pause(0.05)
        assert app.screen.query_one("#choices", TickList).ticked == ["t10", "t2", "t1"]
        await pilot.press("1", "1", "enter", "enter")        # 11, then on to the note and save
        await pilot.pause()
        assert app.screen.question.id == "sourcing"
        await pilot.press("1", "0", "enter")                 # one answer: option 10
        await pilot.pause()

    run(path, script, width, fixture)
    answers = saved(path)
    assert answers["techniques_used"].answer == ["t1", "t2", "t10", "t11"]
    assert answers["sourcing"].answer == "s10"


# --- 4. messages ---------------------------------------------------------------------------------------
def covers(a, b) -> bool:
    return a.region.overlaps(b.region)


@pytest.mark.parametrize("width", WIDTHS)
def test_messages_name_the_figure_cover_no_button_and_go_on_moving_on(bank, tmp_path, width):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\nanswers: {policy_status: embedded, policy_owner: "
                    "cabinet, leadership_challenge: group, techniques_used: []}\n")

    async def script(app, pilot):
        await pilot.press(*"150", "enter")
        await pilot.pause()
        message = app.screen.query_one("#message")
        text = str(message.render())
        assert text.startswith("150 is more than 100: a percentage is from 0 to 100")
        for button in app.screen.query("#buttons Button"):
            assert not covers(message, button), button.id
        assert not app._notifications                         # no toast over the buttons
        await pilot.press("ctrl+u", *"45", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert not app.screen.query("#message") or not str(app.screen.query_one("#message").render())
        assert not app._notifications

    run(path, script, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_saved_message_after_the_council_covers_no_button(bank, tmp_path, width):
    path = tmp_path / "council.yaml"

    async def script(app, pilot):
        await pilot.press(*"Example DC", "tab", "enter", "down", "enter", "tab", "enter")
        await pilot.pause()
        message = app.screen.query_one("#message")
        assert str(message.render()).startswith(f"Saved {path}")
        for button in app.screen.query("#buttons Button"):
            assert not covers(message, button), button.id
        assert not app._notifications
        await pilot.press("1", "enter")
        await pilot.pause()
        assert str(app.screen.query_one("#message").render()) == ""   # gone on the next question

    run(path, script, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_footer_says_quit_at_every_width(bank, tmp_path, width):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\n")

    async def script(app, pilot):
        text = screen_text(app)
        assert "^q Quit" in text
        for key in ("b Back", "s Skip", "n N/A", "j Parts"):
            assert key in text

    run(path, script, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_long_options_wrap_under_their_text_and_are_never_cut(tmp_path, width):
    bank_ = questions.load()                                  # the packaged bank: its longest options
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\n")
    barriers = next(q for q in bank_.questions if q.id == "barriers")
    seventh = barriers.options[6].text

    async def drive():
        session = Session(bank_, ProfileFile(path))
        session.index = session.questions.index(barriers)
        app = InterviewApp(session)
        async with app.run_test(size=(width, 40)) as pilot:
            await pilot.pause()
            text = screen_text(app)
            lines = text.splitlines()
            start = next(i for i, line in enumerate(lines) if "[ ] 7." in line)
            column = lines[start].index(seventh.split()[0])
            words = " ".join(line[column:].strip(" ▎▊") for line in lines[start:start + 3])
            assert seventh in " ".join(words.split())               # whole, not cut with an ellipsis
            if width == 60:                                          # it wraps: under its text
                assert lines[start + 1][:column].strip(" ▊") == ""
                assert lines[start + 1][column:].strip(" ▎") == seventh.split()[-1]
            assert "…" not in text
    asyncio.run(drive())


@pytest.mark.parametrize("tabs", [1, 2])
def test_a_note_typed_after_tab_left_the_field_goes_to_the_note_not_to_the_keys(bank, tmp_path, tabs):
    """After choosing an option, Tab leaves the note for the buttons; typing "Policy doc" there starts the
    note (P is no key) instead of reading "d" as Don't know and losing the answer."""
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\n")

    async def script(app, pilot):
        first = app.screen.question.id
        await pilot.press("2")
        await pilot.pause()
        await pilot.press(*["tab"] * tabs)
        assert app.focused.id != "evidence"
        await pilot.press(*"Policy doc")
        assert app.focused.id == "evidence" and app.screen.query_one("#evidence").value == "Policy doc"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.question.id != first

    run(path, script, 80)
    answer = next(iter(saved(path).values()))
    assert answer.evidence == "Policy doc" and answer.answer not in ("dont_know", "na")
