"""Invisible formatting characters in user text: a bidi override, an isolate, a line or paragraph separator,
tag characters, a zero-width joiner where no word is. Each is refused (exit 2, one line naming the file,
the field or line and the character as U+XXXX with its Unicode name) in every file the program reads and
in the option texts that reach a letter; characters real names need (a joiner inside a word, left-to-right
and right-to-left marks) are kept; no-break spaces become plain spaces."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from backtofront.classifier import loading

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"
QUESTION = "efficiency_policy_status"   # a `single` question of the bank; its first option is ad_hoc

REFUSED = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u2028",
           "\u2029", "\U000e0001", "\U000e0041", "\U000e007f", "\u206a", "\ufff9"]
KEPT = ["\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",     # Persian: ZWNJ inside the word
        "\u0915\u094d\u200d\u0937",                              # Devanagari: ZWJ inside a conjunct
        "\U0001f469\u200d\U0001f4bb Council",                    # an emoji ZWJ sequence
        "\u05e2\u05d9\u05e8\u05d9\u05d9\u05ea \u05ea\u05dc \u05d0\u05d1\u05d9\u05d1\u200f (Tel Aviv)",  # RLM
        "Ynys M\u00f4n County Council"]
ODD_JOINERS = ["\u200dNorth Warwickshire", "North Warwickshire\u200c", "North \u200dWarwickshire",
               "North\u200d\u200dWarwickshire"]


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'TAG CHARACTER')}"


def _profile(tmp_path: Path, name: str, suffix: str = ".json") -> Path:
    path = tmp_path / f"council{suffix}"
    doc = {"council": {"name": name, "type": "district"}, "characteristics": {"time_scales": "transitional"}}
    if suffix == ".json":
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(f"council:\n  name: \"{name}\"\n  type: district\n", encoding="utf-8")
    return path


def _refused(code: int, out: str, err: str, where: str, char: str) -> None:
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"Error: {where}") and f"holds {_name(char)}" in err, err
    assert char not in err  # the message names the character; it never prints it


# -- profiles: YAML and JSON ----------------------------------------------------------------------------
@pytest.mark.parametrize("char", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_formatting_characters_in_a_profile_are_refused(run_cli, tmp_path, char, suffix):
    path = _profile(tmp_path, f"North {char}Warwickshire", suffix)
    code, out, err = run_cli("assess", str(path))
    where = f"{path}: line 2: " if char in "\u2028\u2029" and suffix == ".yaml" else f"{path}: council.name: "
    _refused(code, out, err, where, char)


def test_the_message_says_what_the_character_does(run_cli, tmp_path):
    path = _profile(tmp_path, "Evil\u202eCouncil")
    code, _, err = run_cli("assess", str(path))
    assert code == 2
    assert err.strip() == (f"Error: {path}: council.name: the text holds U+202E RIGHT-TO-LEFT OVERRIDE, an "
                           "invisible formatting character that can reorder, break or hide what is printed; "
                           "remove it")


@pytest.mark.parametrize("where,doc", [
    ("notes", {"notes": "fine \u2067until here"}),
    ("characteristics.time_scales.evidence",
     {"characteristics": {"time_scales": {"stage": "transitional",
                                          "evidence": "cabinet paper \u2029 2007"}}}),
    ("answers.efficiency_policy_status.evidence",
     {"answers": {QUESTION: {"answer": "ad_hoc", "evidence": "minutes\U000e0041\U000e007f"}}}),
    ("figures", {"figures": {"\u202dback_office_gains_gbp": 1}}),
])
def test_every_text_of_a_profile_is_checked(run_cli, tmp_path, where, doc):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"council": {"name": "X", "type": "district"}, **doc}), encoding="utf-8")
    code, _, err = run_cli("assess", str(path))
    assert code == 2 and err.startswith(f"Error: {path}: {where}: ") and "U+" in err, err


@pytest.mark.parametrize("name", KEPT)
def test_names_that_need_joiners_and_marks_are_kept(run_cli, tmp_path, name):
    code, out, err = run_cli("assess", str(_profile(tmp_path, name)), "-f", "json")
    assert code == 0, err
    assert json.loads(out)["council"]["name"] == name


@pytest.mark.parametrize("name", ODD_JOINERS)
def test_a_joiner_outside_a_word_is_refused(run_cli, tmp_path, name):
    char = "\u200d" if "\u200d" in name else "\u200c"
    path = _profile(tmp_path, name)
    code, out, err = run_cli("assess", str(path))
    _refused(code, out, err, f"{path}: council.name: ", char)
    assert "outside a word" in err


@pytest.mark.parametrize("space", ["\u00a0", "\u2007", "\u202f"])
def test_no_break_spaces_become_plain_spaces(run_cli, tmp_path, space):
    code, out, err = run_cli("assess", str(_profile(tmp_path, f"North{space}Warwickshire")), "-f", "json")
    assert code == 0, err
    assert json.loads(out)["council"]["name"] == "North Warwickshire"


def test_a_raw_line_separator_in_yaml_names_its_line(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council:\n  type: district\n  name: North\u2028Warwickshire\n", encoding="utf-8")
    code, out, err = run_cli("assess", str(path))
    _refused(code, out, err, f"{path}: line 3: ", "\u2028")


def test_a_comment_may_hold_them_but_a_value_may_not(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("# \u202e a comment is never printed\ncouncil: {name: X, type: district}\n",
                    encoding="utf-8")
    assert run_cli("assess", str(path))[0] == 0


# -- the other files: a council CSV, answers files --------------------------------------------------------
def test_a_council_csv_row_names_its_line_and_field(run_cli, tmp_path):
    source = tmp_path / "councils.csv"
    source.write_text("council.name,council.type\nGood DC,district\nBad \u2066DC,district\n",
                      encoding="utf-8")
    code, _, err = run_cli("batch", str(source), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 2
    assert (f"{source} line 3: council.name: the text holds U+2066 LEFT-TO-RIGHT ISOLATE" in err), err
    assert json.loads((tmp_path / "out" / "summary.json").read_text())  # the good council is still assessed


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_an_answers_file_is_checked(run_cli, tmp_path, suffix):
    source = tmp_path / f"workshop{suffix}"
    source.write_text(json.dumps({"answers": {QUESTION: {"answer": "ad_hoc", "evidence": "a\u202eb"}}}),
                      encoding="utf-8")
    code, out, err = run_cli("interview", "-o", str(tmp_path / "c.yaml"), "--answers", str(source),
                             "--name", "X", "--type", "district")
    _refused(code, out, err, f"{source}: answers.{QUESTION}.evidence: ", "\u202e")
    assert not (tmp_path / "c.yaml").exists()


@pytest.mark.parametrize("column,row,char", [
    ("evidence", f"{QUESTION},1,minutes \u202eof May", "\u202e"),
    ("evidence", f"{QUESTION},1,\"two\u2028lines\"", "\u2028"),
    ("question_id", f"\U000e0041{QUESTION},1,", "\U000e0041"),
])
def test_a_csv_answers_file_names_line_and_column(run_cli, tmp_path, column, row, char):
    source = tmp_path / "workshop.csv"
    source.write_text(f"question_id,answer,evidence\n{row}\n", encoding="utf-8")
    code, out, err = run_cli("interview", "-o", str(tmp_path / "c.yaml"), "--answers", str(source),
                             "--name", "X", "--type", "district")
    _refused(code, out, err, f"{source}: line 2: {column}: ", char)


def test_a_csv_answers_file_keeps_a_joiner_and_plains_a_no_break_space(run_cli, tmp_path):
    source = tmp_path / "workshop.csv"
    source.write_text(f"question_id,answer,evidence\n{QUESTION},1,{KEPT[0]} 12\u00a0May\n", encoding="utf-8")
    target = tmp_path / "c.yaml"
    code, _, err = run_cli("interview", "-o", str(target), "--answers", str(source), "--name", "X",
                           "--type", "district")
    assert code == 0, err
    from backtofront.classifier import profile
    assert profile.load(target).answered()[QUESTION].evidence == f"{KEPT[0]} 12 May"


# -- option texts that reach a letter --------------------------------------------------------------------
@pytest.mark.parametrize("option", ["--sender", "--recipient"])
@pytest.mark.parametrize("char", ["\u202e", "\u2069", "\u2028", "\U000e0041"])
def test_letter_options_are_refused_naming_the_option(run_cli, tmp_path, option, char):
    target = tmp_path / "letter.md"
    code, out, err = run_cli("letter", str(EXAMPLE), "-o", str(target), option, f"Jane {char}Smith")
    _refused(code, out, err, f"{option}: ", char)
    assert not target.exists()


def test_letter_options_keep_names_and_plain_no_break_spaces(run_cli, tmp_path):
    target = tmp_path / "letter.md"
    code, _, err = run_cli("letter", str(EXAMPLE), "-o", str(target), "--sender", f"{KEPT[1]}\u00a0Sharma",
                           "--recipient", KEPT[3])
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert f"{KEPT[1]} Sharma" in text and KEPT[3] in text and "\u00a0Sharma" not in text


def test_the_interview_name_option_is_refused_naming_it(run_cli, tmp_path):
    code, out, err = run_cli("interview", "-o", str(tmp_path / "c.yaml"), "--plain", "--name", "X\u202eY",
                             "--type", "district")
    _refused(code, out, err, "--name: ", "\u202e")


# -- the checker itself ----------------------------------------------------------------------------------
def test_formatting_problem_names_each_refused_character():
    for char in REFUSED:
        assert f"holds {_name(char)}," in loading.formatting_problem(f"a{char}b")
    for name in KEPT:
        assert loading.formatting_problem(name) is None
    assert loading.formatting_problem("\U000e0000") .startswith("holds U+E0000 TAG CHARACTER")


def test_plain_spaces_leaves_keys_and_the_original_alone():
    data = {"a\u00a0b": ["x\u00a0y", {"k": "1\u202f000"}], "n": 3}
    assert loading.plain_spaces(data) == {"a\u00a0b": ["x y", {"k": "1 000"}], "n": 3}
    assert data["a\u00a0b"][0] == "x\u00a0y"


# -- the interview asks for the name again ---------------------------------------------------------------
def test_the_plain_interview_asks_again_for_a_name_with_a_formatting_character(tmp_path):
    from backtofront.interview import plain
    from backtofront.interview.store import ProfileFile

    path = tmp_path / "c.yaml"
    lines, out = ["Evil\u202eCouncil", "Good Council", "1", ""], []
    plain.council_details(ProfileFile(path), lambda prompt: lines.pop(0), out.append)
    assert "  The name holds U+202E RIGHT-TO-LEFT OVERRIDE, an invisible formatting character that can " \
           "reorder, break or hide what is printed; remove it." in out
    from backtofront.classifier import profile
    assert profile.load(path).council.name == "Good Council"


def test_the_full_screen_interview_refuses_such_a_name_where_it_is_typed(tmp_path, monkeypatch):
    import asyncio

    import interview_bank
    from backtofront.interview.app import CouncilScreen, InterviewApp, QuestionScreen
    from backtofront.interview.session import Session
    from backtofront.interview.store import ProfileFile

    interview_bank.install(monkeypatch)
    path = tmp_path / "c.yaml"

    async def drive():
        app = InterviewApp(Session(interview_bank.bank(), ProfileFile(path)))
        async with app.run_test(size=(80, 30)) as pilot:
            await pilot.pause()
            app.screen.query_one("#name").value = "Evil\u2066Council"
            await pilot.press("tab", "enter", "down", "enter", "tab", "enter")
            await pilot.pause()
            error = str(app.screen.query_one("#council-error").render())
            assert isinstance(app.screen, CouncilScreen) and not path.exists()
            assert "The name holds U+2066 LEFT-TO-RIGHT ISOLATE" in error
            assert app.focused.id == "name"
            app.screen.query_one("#name").value = "Good Council"
            await pilot.press("tab", "tab", "enter")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
    asyncio.run(drive())


def test_rich_markup_in_user_text_is_printed_as_written(classifier):
    """A note, an override's reason and a respondent's name may hold "[on red]" or "[link=...]": the
    terminal report prints them as written, on a colour terminal too, never as styles or hidden links."""
    from backtofront.classifier import profile as profile_mod
    from backtofront.render import formats as formats_mod

    evil = "See [link=http://evil.example/x]the report[/link] and [on red]ALERT[/on red] \\[x]"
    data = {"council": {"name": "A [bold]B[/bold] DC", "type": "district"},
            "characteristics": {"time_scales": {"stage": "transitional", "evidence": evil},
                                "efficiency_policy": {"override": {"stage": "transitional",
                                                                   "reason": "[blink]Agreed[/blink]"}}}}
    result = classifier.classify(profile_mod.parse(data, "test"))
    for color in (False, True):
        out = formats_mod.render(result, formats_mod.Format.TEXT, color=color, width=200)
        flat = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", out).split())
        assert "[on red]ALERT[/on red] \\[x]" in flat and "[link=http://evil.example/x]" in flat
        assert "[blink]Agreed[/blink]" in flat and "A [bold]B[/bold] DC" in flat
        assert "\x1b]8;" not in out and "\x1b[41m" not in out and "\x1b[5m" not in out
