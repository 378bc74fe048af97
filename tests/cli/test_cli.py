"""The `backtofront` command: exit codes and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from backtofront.cli import ExitCode

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")


def test_assess_text(run_cli):
    code, out, _err = run_cli("assess", EXAMPLE)
    assert code == ExitCode.OK
    assert out.startswith("Example District Council (District council)")
    assert "Overall stage: Transitional" in out
    assert "│ Management and" in out and "Evidence: No member" in out  # table cells wrap
    assert "Windfall risk:" in out and "windfall_risk" not in out and "Recommendations" in out
    assert "\x1b[" not in out  # plain when not a terminal
    assert not [line for line in out.splitlines() if line != line.rstrip()]


def test_assess_json(run_cli):
    code, out, _ = run_cli("assess", EXAMPLE, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["overall"]["stage"] == "transitional"
    assert data["characteristics"]["management_leadership"]["stage"] == "transactional"


def test_assess_markdown_to_file(run_cli, tmp_path):
    target = tmp_path / "out.md"
    code, out, err = run_cli("assess", EXAMPLE, "-f", "markdown", "-o", str(target))
    assert code == 0 and out == ""
    assert f"Wrote {target}" in err
    text = target.read_text()
    assert text.startswith("# Back office efficiency assessment: Example District Council")
    assert "| Management and leadership of efficiency | Transactional |" in text
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


@pytest.mark.parametrize("args,needle", [
    (["assess", "nope.yaml"], "nope.yaml: no such file"),
    (["assess", "."], ".: is a directory"),
    (["assess", EXAMPLE, "--format", "pdf"], "'pdf' is not one of"),
    (["assess"], "missing PROFILE (or --case N for a case-study council)"),
    (["assess", EXAMPLE, "--colour"], "No such option"),
    (["knowledge", "casestudies"], "'casestudies' is not one of"),
    (["frobnicate"], "No such command 'frobnicate'"),
])
def test_usage_and_file_errors_exit_2(run_cli, args, needle):
    code, _out, err = run_cli(*args)
    assert code == ExitCode.BAD_INPUT
    assert needle in err
    assert "Traceback" not in err


@pytest.mark.parametrize("args,expected", [
    (["letter", EXAMPLE, "-o"], "Error: Option '-o' requires an argument. (see 'backtofront letter --help')"),
    (["cases", "show", "-x"], "Error: No such option '-x'. (see 'backtofront cases show --help')"),
    (["--bogus"], "Error: No such option '--bogus'. (see 'backtofront --help')"),
    # the nearest names only: not cases beside assess, nor batch beside benchmark
    (["asess"], "Error: No such command 'asess'. Did you mean 'assess'? (see 'backtofront --help')"),
    (["bench"], "Error: No such command 'bench'. Did you mean 'benchmark'? (see 'backtofront --help')"),
    (["compre"], "Error: No such command 'compre'. Did you mean 'compare'? (see 'backtofront --help')"),
    (["assess", EXAMPLE, "--formt", "md"],
     "Error: No such option '--formt'. Did you mean '--format'? (see 'backtofront assess --help')"),
    # as near as each other: both named
    (["com"], "Error: No such command 'com'. (Did you mean one of: 'compare', 'combine'?) "
                 "(see 'backtofront --help')"),
])
def test_a_usage_error_points_to_its_own_commands_help(run_cli, args, expected):
    code, out, err = run_cli(*args)
    assert (code, out, err.strip()) == (ExitCode.BAD_INPUT, "", expected)


def test_bad_profile_exits_2_with_one_clear_message(run_cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("council: {name: X, type: district}\ncharacteristics: {time_scales: transformationl}\n")
    code, out, err = run_cli("assess", str(bad))
    assert code == 2 and out == ""
    assert err.strip() == (f"Error: {bad}: characteristics.time_scales: 'transformationl' is not valid; "
                           "choose one of transactional, transitional, transformational (did you mean "
                           "'transformational'?)")


def test_output_into_a_missing_folder_exits_2(run_cli, tmp_path):
    code, _, err = run_cli("assess", EXAMPLE, "-o", str(tmp_path / "no" / "such.txt"))
    assert code == 2 and "does not exist" in err


def test_debug_shows_the_traceback(run_cli, tmp_path):
    with pytest.raises(Exception, match="no such file"):
        run_cli("--debug", "assess", str(tmp_path / "missing.yaml"))


def test_internal_error_exits_1(run_cli, monkeypatch):
    from backtofront.classifier import classify

    def boom(self, profile, source=None):
        raise RuntimeError("kaboom")
    monkeypatch.setattr(classify.Classifier, "classify", boom)
    code, _, err = run_cli("assess", EXAMPLE)
    assert code == ExitCode.ERROR
    assert "Internal error: RuntimeError: kaboom" in err and "--debug" in err


def test_interrupt_exits_130(run_cli, monkeypatch):
    from backtofront.classifier import classify

    def stop(self, profile, source=None):
        raise KeyboardInterrupt
    monkeypatch.setattr(classify.Classifier, "classify", stop)
    code, _, err = run_cli("assess", EXAMPLE)
    # one line, with no blank line before it where standard error is not a terminal
    assert code == ExitCode.INTERRUPTED and err == "Interrupted.\n"


def test_knowledge_text(run_cli):
    code, out, _ = run_cli("knowledge", "techniques")
    assert code == 0
    assert "Table 5" in out and "lean_bpi" in out and "£60,000 (district council)" in out


def test_knowledge_json(run_cli):
    code, out, _ = run_cli("knowledge", "characteristics", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert next(c["id"] for c in data["characteristics"]) == "efficiency_policy"
    assert data["characteristics"][0]["descriptors"]["transactional"] == "Ad-hoc efficiency activity."


def test_knowledge_all_topics(run_cli):
    code, out, _ = run_cli("knowledge", "-f", "json")
    assert code == 0
    assert set(json.loads(out)) == {"characteristics", "pressures", "barriers", "techniques", "case-studies",
                                    "figures"}


def test_rules_catalogue(run_cli):
    code, out, _ = run_cli("rules")
    assert code == 0 and out.splitlines()[0].startswith("BT101  classify")


@pytest.mark.parametrize("command", ["assess", "knowledge", "rules", "letter", "cases", "walkthrough",
                                     "checklist", None])
def test_every_command_has_help_with_examples(run_cli, command):
    code, out, _ = run_cli(*([command] if command else []), "--help")
    assert code == 0
    assert "Example" in out


def test_version(run_cli):
    code, out, _ = run_cli("--version")
    assert code == 0 and out.startswith("backtofront, version ")


def _subprocess(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=60, check=False)


def test_installed_command_works_from_any_directory(tmp_path):
    exe = Path(sys.executable).with_name("backtofront")
    done = _subprocess([str(exe), "assess", EXAMPLE, "-f", "json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["overall"]["stage"] == "transitional"


def test_python_cli_py_works_from_a_checkout():
    done = _subprocess([sys.executable, "cli.py", "assess", "examples/district-transitional.yaml"], ROOT)
    assert done.returncode == 0, done.stderr
    assert "Overall stage: Transitional" in done.stdout


def test_bad_input_in_a_real_process_has_no_traceback(tmp_path):
    (tmp_path / "p.yaml").write_bytes(b"\x00\x01")
    exe = Path(sys.executable).with_name("backtofront")
    done = _subprocess([str(exe), "assess", "p.yaml"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "Error: p.yaml: is a binary file, not a YAML or JSON profile"


@pytest.mark.parametrize("suffix,magic", [(".md", b"**From:**"), (".html", b"<!DOCTYPE html>"),
                                          (".docx", b"PK"), (".pdf", b"%PDF-")])
def test_letter_format_follows_the_file_extension(run_cli, tmp_path, suffix, magic):
    target = tmp_path / f"letter{suffix}"
    code, _out, err = run_cli("letter", EXAMPLE, "-o", str(target), "--date", "2008-11-01")
    assert code == 0, err
    assert target.read_bytes().startswith(magic)
    assert oct(target.stat().st_mode & 0o777) != "0o600"


def test_letter_to_stdout_and_options(run_cli):
    code, out, _ = run_cli("letter", EXAMPLE, "--sender", "Jane Smith", "--recipient", "Chair of Scrutiny",
                           "--date", "2008-11-01")
    assert code == 0
    assert out.startswith("**From:** Jane Smith  \n**To:** Chair of Scrutiny  \n**Date:** 1 November 2008")


@pytest.mark.parametrize("args,needle", [
    (["letter", EXAMPLE, "-f", "docx"], "binary: give an output file with -o FILE"),
    (["letter", EXAMPLE, "--date", "31-10-08"], "write it as YYYY-MM-DD (2008-03-31) or DD/MM/YYYY "
                                                "(31/03/2008)"),
    (["letter", EXAMPLE, "--template-dir", "/nonexistent"], "is not a folder of templates"),
])
def test_letter_bad_input_exits_2(run_cli, args, needle):
    code, _, err = run_cli(*args)
    assert code == 2 and needle in err and "Traceback" not in err


def test_an_interrupted_write_leaves_no_file(run_cli, tmp_path, monkeypatch):
    target = tmp_path / "letter.md"

    def interrupted(src, dst):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "replace", interrupted)
    code, _, _err = run_cli("letter", EXAMPLE, "-o", str(target))
    assert code == ExitCode.INTERRUPTED
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("topic,title", [("characteristics", "Table 4"), ("pressures", "Table 3: pressures"),
                                         ("barriers", "Table 3: barriers"), ("techniques", "Table 5"),
                                         ("case-studies", "Case studies")])
def test_knowledge_text_for_every_topic(run_cli, topic, title):
    code, out, _ = run_cli("knowledge", topic)
    assert code == 0 and title in out.splitlines()[0]


def test_the_terminal_report_in_colour(classifier):
    from backtofront.classifier import profile
    from backtofront.render.formats import Format, render
    result = classifier.classify(profile.load(EXAMPLE))
    coloured = render(result, Format.TEXT, color=True)
    assert "\x1b[" in coloured and "Transitional" in coloured


@pytest.mark.parametrize("at_terminal, code, said", [
    (True, 129, "Interrupted."),                                          # the terminal window closed
    (False, 2, "Error: standard output cannot be written: Input/output error"),  # a device failing
])
def test_an_input_output_error_on_standard_output(run_cli, monkeypatch, at_terminal, code, said):
    """EIO writing the report: at a terminal it means the terminal closed before its SIGHUP was handled, so
    the command ends as the hang-up does (128 + SIGHUP); elsewhere it is the device, said in one line."""
    import errno

    from backtofront import cli as cli_mod
    from backtofront.render import terminal

    def failing(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")
    monkeypatch.setattr(terminal, "isatty", lambda stream: at_terminal)
    monkeypatch.setattr(cli_mod, "write_output", failing)
    got, _, err = run_cli("knowledge")
    assert (got, err.strip()) == (code, said)


@pytest.mark.parametrize("args", [
    ["batch", str(ROOT / "examples"), "-o", "{long}"],
    ["batch", "{long}", "-o", "out"],
    ["interview", "-o", "{long}.yaml"],
    ["benchmark", EXAMPLE, "--cohort", "{long}"],
    ["letter", EXAMPLE, "--template-dir", "{long}"],
])
def test_a_name_too_long_for_the_file_system_is_one_line(run_cli, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    long = "x" * 300
    code, _, err = run_cli(*(a.replace("{long}", long) for a in args))
    assert code == 2, err
    assert err.startswith(f"Error: {'x' * 40}…") and err.endswith(
        ": a name in it is too long for the file system (at most 255 bytes)\n") and err.count("\n") == 1


def test_a_sender_and_recipient_pasted_with_spaces_and_a_line_ending_are_printed_without_them(run_cli):
    code, out, err = run_cli("letter", EXAMPLE, "-f", "md", "--sender", " Jane Smith, Head of Audit\r\n",
                             "--recipient", "Chief Executive \r")
    assert code == 0, err
    assert "**From:** Jane Smith, Head of Audit  \n**To:** Chief Executive  \n" in out
    assert "Dear Chief Executive,\n" in out and "\nJane Smith, Head of Audit\n" in out and "\r" not in out


@pytest.mark.parametrize("args, said", [
    (["--sender", "Jane\x1b[31mRED"],
     "Error: --sender: the text holds a control character (U+001B); remove it"),
    (["--recipient", "a\n\n# Heading\nb"],
     "Error: --recipient: the text holds a line break; give it on one line"),
    (["--sender", "Chief \ufffe officer"], "Error: --sender: the text holds U+FFFE, a noncharacter (never a "
                                           "character of any text); remove it"),
    (["--recipient", "  "], "Error: --recipient: the text is blank; give a name, or leave the option out"),
    (["--sender", "Jane Smith\r\nHead of Audit"], "Error: --sender: the text holds a line break; give it on "
                                                 "one line"),
    (["--sender", "\r\n"], "Error: --sender: the text is blank; give a name, or leave the option out"),
])
def test_a_letters_sender_or_recipient_holding_what_no_letter_may_is_refused(run_cli, tmp_path, args, said):
    """Never silently changed: the character is named, nothing is written (exit 2, one line)."""
    target = tmp_path / "letter.md"
    code, out, err = run_cli("letter", EXAMPLE, "-o", str(target), *args)
    assert (code, out, err.strip()) == (ExitCode.BAD_INPUT, "", said)
    assert not target.exists()
