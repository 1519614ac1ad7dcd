"""On the demo data, every table, export and dashboard agrees with the campaign standings and with each other."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.test import Client
from openpyxl import load_workbook

from jamlik.campaigns import standings
from jamlik.campaigns.models import Campaign, CampaignStatus
from jamlik.demo import load_all
from jamlik.lib.numbers import format_number
from jamlik.people import demo as people_demo
from jamlik.people.models import User
from jamlik.statistics import demo
from jamlik.statistics.measures import Filters, get
from jamlik.statistics.models import FundedProject
from jamlik.statistics.tables import build, show
from tests.conftest import client_for


@pytest.mark.django_db
def test_the_demo_figures_agree_with_the_standings_the_dashboards_and_every_export() -> None:
    load_all()  # the whole demo, as make demo loads it
    assert demo.load() == []  # idempotent
    assert FundedProject.objects.count() == 1
    manager = client_for(User.objects.get(email=demo.MANAGER))
    counted = get("campaign_counted")
    campaigns = list(Campaign.objects.exclude(status=CampaignStatus.DRAFT))
    assert campaigns
    for campaign in campaigns:
        live = standings.live(campaign, with_series=False)
        by_org = build(counted, "organisation", Filters(campaign_ids=(campaign.pk,)))
        assert by_org.grand_total() == live.total_completions
        published = {r.label: r.total.value for r in by_org.rows}
        for row in live.rows:
            if row.completions:
                assert published[row.name] in (row.completions, None)
        # The public summary's campaign table, the API and the CSV show the same total.
        api = manager.get(f"/api/v1/statistics/tables/campaign_counted/organisation?campaign={campaign.slug}").json()
        assert api["total"][-1] == live.total_completions
    closed = Campaign.objects.get(slug="ett-dalarna-for-alla-2018")
    assert build(counted, "organisation", Filters(campaign_ids=(closed.pk,))).grand_total() == 2891

    # The workbook, the dashboard's tables and the public totals agree cell for cell.
    book = load_workbook(io.BytesIO(manager.get("/statistik/export/alla.xlsx").content))
    for measure in ("enrolled", "completed", "campaign_counted", "registered"):
        table = build(get(measure), "organisation", Filters())
        sheet = book[next(s for s in book.sheetnames if s.endswith(f"{measure}-organisation"))]
        last = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Totalt")
        for cell, shown in zip(table.total, last[1:6], strict=True):
            assert shown == show(cell)
        assert last[5] == table.grand_total()
    page = Client().get("/statistik/oversikt/").content.decode()
    completed_total = build(get("completed"), "organisation", Filters()).grand_total()
    assert f'<td class="num">{format_number(completed_total, language="sv")}</td>' in page  # 5 628

    # The demo's people report a kön (some leave it empty), so the breakdown is there to see.
    synthetic = User.objects.filter(email__endswith="@demo.example")
    kon = Counter(synthetic.values_list("kon", flat=True))
    everyone = sum(kon.values())
    assert 0.55 < kon["kvinna"] / everyone < 0.75
    assert 0.15 < kon["man"] / everyone < 0.35
    assert kon["annat"] and kon["ej_uppgett"] and kon[""]
    people_demo.load()
    assert Counter(synthetic.values_list("kon", flat=True)) == kon  # loading again changes nobody
    women, men = build(get("completed"), "organisation", Filters()).total[:2]
    assert women.value and men.value
    assert f'<td class="num">{format_number(women.value, language="sv")}</td>' in page

    # Säter's coordinator knows Kultur och fritid's one diploma holder: the row tells nothing of their kön.
    coordinator = client_for(User.objects.get(email="samordnare@sater.se"))
    text = coordinator.get("/statistik/organisationer/sater/diplomas/unit.csv?dialect=plain").content.decode(
        "utf-8-sig"
    )
    culture = next(line for line in text.splitlines() if line.startswith("Kultur och fritid"))
    assert culture.split(",")[1:5] == ["x", "x", "x", "x"]
