"""`backtofront benchmark`: no single council can be identified from a benchmark against a user's cohort
(the heatmap does not name the cohort's councils, a figure's spread needs as many councils as the
cohort), and a council of the cohort that cannot be read is named and left out."""

from __future__ import annotations

import json
from pathlib import Path

from backtofront.classifier import cases as cases_mod

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "district-transitional.yaml")
HEADER = ("council.name,council.type,characteristics.efficiency_policy,characteristics.time_scales,"
          "figures.back_office_share_of_gains_pct")
STAGES = ["transactional", "transitional", "transformational"]
ROWS = [f"Neighbour {name} Council,unitary,{STAGES[i % 3]},{STAGES[(i + 1) % 3]},{share}"
        for i, (name, share) in enumerate([("Alpha", 6), ("Bravo", 91), ("Charlie", ""), ("Delta", ""),
                                           ("Echo", ""), ("Foxtrot", "")])]


def _csv(folder: Path, rows: list[str]) -> str:
    folder.mkdir(exist_ok=True)
    path = folder / "cohort.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return str(path)


def _heatmap(out: str) -> str:
    return out[out.index("Councils by characteristic"):]


def test_user_cohort_is_unnamed_in_the_heatmap(run_cli, tmp_path):
    code, out, err = run_cli("benchmark", EXAMPLE, "--cohort", _csv(tmp_path / "a", ROWS))
    assert code == 0, err
    for row in ROWS:
        assert row.split(",")[0] not in out
    heat = _heatmap(out)
    assert "▶ Example District Council" in heat
    assert heat.count("Cohort council") == len(ROWS)
    # the order of the rows says nothing of the source's order: the same cohort in reverse shows the same
    code, reversed_out, _ = run_cli("benchmark", EXAMPLE, "--cohort", _csv(tmp_path / "b", ROWS[::-1]))
    assert code == 0 and _heatmap(reversed_out) == heat


def test_a_figure_given_by_too_few_councils_is_not_shown(run_cli, tmp_path):
    path = _csv(tmp_path, ROWS)
    code, out, _ = run_cli("benchmark", EXAMPLE, "--cohort", path)
    assert code == 0
    text = " ".join(out.split())
    assert "In the cohort: too few councils give it to show." in text
    assert "6 to 91, median" not in text and "2 giving it" not in text
    code, out, _ = run_cli("benchmark", EXAMPLE, "--cohort", path, "-f", "json")
    assert json.loads(out)["figures"]["back_office_share_of_gains_pct"]["cohort"] == {"councils": 2,
                                                                                      "too_few": True}
    code, out, _ = run_cli("benchmark", EXAMPLE, "--cohort", path, "-f", "html")
    assert "too few councils give it to show" in out and "Neighbour" not in out
    # whoever lowers the minimum cohort accepts smaller groups for the figures too
    code, out, _ = run_cli("benchmark", EXAMPLE, "--cohort", path, "--min-cohort", "2", "-f", "json")
    assert json.loads(out)["figures"]["back_office_share_of_gains_pct"]["cohort"] == {
        "councils": 2, "min": 6, "median": 48.5, "max": 91}


def test_the_bundled_case_studies_keep_their_names(run_cli):
    code, out, _ = run_cli("benchmark", EXAMPLE)
    assert code == 0
    heat = _heatmap(out)
    assert "Cohort council" not in heat
    names = [c.data["council"]["name"] for c in cases_mod.load_all().values()]
    assert sum(name.split()[0] in heat for name in names) == len(names)


def test_a_bad_row_is_named_and_left_out(run_cli, tmp_path):
    rows = [*ROWS[:3], "Broken Council,parish,transitional,,", *ROWS[3:]]
    path = _csv(tmp_path, rows)
    code, out, err = run_cli("benchmark", EXAMPLE, "--cohort", path)
    assert code == 0
    assert len(err.splitlines()) == 1
    assert err.startswith(f"Left out of the cohort: {path} line 5: council.type: 'parish' is not valid")
    assert out.startswith(f"Example District Council against {len(ROWS)} councils")
    assert (f"Cohort: {path} ({len(ROWS)} councils; left out: 1 profile that could not be read)"
            in " ".join(out.split()))
    code, out, err = run_cli("benchmark", EXAMPLE, "--cohort", path, "-f", "json")
    assert code == 0 and json.loads(out)["cohort"] == {"size": len(ROWS), "source": path, "left_out": 1,
                                                       "copies": 0, "council_itself": 0}


def test_every_bad_row_is_named_and_too_few_left_is_refused(run_cli, tmp_path):
    rows = [*ROWS[:4], "Broken Council,parish,,,", "Figure Council,county,,,lots"]
    path = _csv(tmp_path, rows)
    code, out, err = run_cli("benchmark", EXAMPLE, "--cohort", path)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"Left out of the cohort: {path} line 6: council.type")
    assert lines[1].startswith(f"Left out of the cohort: {path} line 7: column "
                               "figures.back_office_share_of_gains_pct")
    assert lines[2] == (f"Error: {path}: the cohort has 4 councils once 2 profiles with errors are left out; "
                        "fewer than 5 could let one council be identified. Add councils, or lower "
                        "--min-cohort if that is acceptable")
    assert len(lines) == 3


def test_refusal_counts_in_plain_plurals(run_cli, tmp_path):
    code, _, err = run_cli("benchmark", EXAMPLE, "--cohort", _csv(tmp_path, ROWS[:1]))
    assert code == 2 and "the cohort has 1 council; fewer than 5" in err
    code, _, err = run_cli("benchmark", EXAMPLE, "--cohort", _csv(tmp_path, ROWS[:2]))
    assert code == 2 and "the cohort has 2 councils; fewer than 5" in err and "(s)" not in err
