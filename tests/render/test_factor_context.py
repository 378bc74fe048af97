"""The Table 3 pressures and barriers are listed as recorded for the council: a case-study council's factor
that the report does not state of it (examples/cases/, `basis: reading`) says it is the assessment's reading
of the report, in the letter and the report alike; a council's own profile is listed as it gives it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_case_council_s_read_pressure_carries_the_reading_marker(run_cli):
    code, letter, err = run_cli("letter", "--case", "7", "-f", "md")
    assert code == 0, err
    assert ("- External pressures: council tax levels (the assessment's reading of the report, Case study 7; "
            "improvement plan, action ") in letter
    assert "The assessment records council tax levels as an external pressure on the council (Table 3)." \
        in " ".join(letter.split())
    assert "The council reports" not in letter
    code, report, err = run_cli("assess", "--case", "7", "-f", "md")
    assert code == 0, err
    assert ("council tax levels (the assessment's reading of the report, Case study 7; recommendation"
            in report)


def test_a_council_s_own_pressures_are_listed_as_given(run_cli, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: Example DC, type: district}\npressures: [csr07]\nbarriers: []\n")
    code, out, err = run_cli("assess", str(path), "-f", "md")
    assert code == 0, err
    assert "## Pressures and barriers recorded for the council (Table 3)" in out
    (line,) = [x for x in out.splitlines() if x.startswith("- External pressures:")]
    assert line.startswith("- External pressures: CSR07 (recommendation ") and "reading" not in line
    assert "- Internal barriers: none" in out
