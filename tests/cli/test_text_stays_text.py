"""User text stays text, every error is one line, and realistic input never exits 1: Markdown structure
from profiles and options is escaped, summary.csv keeps formulas from running, messages show newlines and
control characters as repr, bad option values of every command are one line, YAML's implicit typing keeps
free text as written, noncharacters and digits other than 0-9 are refused naming the field, long names
make Word letters, and a CRLF inside a quoted CSV cell is a line break in both CSV readers."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from backtofront.render.templating import markdown_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")


def _one_line(code: int, err: str) -> str:
    assert code == 2, err
    assert "Traceback" not in err and "Usage:" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    return lines[0]


# -- Markdown ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("# Heading", "\\# Heading"),
    ("x\n## Sub", "x\n\\## Sub"),
    ("```python", "\\`\\`\\`python"),   # every backtick escaped: no fence, no code span
    ("~~~", "\\~\\~\\~"),  # every tilde: no fence, no strikethrough
    ("- item", "\\- item"),
    ("  * item", "  \\* item"),
    ("+ item", "\\+ item"),
    ("1. first", "1\\. first"),
    ("12) twelfth", "12\\) twelfth"),
    ("> quoted", "\\> quoted"),
    ("---", "\\---"),
    ("===", "\\==="),
    ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
    ("![](https://example.org/pixel.png)", "!\\[\\](https://example.org/pixel.png)"),
    ("[ref]: https://example.org", "\\[ref\\]: https://example.org"),
    ("<script>", "&lt;script>"),
    ("| a | b |\n|---|---|", "\\| a \\| b \\|\n\\|---\\|---\\|"),
    # the user's backslash prints as written (its own backslash), then the pipe's
    ("already \\| escaped", "already \\\\\\| escaped"),
    ("C:\\Temp `x`", "C:\\\\Temp \\`x\\`"),
    ("one\n\n\ntwo", "one\ntwo"),
    ("Smith & Co - 1.5 #1 [draft]", "Smith & Co - 1.5 #1 [draft]"),
])
def test_markdown_text_escapes_structure_in_one_place(text, expected):
    assert markdown_text(text) == expected


def test_profile_and_option_text_cannot_become_markdown_structure(run_cli, tmp_path):
    hostile = "# Owned\n```\n- list\n[click](javascript:alert(1)) ![x](https://example.org/p.png)"
    profile = {"council": {"name": "[Council](javascript:alert(1))", "type": "district"}, "notes": hostile,
               "characteristics": {"time_scales": {"stage": "transitional", "evidence": hostile}}}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(profile))
    for args in (("assess", str(path), "-f", "md"),
                 ("letter", str(path), "-f", "md", "--sender", "![s](https://example.org/s.png)",
                  "--recipient", "[r](javascript:x)")):
        code, out, err = run_cli(*args)
        assert code == 0, err
        assert "](javascript:" not in out.replace("\\](javascript:", "")
        assert "](https://example.org" not in out.replace("\\](https://example.org", "")
        assert not any(line.startswith(("# Owned", "```", "- list")) for line in out.splitlines())
        assert "\\# Owned" in out


# -- summary.csv ---------------------------------------------------------------------------------------------
def test_summary_csv_keeps_formulas_from_running_and_leaves_ids_and_numbers(run_cli, tmp_path):
    from backtofront.cohort import csvfile

    header, row = csvfile.template().splitlines()
    cells = next(csv.reader([row]))
    names = ["=HYPERLINK(\"http://x\")", "+44 Council", "-Minus Council", "@SUM Council", "Plain Council"]
    rows = []
    for name in names:
        cells[0] = name
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(cells)
        rows.append(buffer.getvalue())
    source = tmp_path / "councils.csv"
    source.write_text(header + "\n" + "".join(rows), encoding="utf-8")
    code, _out, err = run_cli("batch", str(source), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 0, err
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    councils = {r["council"] for r in table}
    assert councils == {"'=HYPERLINK(\"http://x\")", "'+44 Council", "'-Minus Council", "'@SUM Council",
                        "Plain Council"}
    assert all(r["file"][0] not in "=+-@\t\r" for r in table)
    assert {r["provisional"] for r in table} <= {"true", "false"} and all(r["status"] == "ok" for r in table)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert {c["council"] for c in summary["councils"]} == set(names)  # JSON keeps the text as it was


def test_csv_text_leaves_what_is_not_text():
    from backtofront.cohort.batch import csv_text
    assert csv_text(-3) == -3 and csv_text(True) is True and csv_text("ok") == "ok"
    assert [csv_text(t) for t in ("=1", "+1", "-x", "@x", "\tx", "\rx")] == ["'=1", "'+1", "'-x", "'@x",
                                                                             "'\tx", "'\rx"]


# -- one-line errors -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("args,expected", [
    (("letter", EXAMPLE, "--date", "2008-13-45"), "Invalid value for '--date'"),
    (("benchmark", EXAMPLE, "--min-cohort", "0"), "Invalid value for '--min-cohort'"),
    (("assess", EXAMPLE, "-f", "x\ny"), "'x\\ny' is not one of"),
    (("assess", "--nope"), "No such option '--nope'"),
    (("checklist", "7"), "7 is not in the range"),
    (("batch",), "Missing argument 'DIR|CSV'"),
    (("knowledge", "nope"), "'nope' is not one of"),
    (("letter", EXAMPLE, "--letters", "x"), "No such option"),
    (("cases", "show", "x"), "'x' is not a whole number"),
    (("batch", EXAMPLE, "-o", "out", "--letters", "rtf"), "Invalid value for '--letters'"),
    (("batch", EXAMPLE, "-o", "out", "--jobs", "x"), "Invalid value for '-j' / '--jobs'"),
])
def test_every_bad_option_value_is_one_line(run_cli, args, expected):
    code, _out, err = run_cli(*args)
    line = _one_line(code, err)
    assert expected in line and line.endswith("--help')"), line


def test_names_with_newlines_and_control_characters_are_shown_as_repr(run_cli, tmp_path):
    code, _out, err = run_cli("assess", str(tmp_path / "a\nb\x07.yaml"))
    assert _one_line(code, err) == f"Error: {str(tmp_path / 'a')!r}"[:-1] + "\\nb\\x07.yaml': no such file"
    code, _out, err = run_cli("letter", EXAMPLE, "--template-dir", str(tmp_path / "t\ne"))
    assert "\\n" in _one_line(code, err)


@pytest.mark.parametrize("key,shown", [("k`e`y", "'k`e`y'"), ("k`e\ny", "'k`e\\ny'"), ("a\tb", "'a\\tb'")])
def test_a_key_is_named_as_written(run_cli, tmp_path, key, shown):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"council": {"name": "X", "type": "district", key: 1}}))
    line = _one_line(*run_cli("assess", str(path))[::2])
    assert f"unknown key {shown}" in line, line


# -- realistic input -----------------------------------------------------------------------------------------
def test_free_text_yaml_reads_as_a_number_boolean_or_date_stays_as_written(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("council:\n  name: 1066\n  type: district\nnotes: 2007\ncharacteristics:\n"
                    "  time_scales: {stage: transitional, evidence: No}\n"
                    "  sustainability: {stage: transitional, evidence: 2008-01-01}\n"
                    "  planning_monitoring: {override: {stage: transitional, reason: yes}}\n"
                    "answers:\n  efficiency_policy_objectives: {answer: na, justification: 12.50}\n"
                    "  efficiency_policy_status: {answer: policy_not_linked, evidence: off}\n")
    code, out, err = run_cli("assess", str(path), "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["council"]["name"] == "1066" and data["notes"] == "2007"
    chars = data["characteristics"]
    assert chars["time_scales"]["evidence"] == "No" and chars["sustainability"]["evidence"] == "2008-01-01"
    assert "yes" in json.dumps(chars["planning_monitoring"])
    assert "12.50" in out and '"off"' in out


def test_a_council_name_of_the_maximum_length_and_a_long_sender_make_a_word_letter(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(f"council:\n  name: {'W' * 200}\n  type: district\n")
    target = tmp_path / "l.docx"
    code, _out, err = run_cli("letter", str(path), "-o", str(target), "--sender", "Jane Smith, " * 400)
    assert code == 0, err
    with zipfile.ZipFile(target) as z:
        assert "W" * 200 in z.read("word/document.xml").decode()
        core = z.read("docProps/core.xml").decode()
    assert "W" * 100 in core and "…" in core


def test_one_bad_council_never_stops_the_rest_of_a_batch_of_word_letters(run_cli, tmp_path, monkeypatch):
    from backtofront.render import letter as letter_mod

    real = letter_mod.render

    def failing(built, kind, template_dir=None):
        if built.council == "Bad Council":
            raise ValueError("a property too long")
        return real(built, kind, template_dir)
    monkeypatch.setattr(letter_mod, "render", failing)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "c"):
        council = "Bad Council" if name == "b" else f"Council {name}"
        (folder / f"{name}.yaml").write_text(f"council: {{name: {council}, type: district}}\n")
    out = tmp_path / "out"
    code, _o, err = run_cli("batch", str(folder), "-o", str(out), "--letters", "docx", "--jobs", "1")
    assert code == 2 and "Internal error" not in err
    assert (out / "a.docx").exists() and (out / "c.docx").exists() and not (out / "b.docx").exists()
    for name in ("summary.csv", "summary.json", "summary.xlsx"):
        assert (out / name).exists()
    summary = (out / "summary.csv").read_text()
    assert "the docx letter could not be made (ValueError: a property too long)" in summary


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff"])
def test_noncharacters_are_refused_naming_the_field(run_cli, tmp_path, char):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"council": {"name": "X", "type": "district"}, "notes": f"a{char}b"}))
    line = _one_line(*run_cli("assess", str(path))[::2])
    assert f"notes: the text holds U+{ord(char):04X}, a noncharacter" in line and char not in line


@pytest.mark.parametrize("field,value", [("figures.cashable_share_pct", "3\u00b2"),
                                         ("figures.sr04_efficiency_gains_gbp", "\u0661\u0662\u0663"),
                                         ("assessed_on", "\uff12008-01-01")])
def test_digits_other_than_0_to_9_are_refused_naming_the_field(run_cli, tmp_path, field, value):
    data: dict = {"council": {"name": "X", "type": "district"}}
    if field.startswith("figures."):
        data["figures"] = {field.split(".")[1]: value}
    else:
        data[field] = value
    path = tmp_path / "p.json"
    path.write_text(json.dumps(data))
    line = _one_line(*run_cli("assess", str(path))[::2])
    assert f"{field}: " in line and "which is not one of the digits 0-9" in line, line


def test_digits_other_than_0_to_9_in_a_csv_cell_name_the_cell(run_cli, tmp_path):
    from backtofront.cohort import csvfile

    source = tmp_path / "c.csv"
    source.write_text(csvfile.template().replace("2008-03-31", "2008-0\u00b3-31"), encoding="utf-8")
    code, _out, err = run_cli("batch", str(source), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 2 and "line 2: assessed_on:" in err and "U+00B3 SUPERSCRIPT THREE" in err, err


def test_a_crlf_inside_a_quoted_cell_is_a_line_break_in_both_csv_readers(run_cli, tmp_path):
    from backtofront.cohort import csvfile

    header, row = csvfile.template().splitlines()
    cells = next(csv.reader([row]))
    column = header.split(",").index("characteristics.time_scales.evidence")
    cells[column] = "first line\r\nsecond line"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header.split(","), cells])
    source = tmp_path / "c.csv"
    source.write_bytes(buffer.getvalue().encode("utf-8"))
    code, _out, err = run_cli("batch", str(source), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert code == 0, err
    result = json.loads(next((tmp_path / "out").glob("example*.json")).read_text())
    assert result["characteristics"]["time_scales"]["evidence"] == "first line\nsecond line"
    answers = tmp_path / "a.csv"
    answers.write_bytes(
        b'question_id,answer,evidence\r\nefficiency_policy_status,policy_not_linked,"one\r\ntwo"\r\n')
    target = tmp_path / "council.yaml"
    code, _out, err = run_cli("interview", "-o", str(target), "--answers", str(answers), "--name", "X",
                              "--type", "district")
    assert code == 0, err
    from backtofront.classifier import profile
    assert profile.load(target).answered()["efficiency_policy_status"].evidence == "one\ntwo"
