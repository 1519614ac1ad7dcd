"""The demo recreates the seed's result: Säter 64 %, Gagnef 41 %, Hedemora 25 %, 2,891 completions."""

from __future__ import annotations

import pytest

from jamlik.campaigns import demo as campaigns_demo
from jamlik.campaigns import standings
from jamlik.campaigns.counting import recompute
from jamlik.campaigns.models import Campaign, Result
from jamlik.courses import demo as courses_demo
from jamlik.people import demo as people_demo


@pytest.mark.django_db
def test_the_demo_recreates_the_dalarna_result_and_a_running_campaign() -> None:
    people_demo.load()
    courses_demo.load()
    campaigns_demo.load()
    campaigns_demo.load()  # idempotent
    dalarna = Campaign.objects.get(slug="ett-dalarna-for-alla-2018")
    result = Result.objects.get(campaign=dalarna)
    assert (result.total_completions, result.organisations) == (2891, 8)
    top = standings.for_campaign(dalarna, with_series=False).rows[:3]
    assert [(r.slug, r.percent, r.medal) for r in top] == [
        ("sater", 64.0, "gold"),
        ("gagnef", 41.0, "silver"),
        ("hedemora", 25.0, "bronze"),
    ]
    assert dalarna.news.filter(published_at__isnull=False).exists()
    running = Campaign.objects.get(slug="jamlikt-jamtland")
    assert not running.has_ended() and running.has_started()
    assert recompute(running) == [] and recompute(dalarna) == []
