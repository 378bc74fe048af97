"""The questionnaire as councils handle it: filled, then re-saved by LibreOffice Calc (`soffice --headless
--convert-to xlsx`). Ids, drop-downs, protection and answers survive, openpyxl loads the file without
repair, and the product reads it back. Run by `make test-office` (marker `office`)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from backtofront.classifier import questions, workbook
from workbook_fill import all_at, blank, fill

pytestmark = pytest.mark.office


def _resave(path, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: make test-office installs it"
    out = tmp_path / "resaved"
    out.mkdir()
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    return out / path.name


def test_libreoffice_resave_keeps_the_contract(tmp_path):
    original = fill(blank(tmp_path / "ann.xlsx"), answers={**all_at("transitional"),
                                                           "techniques_used.lean_bpi": "Yes",
                                                           "figure_cashable_share_pct": 45},
                    evidence={"time_scales_gains": "Medium term financial strategy, p. 4"})
    resaved = _resave(original, tmp_path)
    wb = load_workbook(resaved)       # no repair needed: openpyxl raises or warns (an error here) otherwise
    assert wb.sheetnames == load_workbook(original).sheetnames
    assert wb["Lists"].sheet_state == "hidden"
    ws = wb["Characteristics"]
    assert [c.value for c in ws[1]][:5] == ["question_id", "question", "answer", "evidence", "justification"]
    assert ws["A2"].value == "efficiency_policy_status"
    assert ws.protection.sheet and ws["A2"].protection.locked and not ws["C2"].protection.locked
    formulas = [str(dv.formula1) for dv in ws.data_validations.dataValidation]
    assert formulas and all("Lists" in f for f in formulas)
    assert wb["Cover"]["B3"].value == "Ann Officer"
    before = workbook.read(original, questions.load())
    after = workbook.read(resaved, questions.load())
    assert after.answers == before.answers and after.council == before.council
    assert after.respondent == before.respondent
