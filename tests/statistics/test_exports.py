"""Downloads: CSV, XLSX and the PDF report carry the same published cells as the pages."""

from __future__ import annotations

import csv
import io

from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from jamlik.people.models import Organisation
from jamlik.statistics import report
from jamlik.statistics.measures import Filters, get
from jamlik.statistics.tables import build, show
from tests.statistics.factories import completed, people
from tests.statistics.kit import MARCH, english, queries, two_organisations


def _csv(response: object) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_shows_the_same_cells_as_the_table_with_hidden_ones_as_text(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    two_organisations(org_a, org_b)
    rows = _csv(english(as_programme_manager).get("/statistik/export/completed/organisation.csv"))
    assert rows[0][:6] == ["Organisation", "Women", "Men", "Other or non-binary", "Not stated or unknown", "Total"]
    table = build(get("completed"), "organisation", Filters())
    for line, row in zip(rows[1 : len(table.rows) + 2], [*table.rows, None], strict=True):
        cells = row.cells if row is not None else table.total
        assert line[1:6] == [str(show(c)) for c in cells]
    gagnef = next(line for line in rows if line[0] == "Gagnefs kommun")
    assert gagnef[2] in ("fewer than 5", "x")  # 2 men: hidden, as a small group or in a closed row
    # After the table, a blank line and the legend for both marks.
    assert rows[len(table.rows) + 2] == []
    assert rows[-2][0].startswith("“fewer than 5”: a group of 1 to 4 people")
    assert rows[-1][0].startswith("“x”: hidden so that")


def test_the_workbook_has_a_sheet_per_table_with_the_same_totals(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    two_organisations(org_a, org_b, size=2)
    response = as_programme_manager.get("/statistik/export/alla.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheets = book.sheetnames
    assert sheets[0] == "Jämlik"
    completed_sheet = book[next(s for s in sheets if s.endswith("completed-organisation"))]
    values = list(completed_sheet.iter_rows(values_only=True))
    total = next(v for v in values if v[0] in ("Total", "Totalt"))
    assert total[5] == build(get("completed"), "organisation", Filters()).grand_total() == 41


def test_a_coordinator_downloads_only_their_own_organisation(
    as_coordinator_a: Client, org_a: Organisation, org_b: Organisation
) -> None:
    two_organisations(org_a, org_b)
    response = as_coordinator_a.get("/statistik/organisationer/sater/completed/item.xlsx")
    assert response.status_code == 200
    assert as_coordinator_a.get("/statistik/organisationer/gagnef/completed/item.csv").status_code == 404
    assert as_coordinator_a.get("/statistik/export/completed/organisation.csv").status_code == 404
    assert as_coordinator_a.get("/statistik/organisationer/sater/completed/organisation.csv").status_code == 404
    assert as_coordinator_a.get("/statistik/organisationer/sater/nothing/unit.csv").status_code == 404
    assert as_coordinator_a.get("/statistik/organisationer/sater/completed/unit.pdf").status_code == 404


def test_a_bad_period_gives_no_download(as_programme_manager: Client) -> None:
    response = as_programme_manager.get("/statistik/export/alla.xlsx", {"date_from": "2026-13-01"})
    assert response.status_code == 404


def test_the_pdf_report_for_a_county_board_and_a_year(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    two_organisations(org_a, org_b)
    form = english(as_programme_manager).get("/statistik/rapport/")
    assert form.status_code == 200
    response = as_programme_manager.get(
        "/statistik/rapport/", {"organisation": "sater", "date_from": "2026-01-01", "date_to": "2026-12-31"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "sater" in response["Content-Disposition"] or "saters" in response["Content-Disposition"]


def test_the_report_refuses_an_organisation_and_a_county_together(
    as_programme_manager: Client, org_a: Organisation
) -> None:
    from jamlik.people.models import County

    county = County.objects.get_or_create(code="20", defaults={"name": "Dalarnas län", "short_name": "Dalarna"})[0]
    response = english(as_programme_manager).get("/statistik/rapport/", {"organisation": "sater", "county": county.pk})
    assert response.status_code == 400
    assert "Choose an organisation or a county, not both." in response.content.decode()


def test_the_report_is_for_programme_managers_only(as_coordinator_a: Client) -> None:
    assert as_coordinator_a.get("/statistik/rapport/").status_code == 404


def test_the_exports_cost_the_same_number_of_queries_for_more_people(
    as_programme_manager: Client, as_coordinator_a: Client, org_a: Organisation, org_b: Organisation
) -> None:
    world = two_organisations(org_a, org_b)
    urls = [
        (as_programme_manager, "/statistik/export/alla.xlsx"),
        (as_programme_manager, "/statistik/export/enrolled/county.csv"),
        (as_programme_manager, "/statistik/export/completed/organisation.xlsx"),
        (as_coordinator_a, "/statistik/organisationer/sater/completed/unit.csv"),
    ]
    for c, u in urls:
        c.get(u)
    before = [queries(lambda c=c, u=u: c.get(u)) for c, u in urls]
    completed(people(org_a, 25, "kvinna") + people(org_b, 9, "man"), world.course, org_a, MARCH)
    after = [queries(lambda c=c, u=u: c.get(u)) for c, u in urls]
    assert before == after


def test_the_report_names_courses_by_title_and_leaves_out_tables_with_nobody(
    org_a: Organisation, org_b: Organisation
) -> None:
    """The PDF had a page holding only an empty table, and rows named by course slugs."""
    world = two_organisations(org_a, org_b)
    with translation.override("en"):
        html = report.render_html(report.Scope(Filters()))
    title = world.course.published_version.title  # type: ignore[union-attr]
    assert f'<th scope="row">{title}</th>' in html
    assert f'<th scope="row">{world.course.slug}</th>' not in html
    assert "Nobody in this period.</td>" not in html  # no table without rows
    assert "Nobody in this period: Registered for a programme" in html  # named once instead
