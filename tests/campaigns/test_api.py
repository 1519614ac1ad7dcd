"""The campaigns API: list, detail, standings as JSON, CSV and XLSX."""

from __future__ import annotations

import io

from django.test import Client
from openpyxl import load_workbook

from jamlik.people.models import Organisation
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign
from tests.factories import UserFactory


def test_campaigns_are_listed_and_described(client: Client, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 4})
    listing = client.get("/api/v1/campaigns").json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == str(campaign.public_id)
    detail = client.get(f"/api/v1/campaigns/{campaign.public_id}").json()
    assert detail["slug"] == campaign.slug
    assert detail["courses"] == [str(first_course(campaign).public_id)]


def test_standings_give_each_organisation_and_the_totals(
    client: Client, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = make_campaign({org_a: 4, org_b: 10})
    for _ in range(2):
        complete(UserFactory(), first_course(campaign), org_a, local(first_day()))
    body = client.get(f"/api/v1/campaigns/{campaign.public_id}/standings").json()
    assert body["final"] is False
    assert body["items"][0] == {
        "organisation": str(org_a.public_id),
        "organisation_slug": "sater",
        "name": "Säters kommun",
        "frozen_headcount": 4,
        "completions": 2,
        "rate": 0.5,
        "rank": 1,
        "medal": "gold",
        "amended": False,
    }
    assert body["items"][1]["rank"] == 2 and body["items"][1]["rate"] == 0.0
    assert (body["total_completions"], body["total_headcount"], body["organisations"]) == (2, 14, 2)


def test_standings_download_as_csv_and_xlsx(client: Client, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 4})
    complete(UserFactory(), first_course(campaign), org_a, local(first_day()))
    csv_text = client.get(f"/api/v1/campaigns/{campaign.public_id}/standings.csv?dialect=plain").content.decode(
        "utf-8-sig"
    )
    lines = csv_text.strip().splitlines()
    assert lines[1] == "1,Säters kommun,sater,4,1,25.0,"
    xlsx = client.get(f"/api/v1/campaigns/{campaign.public_id}/standings.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]] == [1, "Säters kommun", "sater", 4, 1, 25.0, None]
