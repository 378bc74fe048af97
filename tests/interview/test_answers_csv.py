"""`interview --answers FILE.csv` as spreadsheets save it: headers in any case, semicolons and tabs,
Excel's UTF-8 with BOM and UTF-16 "Unicode text", Windows-1252 refused with the fix, option numbers,
and a workshop template whose open questions have no answer yet."""

from __future__ import annotations

import codecs

import interview_bank
import pytest
from backtofront.classifier import profile

ROWS = [("policy_status", "embedded", "Cabinet paper, May 2007"),
        ("techniques_used", "ict;procurement", ""),
        ("back_office_share", "30", "SR04 return £2m")]


@pytest.fixture
def bank(monkeypatch):
    return interview_bank.install(monkeypatch)


def saved(path) -> dict:
    return {k: (v.answer, v.evidence) for k, v in profile.load(path).answered().items()}


def fill(run_cli, tmp_path, csv_file):
    target = tmp_path / "p.yaml"
    target.write_text("council: {name: A, type: county}\n")
    code, _out, err = run_cli("interview", "-o", str(target), "--answers", str(csv_file))
    return code, err, target


EXPECTED = {"policy_status": ("embedded", "Cabinet paper, May 2007"),
            "techniques_used": (["ict", "procurement"], None),
            "back_office_share": (30, "SR04 return £2m")}


def table(separator: str, header: str = "Question ID,Answer,Evidence") -> str:
    def cell(text: str) -> str:
        return f'"{text}"' if separator in text or "," in text else text
    lines = [header.replace(",", separator)] + [separator.join(cell(c) for c in row) for row in ROWS]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("separator", [",", ";", "\t"])
@pytest.mark.parametrize("header", ["Question ID,Answer,Evidence", "question_id,answer,evidence",
                                    " QUESTION_ID , Answer , evidence "])
def test_headers_ignore_case_and_spaces_any_separator(bank, tmp_path, run_cli, separator, header):
    csv_file = tmp_path / "workshop.csv"
    csv_file.write_text(table(separator, header), encoding="utf-8")
    code, err, target = fill(run_cli, tmp_path, csv_file)
    assert code == 0, err
    assert saved(target) == EXPECTED


@pytest.mark.parametrize("encoding, bom", [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                           ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_excel_utf8_with_bom_and_unicode_text_are_read(bank, tmp_path, run_cli, encoding, bom):
    csv_file = tmp_path / "workshop.csv"
    separator = "\t" if encoding.startswith("utf-16") else ","   # Excel's "Unicode text" is tab separated
    csv_file.write_bytes(bom + table(separator).encode(encoding))
    code, err, target = fill(run_cli, tmp_path, csv_file)
    assert code == 0, err
    assert saved(target) == EXPECTED


def test_windows_1252_is_read_with_a_note(bank, tmp_path, run_cli):
    """Excel's default "CSV (Comma delimited)": not UTF-8, read as Windows-1252 with a one-line note."""
    csv_file = tmp_path / "workshop.csv"
    csv_file.write_bytes(table(",").encode("cp1252"))
    code, err, target = fill(run_cli, tmp_path, csv_file)
    assert code == 0, err
    notes = [line for line in err.splitlines() if line.startswith("Note:")]
    assert notes == [f"Note: {csv_file} is not UTF-8; read it as Windows-1252 (Excel's \"CSV (Comma "
                     "delimited)\")."]
    assert saved(target) == EXPECTED


def test_bytes_that_are_no_encoding_are_refused(bank, tmp_path, run_cli):
    """0x81 is undefined in Windows-1252 and not UTF-8: refused naming the line and the fix."""
    csv_file = tmp_path / "workshop.csv"
    csv_file.write_bytes(table(",").encode("cp1252").replace(b"\xa3", b"\x81"))
    code, err, target = fill(run_cli, tmp_path, csv_file)
    assert code == 2 and err.startswith(f"Error: {csv_file}: line 4: byte 0x81 is not UTF-8")
    assert len(err.strip().splitlines()) == 1


def test_excel_unicode_text_txt_is_read_as_csv(bank, tmp_path, run_cli):
    """Excel's "Unicode Text" save: UTF-16 with a BOM, tab separated, named .txt."""
    txt = tmp_path / "workshop.txt"
    txt.write_bytes(table("\t").encode("utf-16"))
    code, err, target = fill(run_cli, tmp_path, txt)
    assert code == 0, err
    assert saved(target) == EXPECTED


def test_option_numbers_are_accepted_as_in_the_interview(bank, tmp_path, run_cli):
    csv_file = tmp_path / "workshop.csv"
    csv_file.write_text("question_id,answer,evidence\npolicy_status,3,\ntechniques_used,1;3,\n"
                        "policy_owner,4,\n")
    code, err, _target = fill(run_cli, tmp_path, csv_file)
    assert code == 2                                       # 4 is not one of the three options
    assert "line 4: policy_owner: '4' is not one of its options" in err
    csv_file.write_text("question_id,answer,evidence\npolicy_status,3,\ntechniques_used,1;3,\n")
    code, err, target = fill(run_cli, tmp_path, csv_file)
    assert code == 0, err
    assert saved(target) == {"policy_status": ("embedded", None),
                             "techniques_used": (["lean_bpi", "procurement"], None)}


def test_a_template_with_open_questions_skips_them_and_says_how_many(bank, tmp_path, run_cli):
    csv_file = tmp_path / "workshop.csv"
    csv_file.write_text("question_id,answer,evidence\npolicy_status,embedded,\npolicy_owner,,\n"
                        "leadership_challenge,,\nback_office_share,12,\n")
    code, err, target = fill(run_cli, tmp_path, csv_file)
    assert code == 0, err
    assert "Added 2 answers" in err
    assert "Skipped 2 rows with no answer (lines 3, 4): those questions stay open." in err
    assert saved(target) == {"policy_status": ("embedded", None), "back_office_share": (12, None)}


def test_a_header_that_does_not_fit_names_the_separator_read(bank, tmp_path, run_cli):
    csv_file = tmp_path / "workshop.csv"
    csv_file.write_text("question|answer|evidence\npolicy_status|embedded|\n")
    code, err, _target = fill(run_cli, tmp_path, csv_file)
    assert code == 2
    assert "line 1: the header needs the columns question_id,answer (missing: question_id, answer;" in err
    assert "read as separated by commas" in err


def test_a_blank_sheet_makes_no_profile(run_cli, tmp_path):
    """Nothing to record: no new profile of a council alone, and no report of one."""
    sheet, profile = tmp_path / "sheet.csv", tmp_path / "council.yaml"
    assert run_cli("questions", "-o", str(sheet))[0] == 0
    code, out, err = run_cli("interview", "--answers", str(sheet), "-o", str(profile), "--name", "Example DC",
                             "--type", "district")
    assert (code, out) == (0, "")
    assert err.startswith(f"Nothing to add from {sheet}: it gives no answer, so {profile} is not made. "
                          "Skipped 45 rows with no answer")
    assert not profile.exists()


def test_a_sheet_of_answers_through_a_pipe_is_read_as_a_sheet(run_cli, tmp_path, monkeypatch):
    """`--answers -` (or a process substitution, a name without a suffix) holding a sheet of answers is
    read by its header, not taken for YAML."""
    import io
    import sys

    sheet = tmp_path / "sheet.csv"
    assert run_cli("questions", "-o", str(sheet))[0] == 0
    lines = sheet.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("?,,,,", "?,1,,,", 1)
    nameless = tmp_path / "from-a-pipe"
    nameless.write_text("\n".join(lines) + "\n", encoding="utf-8")
    profile = tmp_path / "council.yaml"
    code, _, err = run_cli("interview", "--answers", str(nameless), "-o", str(profile), "--name",
                           "Example DC", "--type", "district")
    assert code == 0 and "Added 1 answer" in err, err
    assert "efficiency_policy_status: ad_hoc" in profile.read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(nameless.read_bytes())))
    again = tmp_path / "again.yaml"
    code, _, err = run_cli("interview", "--answers", "-", "-o", str(again), "--name", "Example DC",
                           "--type", "district")
    assert code == 0 and "Added 1 answer" in err, err


SHEET_SINGLE = ("give 1, 2 or 3 (the options column says what each is), the option's words, Not applicable "
                "(with a justification) or Don't know")
SHEET_MULTIPLE = ("give numbers from 1 to 3 separated by ; or 0 for none of them (the options column says "
                  "what each is), the options' words, Not applicable (with a justification) or Don't know")


@pytest.mark.parametrize("name, encode", [("workshop.csv", lambda t: t.encode("utf-8")),
                                          ("workshop.txt", lambda t: t.replace(",", "\t").encode("utf-16"))])
def test_an_answer_that_is_no_option_is_explained_in_the_sheets_terms(bank, tmp_path, run_cli, name, encode):
    """A CSV or "Unicode Text" sheet shows option numbers and words, never ids: a wrong answer says what
    the options column offers, one line a problem, and names no id."""
    sheet = tmp_path / name
    sheet.write_bytes(encode("question_id,answer,evidence\npolicy_status,9,\ntechniques_used,1;12,\n"
                             "policy_owner,Sideways,\n"))
    code, err, target = fill(run_cli, tmp_path, sheet)
    assert code == 2
    assert err.strip().splitlines() == [
        f"Error: {sheet}: line 2: policy_status: '9' is not one of its options: {SHEET_SINGLE}",
        f"{sheet}: line 3: techniques_used: '12' is not one of its options: {SHEET_MULTIPLE}",
        f"{sheet}: line 4: policy_owner: 'Sideways' is not one of its options: {SHEET_SINGLE}"]
    for option_id in ("ad_hoc", "not_linked", "lean_bpi", "nobody", "dont_know"):
        assert option_id not in err
    assert target.read_text() == "council: {name: A, type: county}\n"   # nothing added


def test_a_profile_shaped_answers_file_still_names_the_option_ids(bank, tmp_path, run_cli):
    """YAML is written with ids, so its message lists them."""
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  policy_status: 9\n")
    code, err, _target = fill(run_cli, tmp_path, answers)
    assert code == 2
    assert err.strip() == (f"Error: {answers}: answers.policy_status: 9 is not one of its options: ad_hoc, "
                           "not_linked, embedded, na, dont_know")


def test_a_hand_made_sheet_needs_no_evidence_column(bank, tmp_path, run_cli):
    """question_id and answer are the columns a sheet needs: without evidence its answers have no notes
    (na takes its reason from justification); a header without answer names only the required columns."""
    sheet = tmp_path / "hand-made.csv"
    sheet.write_text("Question ID,Answer,Justification\npolicy_status,3,\ntechniques_used,\"1; 3\",\n"
                     "leadership_challenge,Not applicable,No members' group this year\n", encoding="utf-8")
    code, err, target = fill(run_cli, tmp_path, sheet)
    assert code == 0, err
    assert err.startswith(f"Added 3 answers from {sheet} to {target}.")
    answered = profile.load(target).answered()
    assert {k: (v.answer, v.evidence, v.justification) for k, v in answered.items()} == {
        "policy_status": ("embedded", None, None),
        "techniques_used": (["lean_bpi", "procurement"], None, None),
        "leadership_challenge": ("na", None, "No members' group this year")}
    sheet.write_text("question_id,evidence\npolicy_status,Cabinet paper\n", encoding="utf-8")
    code, err, _target = fill(run_cli, tmp_path, sheet)
    assert code == 2
    assert err.strip() == (f"Error: {sheet}: line 1: the header needs the columns question_id,answer "
                           "(missing: answer; read as separated by commas)")


def test_a_note_in_the_justification_column_of_an_ordinary_answer_is_its_evidence(bank, tmp_path, run_cli):
    """As a workbook's is: only Not applicable takes a justification, so the note is the answer's evidence
    (after any evidence of the row), and the profile is saved whole."""
    csv_file = tmp_path / "workshop.csv"
    csv_file.write_text("question_id,answer,evidence,justification\npolicy_status,3,,Cabinet paper\n"
                        "techniques_used,1,Minutes,Board papers\n")
    code, err, target = fill(run_cli, tmp_path, csv_file)
    assert code == 0, err
    assert saved(target) == {"policy_status": ("embedded", "Cabinet paper"),
                             "techniques_used": (["lean_bpi"], "Minutes; Board papers")}


def test_a_justification_on_an_ordinary_answer_in_yaml_is_refused_before_anything_is_saved(bank, tmp_path,
                                                                                           run_cli):
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  policy_status: {answer: embedded, justification: Because}\n")
    target = tmp_path / "new.yaml"
    code, _out, err = run_cli("interview", "-o", str(target), "--answers", str(answers), "--name", "A",
                              "--type", "county")
    assert code == 2 and not target.exists()
    assert err == (f"Error: {answers}: answers.policy_status: only an 'na' answer takes a justification; use "
                   "evidence for a note\n")


def test_options_with_short_labels_are_named_by_them_in_the_message(tmp_path, run_cli):  # the real bank
    """A sheet typed without the options column ("Yes" where 1, 2 or 3 belongs): options that open with a
    short label ("Most: an over-reliance on windfall gains") are named by it beside their numbers."""
    sheet = tmp_path / "typed.csv"
    sheet.write_text("question_id,answer\nsustainability_windfalls,Yes\n", encoding="utf-8")
    code, err, _target = fill(run_cli, tmp_path, sheet)
    assert code == 2
    assert err.strip() == (f"Error: {sheet}: line 2: sustainability_windfalls: 'Yes' is not one of its "
                           "options: give 1 (Most), 2 (Some) or 3 (Little) (the options column says what "
                           "each is), the option's words, Not applicable (with a justification) or Don't "
                           "know")
