"""A figure typed in the interview (full screen and `--plain`) is read as the `--answers` CSV and `batch`
read one: `62,5` is 62.5, `1,500` in a pounds field is 1500, and a figure that could be read two ways is
asked again with a short message."""

from __future__ import annotations

import asyncio

import interview_bank
import pytest
from backtofront.classifier import csvtable, profile, questions
from backtofront.interview import plain
from backtofront.interview.app import InterviewApp, SummaryScreen
from backtofront.interview.session import Session
from backtofront.interview.store import ProfileFile

BEFORE_FIGURE = ("council: {name: A, type: county}\nanswers: {policy_status: embedded, policy_owner: "
                 "cabinet, leadership_challenge: group, techniques_used: []}\n")


@pytest.fixture
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


@pytest.fixture(scope="module")
def real_bank():
    return questions.load()


@pytest.mark.parametrize("typed,unit,expected", [
    ("62,5", "pct", 62.5), ("62.5", "pct", 62.5), ("45%", "pct", 45.0), ("0,25", "pct", 0.25),
    ("1,500", "gbp", 1500.0), ("1.500", "gbp", 1500.0), ("£1,500,000", "gbp", 1_500_000.0),
    ("1 500 000", "gbp", 1_500_000.0), ("1,500.25", "gbp", 1500.25), ("1.500,25", "gbp", 1500.25),
    ("600000", "gbp", 600_000.0),
])
def test_typed_figures_read_like_a_spreadsheet(typed, unit, expected):
    assert csvtable.typed_figure(typed, unit) == expected


@pytest.mark.parametrize("typed,unit,message", [
    ("12,500", "pct", "'12,500' could be 12500 or 12.5, and a percentage is from 0 to 100: write 12.5"),
    ("1,500", None, "'1,500' could be 1500 or 1.5"),
    ("1,50,0", "pct", "is not a number as written"),
    ("lots", "gbp", "'lots' is not a number"),
    ("35%", "gbp", "'35%' is a percentage, but the question asks for an amount in pounds"),
    (" £35 ", "pct", "'£35' is an amount in pounds, but the question asks for a percentage"),
])
def test_ambiguous_or_broken_figures_are_refused(typed, unit, message):
    with pytest.raises(csvtable.NumberError, match=message.replace("(", r"\(").replace(".", r"\.")):
        csvtable.typed_figure(typed, unit)


def test_plain_reads_a_decimal_comma_and_pounds_grouped(real_bank):
    share = real_bank.by_id["figure_back_office_share_of_gains_pct"]
    pounds = real_bank.by_id["figure_sr04_efficiency_gains_gbp"]
    assert plain.parse_choice(share, "62,5") == 62.5
    assert plain.parse_choice(pounds, "1,500") == 1500.0
    assert plain.parse_choice(pounds, "£2,750,000") == 2_750_000.0
    again = plain.parse_choice(share, "12,500")
    assert again.startswith("!'12,500' could be 12500 or 12.5")
    assert plain.parse_choice(pounds, "35%") == ("!'35%' is a percentage, but the question asks for an "
                                                "amount in pounds.")


def test_plain_interview_saves_62_5_and_asks_again_for_an_ambiguous_figure(bank, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(BEFORE_FIGURE)
    out: list[str] = []
    lines = ["12,500", "62,5", "", "n"]   # ambiguous: asked again; then 62,5 and no note; Assess now? no

    def ask(prompt):
        if not lines:
            raise EOFError
        return lines.pop(0)

    plain.run(Session(interview_bank.bank(), ProfileFile(path)), ask, out.append, 80)
    text = "\n".join(out)
    flat = " ".join(text.split())
    assert "'12,500' could be 12500 or 12.5, and a percentage is from 0 to 100: write 12.5." in flat
    assert "is more than 100" not in text
    assert profile.load(path).answered()["back_office_share"].answer == 62.5


@pytest.mark.parametrize("typed,expected", [("62,5", 62.5), ("62.5", 62.5), ("7,25%", 7.25)])
def test_full_screen_reads_a_decimal_comma(bank, tmp_path, typed, expected):
    path = tmp_path / "council.yaml"
    path.write_text(BEFORE_FIGURE)

    async def drive():
        app = InterviewApp(Session(interview_bank.bank(), ProfileFile(path)))
        async with app.run_test(size=(80, 30)) as pilot:
            await pilot.pause()
            assert app.screen.question.id == "back_office_share"
            await pilot.press(*typed, "enter")
            await pilot.pause()
            assert "more than 100" not in str(app.screen.query_one("#message").render())
            await pilot.press("enter")               # no evidence note: saved
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("ctrl+q")
        return app.return_value

    assert asyncio.run(drive()) == "quit"
    assert profile.load(path).answered()["back_office_share"].answer == expected


def test_full_screen_asks_again_for_an_ambiguous_figure(bank, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text(BEFORE_FIGURE)

    async def drive():
        app = InterviewApp(Session(interview_bank.bank(), ProfileFile(path)))
        async with app.run_test(size=(80, 30)) as pilot:
            await pilot.pause()
            await pilot.press(*"12,500", "enter")
            await pilot.pause()
            message = str(app.screen.query_one("#message").render())
            assert "'12,500' could be 12500 or 12.5" in message
            assert app.screen.question.id == "back_office_share" and app.screen.choice is None
            await pilot.press("ctrl+q")
        return app.return_value

    assert asyncio.run(drive()) == "quit"
    assert "back_office_share" not in profile.load(path).answered()


@pytest.mark.parametrize("value,message", [
    (1_250_000, "1,250,000 is more than 100: a percentage is from 0 to 100 (45 for 45%)"),
    (100.5, "100.5 is more than 100"),
    (-2500.25, "-2,500.25 is negative: a figure is 0 or more"),
])
def test_a_figure_out_of_range_is_shown_as_typed_never_in_e_notation(real_bank, value, message):
    from backtofront.interview.store import Answer, check_answer

    pct = next(q for q in real_bank.questions if q.unit == "pct")
    problem = check_answer(pct, Answer(value))
    assert problem is not None and problem.startswith(message) and "e+" not in problem


def test_a_pound_figure_above_every_councils_gains_together_is_asked_again(real_bank):
    from backtofront.interview.store import Answer, check_answer

    gbp = next(q for q in real_bank.questions if q.unit == "gbp")
    assert check_answer(gbp, Answer(4.3e9)) is None
    assert check_answer(gbp, Answer(5e9)) == ("5,000,000,000 is more than all councils in England made "
                                              "together in SR04 (£4.3 billion, para 8): check the figure is "
                                              "in pounds")
