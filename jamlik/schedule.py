"""Periodic jobs: plain management commands that ``jamlik scheduler`` runs on an interval.

Add a job by adding a line here. Each job must be safe to run twice and to skip a turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HOUR = 3600
DAY = 24 * HOUR


@dataclass(frozen=True)
class Job:
    command: str
    every_seconds: int
    args: tuple[str, ...] = field(default_factory=tuple)


JOBS: list[Job] = [
    Job("clearsessions", DAY),
    Job("prune_db_task_results", DAY, ("--min-age-days", "30")),
    Job("reclaim_tasks", 5 * 60),  # tasks whose worker died, and failures to retry (jamlik/lib/tasks.py)
    Job("start_campaigns", HOUR),
    Job("close_ended_campaigns", HOUR),
    Job("recompute_standings", DAY, ("--fix",)),
    Job("send_campaign_digests", 7 * DAY),
    Job("send_session_reminders", HOUR),
    Job("purge_session_needs", DAY),
    Job("prune_import_jobs", HOUR),
    Job("prune_roster_imports", HOUR),  # staff lists: unconfirmed previews, abandoned and old jobs
    Job("prune_bulk_issues", DAY),
    Job("send_strategy_reminders", DAY),
    Job("send_network_digests", DAY),
    Job("prune_saml_assertions", HOUR),  # used assertions are remembered only until they expire
    Job("refresh_saml_metadata", DAY),  # SAML IdPs' metadata from its address (certificate rollovers)
    Job("deliver_webhooks", 60),  # webhook retries that are due, abandoned sends, old deliveries
    Job("forward_statements", 60),
    Job(
        "xapi_backfill", DAY
    ),  # own learning as xAPI: what the queue lost after a commit, from the rows  # xAPI statements forwarded to organisations' own LRSs: retries, abandoned sends
    Job("prune_idempotency_keys", HOUR),  # the API's Idempotency-Key records, kept a day
    Job("expire_data_exports", HOUR),  # people's downloads of their data, kept a week (docs/privacy.md)
    Job("apply_retention", DAY),  # retention rules: thinning out, inactive accounts (docs/privacy.md)
    Job("warm_statistics", 4 * 60),  # under JAMLIK_STATISTICS_CACHE_SECONDS, so dashboards stay warm
]
