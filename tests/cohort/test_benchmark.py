"""`backtofront benchmark`: one council against a cohort, its JSON contract, refusal of small cohorts,
and the terminal heatmap without colour."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.cohort import csvfile

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")
CASES = sorted((ROOT / "examples" / "cases").glob("*.yaml"))


def test_json_contract_against_the_bundled_case_studies(run_cli):
    code, out, err = run_cli("benchmark", EXAMPLE, "-f", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["schema_version"] == "1.10"
    assert d["council"] == {"name": "Example District Council", "type": "district"}
    assert d["cohort"]["size"] == len(CASES) >= 5
    assert set(d["overall"]["cohort"]) == {"transactional", "transitional", "transformational",
                                           "not_assessed"}
    assert sum(d["overall"]["cohort"].values()) == len(CASES)
    assert d["overall"]["stage"] == "transitional"
    for cid, c in d["characteristics"].items():
        assert set(c["cohort"]) == {"transactional", "transitional", "transformational", "not_assessed"}
        assert sum(c["cohort"].values()) == len(CASES), cid
    # Worcestershire (case study 9) is transformational in efficiency policy; this council is transitional
    policy = d["characteristics"]["efficiency_policy"]
    assert policy["stage"] == "transitional" and policy["cohort"]["transformational"] >= 1
    assert policy["place"]["above"] == policy["cohort"]["transformational"]
    ict = d["techniques"]["ict"]
    assert ict["used"] is True and ict["report_sr04_sites"] == 22 and ict["report_sites"] == 23
    share = d["figures"]["back_office_share_of_gains_pct"]
    assert share["value"] == 62 and share["national"] == 28 and share["range"] == [6, 91]
    assert share["position"] == "above the national share"
    corporate = d["figures"]["corporate_services_share_of_budget_pct"]
    assert corporate["compared_with"] == "district councils" and corporate["average_2007"] == 23


def _cohort_dir(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "cohort"
    folder.mkdir()
    for i in range(n):
        (folder / f"c{i}.yaml").write_text(
            f"council: {{name: Council {i}, type: unitary}}\n"
            f"characteristics: {{time_scales: "
            f"{['transactional', 'transitional', 'transformational'][i % 3]}}}\nfigures: "
            f"{{corporate_services_share_of_budget_pct: {i + 2}}}\n")
    return folder


def test_a_cohort_below_five_is_refused_unless_lowered(run_cli, tmp_path):
    folder = _cohort_dir(tmp_path, 4)
    code, out, err = run_cli("benchmark", EXAMPLE, "--cohort", str(folder))
    assert code == 2 and out == ""
    assert f"{folder}: the cohort has 4 councils; fewer than 5" in err and "--min-cohort" in err
    code, out, _ = run_cli("benchmark", EXAMPLE, "--cohort", str(folder), "--min-cohort", "4", "-f", "json")
    assert code == 0
    d = json.loads(out)
    assert d["cohort"] == {"size": 4, "source": str(folder), "left_out": 0, "copies": 0, "council_itself": 0}
    assert d["characteristics"]["time_scales"]["cohort"] == {"transactional": 2, "transitional": 1,
                                                             "transformational": 1, "not_assessed": 0}
    assert d["characteristics"]["time_scales"]["place"] == {"below": 2, "same": 1, "above": 1}
    assert run_cli("benchmark", EXAMPLE, "--min-cohort", "0")[0] == 2


def test_cohort_from_csv_and_figures_of_the_same_kind(run_cli, tmp_path):
    rows = [
        "council.name,council.type,characteristics.time_scales,figures.corporate_services_share_of_budget_pct"]
    rows += [f"Council {i},{'district' if i < 3 else 'county'},transitional,{20 + i}" for i in range(6)]
    path = tmp_path / "cohort.csv"
    path.write_text("\n".join(rows) + "\n")
    p = tmp_path / "me.yaml"
    p.write_text("council: {name: Me, type: district}\nfigures: {corporate_services_share_of_budget_pct: "
                 "25}\n")
    code, out, _ = run_cli("benchmark", str(p), "--cohort", str(path), "-f", "json", "--min-cohort", "3")
    assert code == 0
    corporate = json.loads(out)["figures"]["corporate_services_share_of_budget_pct"]
    assert corporate["value"] == 25
    assert corporate["cohort"] == {"councils": 3, "min": 20, "median": 21, "max": 22}  # districts only
    # at the default minimum of five, three districts are too few to show their spread
    code, out, _ = run_cli("benchmark", str(p), "--cohort", str(path), "-f", "json")
    assert json.loads(out)["figures"]["corporate_services_share_of_budget_pct"]["cohort"] == {
        "councils": 3, "too_few": True}


def test_a_bad_profile_in_the_cohort_is_named(run_cli, tmp_path):
    folder = _cohort_dir(tmp_path, 5)
    (folder / "c2.yaml").write_text("council: {name: X, type: parish}\n")
    code, _, err = run_cli("benchmark", EXAMPLE, "--cohort", str(folder))
    assert code == 2 and f"{folder / 'c2.yaml'}: council.type: 'parish' is not valid" in err


def test_text_has_the_spread_the_figures_and_a_heatmap(run_cli):
    code, out, _ = run_cli("benchmark", "--case", "9")
    assert code == 0
    # the council itself is left out of the cohort it is compared with
    assert out.startswith(f"Worcestershire County Council against {len(cases_mod.load_all()) - 1} councils")
    assert "Councils by characteristic (Table 4)" in out
    assert "▶ Worcestershire County Council" in out
    assert "This council → target" in out and "→ Transformational (met)" not in out and "→ none" in out
    assert "Stages: 1░ transactional, 2▒ transitional, 3█ transformational, · not assessed." in out
    assert "single-tier and county councils was 6 per cent in 1999/00 and 3 per cent in 2007/08" in " ".join(
        out.split())
    assert "\x1b[" not in out


def test_html_has_the_distribution_chart(run_cli, tmp_path):
    target = tmp_path / "b.html"
    code, _, _ = run_cli("benchmark", EXAMPLE, "-f", "html", "-o", str(target))
    assert code == 0
    html = target.read_text()
    assert "<svg" in html and f"Stages across the cohort of {len(cases_mod.load_all())} councils" in html
    assert '<th scope="row">Time scales</th><td>Transitional</td><td>Transformational</td>' in html
    assert html.count("<svg") == 2 and "<title>Time scales: target transformational</title>" in html


def _tty_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR", "FORCE_COLOR")}
    return {**env, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40", **extra}


@pytest.mark.parametrize("no_color", [True, False])
def test_heatmap_under_no_color_reads_by_numbers_and_shades(tmp_path, no_color):
    """On a real terminal: with NO_COLOR no escape codes, and the stages still read from the cells."""
    import pty

    exe = str(Path(sys.executable).with_name("backtofront"))
    env = _tty_env(**({"NO_COLOR": "1"} if no_color else {}))
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal on both standard output and standard error
        try:
            os.execve(exe, [exe, "benchmark", "--case", "9"], env)
        finally:
            os._exit(127)
    output = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    text = output.decode()
    colours = [p for sgr in re.findall(r"\x1b\[([0-9;]*)m", text) for p in sgr.split(";")
               if p and (30 <= int(p) <= 49 or 90 <= int(p) <= 107)]
    assert bool(colours) is (not no_color)
    row = next(line for line in text.splitlines() if "Worcestershire County Council" in line and "█" in line)
    assert row.count("3█") == 6  # five transformational characteristics and the overall stage


def test_csv_template_is_a_cohort_of_one_refused(run_cli, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text(csvfile.template())
    code, _, err = run_cli("benchmark", "--case", "9", "--cohort", str(path))
    assert code == 2 and "the cohort has 1 council;" in err
    # the example council is not its own cohort: one line says so
    code, _, err = run_cli("benchmark", EXAMPLE, "--cohort", str(path), "--min-cohort", "1")
    assert code == 2 and err == (f"Error: {path}: holds only Example District Council itself, the council "
                                 "benchmarked; give other councils to benchmark it against\n")


def test_benchmark_of_a_missing_cohort(run_cli, tmp_path):
    code, _, err = run_cli("benchmark", EXAMPLE, "--cohort", str(tmp_path / "none"))
    assert code == 2 and "none: no such file or folder" in err
    done = subprocess.run([str(Path(sys.executable).with_name("backtofront")), "benchmark", EXAMPLE,
                           "--cohort",
                           EXAMPLE], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "give a folder of profiles or a .csv file" in done.stderr


def test_a_council_that_does_not_record_a_technique_is_not_counted_as_not_using_it(run_cli, tmp_path):
    """Of six councils: one uses lean/BPI, one says it does not (not_used), one says it uses none
    (`used: []`), one plans shared services only (`used` left out: lean/BPI not recorded) and two have no
    techniques section. Lean/BPI: 1 of 3 recording it (3 not recorded), never "1 of 6"."""
    folder = tmp_path / "cohort"
    folder.mkdir()
    sections = ["{used: [lean_bpi]}", "{used: [ict], not_used: [lean_bpi]}", "{used: []}",
                "{planned: [shared_services]}", None, None]
    for i, section in enumerate(sections):
        text = (f"council: {{name: Council {i}, type: unitary}}\ncharacteristics: {{time_scales: "
                f"transitional}}\n")
        (folder / f"c{i}.yaml").write_text(text + (f"techniques: {section}\n" if section else ""),
                                           encoding="utf-8")
    code, out, err = run_cli("benchmark", EXAMPLE, "--cohort", str(folder), "-f", "json")
    assert code == 0, err
    lean = json.loads(out)["techniques"]["lean_bpi"]
    assert (lean["cohort_used"], lean["cohort_recorded"], lean["cohort_not_recorded"]) == (1, 3, 3)
    joint = json.loads(out)["techniques"]["joint_ventures"]
    assert (joint["cohort_used"], joint["cohort_recorded"], joint["cohort_not_recorded"]) == (0, 1, 5)
    code, text, err = run_cli("benchmark", EXAMPLE, "--cohort", str(folder))
    assert code == 0, err
    assert "Cohort using, of those recorded" in text
    assert re.search(r"Lean/BPI\s.*1 of 3 recording it \(3 not recorded\)", text), text
    assert re.search(r"Joint ventures\s.*0 of 1 recording it \(5 not recorded\)", text), text
    assert not re.search(r"Lean/BPI\s.*\b1 of 6\b", text)
    target = tmp_path / "b.html"
    code, _, err = run_cli("benchmark", EXAMPLE, "--cohort", str(folder), "-f", "html", "-o", str(target))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert '<th scope="col">Cohort using, of those recorded</th>' in html
    assert (
        '<th scope="row">Lean/BPI</th><td>neither</td><td>1 of 3 recording it (3 not recorded)</td>' in html)
