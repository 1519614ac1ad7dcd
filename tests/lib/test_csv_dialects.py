"""Both CSV dialects, read back as a program would: Python's csv module and plain number parsing."""

from __future__ import annotations

import csv
import datetime
import decimal
import io

from jamlik.lib.tables import Cell, CsvDialect, csv_response

HEADER = ["Namn", "Andel (%)", "Antal", "Dag", "Formel"]
ROWS: list[list[Cell]] = [
    ["Säters kommun", 25.5, 1200, datetime.date(2026, 3, 1), "=SUM(A1)"],
    ["Gagnef; norra", decimal.Decimal("0.75"), 0, None, "a,b"],
]


def rows_of(body: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_the_swedish_excel_dialect_has_semicolons_decimal_commas_a_bom_and_crlf() -> None:
    body = csv_response("x", HEADER, ROWS, dialect=CsvDialect.EXCEL_SV).content
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.count(b"\r\n") == 3 and body.replace(b"\r\n", b"").count(b"\n") == 0
    rows = rows_of(body, ";")
    assert rows[0] == HEADER
    assert rows[1] == ["Säters kommun", "25,5", "1200", "2026-03-01", "'=SUM(A1)"]
    assert rows[2] == ["Gagnef; norra", "0,75", "0", "", "a,b"]
    assert float(rows[1][1].replace(",", ".")) == 25.5
    assert decimal.Decimal(rows[2][1].replace(",", ".")) == decimal.Decimal("0.75")


def test_the_plain_dialect_has_commas_decimal_points_no_bom_and_crlf() -> None:
    body = csv_response("x", HEADER, ROWS, dialect=CsvDialect.PLAIN).content
    assert not body.startswith(b"\xef\xbb\xbf")
    assert body.count(b"\r\n") == 3
    rows = rows_of(body, ",")
    assert rows[1] == ["Säters kommun", "25.5", "1200", "2026-03-01", "'=SUM(A1)"]
    assert rows[2] == ["Gagnef; norra", "0.75", "0", "", "a,b"]
    assert float(rows[1][1]) == 25.5 and int(rows[1][2]) == 1200


def test_each_dialect_reads_back_as_one_rectangular_table() -> None:
    for dialect, delimiter in ((CsvDialect.EXCEL_SV, ";"), (CsvDialect.PLAIN, ",")):
        body = csv_response("x", HEADER, ROWS, dialect=dialect).content
        assert [len(row) for row in rows_of(body, delimiter)] == [len(HEADER)] * 3
