"""Hostile and malformed uploads: every one ends in a clear refusal, quickly, never in an exception."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from jamlik.lib.spreadsheets import Limits, TableRejected, read_table


def refused(filename: str, content: bytes, limits: Limits | None = None) -> TableRejected:
    # Processor time, not wall-clock time: the bound is on the work the reader does, which other
    # processes on a busy machine (the suite runs on every core) must not make look larger.
    started = time.process_time()
    with translation.override("en"), pytest.raises(TableRejected) as caught:
        read_table(filename, content, limits)
    assert time.process_time() - started < 10, "a hostile file must be refused quickly (gunicorn allows 30 s)"
    return caught.value


def xlsx_with_sheet(sheet_xml: bytes, *, shared: bytes | None = None) -> bytes:
    """A minimal workbook whose first sheet is ``sheet_xml`` (written as a real one is, deflated)."""
    book = Workbook()
    book.active.append(["email", "completed_on"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            target.writestr(info.filename, data)
        if shared is not None:
            target.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()


SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>'


# --- CSV ---------------------------------------------------------------------------------------


def test_cr_only_line_endings_from_excel_for_mac_are_read() -> None:
    rows = read_table("f.csv", b"email;completed_on\rlina@sater.se;2025-10-01\rnils@sater.se;2025-10-02\r")
    assert rows == [["email", "completed_on"], ["lina@sater.se", "2025-10-01"], ["nils@sater.se", "2025-10-02"]]


def test_a_line_break_inside_a_quoted_field_stays_in_the_field() -> None:
    rows = read_table("f.csv", b'email,unit\r\nlina@sater.se,"Social\rtj\xc3\xa4nst"\r\n')
    assert rows == [["email", "unit"], ["lina@sater.se", "Social\rtjänst"]]


def test_a_nul_byte_is_refused_with_a_message() -> None:
    error = refused("f.csv", b"email,completed_on\nlina@sater.se\x00,2025-10-01\n")
    assert "NUL" in error.message


def test_random_bytes_are_refused_or_read_as_text_never_an_exception() -> None:
    import random

    generator = random.Random(20261207)  # noqa: S311 - reproducible test bytes, not a secret
    for _ in range(200):
        content = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 400)))
        try:
            read_table("f.csv", content)
        except TableRejected as error:
            assert error.message


def test_a_bad_quote_names_the_line() -> None:
    error = refused("f.csv", b'email,unit\nlina@sater.se,"a"b\n')
    assert error.row == 2 and "Line 2" in error.message


def test_utf16_text_from_excel_is_read() -> None:
    assert read_table("f.txt", "email\tunit\nlina@sater.se\tEkonomi\n".encode("utf-16")) == [
        ["email", "unit"],
        ["lina@sater.se", "Ekonomi"],
    ]


def test_rows_columns_and_cells_are_bounded() -> None:
    limits = Limits(rows=3, columns=4, cell_chars=10)
    assert len(read_table("f.csv", b"a\n1\n2\n3\n", limits)) == 4
    assert "more than 3 rows" in refused("f.csv", b"a\n1\n2\n3\n4\n", limits).message
    assert "more than 4 columns" in refused("f.csv", b"a,b,c,d,e\n", limits).message
    assert "longer than 10" in refused("f.csv", b"a\n" + b"x" * 11 + b"\n", limits).message


def test_a_file_over_the_size_limit_is_refused_before_reading() -> None:
    assert "larger than 5 MB" in refused("f.csv", b"x" * (5 * 1024 * 1024 + 1)).message


# --- XLSX --------------------------------------------------------------------------------------


def test_an_ordinary_workbook_is_read_with_its_values() -> None:
    book = Workbook()
    book.active.append(["email", "completed_on"])
    book.active.append(["lina@sater.se", 20251001])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_table("f.xlsx", buffer.getvalue()) == [["email", "completed_on"], ["lina@sater.se", 20251001]]


def test_one_row_of_six_million_cells_is_refused_at_once() -> None:
    row = b'<row r="1">' + b"<c><v>1</v></c>" * 6_000_000 + b"</row>"
    content = xlsx_with_sheet(SHEET % row)
    assert len(content) < 300_000  # a small upload ...
    error = refused("f.xlsx", content)  # ... refused in well under a second of parsing
    assert "more than 100 columns" in error.message


def test_a_cell_far_to_the_right_or_far_down_is_refused() -> None:
    right = SHEET % b'<row r="1"><c r="XFD1"><v>1</v></c></row>'
    assert "columns" in refused("f.xlsx", xlsx_with_sheet(right)).message
    down = SHEET % b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    assert "rows" in refused("f.xlsx", xlsx_with_sheet(down)).message


def test_a_lying_dimension_does_not_make_the_reader_pad_millions_of_cells() -> None:
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:XFD1048576"/><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>lina@sater.se</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    assert read_table("f.xlsx", xlsx_with_sheet(sheet)) == [["email"], ["lina@sater.se"]]


def test_a_workbook_that_unpacks_to_far_more_than_it_says_is_refused_while_unpacking() -> None:
    padding = b" " * (60 * 1024 * 1024)
    error = refused("f.xlsx", xlsx_with_sheet(SHEET % (b'<row r="1"><c><v>1</v></c></row>' + padding)))
    assert "unpacks to more than 40 MB" in error.message


@pytest.mark.heavy  # a full-size workbook, no database
def test_too_many_shared_strings_are_refused() -> None:
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + b"<si><t>x</t></si>" * 200_001
    ) + b"</sst>"
    assert "more text" in refused("f.xlsx", xlsx_with_sheet(SHEET % b"", shared=shared)).message


def test_entity_expansion_is_refused() -> None:
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>'
    )
    assert "could not be read" in refused("f.xlsx", xlsx_with_sheet(sheet)).message


@pytest.mark.parametrize("content", [b"PK\x03\x04garbage", b"not a zip at all", b""])
def test_a_damaged_workbook_is_refused(content: bytes) -> None:
    message = refused("f.xlsx", content).message
    assert "could not be read" in message or "empty" in message
