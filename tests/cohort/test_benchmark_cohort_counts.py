"""`benchmark`: the cohort's numbers agree in every format (the heading, the cohort line, the table, the
heatmap and the JSON), provisional stages are marked, a council counts once in its cohort and never in its
own, and a council left out is named on one line."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from backtofront.classifier import cases as cases_mod
from backtofront.classifier.classify import Classifier

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "district-transitional.yaml"
# two of the eight characteristics assessed: a provisional overall stage
THIN = ("council: {name: Thin District Council, type: district}\n"
        "characteristics: {efficiency_policy: transitional, time_scales: transitional}\n")


def _council(folder: Path, file: str, name: str, stage: str = "transitional") -> None:
    folder.mkdir(exist_ok=True)
    (folder / file).write_text(f"council: {{name: {name}, type: unitary}}\n"
                               f"characteristics: {{time_scales: {stage}, efficiency_policy: {stage}}}\n",
                               encoding="utf-8")


def _words(out: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", out)).split())


def _case_results() -> list:
    classifier = Classifier()
    return [classifier.classify(cases_mod.load_all()[n].profile) for n in cases_mod.load_all()]


def _column(text: str, row: str, column: int) -> str:
    """One cell of the terminal's stage table, its wrapped lines joined: the row's lines run until the next
    row (its first cell starting with a capital) or the table's end."""
    lines = text.splitlines()
    first = next(i for i, x in enumerate(lines) if x.startswith(f"│ {row}"))
    cells = []
    for i, x in enumerate(lines[first:]):
        parts = x.split("│")
        if len(parts) <= column or i and parts[1].strip()[:1].isupper():
            break
        cells.append(parts[column].strip())
    return " ".join(c for c in cells if c)


def test_provisional_stages_of_the_cohort_are_counted_and_marked(run_cli):
    provisional = sum(r.overall.provisional for r in _case_results())
    assert 0 < provisional < len(_case_results())
    code, out, err = run_cli("benchmark", str(EXAMPLE), "-f", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["schema_version"] == "1.10"
    assert d["overall"]["cohort_provisional"] == provisional and d["overall"]["provisional"] is False
    code, text, _ = run_cli("benchmark", str(EXAMPLE))
    flat = " ".join(text.split())
    assert _column(text, "Overall stage", 3) == f"3 / 13 / 1 / 0 ({provisional} provisional)"
    assert _column(text, "Overall stage", 4) == "1 above, 13 level, 3 below"
    assert "Provisional: an overall stage resting on fewer than half the characteristics" in flat
    heat = text.split("Councils by characteristic (Table 4)")[1]
    assert heat.count("?") - heat.count("? after") == provisional   # the heatmap's marker, explained once
    assert "? after the overall stage: provisional" in " ".join(heat.split())
    code, page, _ = run_cli("benchmark", str(EXAMPLE), "-f", "html")
    assert f"{provisional} provisional" in _words(page)
    assert "Provisional: an overall stage resting on fewer than half" in _words(page)


def test_a_provisional_council_is_marked_in_every_format(run_cli, tmp_path):
    thin = tmp_path / "thin.yaml"
    thin.write_text(THIN, encoding="utf-8")
    d = json.loads(run_cli("benchmark", str(thin), "-f", "json")[1])
    assert d["overall"]["provisional"] is True
    code, text, _ = run_cli("benchmark", str(thin))
    assert code == 0
    assert _column(text, "Overall stage", 2) == "Transitional (provisional)"
    assert "2▒?" in text.split("▶ Thin District Council")[1].split("\n")[0]
    code, page, _ = run_cli("benchmark", str(thin), "-f", "html")
    assert "Transitional (provisional)" in _words(page)


def test_the_numbers_agree_with_each_other_and_the_table(run_cli, tmp_path):
    folder = tmp_path / "cohort"
    for i, stage in enumerate(["transactional", "transitional", "transformational", "transitional",
                               "transitional", "transactional"]):
        _council(folder, f"c{i}.yaml", f"Council {i}", stage)
    (folder / "bad.yaml").write_text("council: {name: Bad, type: parish}\n", encoding="utf-8")
    _council(folder, "c0-again.yaml", "COUNCIL  0")   # the same council: counted once
    (folder / "self.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run_cli("benchmark", str(EXAMPLE), "--cohort", str(folder), "-f", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["cohort"] == {"size": 6, "source": str(folder), "left_out": 1, "copies": 1, "council_itself": 1}
    for c in [d["overall"], *d["characteristics"].values()]:
        assert sum(c["cohort"].values()) == 6
        if c["place"]:
            assert sum(c["place"].values()) + c["cohort"]["not_assessed"] == 6
    code, text, err = run_cli("benchmark", str(EXAMPLE), "--cohort", str(folder))
    assert code == 0
    flat = " ".join(text.split())
    assert text.startswith("Example District Council against 6 councils")
    assert (f"Cohort: {folder} (6 councils; left out: 1 profile that could not be read, 1 copy of councils "
            "already counted, Example District Council itself)") in flat
    heat = text.split("Councils by characteristic (Table 4)")[1]
    assert heat.count("Cohort council") == 6
    code, page, _ = run_cli("benchmark", str(EXAMPLE), "--cohort", str(folder), "-f", "html")
    words = _words(page)
    assert "against 6 councils" in words
    assert "(6 councils; left out: 1 profile that could not be read" in words
    # the place column adds up to the cohort with the councils not assessed
    assert "0 above, 0 level, 0 below; 6 not assessed" in words   # service transformation: none assessed


def test_copies_of_one_council_count_once_towards_the_minimum(run_cli, tmp_path):
    folder = tmp_path / "cohort"
    _council(folder, "a.yaml", "Copy Council")
    for i in range(1, 5):
        (folder / f"a{i}.yaml").write_bytes((folder / "a.yaml").read_bytes())   # identical files
    _council(folder, "b.yaml", "Other Council")
    code, out, err = run_cli("benchmark", str(EXAMPLE), "--cohort", str(folder))
    assert code == 2 and out == ""
    assert err.splitlines() == [f"Error: {folder}: the cohort has 2 councils once 4 copies of councils "
                                "already in it are not counted again; fewer than 5 could let one council be "
                                "identified. Add councils, or lower --min-cohort if that is acceptable"]
    code, out, err = run_cli("benchmark", str(EXAMPLE), "--cohort", str(folder), "--min-cohort", "2")
    assert code == 0 and out.startswith("Example District Council against 2 councils")
    assert err.splitlines() == [f"Left out of the cohort: {folder / f'a{i}.yaml'}: Copy Council again (as in "
                                f"{folder / 'a.yaml'}); a council counts once" for i in range(1, 5)]


@pytest.mark.parametrize("copies", [1, 3])
def test_a_cohort_of_the_council_itself_is_refused_in_one_line(run_cli, tmp_path, copies):
    folder = tmp_path / "cohort"
    folder.mkdir()
    for i in range(copies):
        (folder / f"me{i}.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run_cli("benchmark", str(EXAMPLE), "--cohort", str(folder), "--min-cohort", "1")
    assert code == 2 and out == ""
    assert err == (f"Error: {folder}: holds only Example District Council itself, the council benchmarked; "
                   "give other councils to benchmark it against\n")


def test_a_council_left_out_is_named_on_one_line(run_cli, tmp_path):
    folder = tmp_path / "cohort"
    for i in range(5):
        _council(folder, f"c{i}.yaml", f"Council {i}")
    (folder / "bad.yaml").write_text("council: {name: Bad Council, type: parish}\n"
                                     "characteristics: {efficiency_policy: wrong, time_scales: bogus}\n"
                                     "pressures: [nope]\n", encoding="utf-8")
    code, _, err = run_cli("benchmark", str(EXAMPLE), "--cohort", str(folder))
    assert code == 0
    assert err.count("\n") == 1 and err.startswith(f"Left out of the cohort: {folder / 'bad.yaml'}: ")
    assert err.rstrip().endswith("(and 3 more problems: check the file on its own, e.g. with backtofront "
                                 "assess)")
