"""Hostile workbooks given to `assess`, `combine` and `interview --answers`: every one exits 2 with one
short message naming the sheet and cell (or what the file is), never 1, and nothing in it is run."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from workbook_fill import all_at, blank, fill


@pytest.fixture
def filled(tmp_path):
    return fill(blank(tmp_path / "ann.xlsx"), answers=all_at("transitional"))


def _refused(run_cli, path, *needles):
    for args in (("assess", str(path)), ("interview", "-o", str(path.with_suffix(".yaml")), "--answers",
                                         str(path))):
        code, out, err = run_cli(*args)
        assert code == 2, (args, err)
        assert "Traceback" not in err and "Internal error" not in err
        for needle in needles:
            assert needle in err, (needle, err)


def _rewrite(path, change):
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def test_formula_where_a_value_belongs(run_cli, filled):
    _rewrite(filled, lambda wb: wb["Characteristics"].__setitem__("C3", '=HYPERLINK("http://x","y")'))
    _refused(run_cli, filled, "Characteristics!C3: a formula")


def test_extra_hidden_sheet(run_cli, filled):
    def hide(wb):
        ws = wb.create_sheet("Secret")
        ws.sheet_state = "hidden"
    _rewrite(filled, hide)
    _refused(run_cli, filled, "Secret!A1: a hidden sheet")


def test_merged_cells(run_cli, filled):
    _rewrite(filled, lambda wb: wb["Characteristics"].merge_cells("C2:D3"))
    _refused(run_cli, filled, "Characteristics!C2: merged cells (C2:D3)")


def test_date_where_a_number_belongs(run_cli, filled):
    def date(wb):
        ws = wb["Figures"]
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "figure_cashable_share_pct")
        ws.cell(row, 3).value = dt.date(2008, 3, 31)
    _rewrite(filled, date)
    _refused(run_cli, filled, "Figures!C", "a date where a number belongs")


def test_huge_sheet(run_cli, filled):
    def grow(wb):
        ws = wb["Pressures"]
        for r in range(ws.max_row + 1, 10_003):
            ws.cell(r, 2, "x")
    _rewrite(filled, grow)
    _refused(run_cli, filled, "Pressures!A10001: more than 10,000 rows")


def test_macro_enabled_file_renamed(run_cli, filled, tmp_path):
    renamed = tmp_path / "macros.xlsx"
    with zipfile.ZipFile(filled) as src, zipfile.ZipFile(renamed, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", b"\x00" * 64)
    _refused(run_cli, renamed, "holds macros", "nothing in it was run")


def test_zip_bomb(run_cli, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\x00" * (1 << 20)
            for _ in range(101):
                member.write(chunk)
    assert bomb.stat().st_size < 1_000_000
    _refused(run_cli, bomb, "unpacks to more than 100 MB")


def test_a_workbook_of_too_many_parts_is_refused_as_that(run_cli, tmp_path):
    """Thousands of tiny parts: refused for their number, not called too big to unpack."""
    many = tmp_path / "many.xlsx"
    with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        for i in range(10_001):
            z.writestr(f"xl/p/{i}", b"")
    _refused(run_cli, many, "is packed from more than 10,000 parts")


def test_entity_expansion_is_refused(run_cli, filled, tmp_path):
    evil = tmp_path / "entities.xlsx"
    laugh = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
             b'"&lol;&lol;&lol;&lol;">]>')
    with zipfile.ZipFile(filled) as src, zipfile.ZipFile(evil, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = laugh + (data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data)
            dst.writestr(item, data)
    _refused(run_cli, evil, "cannot be read as a workbook")


@pytest.mark.parametrize("content,needle", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Excel 97-2003 workbook"),
    (b"question_id,answer\n", "is not an Excel workbook"),
    (b"PK\x03\x04 broken", "is a damaged workbook"),
])
def test_not_a_workbook(run_cli, tmp_path, content, needle):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    _refused(run_cli, path, needle)


def test_too_large_on_disk(run_cli, tmp_path):
    path = tmp_path / "big.xlsx"
    with path.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    _refused(run_cli, path, "is larger than")


def test_every_bad_cell_is_listed_at_once(run_cli, filled):
    def spoil(wb):
        ws = wb["Characteristics"]
        ws["C2"], ws["C3"], ws["A4"] = "=1+1", "Something else", "changed_id"
    _rewrite(filled, spoil)
    code, _, err = run_cli("assess", str(filled))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith(f"Error: {filled}: Characteristics!") or
                                   line.startswith(f"{filled}: Characteristics!") for line in lines)


def test_combine_refuses_a_hostile_workbook_too(run_cli, filled, tmp_path):
    _rewrite(filled, lambda wb: wb["Characteristics"].__setitem__("C3", "=1"))
    other = fill(blank(tmp_path / "b.xlsx"), name="Bea", answers=all_at("transitional"))
    code, _, err = run_cli("combine", str(filled), str(other))
    assert code == 2 and "Characteristics!C3: a formula" in err


def test_openpyxl_reads_the_written_workbook_without_repair():
    from backtofront.classifier import knowledge, questions, workbook
    raw = workbook.write(questions.load(), knowledge.load())
    wb = load_workbook(io.BytesIO(raw))
    assert wb["Lists"].sheet_state == "hidden"
