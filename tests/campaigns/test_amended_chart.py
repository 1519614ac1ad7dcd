"""A closed campaign's chart and its table end on the frozen result with amendments applied, and say so."""

from __future__ import annotations

import datetime
import itertools
import re

import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from jamlik.campaigns import chart, closing, standings
from jamlik.campaigns.models import Campaign, ResultRow
from jamlik.people.models import Organisation, User
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign
from tests.factories import UserFactory


def _closed(org_a: Organisation, org_b: Organisation) -> Campaign:
    campaign = make_campaign({org_a: 10, org_b: 10})
    for n in range(3):
        complete(UserFactory(), first_course(campaign), org_a, local(first_day() + datetime.timedelta(days=n)))
    for _ in range(5):
        complete(UserFactory(), first_course(campaign), org_b, local(first_day()))
    with _after_the_end():
        closing.close_campaign(None, campaign)
    return campaign


def _after_the_end() -> time_machine.travel:
    return time_machine.travel(timezone.now() + datetime.timedelta(days=40))


def test_without_amendments_the_chart_ends_on_the_last_day_which_is_the_result(
    org_a: Organisation, org_b: Organisation
) -> None:
    campaign = _closed(org_a, org_b)
    with _after_the_end():
        drawn = chart.build(standings.for_campaign(campaign))
    assert drawn is not None and not drawn.amended
    assert drawn.table[-1][0] == campaign.last_day.isoformat()
    assert drawn.table[-1][1] == [50.0, 30.0]  # Gagnef 5/10, Säter 3/10, in the order of the result
    assert [line.last_percent for line in drawn.lines] == [50.0, 30.0]


def test_after_an_amendment_the_chart_and_its_table_end_on_the_amended_result(
    org_a: Organisation, org_b: Organisation, programme_manager: User
) -> None:
    campaign = _closed(org_a, org_b)
    row = ResultRow.objects.get(result__campaign=campaign, organisation=org_a)
    closing.amend_result(programme_manager, row, completions=7, headcount=10, reason="Importfel")
    with _after_the_end():
        final = standings.for_campaign(campaign)
        drawn = chart.build(final)
    assert drawn is not None and drawn.amended
    assert [r.name for r in final.rows] == ["Säters kommun", "Gagnefs kommun"]  # the amendment changed the ranks
    assert drawn.names == ["Säters kommun", "Gagnefs kommun"]
    assert drawn.table[-2][0] == campaign.last_day.isoformat()
    assert drawn.table[-2][1] == [30.0, 50.0]  # what was counted by the last day
    assert drawn.table[-1][1] == [70.0, 50.0] == [r.percent for r in final.rows]
    assert [line.last_percent for line in drawn.lines] == [70.0, 50.0]
    assert all(line.points.count(",") == len(drawn.table) for line in drawn.lines)  # one point per table row


def test_the_campaign_page_says_the_result_was_amended_and_ends_the_chart_table_on_it(
    client: Client, org_a: Organisation, org_b: Organisation, programme_manager: User
) -> None:
    campaign = _closed(org_a, org_b)
    row = ResultRow.objects.get(result__campaign=campaign, organisation=org_a)
    closing.amend_result(programme_manager, row, completions=7, headcount=10, reason="Importfel")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with _after_the_end():
        html = client.get(f"/kampanjer/{campaign.slug}/").content.decode()
    assert "each line ends on the amended result" in html
    table = html[html.index('id="chart-table-caption"') :]
    last_row = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table)[-1]
    assert last_row[0] == "Final result, amended"
    assert re.findall(r'<td class="num">([^<]*)</td>', last_row[1]) == ["70.0%", "50.0%"]
    assert "Säters kommun 70.0%</text>" in html  # the line's end label


def test_the_chart_table_and_labels_read_as_swedish_numbers(
    client: Client, org_a: Organisation, org_b: Organisation, programme_manager: User
) -> None:
    campaign = _closed(org_a, org_b)
    row = ResultRow.objects.get(result__campaign=campaign, organisation=org_a)
    closing.amend_result(programme_manager, row, completions=7, headcount=10, reason="Importfel")
    with _after_the_end():
        html = client.get(f"/kampanjer/{campaign.slug}/").content.decode()
    table = html[html.index('id="chart-table-caption"') :]
    last_row = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table)[-1]
    assert re.findall(r'<td class="num">([^<]*)</td>', last_row[1]) == ["70,0\u00a0%", "50,0\u00a0%"]
    assert "70.0" not in table
    assert "Säters kommun 70,0\u00a0%</text>" in html
    assert ">50\u00a0%</text>" in html  # a y axis tick


def test_a_long_name_is_shortened_to_fit_beside_the_chart_with_the_full_name_kept(
    client: Client, org_a: Organisation, org_b: Organisation
) -> None:
    long_name = "Länsstyrelsen i Dalarnas län, enheten för samhällsplanering och jämställdhet"
    Organisation.objects.filter(pk=org_b.pk).update(name=long_name)
    campaign = _closed(org_a, org_b)
    with _after_the_end():
        drawn = chart.build(standings.for_campaign(campaign))
        html = client.get(f"/kampanjer/{campaign.slug}/").content.decode()
    assert drawn is not None
    for line in drawn.lines:
        text = f"{line.label} 100,0 %"
        assert line.end_x + len(text) * chart.CHAR_WIDTH <= drawn.width, line.label
        assert 12 <= line.end_y <= drawn.height - 4
    [shortened] = [line for line in drawn.lines if line.name == long_name]
    assert shortened.label.endswith("…") and long_name.startswith(shortened.label[:-1])
    assert f"<title>{long_name}</title>" in html  # the full name as the label's tooltip
    assert f'<th scope="col" class="num">{long_name}</th>' in html  # and in the table


def test_end_labels_pushed_below_the_chart_move_back_inside(org_a: Organisation) -> None:
    lines = [chart.Line(f"Org {n}", "", "#000", "", 500, chart.HEIGHT - 10, 0.0) for n in range(10)]
    chart._spread_labels(lines)
    ys = sorted(line.end_y for line in lines)
    assert ys[-1] <= chart.HEIGHT - 4
    assert all(b - a >= 13 for a, b in itertools.pairwise(ys))


def test_the_page_lists_each_amendment_with_its_reason_and_the_api_flags_the_row(
    client: Client, org_a: Organisation, org_b: Organisation, programme_manager: User
) -> None:
    campaign = _closed(org_a, org_b)
    row = ResultRow.objects.get(result__campaign=campaign, organisation=org_a)
    closing.amend_result(programme_manager, row, completions=7, headcount=10, reason="Importfel i oktober")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with _after_the_end():
        html = client.get(f"/kampanjer/{campaign.slug}/").content.decode()
        body = client.get(f"/api/v1/campaigns/{campaign.public_id}/standings").json()
        csv_text = client.get(
            f"/api/v1/campaigns/{campaign.public_id}/standings.csv", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode("utf-8-sig")
    amendments = html[html.index('id="amendments-caption"') :]
    assert "Importfel i oktober" in amendments
    assert '<td class="num">3</td><td class="num">7</td>' in amendments  # completions before and after
    assert {i["name"]: (i["completions"], i["amended"]) for i in body["items"]} == {
        "Säters kommun": (7, True),
        "Gagnefs kommun": (5, False),
    }
    assert csv_text.splitlines()[1:3] == ["1,Säters kommun,sater,10,7,70.0,yes", "2,Gagnefs kommun,gagnef,10,5,50.0,"]
