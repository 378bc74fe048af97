"""Bad and hostile profiles, as people really make them: every one is exit 2 with one short message naming
the file, the place and the fix, or it classifies (exit 0). Never a traceback, never exit 1."""

from __future__ import annotations

import io
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from backtofront.classifier import loading
from backtofront.classifier import profile as profile_mod
from backtofront.classifier.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"
COUNCIL = "council: {name: X, type: district}\n"
EXE = str(Path(sys.executable).with_name("backtofront"))


def _assess(run_cli, tmp_path, content: str | bytes, name: str = "p.yaml", *extra: str):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code, out, err = run_cli("assess", str(path), *extra)
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:  # one short line a problem, each naming the file; the first is the message
        lines = err.strip().splitlines()
        assert out == "" and all(line.startswith(f"{path}: ") for line in lines[1:]), err
        assert err.startswith(f"Error: {path}: "), err
    return code, out, err


# -- reading: limits, pipes, standard input -----------------------------------------------------------
@pytest.mark.xdist_group("terminal")  # a timing or a signal: never beside another such test
def test_dev_zero_is_refused_quickly(run_cli):
    start = time.process_time()  # CPU time: reading /dev/zero to the end would never finish
    code, _, err = run_cli("assess", "/dev/zero")
    assert code == 2 and err.strip() == ("Error: /dev/zero: is larger than 1,000,000 bytes; is it really a "
                                         "profile?")
    assert time.process_time() - start < 5


def test_a_large_file_is_refused_without_reading_it_whole(run_cli, tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(50_000_000)
    sizes = []
    real = loading._read_limited

    def spy(stream, limit, source, what):
        try:
            return real(stream, limit, source, what)
        finally:
            sizes.append(stream.tell())
    monkeypatch.setattr(loading, "_read_limited", spy)
    code, _, err = run_cli("assess", str(big))
    assert code == 2 and "is larger than 1,000,000 bytes" in err
    assert sizes == [loading.MAX_BYTES + 1]


def test_standard_input_with_a_dash(run_cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EXAMPLE.read_bytes())))
    code, out, err = run_cli("assess", "-", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["overall"]["stage"] == "transitional"


def test_standard_input_sniffs_json_and_keeps_the_limit(run_cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"council": {"name": "X", "type": '
                                                                  b'"county"}}')))
    assert run_cli("assess", "-")[0] == 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"#" * 2_000_000)))
    code, _, err = run_cli("assess", "-")
    assert code == 2 and err.strip() == ("Error: standard input: is larger than 1,000,000 bytes; "
                                         "is it really a profile?")


def test_a_real_pipe_and_process_substitution(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    piped = subprocess.run(f"cat {EXAMPLE} | {EXE} assess - -f json", shell=True, capture_output=True,
                           text=True, env=env, timeout=60, check=False)
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["overall"]["stage"] == "transitional"
    substituted = subprocess.run(["bash", "-c", f"{EXE} assess <(cat {EXAMPLE})"], capture_output=True,
                                 text=True,
                                 env=env, timeout=60, check=False)
    assert substituted.returncode == 0, substituted.stderr
    assert "Overall stage: Transitional" in substituted.stdout


# -- the format follows the extension -----------------------------------------------------------------
def test_flow_style_yaml_in_a_yaml_file(run_cli, tmp_path):
    code, out, _ = _assess(run_cli, tmp_path, "{council: {name: X, type: district}, pressures: [sr04]}\n")
    assert code == 0 and out.startswith("X (District council)")


def test_yaml_in_a_json_file_is_a_json_error(run_cli, tmp_path):
    code, _, err = _assess(run_cli, tmp_path, "{council: {name: X, type: district}}\n", "p.json")
    assert code == 2 and "JSON syntax error at line 1 column 2" in err


@pytest.mark.parametrize("content", ['{"council": {"name": "X", "type": "district"}}', COUNCIL,
                                     "{council: {name: X, type: district}}"])
def test_an_unknown_extension_is_sniffed(run_cli, tmp_path, content):
    assert _assess(run_cli, tmp_path, content, "council.txt")[0] == 0


@pytest.mark.parametrize("name,content,needle", [
    ("council.csv", "name,type\nX,district\n", ("is a CSV file, not a YAML or JSON profile: `backtofront "
                                                "batch "
                                               "FILE.csv` assesses councils from CSV, one row a council")),
    ("answers.csv", "Question ID,Answer,Evidence\nefficiency_policy_status,2,\n",
     "answers.csv: is a sheet of answers, not a YAML or JSON profile: `backtofront interview --answers "),
    ("answers.csv", "question_id;answer;evidence\n".encode("utf-16"), "is a sheet of answers"),
    # Excel's "Unicode Text": UTF-16, tab-separated, saved as .txt
    ("answers.txt", "question_id\tanswer\tevidence\r\nefficiency_policy_status\t2\t\r\n".encode("utf-16"),
     "answers.txt: is a sheet of answers, not a YAML or JSON profile: `backtofront interview --answers "),
    # read as a questionnaire (docs/workbook.md)
    ("council.xlsx", b"PK\x03\x04rest", "is a damaged workbook"),
    ("council.yaml", b"PK\x03\x04\x14\x00\x06\x00", "is a spreadsheet workbook (or another packed file)"),
    ("council.txt", "name,type,stage\nX,district,transitional\n", "it looks like CSV, but a profile is YAML "
                                                                  "or JSON"),
])
def test_spreadsheets_where_a_profile_is_expected(run_cli, tmp_path, name, content, needle):
    code, _, err = _assess(run_cli, tmp_path, content, name)
    assert code == 2 and needle in err


@pytest.mark.parametrize("name", ["answers.csv", "answers.txt", "my answers.csv"])
def test_an_answers_sheet_given_as_a_profile_gets_the_command_with_its_own_name(run_cli, tmp_path, name):
    path = tmp_path / name
    sheet = "question_id,answer,evidence\nefficiency_policy_status,2,\n"
    code, _, err = _assess(run_cli, tmp_path, sheet, name)
    assert code == 2
    assert err == (f"Error: {path}: is a sheet of answers, not a YAML or JSON profile: `backtofront "
                   f"interview --answers {shlex.quote(str(path))} -o council.yaml` records them in a profile "
                   '(see docs/interview.md, "Answers from a file")\n')


def test_an_answers_sheet_on_standard_input_is_given_as_a_dash(run_cli, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"question_id,answer\nx,1\n")))
    code, _, err = run_cli("assess", "-")
    assert code == 2 and "`backtofront interview --answers - -o council.yaml`" in err, err


# -- encodings -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_byte_order_marks_are_read(run_cli, tmp_path, encoding):
    raw = EXAMPLE.read_text(encoding="utf-8").encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        raw = ("\ufeff" + EXAMPLE.read_text(encoding="utf-8")).encode(encoding)
    code, out, _ = _assess(run_cli, tmp_path, raw)
    assert code == 0 and "Overall stage: Transitional" in out


def test_utf16_without_a_mark_is_named(run_cli, tmp_path):
    code, _, err = _assess(run_cli, tmp_path, COUNCIL.encode("utf-16-le"))
    assert code == 2 and "this file is UTF-16 (without a byte-order mark); save it as UTF-8" in err


def test_latin1_bytes_name_the_line(run_cli, tmp_path):
    code, _, err = _assess(run_cli, tmp_path, (COUNCIL + "notes: café\n").encode("latin-1"))
    assert code == 2
    assert err.strip().endswith("line 2: byte 0xE9 is not UTF-8 (the file looks like Latin-1 or Windows-1252 "
                                "text); save it as UTF-8")


# -- repeated keys, nesting, numbers, characters -------------------------------------------------------
def test_two_characteristics_blocks_in_yaml(run_cli, tmp_path):
    text = (COUNCIL + "characteristics:\n  time_scales: transitional\nnotes: x\ncharacteristics:\n  "
                      "sustainability: transitional\n")
    code, _, err = _assess(run_cli, tmp_path, text)
    assert code == 2
    assert ("line 5 column 1: key 'characteristics' appears twice in the same mapping (first at line 2); "
            "keep one") in err


def test_a_repeated_key_deep_in_yaml(run_cli, tmp_path):
    text = COUNCIL + "characteristics:\n  time_scales: {stage: transitional, stage: transactional}\n"
    code, _, err = _assess(run_cli, tmp_path, text)
    assert code == 2 and "line 3" in err and "key 'stage' appears twice" in err


def test_a_repeated_key_deep_in_json_names_its_line(run_cli, tmp_path):
    text = ('{"council": {"name": "X", "type": "district"},\n "characteristics": {\n'
            '  "efficiency_policy": {"stage": "transitional"},\n'
            '  "time_scales": {"stage": "transitional",\n'
            '                  "stage": "transactional"}}}\n')
    code, _, err = _assess(run_cli, tmp_path, text, "p.json")
    assert code == 2
    assert err.strip().endswith("JSON: line 5: key 'stage' appears twice in the same object; keep one "
                                "(the other would be lost)")


@pytest.mark.parametrize("name,text", [
    ("p.json", '{"council": {"name": "X", "type": "district"}, "notes": ' + "[" * 1000 + "]" * 1000 + "}"),
    ("p.yaml", COUNCIL + "notes: " + "[" * 1000 + "]" * 1000 + "\n"),
    ("p.yaml", COUNCIL + "notes:\n" + "".join(" " * i + "- \n" for i in range(1, 1200))),
])
def test_deep_nesting(run_cli, tmp_path, name, text):
    code, _, err = _assess(run_cli, tmp_path, text, name)
    assert code == 2 and "nested" in err and "deep" in err


@pytest.mark.parametrize("figures,yaml_text", [
    ({"cashable_share_pct": 0.00001}, "{cashable_share_pct: 0.00001}"),
    ({"sr04_efficiency_gains_gbp": 4_300_000_000}, "{sr04_efficiency_gains_gbp: 4300000000}"),
    ({"sr04_efficiency_gains_gbp": 4.3e9, "back_office_gains_gbp": 5e-324},
     "{sr04_efficiency_gains_gbp: 4.3e+9, back_office_gains_gbp: 5.0e-324}"),
    ({"back_office_share_of_gains_pct": 1e-10}, "{back_office_share_of_gains_pct: 1.0e-10}"),
])
def test_every_finite_number_classifies(run_cli, tmp_path, figures, yaml_text):
    doc = {"council": {"name": "X", "type": "district"}, "figures": figures,
           "characteristics": {"time_scales": "transitional"}}
    assert _assess(run_cli, tmp_path, json.dumps(doc), "p.json")[0] == 0
    assert _assess(run_cli, tmp_path, COUNCIL + f"figures: {yaml_text}\n")[0] == 0


@pytest.mark.parametrize("yaml_text,shown", [
    ("{sr04_efficiency_gains_gbp: 10000000000000000}", "10000000000000000"),
    ("{back_office_gains_gbp: 1.0e+300}", "1e+300"),
    ("{sr04_efficiency_gains_gbp: '£5,000,000,000'}", "5000000000"),
])
def test_a_pound_figure_above_every_councils_gains_together_is_refused(run_cli, tmp_path, yaml_text, shown):
    """No council's gains can be more than all councils in England made together in SR04, £4.3 billion
    (para 8): a larger figure is a slip, refused in one line naming the figure and the reason."""
    code, out, err = _assess(run_cli, tmp_path, COUNCIL + f"figures: {yaml_text}\n")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert (f": {shown}: must be at most 4,300,000,000 (all councils in England together made £4.3 billion "
            "of gains in SR04, para 8)") in err


@pytest.mark.parametrize("key", ["figure_sr04_efficiency_gains_gbp", "figure_back_office_gains_gbp"])
def test_a_pound_answer_above_every_councils_gains_together_is_refused(run_cli, tmp_path, key):
    code, out, err = _assess(run_cli, tmp_path, COUNCIL + f"answers:\n  {key}: 9000000000000\n")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert (f"answers.{key}: 9,000,000,000,000 is more than all councils in England made together in SR04 "
            "(£4.3 billion, para 8)") in err


def test_a_negative_pound_figure_is_refused_without_the_upper_bounds_reason(run_cli, tmp_path):
    code, _, err = _assess(run_cli, tmp_path, COUNCIL + "figures: {sr04_efficiency_gains_gbp: -1}\n")
    assert code == 2 and "figures.sr04_efficiency_gains_gbp: -1: must be at least 0" in err
    assert "4.3 billion" not in err


def test_yaml_exponent_without_a_point_is_read_as_the_figure(run_cli, tmp_path):
    # YAML reads 1e-05 as text; a figure written as text is read as a CSV cell is, exponent and all
    code, _out, err = _assess(run_cli, tmp_path, COUNCIL + "figures: {cashable_share_pct: 1e-05}\n")
    assert code == 0 and "Traceback" not in err, err


def test_engine_numbers_stay_within_one_unit_in_the_last_place():
    import math

    from backtofront.classifier.facts import engine_number
    for value in (1e-05, 1e16, 1e300, 123.0, 0.5):
        fixed = engine_number(value)
        assert fixed == value or math.nextafter(value, math.inf) == fixed
        mantissa, exponent, _ = repr(fixed).partition("e")
        assert not exponent or "." in mantissa


@pytest.mark.parametrize("name,text,where", [
    ("p.json", '{"council": {"name": "X", "type": "district"}, "figures": {"cashable_share_pct": Infinity}}',
     "figures.cashable_share_pct: infinity is not a finite number"),
    ("p.json", '{"council": {"name": "X", "type": "district"}, "figures": {"cashable_share_pct": NaN}}',
     "figures.cashable_share_pct: NaN is not a finite number"),
    ("p.json", '{"council": {"name": "X", "type": "district"}, "figures": {"sr04_efficiency_gains_gbp": '
               '1e999}}',
     "figures.sr04_efficiency_gains_gbp: infinity is not a finite number"),
    ("p.yaml", COUNCIL + "figures: {cashable_share_pct: -.inf}\n", "-infinity is not a finite number"),
    ("p.yaml", COUNCIL + "figures: {sr04_efficiency_gains_gbp: " + "9" * 5000 + "}\n",
     "more than 400 digits"),
    ("p.json", '{"council": {"name": "X", "type": "district"}, "notes": ' + "9" * 5000 + "}",
     "more than 400 digits"),
])
def test_non_finite_and_overlong_numbers(run_cli, tmp_path, name, text, where):
    code, _, err = _assess(run_cli, tmp_path, text, name)
    assert code == 2 and where in err


@pytest.mark.parametrize("text,where", [
    ('{"council": {"name": "X\\ud800", "type": "district"}}', "council.name: the text holds an unpaired "
                                                              "surrogate"),
    ('{"council": {"name": "X", "type": "district"}, "notes": "a\\u0001b"}',
     "notes: the text holds a control character (U+0001); remove it"),
    (('{"council": {"name": "X", "type": "district"}, "characteristics": {"time_scales": '
      '{"stage": "transitional", "evidence": "\\u001b[31mred"}}}'),
     "characteristics.time_scales.evidence: the text holds a control character (U+001B)"),
    ('{"council": {"name": "X", "type": "district"}, "notes": "\\u0085"}', "notes: the text holds a control "
                                                                           "character (U+0085)"),
    ('{"council": {"name": "X", "type": "district"}, "figures": {"\\ud800": 1}}', "figures: the key "
                                                                                  "'\\ud800' holds an "
                                                                                  "unpaired"),
])
def test_surrogates_and_control_characters_are_refused_by_key(run_cli, tmp_path, text, where):
    code, _, err = _assess(run_cli, tmp_path, text, "p.json")
    assert code == 2 and where in err


def test_raw_control_character_in_yaml_names_the_line(run_cli, tmp_path):
    code, _, err = _assess(run_cli, tmp_path, COUNCIL + "notes: a\x01b\n")
    assert code == 2 and "line 2: a control character (U+0001) YAML does not allow; remove it" in err


def test_escaped_control_character_in_yaml_names_the_key(run_cli, tmp_path):
    code, _, err = _assess(run_cli, tmp_path, COUNCIL + 'notes: "a\\x1bb"\n')
    assert code == 2 and "notes: the text holds a control character (U+001B)" in err


def test_a_quarter_million_repeated_techniques_is_quick():
    # CPU time, not the wall clock: a busy machine slows the clock, not the work (about 1.2 s here); a check
    # that went quadratic in the list's length would take hours
    start = time.process_time()
    with pytest.raises(InputError, match="techniques.used: listed more than once: ict"):
        profile_mod.parse({"council": {"name": "X", "type": "district"},
                           "techniques": {"used": ["ict"] * 250_000}})
    assert time.process_time() - start < 3


def test_echoed_values_are_cut(run_cli, tmp_path):
    code, _, err = _assess(run_cli, tmp_path, "council: {name: X, type: " + "d" * 100_000 + "}\n")
    assert code == 2 and len(err) < 400 and "(100,000 characters)" in err


# -- YAML's implicit typing, in the user's terms --------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    # free text (evidence, notes, reasons, names) is kept as written: tests/cli/test_text_stays_text.py
    ("characteristics: {time_scales: {stage: No}}\n",   # quotes would not help: "No" is no stage either
     ("characteristics.time_scales.stage: false: read as the boolean false (YAML reads yes, no, on, off, "
      "true and false that way); write one of transactional, transitional, transformational")),
    ("characteristics: {sustainability: yes}\n",
     ("characteristics.sustainability: true: read as the boolean true (YAML reads yes, no, on, off, true and "
      "false that way); write one of transactional, transitional, transformational")),
    ("pressures: [2008-04-01]\n", "pressures.0: 2008-04-01: expected one of sr04,"),
    ("assessed_on: 03/31/2008\n", ("assessed_on: '03/31/2008' is not a real date (there is no month 31); "
                                    "write it as YYYY-MM-DD (2008-03-31) or DD/MM/YYYY (31/03/2008)")),
    ("assessed_on: March 2008\n", "assessed_on: 'March 2008' is not a date: write it as YYYY-MM-DD"),
    ("assessed_on: 2008-03-31 10:30:00\n",
     "assessed_on: 2008-03-31 10:30:00: read as a date and time; give the date only, as YYYY-MM-DD"),
    ("assessed_on: 2008-03-31 10:00:00+99:00\n",   # a real day, a time zone that is none
     ("2008-03-31 10:00:00+99:00 is not a real date (its time of day cannot be read); give the date only, as "
      "YYYY-MM-DD")),
    # figures written as text (35%, '£1,250,000') are read as a CSV cell is:
    # tests/classifier/test_profile_figure_text.py
    ("figures: {cashable_share_pct: 35 per cent}\n", "figures.cashable_share_pct: '35 per cent' is not a "
                                                     "number"),
    ("characteristics: {time_scales: N/A}\n",
     ("characteristics.time_scales: 'N/A' is not valid; choose one of transactional, transitional, "
      "transformational; leave it out, or null, for not assessed")),
    ("techniques: {used: [yes]}\n", "techniques.used.0: true: read as the boolean true"),
    ("characteristics:\n\ttime_scales: transitional\n", "tab characters cannot indent YAML; indent with "
                                                        "spaces"),
    ("notes: a\n---\nnotes: b\n", ("the file holds more than one YAML document (a line '---' starts "
                                   "another); a profile is one document")),
    ("figures: {1: 2}\n", "figures: the key 1 is read as a number; keys are names: put it in quotes if it is "
                          "one"),
])
def test_yaml_implicit_typing_explained(run_cli, tmp_path, text, expected):
    code, _, err = _assess(run_cli, tmp_path, COUNCIL + text)
    assert code == 2 and expected in err, err
    assert "datetime." not in err and "True" not in err and "False" not in err


def test_several_bad_answers_give_one_line_each(run_cli, tmp_path):
    text = COUNCIL + "answers: {back_office_front_line_efficiency: [], back_office_front_line_relation: []}\n"
    code, _, err = _assess(run_cli, tmp_path, text)
    first, second = err.strip().splitlines()
    assert code == 2 and first.startswith("Error: ") and ("answers.back_office_front_line_efficiency: a list "
                                                          "is not valid") in first
    assert "answers.back_office_front_line_relation: a list is not valid" in second


def test_council_csv_files_go_through_the_same_reader(run_cli, tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(60_000_000)
    code, _, err = run_cli("batch", str(big), "-o", str(tmp_path / "out"))
    assert code == 2 and "big.csv: is larger than 50,000,000 bytes; is it really a CSV?" in err
    latin = tmp_path / "latin.csv"
    latin.write_bytes("council.name,council.type\nCaf\xe9 Council,district\n".encode("latin-1"))
    code, _, err = run_cli("batch", str(latin), "-o", str(tmp_path / "out"))
    assert code == 0 and "Note: " + str(latin) + " is not UTF-8; read it as Windows-1252" in err
    assert "Café Council" in (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8-sig")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("council.name,council.type\nX Council,district\n".encode("utf-16"))
    code, _, err = run_cli("batch", str(utf16), "-o", str(tmp_path / "out-utf16"))
    assert code == 0, err


@pytest.mark.xdist_group("terminal")  # a timing or a signal: never beside another such test
def test_billion_laughs_is_refused_quickly(run_cli, tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join(["*" + previous] * 9) + "]")
        previous = name
    start = time.process_time()  # CPU time: expanding the aliases would take minutes and gigabytes
    code, _, err = _assess(run_cli, tmp_path, "\n".join(lines) + "\n" + COUNCIL)
    assert time.process_time() - start < 0.8
    assert code == 2 and "too many nodes (YAML aliases?)" in err, err


@pytest.mark.parametrize(("unknown", "last"), [
    (21, "and 1 more problem"), (22, "and 2 more problems"), (100, "and 80 more problems"),
    (2_000, "and more problems: fix these and check it again to see the rest"),  # past what is counted
])
def test_a_profile_with_many_problems_counts_those_not_shown_truly(tmp_path, unknown, last):
    path = tmp_path / "many.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8") + "".join(f"k{i}: {i}\n" for i in range(unknown)),
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        profile_mod.load(path)
    assert len(caught.value.problems) == 21
    assert caught.value.problems[-1] == last


def test_an_assessment_result_given_as_a_profile_is_named_for_what_it_is(run_cli, tmp_path):
    code, out, _ = run_cli("assess", str(EXAMPLE), "-f", "json")
    result = tmp_path / "result.json"
    result.write_text(out, encoding="utf-8")
    code, _out, err = run_cli("assess", str(result))
    assert code == 2
    assert err == (f"Error: {result}: is a result file (it has schema_version), not a profile; give the "
                   "profile that was assessed\n")


COLON = ("a ': ' where YAML cannot take one; check the line's indentation against the line above, or put a "
         "value holding ': ' in quotes")


INDENT = ("not indented as the lines before it; check it and the line above (a section's keys start in the "
          "same column)")


@pytest.mark.parametrize(("edit", "message"), [
    # a key moved out of its section, or one space off, where the lines end in comments (the starter's) ...
    (("  time_scales: transitional  #", "time_scales: transitional  #"), f"YAML at line 5: {INDENT}"),
    (("  time_scales: transitional  #", "   time_scales: transitional  #"), f"YAML at line 4: {INDENT}"),
    ((" sustainability: transactional  #", "sustainability: transactional  #"), f"YAML at line 5: {INDENT}"),
    # ... or in a value, which YAML would carry on to the next line
    (("  time_scales: transitional  #", "  time_scales: transitional: yes  #"), f"YAML at line 4: {COLON}"),
    (("  time_scales: transitional  # c", "  time_scales transitional"),
     "YAML at line 5: a line at or above it has no ':' after its key; write key: value"),
])
def test_the_usual_slips_of_a_hand_edited_file_are_told_in_plain_words(tmp_path, edit, message):
    text = ("council: {name: A, type: county}\ncharacteristics:\n  efficiency_policy: transitional  # c\n"
            "  time_scales: transitional  # c\n  sustainability: transactional  # c\n")
    path = tmp_path / "slip.yaml"
    path.write_text(text.replace(*edit), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        profile_mod.load(path)
    assert str(caught.value) == f"{path}: {message}"
