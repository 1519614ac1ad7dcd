"""At national scale the chart shows the top ten plus the organisations a visitor picks; downloads have every series."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.test import Client
from openpyxl import load_workbook

from jamlik.campaigns.models import Campaign
from jamlik.people.models import Organisation
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign
from tests.factories import OrganisationFactory, UserFactory


def _fifteen() -> tuple[Campaign, list[Organisation]]:
    """Fifteen organisations of 100 employees; organisation n has n completions, so it ranks 16 - n."""
    organisations = [OrganisationFactory(name=f"Kommun {n:02d}") for n in range(1, 16)]
    campaign = make_campaign(dict.fromkeys(organisations, 100))
    for n, organisation in enumerate(organisations, start=1):
        for _ in range(n):
            complete(UserFactory(), first_course(campaign), organisation, local(first_day()))
    return campaign, organisations


def _chart(html: str) -> str:
    return html[html.index('<figure class="campaign-chart"') : html.index("</details>")]


def test_the_chart_shows_the_top_ten_and_its_table_the_same_organisations(
    client: Client, settings: Any, db: None
) -> None:
    campaign, organisations = _fifteen()
    html = client.get(f"/kampanjer/{campaign.slug}/").content.decode()
    chart = _chart(html)
    assert chart.count("<polyline") == 10
    header = chart[chart.index("<thead>") : chart.index("</thead>")]
    for n, organisation in enumerate(organisations, start=1):
        assert (organisation.name in header) == (n > 5), organisation.name
    standings = html[: html.index('id="over-time"')]
    assert all(o.name in standings for o in organisations)  # the standings table stays complete


def test_a_visitor_adds_organisations_to_the_chart_with_a_plain_form(client: Client, db: None) -> None:
    campaign, organisations = _fifteen()
    html = client.get(f"/kampanjer/{campaign.slug}/").content.decode()
    assert 'method="get"' in html and f'<option value="{organisations[0].slug}">' in html
    picked = client.get(
        f"/kampanjer/{campaign.slug}/", {"org": [organisations[0].slug, organisations[1].slug, "no-such-place"]}
    ).content.decode()
    chart = _chart(picked)
    assert chart.count("<polyline") == 12
    assert organisations[0].name in chart and organisations[1].name in chart and organisations[2].name not in chart
    assert f'<option value="{organisations[0].slug}" selected>' in picked


def test_a_few_organisations_are_all_charted_without_a_form(client: Client, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10, OrganisationFactory(): 10})
    html = client.get(f"/kampanjer/{campaign.slug}/").content.decode()
    assert html.count("<polyline") == 2 and 'name="org"' not in html


def test_every_organisations_daily_series_downloads_as_csv_and_xlsx(client: Client, settings: Any, db: None) -> None:
    campaign, organisations = _fifteen()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/api/v1/campaigns/{campaign.public_id}/series.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Day", "Organisation", "Organisation id", "Employees", "Completed", "Share (%)"]
    first = [r for r in rows[1:] if r[0] == first_day().isoformat()]
    assert {r[2]: r[4] for r in first} == {o.slug: str(n) for n, o in enumerate(organisations, start=1)}
    days = {r[0] for r in rows[1:]}
    assert len(rows) - 1 == 15 * len(days)
    xlsx = client.get(f"/api/v1/campaigns/{campaign.public_id}/series.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_series_xlsx_stores_each_day_as_a_date(client: Client, db: None) -> None:
    campaign, _organisations = _fifteen()
    xlsx = client.get(f"/api/v1/campaigns/{campaign.public_id}/series.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    first = sheet.cell(row=2, column=1)
    assert first.is_date and first.value.date() == first_day()
    assert first.number_format == "yyyy-mm-dd"
