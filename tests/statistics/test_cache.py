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


def test_the_warm_command_counts_again_even_when_the_figures_are_cached(
    settings: object, org_a: Organisation, org_b: Organisation
) -> None:
    from django.core.management import call_command

    settings.JAMLIK_STATISTICS_CACHE_SECONDS = 300  # type: ignore[attr-defined]
    world = two_organisations(org_a, org_b)
    assert build(get("completed"), "organisation", Filters()).grand_total() == 23
    completed(people(org_b, 6, "man"), world.course, org_b, MARCH)
    assert build(get("completed"), "organisation", Filters()).grand_total() == 23  # still the cached figure
    call_command("warm_statistics")
    assert build(get("completed"), "organisation", Filters()).grand_total() == 29
    assert queries(lambda: build(get("completed"), "organisation", Filters())) <= 1  # headcounts only


def test_a_project_that_tags_nothing_gives_empty_tables_with_the_cache_on(settings: object) -> None:
    settings.JAMLIK_STATISTICS_CACHE_SECONDS = 300  # type: ignore[attr-defined]
    table = build(get("completed"), "organisation", Filters(course_ids=()))
    assert table.rows == []
    assert table.grand_total() == 0
