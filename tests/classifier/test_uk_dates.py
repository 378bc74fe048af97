"""`assessed_on` as a UK day-first date (31/03/2008, 1/4/2008, 31-03-2008, 31.03.2008) in YAML, JSON and
CSV profiles, answers files and the interview; impossible dates refused with a clear message; ISO stays
the form the program writes."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import interview_bank
import pytest
from backtofront.classifier import profile
from backtofront.interview import plain
from backtofront.interview.app import InterviewApp, QuestionScreen
from backtofront.interview.session import Session
from backtofront.interview.store import ProfileFile

COUNCIL = "council: {name: X, type: district}\n"


@pytest.mark.parametrize("written,expected", [
    ("31/03/2008", dt.date(2008, 3, 31)), ("1/4/2008", dt.date(2008, 4, 1)),
    ("01/04/2008", dt.date(2008, 4, 1)),
    ("31-03-2008", dt.date(2008, 3, 31)), ("31.03.2008", dt.date(2008, 3, 31)),
    ("29/02/2008", dt.date(2008, 2, 29)),
    ("2008-03-31", dt.date(2008, 3, 31)), ("2008-3-31", dt.date(2008, 3, 31)),
    ("2008/03/31", dt.date(2008, 3, 31)),
])
def test_uk_dates_are_day_first(written, expected, tmp_path):
    assert profile.read_date(written) == expected
    path = tmp_path / "p.yaml"
    path.write_text(COUNCIL + f"assessed_on: '{written}'\n")
    assert profile.load(path).assessed_on == expected
    path.write_text(COUNCIL + f"assessed_on: {written}\n")     # unquoted: YAML gives text, or an ISO date
    assert profile.load(path).assessed_on == expected
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"council": {"name": "X", "type": "district"}, "assessed_on": written}))
    assert profile.load(path).assessed_on == expected


@pytest.mark.parametrize("written,why", [
    ("31/02/2008", "February 2008 has 29 days"), ("29/02/2009", "February 2009 has 28 days"),
    ("03/31/2008", "there is no month 31"), ("31/03/08", None), ("31/03-2008", None),
])
def test_impossible_or_unreadable_dates_are_refused(run_cli, tmp_path, written, why):
    path = tmp_path / "p.yaml"
    path.write_text(COUNCIL + f"assessed_on: '{written}'\n")
    code, out, err = run_cli("assess", str(path))
    assert code == 2 and out == ""
    expected = (f"assessed_on: '{written}' is not a real date ({why})" if why
                else f"assessed_on: '{written}' is not a date")
    assert expected in err and "YYYY-MM-DD (2008-03-31) or DD/MM/YYYY (31/03/2008)" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_assess_json_gives_the_iso_date(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(COUNCIL + "assessed_on: 31/03/2008\n")
    code, out, _ = run_cli("assess", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["assessed_on"] == "2008-03-31"


def test_csv_profile_with_a_uk_date(run_cli, tmp_path):
    path = tmp_path / "councils.csv"
    path.write_text("council.name,council.type,assessed_on,characteristics.time_scales\n"
                    "Ambridge,district,31/03/2008,transitional\nBorset,county,31/02/2008,transitional\n")
    out = tmp_path / "out"
    code, stdout, err = run_cli("batch", str(path), "-o", str(out))
    assert code != 0   # one council of two failed
    assert json.loads((out / "ambridge.json").read_text())["assessed_on"] == "2008-03-31"
    assert "line 3: assessed_on: '31/02/2008' is not a real date" in err + stdout


@pytest.fixture
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


def test_answers_file_with_a_uk_date_saves_iso(bank, tmp_path, run_cli):
    answers = tmp_path / "a.yaml"
    answers.write_text("council: {name: A, type: county}\nassessed_on: 31/03/2008\nanswers: {policy_status: "
                       "embedded}\n")
    target = tmp_path / "p.yaml"
    code, _, err = run_cli("interview", "-o", str(target), "--answers", str(answers))
    assert code == 0, err
    assert "assessed_on: 2008-03-31\n" in target.read_text()

    answers.write_text("council: {name: A, type: county}\nassessed_on: 31/02/2008\nanswers: {policy_status: "
                       "embedded}\n")
    target = tmp_path / "q.yaml"
    code, _, err = run_cli("interview", "-o", str(target), "--answers", str(answers))
    assert code == 2 and "assessed_on: '31/02/2008' is not a real date" in err and "Traceback" not in err


def test_plain_interview_takes_a_uk_date_and_saves_iso(bank, tmp_path):
    path = tmp_path / "new.json"
    lines = ["Example DC", "1", "31/02/2008", "31/03/2008", "q"]
    out: list[str] = []

    def ask(prompt):
        if not lines:
            raise EOFError
        return lines.pop(0)

    plain.run(Session(interview_bank.bank(), ProfileFile(path)), ask, out.append, 80)
    assert "'31/02/2008' is not a real date (February 2008 has 29 days)" in "\n".join(out)
    assert json.loads(path.read_text())["assessed_on"] == "2008-03-31"


def test_full_screen_takes_a_uk_date_and_saves_iso(bank, tmp_path):
    path = tmp_path / "council.yaml"

    async def drive():
        app = InterviewApp(Session(interview_bank.bank(), ProfileFile(path)))
        async with app.run_test(size=(80, 30)) as pilot:
            await pilot.pause()
            await pilot.press(*"Example DC", "tab", "enter", "down", "enter", "tab")
            await pilot.press(*"31/03/2008", "enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            await pilot.press("ctrl+q")
        return app.return_value

    asyncio.run(drive())
    assert "assessed_on: 2008-03-31\n" in path.read_text()
