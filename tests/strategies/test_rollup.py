"""The roll-up across organisations: status counts, indicator values, highlights; XLSX and PDF."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from jamlik.people.models import Organisation
from jamlik.strategies import rounds
from jamlik.strategies.models import Response, Round
from jamlik.strategies.rollup import render_section, rollup_context
from tests.credentials.kit import pdf_inflated, pdf_unicode_text
from tests.factories import OrganisationFactory
from tests.strategies.factories import make_round, make_strategy, questions

pytestmark = pytest.mark.django_db


def answer(
    round_: Round, organisation: Organisation, lesson: str, *, submit: bool = True, with_strategy: bool = True
) -> None:
    response = Response.objects.get(round=round_, organisation=organisation)
    q = questions(round_)
    strategy = make_strategy(organisation) if with_strategy else None
    values: dict[int, Any] = {q["text"]: lesson, q["yes_no"]: True, q["number"]: Decimal(3), q["choice"]: "Delvis"}
    rounds.save_answers(None, response, values, strategy)
    if submit:
        rounds.submit_response(None, response)


def test_the_rollup_counts_only_submitted_answers(org_a: Organisation, org_b: Organisation) -> None:
    round_ = make_round([org_a, org_b])
    answer(round_, org_a, "=Ledningen först")
    answer(round_, org_b, "Utkast som inte räknas", submit=False)
    ctx = rollup_context(round_)
    assert (ctx["asked"], ctx["submitted"], ctx["drafts"]) == (2, 1, 1)
    assert ctx["activity_totals"].counts == [1, 1, 1, 0, 0]  # planned, ongoing, done, postponed, cancelled
    assert ctx["goal_totals"].total == 2
    assert [(i.response.organisation.name, i.value) for i in ctx["indicators"]] == [("Säters kommun", Decimal(55))]
    assert ctx["highlights"][0].items == [("Säters kommun", "=Ledningen först")]
    yes_no = next(
        s for s in ctx["summaries"] if (s.counts and s.counts[0][0] == "Yes") or (s.counts and s.counts[0][0] == "Ja")
    )
    assert [n for _label, n in yes_no.counts] == [1, 0]


def test_the_rollup_page_takes_the_same_queries_for_two_or_twenty_organisations(
    as_programme_manager: Client, org_a: Organisation, django_assert_max_num_queries: Any
) -> None:
    round_ = make_round([org_a])
    answer(round_, org_a, "Lärdom")
    with django_assert_max_num_queries(17):
        page = as_programme_manager.get(f"/uppfoljning/{round_.public_id}/sammanstallning/")
    assert page.status_code == 200
    more = [OrganisationFactory() for _ in range(15)]
    rounds.add_organisations(None, round_, more)
    for organisation in more:
        answer(round_, organisation, f"Lärdom från {organisation.name}")
    with django_assert_max_num_queries(17):
        page = as_programme_manager.get(f"/uppfoljning/{round_.public_id}/sammanstallning/")
    assert page.content.count(b"<blockquote>") == 16


def test_the_xlsx_export_has_status_indicators_answers_and_who_answered(
    as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    round_ = make_round([org_a, org_b])
    answer(round_, org_a, '=HYPERLINK("http://x")')
    as_programme_manager.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    download = as_programme_manager.get(f"/uppfoljning/{round_.public_id}/sammanstallning.xlsx")
    assert download["Content-Disposition"] == 'attachment; filename="uppfoljning-2025.xlsx"'
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == ["Goals and activities", "Indicators", "Answers", "Status"]
    work = list(book["Goals and activities"].iter_rows(values_only=True))
    assert work[1] == ("Säters kommun", "Goals", 1, 1, 0, 0, 0, 2)
    assert list(book["Indicators"].iter_rows(values_only=True))[1][5] == 55
    answers = [row[2] for row in book["Answers"].iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://x")' in answers  # a formula is written as text
    status = {row[0]: row[1] for row in book["Status"].iter_rows(min_row=2, values_only=True)}
    assert status == {"Gagnefs kommun": "Not started", "Säters kommun": "Submitted"}


def test_the_pdf_is_a_real_pdf_with_the_organisations_in_its_text(
    as_programme_manager: Client, org_a: Organisation
) -> None:
    round_ = make_round([org_a])
    answer(round_, org_a, "Lärdom")
    download = as_programme_manager.get(f"/uppfoljning/{round_.public_id}/sammanstallning.pdf")
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-")
    text = pdf_unicode_text(download.content)  # the characters of the PDF's text layer
    assert set("Säters kommun") <= set(text)
    assert b"/StructTreeRoot" in pdf_inflated(download.content)  # tagged (PDF/UA)


def test_the_section_renders_on_its_own_for_other_reports(org_a: Organisation) -> None:
    round_ = make_round([org_a])
    answer(round_, org_a, "Lärdom <script>alert(1)</script>")
    html = render_section(round_)
    assert html.lstrip().startswith("<section")
    assert html.count("<h2") == 1
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_statistics_report_includes_the_follow_up_of_its_year_and_scope(
    org_a: Organisation, org_b: Organisation
) -> None:
    from jamlik.statistics import report
    from jamlik.statistics.measures import Filters

    assert "strategies" in [section.key for section in report.SECTIONS]
    round_ = make_round([org_a, org_b])
    answer(round_, org_a, "Säters lärdom")
    answer(round_, org_b, "Gagnefs lärdom")
    start, end = report.year(2025)
    everyone = report.render_html(report.Scope(Filters(date_from=start, date_to=end)))
    assert "Säters lärdom" in everyone and "Gagnefs lärdom" in everyone
    only_a = report.render_html(report.Scope(Filters(date_from=start, date_to=end), organisation=org_a))
    assert "Säters lärdom" in only_a and "Gagnefs lärdom" not in only_a
    other_year = report.render_html(report.Scope(Filters(*report.year(2023))))
    assert "Säters lärdom" not in other_year
