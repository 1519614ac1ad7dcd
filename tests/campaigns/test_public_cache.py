"""The public standings are cached briefly: stale by at most the stated seconds, never after closing or amending."""

from __future__ import annotations

import datetime
import re
import time
from typing import Any

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jamlik.campaigns import actions, cache, closing
from jamlik.campaigns.models import ResultRow
from jamlik.people.models import Organisation
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign
from tests.factories import OrganisationFactory, UserFactory


def _completions_in_json(client: Client, campaign_id: object, slug: str) -> int:
    items = client.get(f"/api/v1/campaigns/{campaign_id}/standings").json()["items"]
    return int(next(i["completions"] for i in items if i["organisation_slug"] == slug))


def test_live_figures_are_at_most_the_stated_seconds_old(client: Client, org_a: Organisation, settings: Any) -> None:
    settings.JAMLIK_CAMPAIGN_CACHE_SECONDS = 30
    campaign = make_campaign({org_a: 1000})
    course = first_course(campaign)
    complete(UserFactory(), course, org_a, local(first_day()))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/kampanjer/{campaign.slug}/").content.decode()
    assert "updated every 30 seconds" in page and "0.1%" in page
    assert _completions_in_json(client, campaign.public_id, org_a.slug) == 1
    complete(UserFactory(), course, org_a, local(first_day()))
    assert "0.1%" in client.get(f"/kampanjer/{campaign.slug}/").content.decode()
    assert _completions_in_json(client, campaign.public_id, org_a.slug) == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31)):
        assert "0.2%" in client.get(f"/kampanjer/{campaign.slug}/").content.decode()
        assert _completions_in_json(client, campaign.public_id, org_a.slug) == 2


def test_with_redis_live_figures_are_counted_again_once_the_stated_seconds_pass(
    client: Client, org_a: Organisation, settings: Any, redis_cache: None
) -> None:
    """Redis expires keys by its own clock, so this one waits in real time (time_machine moves only
    ours): as long as Redis itself says the kept standings still live, and no longer. Five seconds
    leave room for a loaded machine between the first count and the read that must come from Redis."""
    from django.core.cache import cache

    settings.JAMLIK_CAMPAIGN_CACHE_SECONDS = 5
    campaign = make_campaign({org_a: 1000})
    course = first_course(campaign)
    complete(UserFactory(), course, org_a, local(first_day()))
    assert _completions_in_json(client, campaign.public_id, org_a.slug) == 1
    assert "0,1\u00a0%" in client.get(f"/kampanjer/{campaign.slug}/").content.decode()
    complete(UserFactory(), course, org_a, local(first_day()))
    assert _completions_in_json(client, campaign.public_id, org_a.slug) == 1  # from Redis
    redis = cache._cache.get_client(write=True)  # type: ignore[attr-defined]  # Django's RedisCache client
    lives = [redis.pttl(key) for key in redis.scan_iter(match=f"{cache.key_prefix}:*:campaigns:*")]
    assert lives and all(0 < ms <= 5000 for ms in lives)  # kept no longer than the stated seconds
    time.sleep(max(lives) / 1000 + 0.1)
    assert _completions_in_json(client, campaign.public_id, org_a.slug) == 2
    assert "0,2\u00a0%" in client.get(f"/kampanjer/{campaign.slug}/").content.decode()


def test_closing_serves_the_frozen_result_at_once(
    client: Client, org_a: Organisation, settings: Any, any_cache: None
) -> None:
    settings.JAMLIK_CAMPAIGN_CACHE_SECONDS = 60
    campaign = make_campaign({org_a: 10})
    complete(UserFactory(), first_course(campaign), org_a, local(first_day()))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Final result" not in client.get(f"/kampanjer/{campaign.slug}/").content.decode()
    assert client.get(f"/api/v1/campaigns/{campaign.public_id}/standings").json()["final"] is False
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        closing.close_campaign(None, campaign)
    page = client.get(f"/kampanjer/{campaign.slug}/").content.decode()
    assert "Final result" in page and "updated every" not in page
    assert client.get(f"/api/v1/campaigns/{campaign.public_id}/standings").json()["final"] is True


def test_an_amendment_shows_at_once_on_the_page_and_in_the_json(
    client: Client, org_a: Organisation, settings: Any, django_capture_on_commit_callbacks: Any, any_cache: None
) -> None:
    settings.JAMLIK_CAMPAIGN_CACHE_SECONDS = 60
    campaign = make_campaign({org_a: 10})
    complete(UserFactory(), first_course(campaign), org_a, local(first_day()))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        closing.close_campaign(None, campaign)
    assert _completions_in_json(client, campaign.public_id, org_a.slug) == 1
    assert "10,0\u00a0%" in client.get(f"/kampanjer/{campaign.slug}/").content.decode()
    row = ResultRow.objects.get(result__campaign=campaign, organisation=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        closing.amend_result(None, row, completions=7, headcount=10, reason="Late registrations")
    assert _completions_in_json(client, campaign.public_id, org_a.slug) == 7
    assert "70,0\u00a0%" in client.get(f"/kampanjer/{campaign.slug}/").content.decode()


def test_a_cached_page_and_json_make_the_same_few_queries_for_few_and_many_organisations(
    client: Client, org_a: Organisation, settings: Any
) -> None:
    settings.JAMLIK_CAMPAIGN_CACHE_SECONDS = 60

    def warm_queries(path: str) -> int:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    few = make_campaign({org_a: 10})
    many = make_campaign({OrganisationFactory(): 10 for _ in range(30)})
    for campaign in (few, many):
        complete(
            UserFactory(),
            first_course(campaign),
            next(iter(campaign.participants.all())).organisation,
            local(first_day()),
        )
    counts = [
        (warm_queries(f"/kampanjer/{c.slug}/"), warm_queries(f"/api/v1/campaigns/{c.public_id}/standings"))
        for c in (few, many)
    ]
    assert counts[0] == counts[1]
    assert counts[0][1] <= 1  # the campaign; the standings come from the cache


def _token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match is not None
    return match.group(1)


def test_an_anonymous_visitor_gets_the_kept_page_in_two_queries_with_their_own_csrf_token(
    org_a: Organisation, settings: Any, any_cache: None
) -> None:
    settings.JAMLIK_CAMPAIGN_CACHE_SECONDS = 60
    campaign = make_campaign({org_a: 10})
    complete(UserFactory(), first_course(campaign), org_a, local(first_day()))
    path = f"/kampanjer/{campaign.slug}/"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    kept = first.get(path).content.decode()
    with CaptureQueriesContext(connection) as queries:
        page = second.get(path).content.decode()
    # The campaign and the kept page (with Redis, only the campaign).
    assert len(queries) <= 2
    assert page.replace(_token(page), "") == kept.replace(_token(kept), "")
    assert cache.CSRF_PLACEHOLDER not in page and _token(page) != _token(kept)
    # Each visitor's token belongs to their own cookie: the language form works for both.
    for client, html in ((first, kept), (second, page)):
        answer = client.post("/i18n/setlang/", {"language": "en", "next": path, "csrfmiddlewaretoken": _token(html)})
        assert answer.status_code == 302


def test_news_and_headcount_corrections_show_at_once_on_the_kept_anonymous_page(
    client: Client, org_a: Organisation, settings: Any, django_capture_on_commit_callbacks: Any, any_cache: None
) -> None:
    settings.JAMLIK_CAMPAIGN_CACHE_SECONDS = 600
    campaign = make_campaign({org_a: 10})
    path = f"/kampanjer/{campaign.slug}/"
    assert "Halvvägs nu" not in client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        closing.save_news(None, campaign, title_sv="Halvvägs nu", body_sv="Bra jobbat.", publish=True)
    assert "Halvvägs nu" in client.get(path).content.decode()
    participant = campaign.participants.get(organisation=org_a)
    if participant.frozen_headcount is not None and campaign.headcount_open():
        with django_capture_on_commit_callbacks(execute=True):
            actions.correct_headcount(None, participant, headcount=12, reason="Omräknat efter sammanslagning")
        assert "Omräknat efter sammanslagning" in client.get(path).content.decode()


def test_a_signed_in_visitor_never_gets_the_anonymous_page(
    client: Client, as_learner_a: Client, org_a: Organisation, settings: Any
) -> None:
    settings.JAMLIK_CAMPAIGN_CACHE_SECONDS = 60
    campaign = make_campaign({org_a: 10})
    path = f"/kampanjer/{campaign.slug}/"
    assert "Logga ut" not in client.get(path).content.decode()  # now kept
    assert "Logga ut" in as_learner_a.get(path).content.decode()
    assert "Logga ut" not in client.get(path).content.decode()
