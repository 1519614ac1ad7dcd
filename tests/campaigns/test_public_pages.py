"""The public standings page, the embed and the list: no sign-in, no individual names, constant queries."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamlik.people.models import Organisation, User
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign
from tests.factories import OrganisationFactory, UserFactory


def test_the_standings_page_shows_rank_rate_completions_and_headcount(
    client: Client, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = make_campaign({org_a: 4, org_b: 10})
    for n in range(3):
        complete(UserFactory(), first_course(campaign), org_a, local(first_day() + datetime.timedelta(days=n)))
    page = client.get(f"/kampanjer/{campaign.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Säters kommun" in html and "75" in html  # 3 of 4
    assert "<svg" in html and 'role="img"' in html
    assert "The chart&#x27;s figures as a table" in html or "figures as a table" in html
    assert "days left" in html


def test_a_draft_campaign_is_not_public(client: Client, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 4})
    campaign.status = "draft"
    campaign.save()
    assert client.get(f"/kampanjer/{campaign.slug}/").status_code == 404
    assert client.get(f"/api/v1/campaigns/{campaign.public_id}/standings").status_code == 404


def test_public_pages_never_show_names_or_addresses_of_individuals(client: Client, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 4})
    person = UserFactory(name="Ingrid Individ", email="ingrid@sater.se")
    complete(person, first_course(campaign), org_a, local(first_day()))
    for path in (
        f"/kampanjer/{campaign.slug}/",
        f"/kampanjer/{campaign.slug}/inbaddning/",
        f"/api/v1/campaigns/{campaign.public_id}/standings",
        f"/api/v1/campaigns/{campaign.public_id}/standings.csv",
    ):
        body = client.get(path).content.decode("utf-8", errors="replace")
        assert "Ingrid" not in body and "ingrid@" not in body, path


def test_the_embed_has_no_script_and_may_be_framed_by_other_sites(client: Client, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 4})
    embed = client.get(f"/kampanjer/{campaign.slug}/inbaddning/")
    assert embed.status_code == 200
    assert "<script" not in embed.content.decode()
    assert "X-Frame-Options" not in embed.headers
    assert "frame-ancestors 'self' *" in embed.headers["Content-Security-Policy"]
    page = client.get(f"/kampanjer/{campaign.slug}/")
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self';" in page.headers["Content-Security-Policy"] + ";"


def test_a_count_above_the_headcount_is_shown_as_it_is(client: Client, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 1})
    for _ in range(2):
        complete(UserFactory(), first_course(campaign), org_a, local(first_day()))
    html = client.get(f"/kampanjer/{campaign.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Säters kommun 200.0%</text>" in html  # the chart's end label, in English
    assert "more than the headcount" in html


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_page_and_api_make_the_same_number_of_queries_for_few_and_many_completions(
    client: Client, org_a: Organisation, org_b: Organisation, settings: Any
) -> None:
    settings.JAMLIK_CAMPAIGN_CACHE_SECONDS = 0  # every request computes: the cached case is in test_public_cache
    campaign = make_campaign({org_a: 100, org_b: 100, OrganisationFactory(): 100})
    course = first_course(campaign)
    paths = [
        f"/kampanjer/{campaign.slug}/",
        f"/kampanjer/{campaign.slug}/inbaddning/",
        f"/api/v1/campaigns/{campaign.public_id}/standings",
        f"/api/v1/campaigns/{campaign.public_id}/standings.csv",
    ]
    complete(UserFactory(), course, org_a, local(first_day()))
    client.get(paths[0])  # the process reads the site notices once (jamlik/web/notices.py)
    few = [_queries(client, p) for p in paths]
    for n in range(40):
        complete(UserFactory(), course, org_a if n % 2 else org_b, local(first_day() + datetime.timedelta(days=n % 20)))
    many = [_queries(client, p) for p in paths]
    assert few == many


def test_the_list_shows_running_and_finished_campaigns(
    client: Client, org_a: Organisation, programme_manager: User
) -> None:
    campaign = make_campaign({org_a: 4})
    html = client.get("/kampanjer/").content.decode()
    assert campaign.title_sv in html
