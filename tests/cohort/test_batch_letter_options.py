"""`batch --letters` takes --sender, --recipient, --date, --template-dir and --brief as `letter` does, and a
CSV's letter.sender and letter.recipient columns (a profile's `letter: {sender, recipient}`) beat them."""

from __future__ import annotations

from pathlib import Path

import pytest

CSV = ('council.name,council.type,characteristics.efficiency_policy,letter.sender,letter.recipient\n'
       'Alpha DC,district,transitional,"Jane Smith, Head of Audit",The Leader\n'
       'Beta DC,district,transactional,,\n')


def _csv(tmp_path: Path) -> str:
    path = tmp_path / "councils.csv"
    path.write_text(CSV, encoding="utf-8")
    return str(path)


def test_options_and_row_values(run_cli, tmp_path):
    out = tmp_path / "out"
    code, _, err = run_cli("batch", _csv(tmp_path), "-o", str(out), "--letters", "md", "-j", "1",
                           "--sender", "The Review Team", "--recipient", "The Chief Executive", "--date",
                           "2008-11-01")
    assert code == 0, err
    alpha = (out / "alpha-dc.md").read_text(encoding="utf-8")
    beta = (out / "beta-dc.md").read_text(encoding="utf-8")
    assert "**From:** Jane Smith, Head of Audit" in alpha and "**To:** The Leader" in alpha  # the row beats
    assert "Dear Leader," in alpha
    assert "**From:** The Review Team" in beta and "**To:** The Chief Executive" in beta
    assert "**Date:** 1 November 2008" in alpha and "**Date:** 1 November 2008" in beta
    assert "Annex: improvement plan" in beta


def test_brief_and_a_changed_option_redoes_the_letters(run_cli, tmp_path):
    out = tmp_path / "out"
    code, _, err = run_cli("batch", _csv(tmp_path), "-o", str(out), "--letters", "md", "-j", "1", "--brief")
    assert code == 0, err
    beta = (out / "beta-dc.md").read_text(encoding="utf-8")
    assert "Annex: improvement plan" not in beta and "What we ask of you" in beta
    code, _, err = run_cli("batch", _csv(tmp_path), "-o", str(out), "--letters", "md", "-j", "1",
                           "--sender", "Someone Else")
    assert code == 0, err
    beta = (out / "beta-dc.md").read_text(encoding="utf-8")
    assert "**From:** Someone Else" in beta and "Annex: improvement plan" in beta


def test_template_dir(run_cli, tmp_path):
    templates = tmp_path / "letterhead"
    templates.mkdir()
    (templates / "letter.md.j2").write_text('{% extends "builtin/letter.md.j2" %}{% block letterhead %}'
                                            "ALPHA LETTERHEAD\n\n{% endblock %}", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_cli("batch", _csv(tmp_path), "-o", str(out), "--letters", "md", "-j", "1",
                           "--template-dir", str(templates))
    assert code == 0, err
    assert (out / "alpha-dc.md").read_text(encoding="utf-8").startswith("ALPHA LETTERHEAD")


@pytest.mark.parametrize("body, said", [
    ('{% extends "builtin/letter.md.j2" %}{% block sumary %}x{% endblock %}',
     "line 1: block 'sumary' is not a block of builtin/letter.md.j2"),
    ("Dear\n{% if %}\n", "line 2: template syntax error"),
])
def test_a_template_that_would_fail_every_letter_is_said_once_before_any_council(run_cli, tmp_path, body,
                                                                                 said):
    templates = tmp_path / "letterhead"
    templates.mkdir()
    (templates / "letter.md.j2").write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = run_cli("batch", _csv(tmp_path), "-o", str(out), "--letters", "md", "-j", "1",
                                "--template-dir", str(templates))
    assert (code, stdout) == (2, "")
    assert err.startswith(f"Error: {templates / 'letter.md.j2'}: {said}") and err.count("\n") == 1, err
    assert not out.exists()


def test_letter_options_need_letters(run_cli, tmp_path):
    code, _, err = run_cli("batch", _csv(tmp_path), "-o", str(tmp_path / "out"), "--sender", "X")
    assert code == 2 and "are for --letters" in err and "Traceback" not in err
    code, _, err = run_cli("batch", _csv(tmp_path), "-o", str(tmp_path / "out"), "--letters", "md", "--date",
                           "soon")
    assert code == 2 and "Traceback" not in err


def test_letter_uses_the_profiles_own_sender(run_cli, tmp_path):
    path = tmp_path / "council.yaml"
    path.write_text("council: {name: Gamma DC, type: district}\ncharacteristics: {time_scales: "
                    "transitional}\nletter: {sender: 'Pat Jones, Chief Internal Auditor'}\n",
                    encoding="utf-8")
    code, out, _ = run_cli("letter", str(path))
    assert code == 0 and "**From:** Pat Jones, Chief Internal Auditor" in out
    code, out, _ = run_cli("letter", str(path), "--sender", "Given")
    assert code == 0 and "**From:** Given" in out
