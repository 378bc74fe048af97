"""The interview: the profile file as its only state (atomic saves, comments kept, resume), the line
mode's protocol, the full-screen app through Textual's pilot, and --answers from YAML, JSON and CSV.
Runs under a real pseudo-terminal are in test_interview_pty.py."""

from __future__ import annotations

import asyncio
import io
import json

import interview_bank
import pytest
from backtofront.classifier import profile
from backtofront.interview import plain
from backtofront.interview.app import InterviewApp, PartsScreen, QuestionScreen, SummaryScreen
from backtofront.interview.session import Session
from backtofront.interview.store import Answer, ProfileFile

COMMENTED = """\
# Workshop with the finance director, 3 March.
council:
  name: Example District Council   # as on the letterhead
  type: district
assessed_on: 2008-03-31
characteristics:
  time_scales: transitional   # stated before the interview
notes: Keep this note, however long it runs; a round-trip save must not fold it onto several lines, \
as a dumper with a narrow width would.
"""


@pytest.fixture
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


def loads_as_profile(path) -> profile.Profile:
    return profile.load(path)


def leftovers(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- the file ----------------------------------------------------------------------------------
def test_answers_added_to_an_existing_profile_keep_its_comments_and_layout(bank, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text(COMMENTED)
    store = ProfileFile(path)
    store.set_answer("policy_status", Answer("not_linked", evidence="Policy of 2007, no links"))
    store.set_answer("techniques_used", Answer(["ict", "procurement"]))
    text = path.read_text()
    assert text.startswith(COMMENTED)  # every line of the original, in place, comments included
    assert "policy_status:\n    answer: not_linked\n    evidence: Policy of 2007, no links\n" in text
    assert "techniques_used: [ict, procurement]" in text
    loaded = loads_as_profile(path)
    assert loaded.answered()["policy_status"].evidence == "Policy of 2007, no links"
    assert loaded.notes.startswith("Keep this note, however long it runs;")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("ending", ["\r\n", "\n"])
def test_answers_added_to_a_profile_keep_its_line_endings_on_every_line(bank, tmp_path, ending):
    """A profile saved by a Windows editor (CRLF) stays CRLF throughout, new lines and kept comments alike;
    one with LF stays LF."""
    path = tmp_path / "council.yaml"
    path.write_bytes(COMMENTED.replace("\n", ending).encode())
    store = ProfileFile(path)
    store.set_answer("policy_status", Answer("not_linked", evidence="two\nlines"))
    store.set_answer("techniques_used", Answer(["ict"]))
    data = path.read_bytes()
    assert data.startswith(COMMENTED.replace("\n", ending).encode())
    lines = data.split(b"\n")[:-1]
    assert lines and all(line.endswith(b"\r") == (ending == "\r\n") for line in lines), data
    assert loads_as_profile(path).answered()["policy_status"].evidence == "two\nlines"


def test_json_profile_stays_json(bank, tmp_path):
    path = tmp_path / "council.json"
    path.write_text(json.dumps({"council": {"name": "A", "type": "county"}}))
    store = ProfileFile(path)
    store.set_answer("back_office_share", Answer(40.0))
    assert json.loads(path.read_text())["answers"] == {"back_office_share": 40.0}
    assert loads_as_profile(path).answered()["back_office_share"].answer == 40


def test_a_broken_profile_is_refused_not_overwritten(bank, tmp_path, run_cli):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: parish}\n")
    code, _out, err = run_cli("interview", "-o", str(path), "--plain")
    assert code == 2
    assert err.startswith(f"Error: {path}: council.type: 'parish' is not valid")
    assert len(err.strip().splitlines()) == 1
    assert path.read_text() == "council: {name: A, type: parish}\n"


def test_save_is_atomic_and_refuses_an_invalid_document(bank, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text(COMMENTED)
    store = ProfileFile(path)
    store.data["answers"] = {"policy_status": "not_an_option"}
    with pytest.raises(Exception, match="not_an_option"):
        store.save()
    assert path.read_text() == COMMENTED
    assert leftovers(tmp_path) == []


# --- the line mode ---------------------------------------------------------------------------------
class Keys:
    """Feeds typed lines to the line mode and checks the file loads as a profile before each prompt,
    so that every single saved state is a valid profile."""

    def __init__(self, lines, path):
        self.lines = list(lines)
        self.path = path
        self.prompts: list[str] = []
        self.checked = 0

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if self.path.exists():
            loads_as_profile(self.path)
            self.checked += 1
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)


def run_plain(path, lines, **kw):
    bank = interview_bank.bank()
    keys = Keys(lines, path)
    out: list[str] = []
    session = Session(bank, ProfileFile(path))
    result = plain.run(session, keys.ask, out.append, 80, **kw)
    return result, keys, "\n".join(out)


def test_plain_protocol_from_nothing_to_assess(bank, tmp_path):
    path = tmp_path / "new.yaml"
    lines = ["Example DC", "1", "2008-03-31",
             "2", "Policy of 2007",           # an option, then its evidence
             "n", "The council has no policy owner by design",   # not applicable, then why
             "d", "",                         # don't know, no note
             "1 3", "Lean in revenues",       # multiple: two numbers
             "45", "",                        # a figure
             "y"]
    assess, keys, out = run_plain(path, lines)
    assert assess is True
    data = loads_as_profile(path)
    assert data.council.name == "Example DC" and data.council.type == "district"
    assert str(data.assessed_on) == "2008-03-31"
    answered = data.answered()
    assert [(k, v.answer) for k, v in answered.items()] == [
        ("policy_status", "not_linked"), ("policy_owner", "na"), ("leadership_challenge", "dont_know"),
        ("techniques_used", ["lean_bpi", "procurement"]), ("back_office_share", 45)]
    assert answered["policy_status"].evidence == "Policy of 2007"
    assert answered["policy_owner"].justification == "The council has no policy owner by design"
    assert keys.checked >= 10  # the file was checked before each prompt after the council's details
    assert "Question 1 of 5 · Efficiency policy (1 of 2)" in out
    assert "  1. Ad-hoc efficiency activity" in out
    assert "Transitional: Policy – but not linked to other policies." in out  # Table 4 beside it
    assert "Efficiency techniques (Table 5): 1 answered, 1 with evidence" in out


def test_plain_back_skip_bad_input_and_quit_then_resume(bank, tmp_path):
    path = tmp_path / "p.yaml"
    lines = ["Example DC", "county", "",
             "7",                 # out of range: explained, asked again
             "1", "",             # policy_status
             "b",                 # back to policy_status
             "",                  # Enter on an answered question keeps it and moves on
             "s",                 # skip policy_owner
             "2", "Member forum",  # leadership_challenge
             "q"]
    assess, keys, out = run_plain(path, lines)
    assert assess is False
    assert "Type a number 1-3; n = not applicable" in out
    assert "Answered: Ad-hoc efficiency activity" in out
    assert "Run the same command again to resume at question 2." in " ".join(out.split())
    assert list(loads_as_profile(path).answered()) == ["policy_status", "leadership_challenge"]
    # Resume: the file is the only state; it starts at the first unanswered question (the skipped one).
    session = Session(interview_bank.bank(), ProfileFile(path))
    assert session.current.id == "policy_owner"
    assess, keys, out = run_plain(path, ["3", "", "s", "q"])
    assert "Question 2 of 5" in out.splitlines()[1]
    assert not any(p.startswith("Council name") for p in keys.prompts)
    assert list(loads_as_profile(path).answered()) == ["policy_status", "leadership_challenge",
                                                       "policy_owner"]


def test_plain_multiple_and_number_checks(bank, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: A, type: unitary}\n")
    lines = ["j", "3",           # jump to part 3 (techniques)
             "1 1 9", "1,2", "",  # 9 is out of range; 1,2 is fine
             "120", "40%", "",    # a percentage over 100, then 40
             "n"]                 # Assess now? no
    assess, _keys, out = run_plain(path, lines)
    assert assess is False
    answered = loads_as_profile(path).answered()
    assert answered["techniques_used"].answer == ["lean_bpi", "ict"]
    assert answered["back_office_share"].answer == 40
    assert "Type a number 1-3, several separated by commas or spaces, 0 for none;" in out
    assert "120 is more than 100: a percentage is from 0 to 100 (45 for 45%)." in out


@pytest.mark.parametrize(("last", "assess"), [("n", False), ("q", False), ("y", True), ("", True)])
def test_assess_now_asks_again_for_anything_but_an_answer(bank, tmp_path, last, assess):
    """A stray key at "Assess now?" is asked again, never taken as no; n or q stops and says where the
    answers are."""
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: A, type: unitary}\n")
    lines = ["j", "3", "1,2", "", "40", "", "maybe", "ok", last]
    got, keys, out = run_plain(path, lines)
    assert got is assess
    assert keys.prompts.count("Assess now? [Y/n, b = back to the last question]: ") == 3
    assert "'maybe' is not an answer here: Enter or y assesses now, n or q stops" in out
    assert ("Saved" in out.split("'ok' is not an answer here")[-1]) is not assess


def test_plain_na_needs_a_justification(bank, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: A, type: unitary}\n")
    _assess, keys, _out = run_plain(path, ["n", "", "  ", "Shared with the county", "q"])
    assert keys.prompts.count("Why is it not applicable? (one line; b goes back, q quits): ") == 3
    assert loads_as_profile(path).answered()["policy_status"].justification == "Shared with the county"


# --- the full-screen app -------------------------------------------------------------------------
def saved(path) -> dict:
    return {k: v.answer for k, v in loads_as_profile(path).answered().items()}


def test_full_screen_from_nothing_to_assess(bank, tmp_path):
    path = tmp_path / "council.yaml"

    async def drive():
        session = Session(interview_bank.bank(), ProfileFile(path))
        app = InterviewApp(session)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*"Example DC", "enter")
            await pilot.press("enter", "down", "enter")      # the type list: District
            await pilot.pause()
            assert not path.exists()                          # nothing saved before name and type
            await pilot.press("tab", *"2008-03-31", "enter")  # Tab from the type to the date
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            assert loads_as_profile(path).council.name == "Example DC"
            progress = str(app.screen.query_one("#progress").render())
            assert progress == "Question 1 of 5 · Efficiency policy (1 of 2)"
            help_text = str(app.screen.query_one("#help-text").render())
            assert "Transformational: Strategic and embedded efficiency policy." in help_text
            assert not app.screen.has_class("narrow")
            await pilot.press("2", *"Policy of 2007", "enter")
            await pilot.pause()
            assert saved(path) == {"policy_status": "not_linked"}
            await pilot.press("n", *"No owner by design", "enter", "enter")
            await pilot.pause()
            assert saved(path)["policy_owner"] == "na"
            await pilot.press("b")                            # back to policy_owner: answer shown
            await pilot.pause()
            assert app.screen.question.id == "policy_owner"
            assert str(app.screen.query_one("#chosen").render()).startswith("Answer: not applicable")
            await pilot.press("s")                            # skip: keeps the answer
            await pilot.press("d", "enter")
            await pilot.pause()
            assert saved(path)["leadership_challenge"] == "dont_know"
            await pilot.press("1", "3", "tab", *"Lean in revenues", "enter")
            await pilot.pause()
            assert saved(path)["techniques_used"] == ["lean_bpi", "procurement"]
            await pilot.press(*"150", "enter")                # over 100: refused
            await pilot.pause()
            assert "back_office_share" not in saved(path)
            await pilot.press("ctrl+a", "ctrl+k", *"45", "enter", "enter")
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            summary = str(app.screen.query_one("#summary-rows").render())
            assert "Efficiency techniques (Table 5): 1 answered, 1 with evidence" in summary
            await pilot.press("a")
        return app.return_value

    assert asyncio.run(drive()) == "assess"
    data = loads_as_profile(path)
    assert data.answered()["policy_status"].evidence == "Policy of 2007"
    assert data.answered()["policy_owner"].justification == "No owner by design"
    assert data.answered()["back_office_share"].answer == 45


def test_full_screen_resumes_jumps_and_ctrl_c_saves(bank, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text(COMMENTED + "answers:\n  policy_status: embedded\n")

    async def drive():
        session = Session(interview_bank.bank(), ProfileFile(path))
        app = InterviewApp(session)
        async with app.run_test(size=(60, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)     # no council screen: the file has one
            assert app.screen.question.id == "policy_owner"    # the first unanswered question
            assert app.screen.has_class("narrow")             # help under the question at 60 columns
            await pilot.press("j")
            await pilot.pause()
            assert isinstance(app.screen, PartsScreen)
            await pilot.press("down", "enter")                 # part 2: management and leadership
            await pilot.pause()
            assert app.screen.question.id == "leadership_challenge"
            await pilot.press("2", "enter")
            await pilot.pause()
            await pilot.press("1", "tab", *"half typed")      # being typed: lost, the rest kept
            await pilot.press("ctrl+c")
            await pilot.pause()
        return app.return_value

    assert asyncio.run(drive()) == "interrupted"
    assert saved(path) == {"policy_status": "embedded", "leadership_challenge": "group"}
    assert path.read_text().startswith(COMMENTED)


# --- --answers ------------------------------------------------------------------------------------
def test_answers_from_yaml_json_and_csv(bank, tmp_path, run_cli):
    yaml_file = tmp_path / "a.yaml"
    yaml_file.write_text("council: {name: From YAML, type: county}\nanswers:\n  policy_status: embedded\n"
                         "  policy_owner: {answer: na, justification: Shared service}\n")
    code, out, err = run_cli("interview", "-o", str(tmp_path / "y.yaml"), "--answers", str(yaml_file))
    assert code == 0, err
    assert "Added 2 answers" in err and "Overall stage" in out  # then the assessment, as `assess` shows it
    assert saved(tmp_path / "y.yaml") == {"policy_status": "embedded", "policy_owner": "na"}

    json_file = tmp_path / "a.json"
    json_file.write_text(json.dumps({"answers": {"techniques_used": ["ict"], "back_office_share": 12.5}}))
    target = tmp_path / "c.yaml"
    target.write_text(COMMENTED)
    code, out, err = run_cli("interview", "-o", str(target), "--answers", str(json_file))
    assert code == 0, err
    assert saved(target) == {"techniques_used": ["ict"], "back_office_share": 12.5}
    assert target.read_text().startswith(COMMENTED)

    csv_file = tmp_path / "a.csv"
    csv_file.write_text("question_id,answer,evidence\npolicy_status,not_linked,\"Policy, 2007\"\n"
                        "techniques_used,ict;procurement,\nleadership_challenge,na,Members decided\n"
                        "back_office_share,30,From the SR04 return\n")
    code, out, err = run_cli("interview", "-o", str(tmp_path / "c.json"), "--answers", str(csv_file),
                             "--name", "From CSV", "--type", "unitary")
    assert code == 0, err
    data = loads_as_profile(tmp_path / "c.json")
    assert data.council.name == "From CSV"
    answered = data.answered()
    assert answered["policy_status"].evidence == "Policy, 2007"
    assert answered["techniques_used"].answer == ["ict", "procurement"]
    assert answered["leadership_challenge"].justification == "Members decided"
    assert answered["back_office_share"].answer == 30


@pytest.mark.parametrize("content, message", [
    ("question_id,answer,evidence\npolicy_status,embedded,\nnot_a_question,x,\n",
     "line 3: unknown question id 'not_a_question'"),
    ("question_id,answer,evidence\npolicy_status,sideways,\n",
     "line 2: policy_status: 'sideways' is not one"),
    ("question_id,evidence\npolicy_status,embedded\n",
     "line 1: the header needs the columns question_id,answer (missing: answer;"),
    ("question_id,answer,evidence\nback_office_share,lots,\n",
     "line 2: back_office_share: expected a number"),
    ("question_id,answer,evidence\npolicy_owner,na,\n", "line 2: policy_owner: 'na' (not applicable) needs"),
    ("question_id,answer,evidence\npolicy_status,embedded,a,b\n", "line 2: 4 columns, the header has 3"),
])
def test_bad_csv_rows_exit_2_naming_file_and_line(bank, tmp_path, run_cli, content, message):
    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(content)
    target = tmp_path / "p.yaml"
    target.write_text(COMMENTED)
    code, _out, err = run_cli("interview", "-o", str(target), "--answers", str(csv_file))
    assert code == 2
    assert err.startswith(f"Error: {csv_file}: {message}")
    assert len(err.strip().splitlines()) == 1
    assert target.read_text() == COMMENTED


@pytest.mark.parametrize("content, message", [
    ("answers:\n  policy_stat: embedded\n", ("answers.policy_stat: unknown question id 'policy_stat' "
                                           "(did you mean 'policy_status'?)")),
    ("answers: [1, 2]\n", "expected a mapping with an 'answers:' mapping"),
    ("answers:\n  techniques_used: ict\n", "answers.techniques_used: expected a list"),
    ("answers: {policy_status: [\n", "YAML error at line"),
])
def test_bad_yaml_answers_exit_2(bank, tmp_path, run_cli, content, message):
    answers = tmp_path / "bad.yaml"
    answers.write_text(content)
    target = tmp_path / "p.yaml"
    target.write_text(COMMENTED)
    code, _out, err = run_cli("interview", "-o", str(target), "--answers", str(answers))
    assert code == 2
    assert err.startswith(f"Error: {answers}: {message}")


def test_answers_need_a_council_for_a_new_profile(bank, tmp_path, run_cli):
    answers = tmp_path / "a.yaml"
    answers.write_text("answers: {policy_status: embedded}\n")
    code, _out, err = run_cli("interview", "-o", str(tmp_path / "new.yaml"), "--answers", str(answers))
    assert code == 2
    assert "give --name and --type" in err
    assert not (tmp_path / "new.yaml").exists()


def test_bad_type_and_missing_folder_exit_2(bank, tmp_path, run_cli):
    code, _out, err = run_cli("interview", "-o", str(tmp_path / "x.yaml"), "--type", "parish")
    assert code == 2 and "--type 'parish': choose one of district" in err and "did you mean" not in err
    code, _out, err = run_cli("interview", "-o", str(tmp_path / "x.yaml"), "--type", "distrct")
    assert code == 2 and err.rstrip().endswith("(did you mean 'district'?)"), err
    code, _out, err = run_cli("interview", "-o", str(tmp_path / "x.yaml"), "--respondent", "A", "--role",
                              "oficer")
    assert code == 2 and err.rstrip().endswith("(did you mean 'officer'?)"), err
    code, _out, err = run_cli("interview", "-o", str(tmp_path / "no" / "x.yaml"))
    assert code == 2 and "does not exist" in err


def test_full_screen_figure_takes_letters_for_dont_know_and_skip(bank, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: county}\nanswers: {policy_status: embedded, policy_owner: "
                    "cabinet, leadership_challenge: group, techniques_used: []}\n")

    async def drive():
        session = Session(interview_bank.bank(), ProfileFile(path))
        app = InterviewApp(session)
        async with app.run_test(size=(80, 30)) as pilot:
            await pilot.pause()
            assert app.screen.question.id == "back_office_share"
            await pilot.press("d", "enter")
            await pilot.pause()
            assert str(app.screen.query_one("#chosen").render()) == "Answer: don't know"
            await pilot.press(*"Ask the finance director", "enter")
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("b")
            await pilot.pause()
            await pilot.press("s", "enter")                    # skip, typed in the figure's field
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("ctrl+q")
        return app.return_value

    assert asyncio.run(drive()) == "quit"
    answer = loads_as_profile(path).answered()["back_office_share"]
    assert (answer.answer, answer.evidence) == ("dont_know", "Ask the finance director")
    assert loads_as_profile(path).answered()["techniques_used"].answer == []


def test_plain_evidence_and_reasons_with_control_characters_are_asked_again(bank, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council: {name: A, type: unitary}\n")
    _assess, keys, out = run_plain(path, ["n", "bad\x07reason", "Shared with the county",
                                          "2", "note \x1b[31m red", "A clean note", "q"])
    assert keys.prompts.count("Why is it not applicable? (one line; b goes back, q quits): ") == 2
    assert keys.prompts.count("Evidence note (Enter to skip): ") == 2
    assert "The reason holds a control character (U+0007); remove it." in out
    assert "The note holds a control character (U+001B); remove it." in out
    answered = loads_as_profile(path).answered()
    assert answered["policy_status"].answer == "na"
    assert answered["policy_status"].justification == "Shared with the county"
    assert answered["policy_owner"].evidence == "A clean note"


def test_full_screen_evidence_note_with_a_control_character_is_asked_again(bank, tmp_path):
    from textual.widgets import Input

    path = tmp_path / "council.yaml"
    path.write_text("council: {name: A, type: unitary}\n")

    async def drive():
        session = Session(interview_bank.bank(), ProfileFile(path))
        app = InterviewApp(session)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("2")
            await pilot.pause()
            app.screen.query_one("#evidence", Input).value = "pasted \x1b[31m red"
            await pilot.press("enter")
            await pilot.pause()
            assert "policy_status" not in saved(path)
            message = str(app.screen.query_one("#message").render())
            assert "The note holds a control character (U+001B); remove it." in message
            assert app.screen.focused is app.screen.query_one("#evidence", Input)
            app.screen.query_one("#evidence", Input).value = "A clean note"
            await pilot.press("enter")
            await pilot.pause()
            assert saved(path) == {"policy_status": "not_linked"}
            await pilot.press("ctrl+c")
            await pilot.pause()

    asyncio.run(drive())
    assert loads_as_profile(path).answered()["policy_status"].evidence == "A clean note"


@pytest.mark.parametrize("given,beside", [("ynys.yml", "ynys.yaml"), ("ynys.yaml", "ynys.yml"),
                                          ("ynys.YAML", "ynys.json")])
def test_a_new_profile_beside_one_of_the_same_name_says_how_to_resume_it(run_cli, monkeypatch, tmp_path,
                                                                         given, beside):
    monkeypatch.chdir(tmp_path)
    (tmp_path / beside).write_text(COMMENTED if beside != "ynys.json" else "{}", "utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run_cli("interview", "-o", given, "--plain")
    assert (f"Note: {given} does not exist, so a new profile is started; {beside} beside it does: to resume "
            f"it, give -o {beside}") in err
    assert (tmp_path / beside).read_text("utf-8") == (COMMENTED if beside != "ynys.json"
                                                      else "{}")  # never touched


def test_an_existing_profile_is_resumed_without_a_note(run_cli, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ynys.yaml").write_text(COMMENTED, "utf-8")
    (tmp_path / "ynys.yml").write_text(COMMENTED, "utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    _, _, err = run_cli("interview", "-o", "ynys.yaml", "--plain")
    assert "Note: " not in err


def test_answers_already_in_the_profile_are_not_called_added(run_cli, tmp_path):
    profile_path = tmp_path / "p.yaml"
    profile_path.write_text(COMMENTED + "answers:\n  efficiency_policy_status: policy_not_linked\n", "utf-8")
    same = tmp_path / "same.yaml"
    same.write_text("answers:\n  efficiency_policy_status: policy_not_linked\n", "utf-8")
    more = tmp_path / "more.yaml"
    more.write_text("answers:\n  efficiency_policy_status: ad_hoc\n  time_scales_gains: mix\n", "utf-8")
    lines = []
    for source in (profile_path, same, more, more):
        code, _, err = run_cli("interview", "-o", str(profile_path), "--answers", str(source))
        assert code == 0, err
        lines.append(err.strip().splitlines()[0])
    assert lines == [f"Nothing to add from {profile_path}: {profile_path} already has its answer as given.",
                     f"Nothing to add from {same}: {profile_path} already has its answer as given.",
                     f"Added 1 answer and changed 1 answer from {more} to {profile_path}: "
                     "efficiency_policy_status (was policy_not_linked, now ad_hoc).",
                     f"Nothing to add from {more}: {profile_path} already has its 2 answers as given."]
    from backtofront.interview import filled_line

    assert filled_line(0, 1, 2, "r.yaml", "p.yaml") == "Changed 1 answer in p.yaml, from r.yaml (2 already " \
                                                      "there as given)."
    assert filled_line(0, 0, 0, "e.csv", "p.yaml") == "Nothing to add from e.csv: it gives no answer."


def test_answers_changed_by_a_file_are_named_up_to_three_then_how_many_more(run_cli, tmp_path):
    """The summary names each changed answer with what it was and is now (or that only its evidence
    changed), in the file's order, three at most, then "and N more"; answers kept as given are counted."""
    profile_path = tmp_path / "p.yaml"
    profile_path.write_text(COMMENTED + "answers:\n  efficiency_policy_status: policy_not_linked\n"
                            "  techniques_used: [ict]\n  time_scales_gains: mix\n"
                            "  figure_back_office_share_of_gains_pct: 40\n"
                            "  service_transformation_scope: {answer: narrow, evidence: Old note}\n"
                            "  efficiency_policy_purpose: quick_wins\n", "utf-8")
    sheet = tmp_path / "r.csv"
    sheet.write_text("question_id,answer,evidence\nservice_transformation_scope,1,New note\n"
                     "efficiency_policy_status,3,\ntechniques_used,\"1; 2\",\nefficiency_policy_purpose,1,\n"
                     "figure_back_office_share_of_gains_pct,45%,\ntime_scales_gains,long_term,\n", "utf-8")
    code, _, err = run_cli("interview", "-o", str(profile_path), "--answers", str(sheet))
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"Changed 5 answers in {profile_path}, from {sheet} (1 already there as given): "
        "service_transformation_scope (evidence changed), efficiency_policy_status (was policy_not_linked, "
        "now strategic_embedded), techniques_used (was ict, now lean_bpi; ict) and 2 more.")
    again = tmp_path / "again.csv"
    again.write_text("question_id,answer\ntechniques_used,0\nfigure_back_office_share_of_gains_pct,40\n"
                     "time_scales_gains,short_term\n", "utf-8")
    code, _, err = run_cli("interview", "-o", str(profile_path), "--answers", str(again))
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"Changed 3 answers in {profile_path}, from {again}: techniques_used (was lean_bpi; ict, now none), "
        "figure_back_office_share_of_gains_pct (was 45, now 40), time_scales_gains (was long_term, now "
        "short_term).")


COUNTY = {"council": {"name": "A", "type": "county"}}


@pytest.mark.parametrize(("name", "text", "encode", "indent"), [
    ("p.yaml", COMMENTED, lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), None),     # Notepad's UTF-8
    ("p.yaml", COMMENTED, lambda t: b"\xff\xfe" + t.encode("utf-16-le"), None),     # "Unicode" from Windows
    ("p.yaml", COMMENTED, lambda t: b"\xfe\xff" + t.encode("utf-16-be"), None),     # big-endian UTF-16
    ("p.yaml", COMMENTED, lambda t: b"\xff\xfe\x00\x00" + t.encode("utf-32-le"), None),  # UTF-32
    ("p.json", json.dumps(COUNTY, indent=4), str.encode, 4),
    ("p.json", json.dumps(COUNTY, indent="\t"), str.encode, "\t"),
    ("p.json", json.dumps(COUNTY), str.encode, None),                              # one line
])
def test_a_save_keeps_the_files_encoding_mark_and_json_indentation(run_cli, tmp_path, name, text, encode,
                                                                   indent):
    path = tmp_path / name
    before = encode(text)
    path.write_bytes(before)
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  efficiency_policy_status: ad_hoc\n", "utf-8")
    code, _, err = run_cli("interview", "-o", str(path), "--answers", str(answers))
    assert code == 0, err
    raw = path.read_bytes()
    marks = [(b"\xff\xfe\x00\x00", "utf-32-le"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]
    mark, codec = next(((m, c) for m, c in marks if before.startswith(m)), (b"", ""))
    if mark:   # saved after the same mark, in the same encoding
        assert raw.startswith(mark)
        saved = raw[len(mark):].decode(codec)
    else:
        assert raw.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
        saved = raw.decode("utf-8").removeprefix("\ufeff")
    assert profile.load(path).answered()["efficiency_policy_status"].answer == "ad_hoc"
    if name.endswith(".json"):
        assert saved == json.dumps(json.loads(saved), indent=indent, ensure_ascii=False) + "\n"
    else:
        assert saved.startswith("# Workshop with the finance director, 3 March.\n")  # comments kept


@pytest.mark.parametrize(("args", "answers_council", "refused"), [
    (["--name", "Another"], None, "not 'Another' (--name)"),
    (["--type", "county"], None, "not 'county' (--type)"),
    ([], "{name: Totally Other Council, type: county}", "not 'Totally Other Council' (the council of "),
    ([], "{name: Example District Council, type: District}", None),   # the same council, as typed
    (["--name", "Example District Council", "--type", "District"], None, None),
    # the same name typed otherwise (case, spacing, an invisible character) is the same council, kept as
    # the profile has it
    (["--name", "example  district\u200b COUNCIL"], None, None),
    ([], "{name: EXAMPLE DISTRICT COUNCIL, type: district}", None),
])
def test_an_interview_never_renames_the_profiles_council(run_cli, tmp_path, args, answers_council, refused):
    profile_path = tmp_path / "p.yaml"
    profile_path.write_text(COMMENTED, "utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text((f"council: {answers_council}\n" if answers_council else "")
                       + "answers:\n  efficiency_policy_status: ad_hoc\n", "utf-8")
    code, _, err = run_cli("interview", "-o", str(profile_path), "--answers", str(answers), *args)
    if refused:
        assert code == 2 and refused in err and len(err.strip().splitlines()) == 1
        assert profile_path.read_text("utf-8") == COMMENTED   # untouched
    else:
        assert code == 0, err
        assert profile.load(profile_path).council.name == "Example District Council"


FLUSH = ("council:\n  name: A\n  type: county\npressures:\n- sr04\n- csr07\ntechniques:\n  used:\n"
         "  - procurement\n  - ict\n")


@pytest.mark.parametrize(("text", "newline"), [
    (FLUSH, "\n"),                                   # lists level with their key, as PyYAML writes them
    (FLUSH.replace("\n", "\r"), "\r"),               # an old Mac file: CR alone ends each line
    (FLUSH.replace("\n", "\r\n"), "\r\n"),           # Windows
])
def test_a_save_keeps_the_lists_indentation_and_the_line_endings(run_cli, tmp_path, text, newline):
    path = tmp_path / "p.yaml"
    path.write_bytes(text.encode("utf-8"))
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  efficiency_policy_status: ad_hoc\n", "utf-8")
    code, _, err = run_cli("interview", "-o", str(path), "--answers", str(answers))
    assert code == 0, err
    saved = path.read_bytes().decode("utf-8")
    assert saved.startswith(text)   # the lines it had, as they were
    assert saved.count(newline) == saved.replace("\r\n", "\n").replace("\r", "\n").count("\n")
    assert profile.load(path).answered()["efficiency_policy_status"].answer == "ad_hoc"
    assert profile.load(path).pressures == ["sr04", "csr07"]
