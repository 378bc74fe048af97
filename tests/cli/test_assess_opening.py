"""`assess` leads with what matters: one opening screen (council, stage, why, the first shortest path, the
top priorities) in the first 24 lines at 80 columns under a real terminal; --top N and --all; and
--what-if ID=STAGE for every characteristic, with bad input refused in one line."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import forked
import pexpect
import pytest
from backtofront.classifier import knowledge, profile
from backtofront.render.formats import page_one

# Terminals, signals and timings: one xdist worker runs this group, never two of them side by side. The
# tests that run the command in-process (run_cli) have no terminal and time nothing: any worker runs them.
TERMINAL = pytest.mark.xdist_group("terminal")

ROOT = Path(__file__).resolve().parents[2]
BIN = str(Path(sys.executable).parent / "backtofront")
METROPOLITAN = str(ROOT / "examples" / "metropolitan-transactional.yaml")
DISTRICT = str(ROOT / "examples" / "district-transitional.yaml")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
IDS = list(knowledge.load().characteristics)


def pty(*args: str, rows: int = 24, cols: int = 80) -> str:
    child = forked.spawn(list(args), dimensions=(rows, cols), encoding="utf-8", timeout=120,
                         env={"PATH": "/usr/bin:/bin", "TERM": "xterm", "COLUMNS": str(cols),
                              "LINES": str(rows)})
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return ANSI.sub("", child.before).replace("\r\n", "\n")


@TERMINAL
@pytest.mark.parametrize("path", [METROPOLITAN, DISTRICT,
                                  str(ROOT / "examples" / "cases" / "cs08-croydon.yaml")])
def test_first_24_lines_hold_stage_path_and_priorities(path, classifier):
    result = classifier.classify(profile.load(path))
    first = "\n".join(pty("assess", path).splitlines()[:24])
    assert f"Overall stage: {result.overall.headline}" in first
    assert "Why: " in first
    if result.next_stage_path:
        assert f"Shortest path to {result.next_stage_path.to}" in first
        name = result.characteristics[result.next_stage_path.paths[0][0].characteristic].name
        assert name.split()[0] in first
    assert "Top priorities" in first
    flat = " ".join(first.split())
    for i, rec in enumerate(page_one(result.recommendations), start=1):
        assert f"{i}. [{rec.priority}] {' '.join(rec.title.split()[:3])}" in flat


@TERMINAL
def test_the_opening_screen_is_one_screen_for_every_bundled_profile():
    for path in [*sorted((ROOT / "examples").glob("*.yaml")),
                 *sorted((ROOT / "examples" / "cases").glob("cs*.yaml"))]:
        out = pty("assess", str(path))
        opening = out.split("\n\n")[0].splitlines()
        assert len(opening) <= 24, (path.name, len(opening))
        # the screen ends on the top priorities: the last one shown, or the count of the rest
        last = opening[-1].strip()
        assert re.match(r"and \d+ more: --all$", last) or not re.search(r"^(Why|Top priorities|- )", last), (
            path.name, last)
        priorities = out.split("Top priorities\n", 1)[1].split("\n\n")[0]
        # each priority opens with its priority, never left alone on a line of its own
        assert all(re.match(r"\s+\d+\. \[(high|medium|low)\] \S", line) for line in priorities.splitlines()
                   if re.match(r"\s+\d+\. ", line)), priorities
        assert not re.search(r"^\s*\[(high|medium|low)\]\s*$", priorities, re.M), priorities


def test_top_and_all(run_cli, classifier):
    result = classifier.classify(profile.load(METROPOLITAN))
    total = len(result.recommendations)
    default = len(page_one(result.recommendations))
    code, out, _ = run_cli("assess", METROPOLITAN)
    assert code == 0 and f"and {total - default} more: --all" in out
    code, out, _ = run_cli("assess", METROPOLITAN, "--all")
    assert code == 0 and "more: --all" not in out
    assert f"{total:>3}. " in out
    code, out, _ = run_cli("assess", METROPOLITAN, "--top", "2")
    assert code == 0 and f"and {total - 2} more: --all" in out and "  3. " not in out.split("In detail")[1]
    code, out, _ = run_cli("assess", METROPOLITAN, "-f", "md", "--top", "1")  # a document: no bare option
    assert code == 0 and (f"and {total - 1} more, not detailed in this report (`backtofront assess --all` "
                          "details every one).") in out and "more: --all" not in out
    code, out, _ = run_cli("assess", METROPOLITAN, "-f", "json", "--top", "1")
    assert len(json.loads(out)["recommendations"]) == total  # JSON always has them all
    code, _, err = run_cli("assess", METROPOLITAN, "--top", "0")
    assert code == 2 and "Invalid value for '--top'" in err and "Traceback" not in err
    code, _, err = run_cli("assess", METROPOLITAN, "--top", "2", "--all")
    assert code == 2 and "give --top N or --all, not both" in err


def test_path_shown_in_text_and_markdown(run_cli):
    code, out, _ = run_cli("assess", METROPOLITAN)
    assert "Shortest path to transitional: two moves, one of 15 equally short paths" in out
    assert "Path 3:" in out and "and 12 more paths as short" in out
    code, out, _ = run_cli("assess", METROPOLITAN, "-f", "md")
    assert "**Shortest path to transitional: two moves**, one of 15 equally short paths" in out
    assert "- Efficiency policy to transitional: “Policy – but not linked to other policies.”" in out
    assert "the assessment's reading of para 47 and Figure 12" in out
    data = json.loads(run_cli("assess", METROPOLITAN, "-f", "json")[1])
    assert data["next_stage_path"]["moves"] == 2 and data["schema_version"] == "1.10"


@pytest.mark.parametrize("cid", IDS)
def test_what_if_every_characteristic(run_cli, classifier, cid):
    base = classifier.classify(profile.load(METROPOLITAN))
    was = base.characteristics[cid].stage.id
    new = "transformational" if was != "transformational" else "transitional"
    code, out, _ = run_cli("assess", METROPOLITAN, "--what-if", f"{cid}={new.upper()}", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["characteristics"][cid]["stage"] == new
    w = data["what_if"]
    assert w["set"] == {cid: new}
    assert w["characteristics"][cid] == {"from": was, "to": new, "change": "up"}
    assert w["overall"]["from"] == base.overall.stage and w["overall"]["to"] == data["overall"]["stage"]
    assert set(w["flags"]) == {"added", "removed"}
    assert set(w["recommendations"]) == {"closed", "achieved", "went_down", "new"}
    assert w["recommendations"]["went_down"] == []   # the setting moves a characteristic up only
    closed = {r["id"] for r in w["recommendations"]["closed"]}
    achieved = {r["id"] for r in w["recommendations"]["achieved"]}
    assert f"next_stage_{cid}" in closed or not any(r.id == f"next_stage_{cid}" for r in base.recommendations)
    assert achieved <= closed and (f"next_stage_{cid}" in achieved) == (f"next_stage_{cid}" in closed)
    code, out, _ = run_cli("assess", METROPOLITAN, "--what-if", f"{cid}=not_assessed")
    name = base.characteristics[cid].name
    assert code == 0 and out.startswith(f"What if: {name[0].lower() + name[1:]} not assessed")
    assert "Changes" in out and f"{name}: {was} → not assessed (no longer assessed)" in out


def test_what_if_reaches_the_next_stage_by_the_shortest_path(run_cli, classifier):
    path = classifier.classify(profile.load(METROPOLITAN)).next_stage_path
    args = [a for m in path.paths[0] for a in ("--what-if", f"{m.characteristic}={m.to}")]
    code, out, _ = run_cli("assess", METROPOLITAN, *args)
    assert code == 0
    assert "Overall stage: transactional → transitional (up)" in out


@pytest.mark.parametrize("arg, words", [
    ("efficiency=transitional", "is not a characteristic; use one of " + ", ".join(IDS)),
    ("efficiency_policy=advanced", "is not a stage; use one of transactional, transitional, "
                                   "transformational, not_assessed"),
    ("efficiency_policy", "give ID=STAGE"),
    ("=transitional", "give ID=STAGE"),
])
def test_what_if_bad_input(run_cli, arg, words):
    code, out, err = run_cli("assess", METROPOLITAN, "--what-if", arg)
    assert code == 2 and out == ""
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_move_to_assess_says_what_the_path_needs_not_what_the_council_is(run_cli):
    code, out, _ = run_cli("assess", "--case", "4")
    flat = " ".join(out.split())
    assert code == 0
    assert "Assess management and leadership of efficiency (this path needs it at transitional: “" in flat
    assert "counted as" not in flat


def test_one_characteristic_given_two_stages_is_refused(run_cli):
    code, out, err = run_cli("assess", METROPOLITAN, "--what-if", "efficiency_policy=transformational",
                             "--what-if", "efficiency_policy=transactional")
    assert code == 2 and out == "" and len(err.splitlines()) == 1, err
    assert "efficiency_policy is already set to transformational" in err
    code, out, err = run_cli("assess", METROPOLITAN, "--what-if", "efficiency_policy=transitional",
                             "--what-if", "efficiency_policy=Transitional", "-f", "json")
    assert code == 0, err
