"""Every command as people meet it: under a real pseudo-terminal at 120, 80 and 60 columns, in pipes that
close early, in legacy encodings, with colour turned off, and interrupted with Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import click
import forked
import pexpect
import pytest
from backtofront import cli as cli_mod
from backtofront.render import letter as letter_mod
from backtofront.render import output_format, terminal

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side. The
# tests of pipes, encodings and files here start the command without a terminal and time nothing: any
# worker runs them.
TERMINAL = pytest.mark.xdist_group("terminal")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")
BIN = str(Path(sys.executable).parent / "backtofront")
WIDTHS = (120, 80, 60)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


# Every command's terminal case: (command path, arguments, text it must show, whether every line must fit
# the terminal's width), each run at 120, 80 and 60 columns. A command added to the CLI needs one line here
# (test_every_command_has_a_pty_case). Markdown, JSON and YAML are not wrapped (they are for files and
# copying), so they only need exit 0 and their content.
PTY_CASES = [
    ("assess", ["assess", EXAMPLE], "Overall stage: Transitional", True),
    ("letter", ["letter", EXAMPLE], "Example District Council", False),
    ("knowledge", ["knowledge"], "Table 5: methods and techniques", True),
    ("knowledge", ["knowledge", "characteristics"], "management_leadership", True),
    ("knowledge", ["knowledge", "pressures"], "financial_position", True),
    ("knowledge", ["knowledge", "barriers"], "existing_contracts", True),
    ("knowledge", ["knowledge", "techniques"], "transformation_restructuring", True),
    ("knowledge", ["knowledge", "case-studies"], "Worcestershire", True),
    ("knowledge", ["knowledge", "profile-format"], "# Profile format", False),
    ("rules", ["rules"], "BT110", True),
    ("cases", ["cases"], "Worcestershire County Council", True),
    ("cases show", ["cases", "show", "7"], "Case study 7", True),
    ("walkthrough", ["walkthrough", "--case", "7", "--no-pause"], "Overall stage:", True),
    ("grade", ["grade", str(ROOT / "tests" / "render" / "student-answers-case7.yaml")], "Class summary",
     True),
    ("checklist", ["checklist"], "Checklist 3", True),
    ("example", ["example"], "council:", False),
    ("questions", ["questions"], "The question bank", True),
    ("interview", ["interview", "-o", "council.yaml", "--answers", "{answers}"], "Overall stage", True),
    ("compare", ["compare", EXAMPLE, str(ROOT / "examples" / "metropolitan-transactional.yaml"),
                 "--any-council"],
     "Efficiency policy", True),
    ("benchmark", ["benchmark", EXAMPLE], "against 17 councils", True),
    ("batch", ["batch", str(ROOT / "examples"), "-o", "out"], "2 assessed", True),
    ("combine", ["combine", *(str(ROOT / "examples" / "workshop" / f"{role}.yaml")
                              for role in ("officer", "councillor", "staff"))], "respondents:", False),
]
# Other formats and inputs of the same commands, at 80 columns.
PTY_VARIANTS = [
    ("assess", ["assess", EXAMPLE, "--format", "json"], '"overall"', False),
    ("assess", ["assess", EXAMPLE, "--format", "md"], "# Back office efficiency assessment", False),
    ("assess", ["assess", "--case", "9"], "Worcestershire County Council", True),
    ("knowledge", ["knowledge", "--format", "json"], '"techniques"', False),
    ("rules", ["rules", "--format", "json"], '"citations"', False),
    ("walkthrough", ["walkthrough", EXAMPLE, "--no-pause"], "Walkthrough: Example District Council", True),
    ("checklist", ["checklist", "--format", "md"], "## Checklist 1", False),
    ("questions", ["questions", "--format", "json"], '"questions"', False),
    ("example", ["example", "--format", "csv"], "council.name,council.type", False),
]


ANSWERS = ROOT / "examples" / "cases" / "answers" / "cs07-north-warwickshire.yaml"


def expand(args: list[str], tmp_path: Path) -> list[str]:
    """`{answers}` in a case's arguments: an answers file (case study 7's) in `tmp_path`, where the case
    runs."""
    import yaml

    answers = tmp_path / "answers.yaml"
    if not answers.exists():
        answers.write_text(yaml.safe_dump(yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))["profile"],
                                          allow_unicode=True), encoding="utf-8")
    return [a.replace("{answers}", answers.name) for a in args]


def _ids(cases):
    return [" ".join(args).replace(EXAMPLE, "EXAMPLE") for _, args, _, _ in cases]


CASE_IDS = _ids(PTY_CASES)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES",
                                                            "PYTHONIOENCODING")}
    # PAGER=cat: output longer than the screen is paged on a terminal; cat lets a test read it to the end
    env.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PAGER": "cat"}, **extra)
    return env


def spawn(args: list[str], width: int = 80, cwd: Path | None = None, **env: str) -> pexpect.spawn:
    return forked.spawn(args, dimensions=(40, width), env=_env(**env), encoding="utf-8",
                        codec_errors="replace", timeout=60, cwd=cwd)


def run_pty(args: list[str], width: int = 80, cwd: Path | None = None, **env: str) -> tuple[int, str]:
    """Run to the end under a pseudo-terminal; returns (exit status, everything the terminal received)."""
    child = spawn(args, width, cwd, **env)
    out = child.read()
    child.close()
    return child.exitstatus, out


def visible_lines(out: str) -> list[str]:
    """The lines as they stand on the screen: a carriage return (a progress bar redrawn) overwrites."""
    return [line.split("\r")[-1] for line in ANSI.sub("", out).replace("\r\n", "\n").split("\n")]


# -- every command, under a terminal ----------------------------------------------------------------
def _command_paths(group: click.Group, prefix: str = "") -> list[str]:
    paths = []
    for name, command in group.commands.items():
        paths.append(prefix + name)
        if isinstance(command, click.Group):
            paths += _command_paths(command, prefix + name + " ")
    return paths


def test_every_command_has_a_pty_case():
    covered = {path for path, *_ in PTY_CASES}
    missing = [path for path in _command_paths(cli_mod.cli) if path not in covered]
    assert not missing, f"add a PTY_CASES line for: {', '.join(missing)}"


@TERMINAL
@pytest.mark.parametrize("path,args,needle,fits,width",
                         [(*case, width) for case in PTY_CASES for width in WIDTHS]
                         + [(*case, 80) for case in PTY_VARIANTS],
                         ids=[f"{i}-{w}" for i in CASE_IDS for w in WIDTHS]
                         + [f"{i}-80" for i in _ids(PTY_VARIANTS)])
def test_command_in_a_terminal(path, args, needle, fits, width, tmp_path):
    status, out = run_pty(expand(args, tmp_path), width, cwd=tmp_path)
    text = ANSI.sub("", out)
    assert status == 0, text[-2000:]
    assert needle in text
    assert "Traceback" not in text and "Error" not in text
    if fits:
        lines = visible_lines(out)
        too_long = [line for line in lines if len(line) > width]
        assert not too_long, too_long[:3]
        assert "…" not in text  # no word cut with an ellipsis
        cropped = [line for line in lines if line[:1] in "┏┃┡│├└" and line.rstrip()[-1:] not in "┓┃┩│┤┘"]
        assert not cropped, cropped[:3]  # no table wider than the terminal, cut at its edge
        # never mid-word: every line's last word is a whole word of the output
        assert not [line for line in lines if re.search(r"[a-z]-$", line.rstrip("│| "))]


@TERMINAL
def test_terminal_output_has_colour_and_pipes_have_none():
    _, on_terminal = run_pty(["assess", EXAMPLE], 100)
    assert "\x1b[" in on_terminal  # the check below can fail
    piped = subprocess.run([BIN, "assess", EXAMPLE], capture_output=True, text=True, env=_env(), check=True)
    assert "\x1b" not in piped.stdout


@TERMINAL
@pytest.mark.parametrize("how", [
    {"env": {"NO_COLOR": "1"}, "args": []},
    {"env": {"NO_COLOR": "yes please"}, "args": []},
    {"env": {"TERM": "dumb"}, "args": []},
    {"env": {}, "args": ["--no-color"]},
    {"env": {}, "args": ["--no-color", "at-end"]},
], ids=["NO_COLOR=1", "NO_COLOR=text", "TERM=dumb", "--no-color-first", "--no-color-last"])
@pytest.mark.parametrize("command", [["assess", EXAMPLE], ["knowledge", "techniques"]])
def test_no_colour_on_a_terminal(how, command):
    args = list(how["args"])
    args = command + ["--no-color"] if args == ["--no-color", "at-end"] else args + command
    status, out = run_pty(args, 100, **how["env"])
    assert status == 0
    assert "\x1b" not in out, repr(out[:200])


@TERMINAL
def test_empty_no_color_leaves_colour_on():
    _, out = run_pty(["assess", EXAMPLE], 100, NO_COLOR="")
    assert "\x1b[" in out


@TERMINAL
def test_narrow_assess_stacks_the_table_and_keeps_hanging_indents():
    status, out = run_pty(["assess", EXAMPLE, "--no-color"], 60)
    lines = visible_lines(out)
    assert status == 0
    assert "┃" not in out  # no table below 80 columns: a list
    assert "  - Efficiency policy: Transitional" in lines
    at = lines.index("    Table 4 at this stage: Policy – but not linked to other")
    assert lines[at + 1] == " " * len("    Table 4 at this stage: ") + "policies."  # a hanging indent
    # a wrapped recommendation heading continues under its text, not under its number
    first = next(i for i, line in enumerate(lines) if re.match(r"\s+1\. ", line))
    assert lines[first + 1].startswith("     ") and not lines[first + 1].startswith("      ")


@TERMINAL
def test_knowledge_ids_are_never_cut():
    ids = ["transformation_restructuring", "investment_in_existing_systems", "absence_of_political_will",
           "insufficient_cost_knowledge", "back_office_front_line"]
    for width in WIDTHS:
        _, out = run_pty(["knowledge", "--no-color"], width)
        for ident in ids:
            assert ident in out, (width, ident)
    piped = subprocess.run([BIN, "knowledge"], capture_output=True, text=True, env=_env(), check=True).stdout
    for ident in ids:
        assert ident in piped


# -- the walkthrough and quiz, by keystrokes --------------------------------------------------------
@TERMINAL
@pytest.mark.parametrize("width", WIDTHS)
def test_walkthrough_enter_then_q(width):
    child = spawn(["walkthrough", "--case", "7"], width)
    child.expect_exact("Press Enter for the next step, q to quit: ")
    child.waitnoecho()  # reading one key: a key sent earlier would be dropped
    child.sendline("")
    child.expect_exact("Step 2 of")
    child.expect_exact("Press Enter")
    child.waitnoecho()
    child.sendline("q")
    child.expect_exact("Stopped.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@TERMINAL
@pytest.mark.parametrize("width", WIDTHS)
def test_quiz_answers_score_and_quit(width):
    child = spawn(["walkthrough", "--case", "9", "--quiz"], width)
    answered = 0
    feedback = ""
    while True:
        found = child.expect([r"q = quit\]: ", "Press Enter to walk through the case",
                              "Press Enter for more, q to quit: "])
        if found == 1:
            feedback += child.before
            break
        if found == 2:
            feedback += child.before
            child.waitnoecho()
            child.send("\r")
            continue
        child.sendline("3" if answered % 2 else "transitional")
        answered += 1
    assert answered >= 2
    before = ANSI.sub("", feedback)
    assert re.search(r"Score: \d+ of \d+ marked", before)
    lines = visible_lines(before)
    assert not [line for line in lines if len(line) > width]
    child.waitnoecho()  # reading one key
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@TERMINAL
@pytest.mark.parametrize("args", [["walkthrough", "--case", "7"], ["walkthrough", "--case", "9", "--quiz"]])
def test_ctrl_c_in_the_walkthrough_exits_130_with_one_line(args):
    child = spawn(args, 80)
    child.expect(r"(q to quit|q = quit\]): ")
    child.sendintr()
    child.expect(pexpect.EOF)
    rest = ANSI.sub("", child.before)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in rest
    lines = [line for line in rest.replace("\r\n", "\n").split("\n") if line.strip()]
    assert [line for line in lines if line != "^C"] == ["Interrupted."]  # ^C: the terminal's own echo


# -- pipes that close early -------------------------------------------------------------------------
ONE_PER_COMMAND = list({path: args for path, args, _, _ in PTY_CASES}.values())


@pytest.mark.parametrize("args", ONE_PER_COMMAND, ids=lambda a: a[0])
def test_reader_leaving_early_is_not_an_error(args, tmp_path):
    for reader in ("head -1", "true"):
        (tmp_path / "council.yaml").unlink(missing_ok=True)
        command = " ".join(map(_quote, [BIN, *expand(args, tmp_path)])) + (f" | {reader} >/dev/null; echo "
                                                                           f"${{PIPESTATUS[0]}}")
        done = subprocess.run(["bash", "-c", command], check=False, capture_output=True, text=True,
                              env=_env(),
                              timeout=60, cwd=tmp_path)
        assert done.stdout.strip() == "0", (reader, done.stderr)
        assert not re.search(r"Error|Traceback|Exception|[Bb]roken pipe", done.stderr), (reader, done.stderr)


def _quote(s: str) -> str:
    import shlex

    return shlex.quote(s)


# -- legacy encodings -------------------------------------------------------------------------------
TEXT_CASES = [["assess", EXAMPLE], ["knowledge"], ["cases", "show", "9"], ["checklist"], ["rules"],
              ["walkthrough", "--case", "7", "--no-pause"], ["letter", EXAMPLE],
              ["assess", EXAMPLE, "-f", "md"],
              ["knowledge", "profile-format"], ["example"]]


@pytest.mark.parametrize("args", TEXT_CASES, ids=lambda a: " ".join(a).replace(EXAMPLE, "EXAMPLE"))
def test_legacy_encoding_gets_the_whole_report(args):
    utf8 = subprocess.run([BIN, *args], capture_output=True, env=_env(PYTHONIOENCODING="utf-8"), check=True)
    for encoding in ("cp1252", "ascii") if args != ["assess", EXAMPLE] else ("cp1252", "latin-1", "ascii"):
        legacy = subprocess.run([BIN, *args], check=False, capture_output=True,
                                env=_env(PYTHONIOENCODING=encoding))
        assert legacy.returncode == 0, legacy.stderr
        expected = terminal.encodable(utf8.stdout.decode("utf-8"), encoding).encode(encoding)
        if args[0] == "assess" and "-f" not in args:
            # the text is measured in the stand-ins the encoding shows ("->" for "→", "GBP " for "£"), so
            # lines may wrap differently: the words around the table are all there, its borders line up
            # and no line is wider than the output
            got, want = legacy.stdout.decode(encoding).split("\n"), expected.decode(encoding).split("\n")
            table = [line for line in got if line[:1] in ("+", "|") and line[:1]]
            assert table and len({len(line) for line in table}) == 1, encoding
            assert max(len(line) for line in got) <= terminal.PIPE_WIDTH, encoding
            assert " ".join(line for line in got if line not in table).split() == \
                " ".join(line for line in want if not (line[:1] in ("+", "|") and line[:1])).split(), encoding
            continue
        assert legacy.stdout == expected, encoding  # whole; only the characters the encoding lacks replaced


def test_legacy_encoding_box_drawing_falls_back_to_ascii():
    out = subprocess.run([BIN, "assess", EXAMPLE], capture_output=True, env=_env(PYTHONIOENCODING="latin-1"),
                         check=True).stdout.decode("latin-1")
    assert "| Characteristic" in out and "+----" in out and "│" not in out


@pytest.mark.parametrize("args", [["assess", EXAMPLE, "-f", "json"], ["knowledge", "-f", "json"],
                                  ["rules", "-f", "json"]])
def test_json_in_a_legacy_encoding_uses_escapes(args):
    utf8 = subprocess.run([BIN, *args], capture_output=True, env=_env(), check=True).stdout.decode("utf-8")
    ascii_out = subprocess.run([BIN, *args], capture_output=True, env=_env(PYTHONIOENCODING="ascii"),
                               check=True).stdout.decode("ascii")
    assert json.loads(ascii_out) == json.loads(utf8)
    if any(ord(ch) > 127 for ch in utf8):
        assert "\\u" in ascii_out


def test_fallback_keeps_any_json_valid():
    data = {"quote": "“Strategic” – „embedded“ «policy» ″ \\ café £1,000 ✓ 北"}
    text = json.dumps(data, ensure_ascii=False)
    for encoding in ("ascii", "latin-1", "cp1252"):
        assert json.loads(terminal.encodable(text, encoding))  # the fallback never breaks a JSON string
    assert json.loads(terminal.encodable(text, "ascii"))["quote"] == \
        "'Strategic' - 'embedded' 'policy' ' \\ cafe GBP 1,000 v ?"
    assert terminal.encodable("┏━┳┓┃│├─┼┤└┘", "ascii") == "+-++||+-++++"


@pytest.mark.parametrize("command", ["compare", "benchmark"])
def test_cohort_json_in_a_legacy_encoding_uses_escapes(command, tmp_path):
    profile = tmp_path / "ynys-mon.yaml"
    profile.write_text(Path(EXAMPLE).read_text(encoding="utf-8").replace(
        "Example District Council", "Cyngor Sir Ynys Môn – Anglesey"), encoding="utf-8")
    args = [command, str(profile), *([str(profile)] if command == "compare" else []), "-f", "json"]
    utf8 = subprocess.run([BIN, *args], capture_output=True, env=_env(), check=True).stdout.decode("utf-8")
    legacy = subprocess.run([BIN, *args], capture_output=True, env=_env(PYTHONIOENCODING="ascii"), check=True)
    text = legacy.stdout.decode("ascii")
    assert "Ynys M\\u00f4n \\u2013 Anglesey" in text
    assert json.loads(text) == json.loads(utf8)


def test_lang_c_writes_everything():
    done = subprocess.run([BIN, "knowledge"], check=False, capture_output=True,
                          env={**_env(), "LANG": "C", "LC_ALL": "C"})
    assert done.returncode == 0 and done.stderr == b""
    assert b"Table 5" in done.stdout and b"joint_ventures" in done.stdout


# -- control characters -----------------------------------------------------------------------------
NASTY = "Evil\x1b]8;;http://example.com\x07link\x1b]8;;\x07 \x1b[2J\x1b[31mRed\x07\x9b1A\rCouncil\x08\x00"


def test_clean_removes_every_kind_of_control():
    assert terminal.clean(NASTY) == "Evillink RedCouncil"
    assert terminal.clean("tab\tand\nnewline stay") == "tab\tand\nnewline stay"
    assert terminal.clean("\x1b]0;title\x1b\\after") == "after"


def test_safe_stream_strips_controls_but_keeps_its_own_colour(tmp_path):
    import io

    raw = io.StringIO()
    terminal.SafeStream(raw, keep_colour=True).write("\x1b[1mbold\x1b[0m \x1b]0;title\x07\x07x\x1b[2J")
    assert raw.getvalue() == "\x1b[1mbold\x1b[0m x"
    raw = io.StringIO()
    terminal.SafeStream(raw, keep_colour=False).write("\x1b[1mbold\x1b[0m")
    assert raw.getvalue() == "bold"


@TERMINAL
@pytest.mark.parametrize("args", [["assess", "{p}"], ["assess", "{p}", "-f", "md"], ["letter", "{p}"],
                                  ["walkthrough", "{p}", "--no-pause"]])
def test_profile_text_cannot_reach_the_terminal_as_controls(tmp_path, args):
    profile = tmp_path / "nasty.yaml"
    profile.write_text(json.dumps({"council": {"name": NASTY, "type": "district"},
                                   "characteristics": {"efficiency_policy": {"stage": "transitional",
                                                                             "evidence": NASTY}},
                                   "notes": NASTY}), encoding="utf-8")
    status, out = run_pty([a.format(p=profile) for a in args], 100)
    assert status in (0, 2)  # shown cleaned, or refused at validation
    without_colour = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", without_colour), repr(without_colour[:300])
    if status == 0:
        assert "Evillink RedCouncil" in without_colour


# -- --debug anywhere, Ctrl-C from the first line ---------------------------------------------------
@pytest.mark.parametrize("args", [["--debug", "assess", "missing.yaml"],
                                  ["assess", "missing.yaml", "--debug"],
                                  ["assess", "--debug", "missing.yaml"]])
def test_debug_is_accepted_anywhere(args):
    done = subprocess.run([BIN, *args], check=False, capture_output=True, text=True, env=_env())
    assert "Traceback" in done.stderr and "No such option" not in done.stderr


def test_without_debug_no_traceback():
    done = subprocess.run([BIN, "assess", "missing.yaml"], check=False, capture_output=True, text=True,
                          env=_env())
    assert done.returncode == 2 and "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1


SLOW_IMPORT = textwrap.dedent("""
    import sys, time

    class Slow:
        def find_spec(self, name, path=None, target=None):
            if name in ("click", "rich"):
                sys.stderr.write("importing " + name + "\\n")
                sys.stderr.flush()
                time.sleep(30)
            return None

    sys.meta_path.insert(0, Slow())
""")


@TERMINAL
def test_ctrl_c_while_importing_exits_130_with_one_line(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(SLOW_IMPORT)
    child = subprocess.Popen([BIN, "knowledge"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=_env(PYTHONPATH=str(tmp_path)))
    assert child.stderr.readline().startswith("importing ")  # now inside the package's imports
    time.sleep(0.2)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 130
    assert err == "Interrupted.\n" and out == ""


def test_broken_rule_engine_build_says_how_to_fix_it():
    code = ("import sys; sys.modules['durable.engine'] = None; from backtofront.entry import main; "
            f"sys.argv = ['backtofront', 'assess', {EXAMPLE!r}]; raise SystemExit(main())")
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                          env=_env())
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1
    assert "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install --force-reinstall --no-cache-dir " \
           "--no-binary durable-rules durable-rules==2.0.28" in done.stderr


# -- output formats chosen the same way everywhere --------------------------------------------------
@pytest.mark.parametrize("args,suffix,check", [
    (["assess", EXAMPLE], ".json", lambda t: json.loads(t)["overall"]["stage"] == "transitional"),
    (["assess", EXAMPLE], ".md", lambda t: t.startswith("# Back office efficiency assessment")),
    (["assess", EXAMPLE], ".txt", lambda t: t.startswith("Example District Council (District council)")),
    (["assess", EXAMPLE], "", lambda t: t.startswith("Example District Council (District council)")),
    (["knowledge", "techniques"], ".json", lambda t: "techniques" in json.loads(t)),
    (["rules"], ".json", lambda t: json.loads(t)[0]["id"].startswith("BT")),
    (["rules"], ".txt", lambda t: t.startswith("BT")),
    (["checklist"], ".md", lambda t: t.startswith("## Checklist 1")),
    (["letter", EXAMPLE], ".html", lambda t: "<html" in t.lower()),
    (["letter", EXAMPLE], ".MD", lambda t: "Example District Council" in t and "<html" not in t.lower()),
    (["example"], ".yaml", lambda t: t.startswith("# A starter council profile")),
])
def test_output_format_follows_the_extension(run_cli, tmp_path, args, suffix, check):
    target = tmp_path / f"out{suffix}"
    code, _, err = run_cli(*args, "-o", str(target))
    assert code == 0, err
    assert check(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("args,suffix", [(["assess", EXAMPLE], ".doc"), (["assess", EXAMPLE], ".odt"),
                                         (["letter", EXAMPLE], ".txt"), (["checklist"], ".json"),
                                         (["knowledge"], ".md"), (["rules"], ".pdf")])
def test_an_extension_the_command_cannot_make_is_refused(run_cli, tmp_path, args, suffix):
    target = tmp_path / f"out{suffix}"
    code, _, err = run_cli(*args, "-o", str(target))
    assert code == 2
    assert "this command's output (" in err and f", not {suffix}\n" in err
    assert not target.exists()


@pytest.mark.parametrize("name", ["md", "markdown", "MD", "Markdown"])
@pytest.mark.parametrize("command", [["assess", EXAMPLE], ["checklist"], ["letter", EXAMPLE]])
def test_format_names_are_the_same_everywhere(run_cli, command, name):
    code, out, err = run_cli(*command, "--format", name)
    assert code == 0, err
    assert out.lstrip().startswith("#") or "Dear" in out


def test_format_overrides_the_extension(run_cli, tmp_path):
    target = tmp_path / "out.txt"
    code, _, _ = run_cli("assess", EXAMPLE, "--format", "json", "-o", str(target))
    assert code == 0 and json.loads(target.read_text())["overall"]["stage"] == "transitional"


def test_pick_names_the_choices():
    with pytest.raises(Exception, match=r"this command's output \(md, html\) is written as \.md, \.markdown, "
                                        r"\.html or \.htm, not \.odt$"):
        output_format.pick(None, "x.odt", ("md", "html"), "md")
    assert output_format.canonical(" MarkDown ") == "md"


# -- what help points to exists after installation --------------------------------------------------
def test_example_profile_assesses_cleanly(tmp_path):
    made = subprocess.run([BIN, "example"], capture_output=True, text=True, env=_env(), check=True,
                          cwd=tmp_path)
    (tmp_path / "council.yaml").write_text(made.stdout)
    assert made.stdout.count("#") > 20  # commented
    done = subprocess.run([BIN, "assess", "council.yaml"], check=False, capture_output=True, text=True,
                          env=_env(),
                          cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("Your Council (District council)")


def test_profile_format_is_installed_with_the_package(tmp_path):
    done = subprocess.run([BIN, "knowledge", "profile-format"], capture_output=True, text=True, env=_env(),
                          cwd=tmp_path, check=True)
    assert done.stdout == (ROOT / "docs" / "profile-format.md").read_text(encoding="utf-8")


def test_pdf_hint_and_readme_name_the_same_install_command():
    command = re.search(r"pip install '[^']+'", letter_mod.PDF_HELP).group()
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")


def test_error_messages_cannot_carry_controls(tmp_path):
    profile = tmp_path / "bad.yaml"
    profile.write_text(json.dumps({"council": {"name": "X", "type": "district"},
                                   "\x1b]0;owned\x07evil\x1b[2J": 1}),
                       encoding="utf-8")
    done = subprocess.run([BIN, "assess", str(profile)], check=False, capture_output=True, env=_env())
    assert done.returncode == 2
    assert b"evil" in done.stderr  # the key is named ...
    assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", done.stderr)  # ... without its control characters
