"""`-o FILE`: devices, FIFOs and links are respected, failures are exit 2 with the old file intact, and a
report or letter is never written over the profile it was made from."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"


@pytest.fixture
def profile(tmp_path) -> Path:
    path = tmp_path / "council.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def test_dev_null_is_written_through_and_stays_a_device(run_cli):
    code, out, err = run_cli("assess", str(EXAMPLE), "-o", "/dev/null")
    assert code == 0 and out == "", err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dev_full_fails_with_exit_2(run_cli):
    code, _, err = run_cli("assess", str(EXAMPLE), "-o", "/dev/full")
    assert code == 2
    assert err.strip() == "Error: /dev/full: cannot be written: No space left on device"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_is_written_through(run_cli, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code, _, err = run_cli("assess", str(EXAMPLE), "-f", "json", "-o", str(fifo))
    reader.join(10)
    assert code == 0, err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert b'"stage": "transitional"' in received[0]


def test_a_symlink_is_followed_and_kept(run_cli, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "report.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    code, _, err = run_cli("assess", str(EXAMPLE), "-f", "markdown", "-o", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith("# Back office efficiency assessment")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["report.md"]  # no temporary file left


def test_an_existing_file_keeps_its_permissions(run_cli, tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old")
    target.chmod(0o640)
    assert run_cli("assess", str(EXAMPLE), "-o", str(target))[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and "Overall stage" in target.read_text()


@pytest.mark.parametrize("failing,err_no", [("replace", errno.EROFS), ("fsync", errno.ENOSPC)])
def test_a_failed_write_is_exit_2_and_the_old_file_is_intact(run_cli, tmp_path, monkeypatch, failing, err_no):
    target = tmp_path / "out.md"
    target.write_text("precious")

    def fail(*args, **kwargs):
        raise OSError(err_no, os.strerror(err_no))
    monkeypatch.setattr(os, failing, fail)
    code, _, err = run_cli("assess", str(EXAMPLE), "-o", str(target))
    assert code == 2
    assert err.strip() == f"Error: {target}: cannot be written: {os.strerror(err_no)}"
    assert target.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_a_proc_file_cannot_be_written(run_cli):
    code, _, err = run_cli("assess", str(EXAMPLE), "-o", "/proc/version")
    assert code == 2 and err.startswith("Error: /proc/version: cannot be written")


def test_a_directory_is_refused(run_cli, tmp_path):
    code, _, err = run_cli("assess", str(EXAMPLE), "-o", str(tmp_path))
    assert code == 2 and "is a directory; give a file name" in err


@pytest.mark.parametrize("command", ["assess", "letter"])
def test_never_over_the_input_profile(run_cli, profile, command):
    before = profile.read_bytes()
    fmt = {"assess": "json", "letter": "md"}[command]  # the format given, so the file name alone decides
    code, _, err = run_cli(command, str(profile), "-f", fmt, "-o", str(profile))
    assert code == 2
    assert err.strip() == (f"Error: {profile}: is the profile {profile} this output is made from; "
                           "refusing to write over it: give another file name")
    assert profile.read_bytes() == before


def test_never_over_the_input_profile_by_another_name(run_cli, profile, monkeypatch):
    before = profile.read_bytes()
    hard = profile.with_name("hard-link.yaml")
    os.link(profile, hard)
    monkeypatch.chdir(profile.parent)
    for output in ("./council.yaml", "../" + profile.parent.name + "/council.yaml", str(hard)):
        code, _, err = run_cli("assess", "council.yaml", "-f", "json", "-o", output)
        assert code == 2 and "refusing to write over it" in err, output
    assert profile.read_bytes() == before


def test_readme_says_an_unwritable_output_is_exit_2():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "an output path that cannot be written" in readme


def _later(profile: Path) -> Path:
    later = profile.with_name("later.yaml")
    text = profile.read_text(encoding="utf-8")
    later.write_text(text.replace("assessed_on: 2008-03-31", "assessed_on: 2009-03-31", 1), encoding="utf-8")
    return later


@pytest.mark.parametrize("which", [0, 1])
def test_compare_never_over_an_input_profile(run_cli, profile, which):
    other = _later(profile)
    inputs = [profile, other]
    target = inputs[which]
    before = target.read_bytes()
    code, _, err = run_cli("compare", str(profile), str(other), "-f", "json", "-o", str(target))
    assert code == 2, err
    assert "refusing to write over it" in err and str(target) in err
    assert target.read_bytes() == before


def test_benchmark_never_over_its_profile_or_a_cohort_file(run_cli, profile, tmp_path):
    cohort = tmp_path / "coh"
    cohort.mkdir()
    import json

    import yaml

    for case in sorted((ROOT / "examples" / "cases").glob("cs0*.yaml"))[:5]:
        data = yaml.safe_load(case.read_text(encoding="utf-8"))["profile"]
        (cohort / f"{case.stem}.json").write_text(json.dumps(data, default=str), encoding="utf-8")
    member = min(cohort.iterdir())
    for target, extra in ((profile, []), (member, ["--cohort", str(cohort)])):
        before = target.read_bytes()
        code, _, err = run_cli("benchmark", str(profile), *extra, "-f", "json", "-o", str(target))
        assert code == 2, err
        assert "refusing to write over it" in err and str(target) in err
        assert target.read_bytes() == before
    csv_cohort = tmp_path / "coh.csv"
    code, out, _ = run_cli("example", "-f", "csv")
    csv_cohort.write_text(out, encoding="utf-8")
    before = csv_cohort.read_bytes()
    code, _, err = run_cli("benchmark", str(member), "--cohort", str(csv_cohort), "--min-cohort", "1",
                           "-f", "json", "-o", str(csv_cohort))
    assert code == 2 and "refusing to write over it" in err, err
    assert csv_cohort.read_bytes() == before
    code, _, err = run_cli("benchmark", str(profile), "--cohort", str(cohort), "-f", "json",
                           "-o", str(cohort / "new.json"))
    assert code == 0, err


def test_never_over_the_profile_read_from_standard_input(profile):
    """`assess - -o p.yaml < p.yaml`: standard input is the profile's file (same device and inode)."""
    import subprocess
    import sys

    exe = str(Path(sys.executable).with_name("backtofront"))
    before = profile.read_bytes()
    with profile.open("rb") as stdin:
        done = subprocess.run([exe, "assess", "-", "-f", "json", "-o", str(profile)], stdin=stdin,
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == (f"Error: {profile}: is the file on standard input, the profile this "
                                   "output is made from; refusing to write over it: give another file name")
    assert profile.read_bytes() == before
    # another file is written as ever
    other = profile.with_name("result.json")
    with profile.open("rb") as stdin:
        done = subprocess.run([exe, "assess", "-", "-f", "json", "-o", str(other)], stdin=stdin,
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and other.exists()


@pytest.mark.parametrize("args, name", [(("letter", "--case", "3"), "letter.docx/"),
                                        (("assess", "--case", "3"), "report.md/"),
                                        (("interview", "--plain"), "council.yaml/")])
def test_a_file_name_ending_in_a_slash_is_refused_not_written_without_it(run_cli, tmp_path, args, name):
    """`-o letter.docx/` names a folder: refused, and no file letter.docx is made in its place."""
    target = f"{tmp_path}/{name}"
    code, out, err = run_cli(*args, "-o", target)
    assert code == 2 and out == "" and len(err.splitlines()) == 1, err
    assert "ends in /, which names a folder" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_never_over_another_councils_profile(run_cli, profile, tmp_path, encoding):
    """`assess -o other.yaml -f json`, where other.yaml is a profile the output is not made from (a slip of
    the tab key), is refused: the profile is the user's work. A profile saved as UTF-16 is found too."""
    other = tmp_path / "other.yaml"
    other.write_text(EXAMPLE.read_text(encoding="utf-8").replace("Example District", "Other District"),
                     encoding=encoding)
    before = other.read_bytes()
    for command, fmt in (("assess", "json"), ("letter", "md")):
        code, _, err = run_cli(command, str(profile), "-f", fmt, "-o", str(other))
        assert code == 2, err
        assert err.strip() == (f"Error: {other}: holds a profile, not this command's output; "
                               "refusing to write over it: give another file name")
        assert other.read_bytes() == before


def test_combine_replaces_its_own_output_but_no_other_profile(run_cli, tmp_path):
    """combine run again writes over the combined profile it wrote before; onto a respondent's or any other
    council's profile it is refused, leaving the file as it was. An earlier JSON result (which carries
    schema_version) is an output, and is replaced as outputs are."""
    workshop = sorted(str(p) for p in (EXAMPLE.parent / "workshop").glob("*.yaml"))
    combined = tmp_path / "council.yaml"
    for _ in range(2):
        code, _, err = run_cli("combine", *workshop, "-o", str(combined))
        assert code == 0, err
    hand_made = tmp_path / "hand-made.yaml"
    hand_made.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    before = hand_made.read_bytes()
    code, _, err = run_cli("combine", *workshop, "-o", str(hand_made))
    assert code == 2 and "holds a profile, not this command's output" in err
    assert hand_made.read_bytes() == before
    result = tmp_path / "result.json"
    for _ in range(2):
        code, _, err = run_cli("assess", str(combined), "-f", "json", "-o", str(result))
        assert code == 0, err


def test_combine_never_drops_agreed_stages_or_replaces_another_councils(run_cli, tmp_path):
    """combine -o run again onto its own combined profile is refused once the workshop has agreed stages
    there (overrides with their reasons, which combining again would drop), and onto another council's
    combined profile; the file is left as it was."""
    import yaml

    workshop = sorted(str(p) for p in (EXAMPLE.parent / "workshop").glob("*.yaml"))
    agreed = tmp_path / "agreed.yaml"
    assert run_cli("combine", *workshop, "-o", str(agreed))[0] == 0
    data = yaml.safe_load(agreed.read_text(encoding="utf-8"))
    data["characteristics"] = {"time_scales": {"override": {"stage": "transitional", "reason": "Agreed"}}}
    agreed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    other = tmp_path / "other.yaml"
    assert run_cli("combine", *workshop, "-o", str(other))[0] == 0
    other.write_text(other.read_text(encoding="utf-8").replace("Example District Council", "Other Council"),
                     encoding="utf-8")
    recorded = tmp_path / "recorded.yaml"   # figures and an element recorded by the facilitator since
    assert run_cli("combine", *workshop, "-o", str(recorded))[0] == 0
    data = yaml.safe_load(recorded.read_text(encoding="utf-8"))
    data |= {"figures": {"back_office_share_of_gains_pct": 30}, "four_elements": {"consensus": True}}
    recorded.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    edits = {}   # an answer corrected, a role added, the merge rule changed, a comment: each by hand
    for name, old, new in (("answer", "answers:\n", "answers:\n    # checked with Ann\n"),
                           ("merge", "\nmerge: median\n", "\nmerge: worst\n"),
                           ("comment", "\nmerge: median\n", "\nmerge: median  # agreed with the chair\n")):
        edits[name] = tmp_path / f"edited-{name}.yaml"
        assert run_cli("combine", *workshop, "-o", str(edits[name]))[0] == 0
        text = edits[name].read_text(encoding="utf-8")
        assert old in text
        edits[name].write_text(text.replace(old, new, 1), encoding="utf-8")
    role = tmp_path / "edited-role.yaml"
    assert run_cli("combine", *workshop, "-o", str(role))[0] == 0
    text = role.read_text(encoding="utf-8")
    assert "  role: officer\n" in text
    role.write_text(text.replace("  role: officer\n", "  role: assessor\n", 1), encoding="utf-8")
    crlf = tmp_path / "edited-crlf.yaml"   # an editor's line endings alone
    assert run_cli("combine", *workshop, "-o", str(crlf))[0] == 0
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
    unicode = tmp_path / "edited-utf16.yaml"   # Notepad's "Unicode": an answer changed, saved as UTF-16
    assert run_cli("combine", *workshop, "-o", str(unicode))[0] == 0
    text = unicode.read_text(encoding="utf-8")
    assert "time_scales_gains: long_term" in text
    unicode.write_bytes(text.replace("time_scales_gains: long_term", "time_scales_gains: short_term", 1)
                        .encode("utf-16"))
    check = tmp_path / "edited-check.yaml"   # the check line itself touched (a trailing space)
    assert run_cli("combine", *workshop, "-o", str(check))[0] == 0
    text = check.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("# combine's check"))
    check.write_text(text.replace(line, line + " "), encoding="utf-8")
    edits |= {"crlf": crlf, "utf16": unicode, "check": check}
    edited = "has been edited since combine wrote it (an answer, a note, a role or a comment)"
    for path, said in ((agreed, "holds stages agreed since it was combined (time_scales)"),
                       (other, "holds another council's combined profile"),
                       (recorded, "holds what was recorded in it since it was combined (figures, "
                                  "four_elements)"),
                       *((path, edited) for path in (*edits.values(), role))):
        before = path.read_bytes()
        code, _, err = run_cli("combine", *workshop, "-o", str(path))
        assert code == 2 and said in err and len(err.strip().splitlines()) == 1, err
        assert path.read_bytes() == before


def test_combine_replaces_its_unedited_output_whatever_it_recorded_there(run_cli, tmp_path):
    """A combined profile as combine wrote it, its date from --date included, is replaced by a run with
    other options: nothing in it is anyone else's work."""
    workshop = sorted(str(p) for p in (EXAMPLE.parent / "workshop").glob("*.yaml"))
    out = tmp_path / "council.yaml"
    assert run_cli("combine", *workshop, "--date", "2008-10-31", "-o", str(out))[0] == 0
    code, _, err = run_cli("combine", *workshop, "--merge", "worst", "-o", str(out))
    assert code == 0, err
    assert "merge: worst" in out.read_text(encoding="utf-8")


def test_combine_writes_only_a_new_file_or_its_own_combined_profile(run_cli, tmp_path):
    """The combined profile never replaces a file it did not write: an interview's answers file, a copy of
    a case council's profile, any other YAML, one that does not parse, or the file a link names; nor its
    own combined profile once a date has been recorded in it. Each is left as it was (exit 2, one line)."""
    import shutil

    import yaml

    workshop = sorted(str(p) for p in (EXAMPLE.parent / "workshop").glob("*.yaml"))
    targets = {"answers.yaml": "answers:\n  efficiency_policy_status: ad_hoc\n",
               "compose.yaml": "services:\n  web:\n    image: nginx\n",
               "broken.yaml": "{{{ not yaml\n"}
    for name, text in targets.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    shutil.copy(EXAMPLE.parent / "cases" / "cs07-north-warwickshire.yaml", tmp_path / "mycase.yaml")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "compose.yaml")
    dated = tmp_path / "dated.yaml"
    assert run_cli("combine", *workshop, "-o", str(dated))[0] == 0
    data = yaml.safe_load(dated.read_text(encoding="utf-8"))
    dated.write_text(yaml.safe_dump({**data, "assessed_on": "2008-03-03"}, sort_keys=False), encoding="utf-8")
    for name, said in [*((n, "exists and is not a combined profile") for n in targets),
                       ("mycase.yaml", "exists and is not a combined profile"),
                       ("link.yaml", "exists and is not a combined profile"),
                       ("dated.yaml", "holds what was recorded in it since it was combined (assessed_on)")]:
        path = tmp_path / name
        before = path.read_bytes()
        code, _, err = run_cli("combine", *workshop, "-o", str(path))
        assert code == 2 and said in err and len(err.strip().splitlines()) == 1, (name, err)
        assert path.read_bytes() == before
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    assert run_cli("combine", *workshop, "-o", str(empty))[0] == 0


def test_the_question_bank_never_replaces_answers_or_a_csv_of_councils(run_cli, tmp_path):
    """`questions -o` onto a filled questionnaire, an answers sheet or a CSV of councils (batch's input) is
    refused, the file left as it was; a blank questionnaire it wrote may be written again."""
    import csv

    from workbook_fill import all_at, blank, fill

    workbook = fill(blank(tmp_path / "ann.xlsx"), answers=all_at("transitional"))
    sheet = tmp_path / "answers.csv"
    assert run_cli("questions", "-f", "csv", "-o", str(sheet))[0] == 0
    with sheet.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    rows[1][2] = "policy_not_linked"
    rows[1][3] = "Café review"   # saved from Excel: Windows-1252
    with sheet.open("w", newline="", encoding="cp1252") as fh:
        csv.writer(fh).writerows(rows)
    councils = tmp_path / "councils.csv"
    councils.write_text(run_cli("example", "-f", "csv")[1], encoding="utf-8")
    excel = tmp_path / "excel.csv"   # Excel's default "CSV (Comma delimited)": Windows-1252
    excel.write_bytes("council.name,council.type\nCafé Council,district\n".encode("cp1252"))
    for path, fmt, held in ((workbook, "xlsx", "a filled questionnaire"), (sheet, "csv", "a file of answers"),
                            (councils, "csv", "a CSV of councils"), (excel, "csv", "a CSV of councils")):
        before = path.read_bytes()
        code, _, err = run_cli("questions", "-f", fmt, "-o", str(path))
        # one line: no note on how the file was read, as nothing is read from it
        assert code == 2 and f"holds {held}, not this command's output" in err, err
        assert len(err.strip().splitlines()) == 1, err
        assert path.read_bytes() == before
    again = tmp_path / "blank.xlsx"
    for _ in range(2):
        assert run_cli("questions", "-f", "xlsx", "-o", str(again))[0] == 0


def test_answers_with_a_bad_cell_or_a_blank_cover_are_still_never_replaced(run_cli, tmp_path):
    """A respondent's work that does not read as it stands (one answer mistyped, the cover left blank) is
    still theirs: every command refuses to write over it."""
    import csv

    from workbook_fill import all_at, blank, fill

    sheet = tmp_path / "filled.csv"
    assert run_cli("questions", "-o", str(sheet))[0] == 0
    with sheet.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows[1][2], rows[2][2] = "2.0", "1"   # one answer no option reads
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    workbook = fill(blank(tmp_path / "survey.xlsx"), council="", council_type="", name="", role="",
                    answers=all_at("transitional"))
    for path, held in ((sheet, "a file of answers"), (workbook, "a filled questionnaire")):
        before = path.read_bytes()
        fmt = path.suffix[1:]
        for args in (["questions", "-f", fmt], ["assess", str(EXAMPLE), "-f", "json"],
                     ["letter", str(EXAMPLE), "-f", "md"]):
            code, _, err = run_cli(*args, "-o", str(path))
            assert code == 2 and f"holds {held}, not this command's output" in err, (args, err)
            assert path.read_bytes() == before


def test_never_over_a_students_answers_or_a_profile_with_a_slip(run_cli, profile, tmp_path):
    """A report sent by mistake onto a student's quiz answers, or onto a profile that does not parse (a
    slip in its YAML: still the user's work), is refused; the file is left as it was."""
    answers = tmp_path / "patel.yaml"
    answers.write_text("schema: student-answers/1\nstudent: A. Patel\ncase: 7\nanswers: {overall: "
                       "transitional}\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("council:\n  name: A District Council\n  type: district\ncharacteristics: [\n",
                      encoding="utf-8")
    slip_json = tmp_path / "slip.json"   # a trailing comma
    slip_json.write_text('{"council": {"name": "A", "type": "district"}, "characteristics": '
                         '{"efficiency_policy": "transitional",}}', encoding="utf-8")
    quoted = tmp_path / "quoted.yaml"
    quoted.write_text('"council":\n  name: A\n  type: district\ncharacteristics: [\n', encoding="utf-8")
    respondent = tmp_path / "officer.yaml"
    respondent.write_bytes((ROOT / "examples" / "workshop" / "officer.yaml").read_bytes())
    for target, held in ((answers, "a student's quiz answers"), (broken, "a profile"),
                         (slip_json, "a profile"), (quoted, "a profile"),
                         (respondent, "a respondent's answers")):
        before = target.read_bytes()
        code, _, err = run_cli("assess", str(profile), "-f", "md", "-o", str(target))
        assert code == 2 and f"holds {held}, not this command's output" in err, err
        assert target.read_bytes() == before
