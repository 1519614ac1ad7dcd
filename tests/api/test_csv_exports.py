"""Every CSV export offers the Swedish Excel dialect and the plain one: by ?dialect= or the language."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from jamlik.courses.models import Course
from jamlik.people.models import Organisation
from tests.api.helpers import assert_problem
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign
from tests.courses.test_coordinator import progress  # noqa: F401 (the fixture)
from tests.factories import UserFactory


def read(response: Any) -> tuple[str, list[list[str]]]:
    """The dialect the body is written in, and its rows as Python's csv module reads them."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    body: bytes = response.content
    text = body.decode("utf-8-sig")
    dialect = "excel-sv" if body.startswith(b"\xef\xbb\xbf") and text.splitlines()[0].count(";") else "plain"
    assert b"\r\n" in body
    return dialect, list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if dialect == "excel-sv" else ","))


@pytest.fixture
def standings_url(org_a: Organisation, db: None) -> str:
    campaign = make_campaign({org_a: 4})
    complete(UserFactory(), first_course(campaign), org_a, local(first_day()))
    return f"/api/v1/campaigns/{campaign.public_id}/standings.csv"


def test_the_api_export_is_in_the_swedish_excel_dialect_by_default_in_swedish(
    client: Client, standings_url: str
) -> None:
    dialect, rows = read(client.get(standings_url, HTTP_ACCEPT_LANGUAGE="sv"))
    assert dialect == "excel-sv"
    assert rows[1] == ["1", "Säters kommun", "sater", "4", "1", "25,0", ""]
    assert float(rows[1][5].replace(",", ".")) == 25.0


def test_the_api_export_is_plain_by_default_in_english(client: Client, standings_url: str) -> None:
    dialect, rows = read(client.get(standings_url, HTTP_ACCEPT_LANGUAGE="en"))
    assert dialect == "plain"
    assert rows[1] == ["1", "Säters kommun", "sater", "4", "1", "25.0", ""]


def test_the_dialect_parameter_wins_over_the_language(client: Client, standings_url: str) -> None:
    assert read(client.get(f"{standings_url}?dialect=plain", HTTP_ACCEPT_LANGUAGE="sv"))[0] == "plain"
    assert read(client.get(f"{standings_url}?dialect=excel-sv", HTTP_ACCEPT_LANGUAGE="en"))[0] == "excel-sv"
    series = standings_url.replace("standings.csv", "series.csv")
    dialect, rows = read(client.get(f"{series}?dialect=excel-sv"))
    assert dialect == "excel-sv" and "," in rows[1][5]


def test_an_unknown_dialect_is_a_422_naming_the_parameter(client: Client, standings_url: str) -> None:
    body = assert_problem(client.get(f"{standings_url}?dialect=tsv"), 422)
    assert "dialect" in body["errors"]


@pytest.mark.django_db
def test_a_page_export_offers_both_dialects_too(
    progress: Course,  # noqa: F811 (the fixture)
    as_coordinator_a: Client,
    org_a: Organisation,
) -> None:
    url = f"/organisationer/{org_a.slug}/kurser/export.csv?kurs={progress.public_id}"
    swedish, sv_rows = read(as_coordinator_a.get(url))  # the site's language
    plain, plain_rows = read(as_coordinator_a.get(f"{url}&dialect=plain"))
    assert (swedish, plain) == ("excel-sv", "plain")
    assert sv_rows == plain_rows  # no decimals in this table: the same cells either way
