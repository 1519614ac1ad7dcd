"""Figures are kept for a few minutes (JAMLIK_STATISTICS_CACHE_SECONDS), then counted again."""

from __future__ import annotations

import datetime

import time_machine
from django.test import Client
from django.utils import timezone

from jamlik.people.models import Organisation
from jamlik.statistics.measures import Filters, get
from jamlik.statistics.tables import build
from tests.statistics.factories import completed, people
from tests.statistics.kit import MARCH, queries, two_organisations


def test_a_repeated_dashboard_reads_the_cached_figures_until_they_expire(
    settings: object, as_programme_manager: Client, org_a: Organisation, org_b: Organisation
) -> None:
    settings.JAMLIK_STATISTICS_CACHE_SECONDS = 300  # type: ignore[attr-defined]
    world = two_organisations(org_a, org_b)
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        first = queries(lambda: as_programme_manager.get("/statistik/"))
        second = queries(lambda: as_programme_manager.get("/statistik/"))
        assert second < first
        assert build(get("completed"), "organisation", Filters()).grand_total() == 23
        completed(people(org_a, 10, "kvinna"), world.course, org_a, MARCH)
        assert build(get("completed"), "organisation", Filters()).grand_total() == 23
    with time_machine.travel(now + datetime.timedelta(seconds=301), tick=False):
        assert build(get("completed"), "organisation", Filters()).grand_total() == 33
