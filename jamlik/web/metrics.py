"""``/metrics``: Prometheus metrics, for a scraper holding the token or inside an allowed network.

Two kinds of figures (docs/operations.md lists every metric):

- **Per request** (latency, status, queries), counted by the process that answered
  (``jamlik.lib.metrics``), added up over gunicorn's workers through prometheus_client's
  multiprocess mode when ``PROMETHEUS_MULTIPROC_DIR`` is set. Each node reports its own; add nodes
  up with ``sum``.
- **From the database at scrape time** (``DatabaseCollector``): the task queue, worker
  heartbeats, scheduler jobs, registrations and completions in the last minute. These are right
  whichever process did the work (a web worker, a background worker, a command, another node)
  and survive restarts, which counters kept in one process's memory would not; every node
  reports the same values, so combine nodes with ``max``, not ``sum``. Each scrape costs a few
  aggregate queries on indexed columns.

Access: closed (404) unless ``JAMLIK_METRICS_TOKEN`` or ``JAMLIK_METRICS_ALLOWED_NETWORKS`` is set;
then a request bearing the token (``Authorization: Bearer …``) or coming from one of the networks
is answered, any other gets 401 (a token is set) or 403.
"""

from __future__ import annotations

import datetime
import hmac
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from jamlik.courses.models import Completion
from jamlik.lib import metrics as request_metrics
from jamlik.programmes.models import Registration
from jamlik.schedule import JOBS
from jamlik.web.models import ScheduledJob, WorkerHeartbeat

MINUTE = datetime.timedelta(minutes=1)
UNKNOWN = "unknown"
NEVER_RUN = "never_run"


# --- Access -----------------------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The address the connection came from. /metrics is scraped directly, never through the proxy."""
    return str(request.META.get("REMOTE_ADDR", ""))


def bears_token(request: HttpRequest) -> bool:
    token = settings.JAMLIK_METRICS_TOKEN
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(offered.strip(), token)


def in_allowed_network(request: HttpRequest) -> bool:
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.JAMLIK_METRICS_ALLOWED_NETWORKS)


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not settings.JAMLIK_METRICS_TOKEN and not settings.JAMLIK_METRICS_ALLOWED_NETWORKS:
        return HttpResponse("Not found\n", status=404, content_type="text/plain")
    if not (bears_token(request) or in_allowed_network(request)):
        if settings.JAMLIK_METRICS_TOKEN:
            response = HttpResponse("A metrics token is needed\n", status=401, content_type="text/plain")
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
        return HttpResponse("Not from an allowed network\n", status=403, content_type="text/plain")
    response = HttpResponse(generate_latest(scrape_registry()), content_type=CONTENT_TYPE_PLAIN_0_0_4)
    response["Cache-Control"] = "no-store"
    return response


def scrape_registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    if request_metrics.multiprocess():
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # every worker process's files, added up
    else:
        registry.register(_InThisProcess())
    registry.register(DatabaseCollector())
    return registry


class _InThisProcess(Collector):
    def collect(self) -> Iterator[object]:  # type: ignore[override]
        yield from request_metrics.REGISTRY.collect()


# --- The scheduler ----------------------------------------------------------------------------


@dataclass(frozen=True)
class JobRecord:
    job: str
    every_seconds: int
    last_started: datetime.datetime | None
    last_finished: datetime.datetime | None
    outcome: str  # "succeeded", "failed", "running"; NEVER_RUN, or UNKNOWN when the scheduler did not say


def scheduler_records() -> list[JobRecord]:
    """What the scheduler recorded about each job in ``jamlik/schedule.py``.

    The one place that knows where the scheduler keeps its records: the ``ScheduledJob`` rows
    (``jamlik.web.scheduling``), one per job, written when it claims and finishes a turn. A job
    without a row has not run yet.
    """
    rows = {row.command: row for row in ScheduledJob.objects.all()}
    records = []
    for job in JOBS:
        row = rows.get(job.command)
        if row is None or row.last_started_at is None:
            records.append(JobRecord(job.command, job.every_seconds, None, None, NEVER_RUN))
            continue
        records.append(
            JobRecord(job.command, job.every_seconds, row.last_started_at, row.last_finished_at, row.outcome or UNKNOWN)
        )
    return records


# --- Figures from the database ----------------------------------------------------------------


class DatabaseCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        yield from self.tasks(now)
        yield from self.workers(now)
        yield from self.scheduler(now)
        yield from self.activity(now)

    def tasks(self, now: datetime.datetime) -> Iterator[GaugeMetricFamily]:
        tasks = GaugeMetricFamily(
            "jamlik_tasks",
            "Background tasks by state: ready (due now), deferred (waiting for a later time, e.g. a retry), running, failed.",
            labels=["queue", "state"],
        )
        oldest = GaugeMetricFamily(
            "jamlik_tasks_oldest_ready_age_seconds",
            "How long the longest-waiting due task has been ready to run, by queue (0 when none is waiting).",
            labels=["queue"],
        )
        never = get_date_max()
        due = DBTaskResult.objects.ready()
        queues: dict[str, dict[str, float]] = {}
        for row in due.values("queue_name").annotate(n=Count("id")):
            queues.setdefault(row["queue_name"], {})["ready"] = row["n"]
        live = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING, TaskResultStatus.FAILED]
        )
        for row in live.values("queue_name", "status").annotate(n=Count("id")):
            counts = queues.setdefault(row["queue_name"], {})
            if row["status"] != TaskResultStatus.READY:
                counts[str(row["status"]).lower()] = row["n"]
            else:
                counts["deferred"] = row["n"]  # all READY rows for now; the due ones are taken off below
        ready_since: dict[str, datetime.datetime] = {}
        # A task is ready since it was enqueued, or, if it had to wait (a retry), since its time came.
        first_enqueued = due.filter(run_after=never).values_list("queue_name").annotate(Min("enqueued_at"))
        first_due = due.exclude(run_after=never).values_list("queue_name").annotate(Min("run_after"))
        for queue, at in [*first_enqueued, *first_due]:
            since = ready_since.get(queue)
            ready_since[queue] = at if since is None else min(since, at)
        for queue, counts in sorted(queues.items()):
            counts["deferred"] = counts.get("deferred", 0) - counts.get("ready", 0)
            for state in ("ready", "deferred", "running", "failed"):
                tasks.add_metric([queue, state], counts.get(state, 0))
            since = ready_since.get(queue)
            oldest.add_metric([queue], max((now - since).total_seconds(), 0.0) if since else 0.0)
        yield tasks
        yield oldest

    def workers(self, now: datetime.datetime) -> Iterator[GaugeMetricFamily]:
        window = datetime.timedelta(seconds=settings.JAMLIK_READY_WORKER_SECONDS or 120)
        alive = WorkerHeartbeat.objects.filter(beat_at__gte=now - window).count()
        yield GaugeMetricFamily(
            "jamlik_workers_alive",
            "Background worker processes whose heartbeat is recent (within JAMLIK_READY_WORKER_SECONDS).",
            value=alive,
        )
        newest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
        if newest is not None:
            yield GaugeMetricFamily(
                "jamlik_worker_heartbeat_age_seconds",
                "Seconds since the newest heartbeat of any background worker.",
                value=max((now - newest).total_seconds(), 0.0),
            )

    def scheduler(self, now: datetime.datetime) -> Iterator[GaugeMetricFamily]:
        interval = GaugeMetricFamily(
            "jamlik_scheduler_job_interval_seconds", "How often the scheduler runs the job.", labels=["job"]
        )
        started = GaugeMetricFamily(
            "jamlik_scheduler_job_last_started_timestamp_seconds",
            "When the scheduler last started the job (Unix time).",
            labels=["job"],
        )
        finished = GaugeMetricFamily(
            "jamlik_scheduler_job_last_finished_timestamp_seconds",
            "When the job's last run ended (Unix time).",
            labels=["job"],
        )
        outcome = GaugeMetricFamily(
            "jamlik_scheduler_job_last_outcome",
            "1 for the outcome of the job's last run (succeeded, failed, running; never_run before its first turn).",
            labels=["job", "outcome"],
        )
        for record in scheduler_records():
            interval.add_metric([record.job], record.every_seconds)
            if record.last_started is not None:
                started.add_metric([record.job], record.last_started.timestamp())
            if record.last_finished is not None:
                finished.add_metric([record.job], record.last_finished.timestamp())
            outcome.add_metric([record.job, record.outcome], 1)
        yield from (interval, started, finished, outcome)

    def activity(self, now: datetime.datetime) -> Iterator[GaugeMetricFamily]:
        since = now - MINUTE
        yield GaugeMetricFamily(
            "jamlik_programme_registrations_last_minute",
            "Programme registrations made in the last 60 seconds.",
            value=Registration.objects.filter(created_at__gt=since).count(),
        )
        yield GaugeMetricFamily(
            "jamlik_course_completions_last_minute",
            "Course completions with a completion time in the last 60 seconds (imported ones keep their own, earlier time).",
            value=Completion.objects.filter(completed_at__gt=since, completed_at__lte=now).count(),
        )
