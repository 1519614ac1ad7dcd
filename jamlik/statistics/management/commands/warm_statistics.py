"""Count the figures of the default dashboards and the national workbook again and keep them in the cache.

Run it a little more often than ``JAMLIK_STATISTICS_CACHE_SECONDS`` (the scheduler: every 4 minutes
with the default 300 s), so the programme manager's dashboard, the public summary and the national
export are read from the cache at national scale. Other filter combinations are counted on demand.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from jamlik.statistics import dashboards, fragments
from jamlik.statistics.measures import Filters
from jamlik.statistics.tables import cache_seconds, refreshing


class Command(BaseCommand):
    help = "Refresh the cached statistics of the default dashboards and the national workbook."

    def handle(self, *args: Any, **options: Any) -> None:
        if cache_seconds() <= 0:
            self.stdout.write("The statistics cache is off (JAMLIK_STATISTICS_CACHE_SECONDS=0); nothing to warm.")
            return
        started = time.monotonic()
        token = refreshing.set(True)
        try:
            for dimension in ("organisation", "county", "item"):
                dashboards.manager_tables(Filters(), dimension)
            dashboards.platform_totals(Filters())
            dashboards.campaign_totals(Filters())
        finally:
            refreshing.reset(token)
        fragments.renew()  # the dashboards kept as HTML show the new figures from now on
        self.stdout.write(f"Statistics counted again in {time.monotonic() - started:.1f} s")
