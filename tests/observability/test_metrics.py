"""/metrics through HTTP: who may read it, that Prometheus can parse it, and that the figures move."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jamlik.courses import actions as course_actions
from jamlik.lib.mail import deliver_email, queue_rendered_email
from jamlik.people.models import Organisation, User
from jamlik.schedule import JOBS
from jamlik.web.models import JobOutcome, ScheduledJob
from jamlik.web.scheduling import run_due
from jamlik.web.worker import beat
from tests.courses.factories import lessons_of, make_course
from tests.observability.scrape import TOKEN, scrape, total, value
from tests.programmes.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def metrics_token(settings: Any) -> str:
    settings.JAMLIK_METRICS_TOKEN = TOKEN
    return TOKEN


def test_metrics_are_closed_when_neither_a_token_nor_a_network_is_set(client: Client) -> None:
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404


def test_without_the_token_the_answer_is_401_and_names_the_scheme(client: Client, metrics_token: str) -> None:
    response = client.get("/metrics")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"jamlik_" not in response.content
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong-token"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": f"Basic {metrics_token}"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": f"Bearer {metrics_token}"}).status_code == 200


def test_an_allowed_network_is_let_in_and_any_other_address_refused(client: Client, settings: Any) -> None:
    settings.JAMLIK_METRICS_ALLOWED_NETWORKS = ["10.20.0.0/16", "2001:db8::/32"]
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="2001:db8::7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.21.0.1").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403
    # A forged forwarding header changes nothing: the connection's own address decides.
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.20.3.4").status_code == 403


def test_either_the_token_or_the_network_is_enough_when_both_are_set(client: Client, settings: Any) -> None:
    settings.JAMLIK_METRICS_TOKEN = TOKEN
    settings.JAMLIK_METRICS_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert client.get("/metrics", REMOTE_ADDR="10.20.3.4").status_code == 200
    assert (
        client.get("/metrics", REMOTE_ADDR="192.0.2.1", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    )
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.1").status_code == 401


def test_metrics_answer_for_any_host_name_like_the_health_check(client: Client, metrics_token: str) -> None:
    """Scrapers address a node by its IP, which is not among the allowed host names."""
    response = client.get("/metrics", headers={"Authorization": f"Bearer {metrics_token}"}, HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200


def test_requests_are_counted_by_view_status_and_queries(client: Client, metrics_token: str) -> None:
    before = scrape(client)
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert client.get("/tillganglighet/").status_code == 200
    assert client.get("/no/such/page/at/all/7f3a").status_code == 404
    after = scrape(client)

    def moved(name: str, **labels: str) -> float:
        return total(after, name, **labels) - total(before, name, **labels)

    assert moved("jamlik_http_request_duration_seconds_count", view="web:home", method="GET") == 3
    assert moved("jamlik_http_request_duration_seconds_count", view="web:accessibility", method="GET") == 1
    assert moved("jamlik_http_request_duration_seconds_count", view="unmatched", method="GET") == 1
    assert moved("jamlik_http_responses_total", status="200", method="GET") == 4
    assert moved("jamlik_http_responses_total", status="404", method="GET") == 1
    assert moved("jamlik_db_queries_per_request_count", view="web:home") == 3
    # The raw path never becomes a label.
    assert not any("7f3a" in str(labels) for _, labels in after)
    # The home page asks the database something (site notices): its queries are counted.
    assert moved("jamlik_db_queries_per_request_sum", view="web:home") >= 3


def test_a_method_a_client_invents_does_not_become_a_new_series(client: Client, metrics_token: str) -> None:
    client.generic("BREW", "/")
    client.generic("PROPFIND-XYZ", "/")
    samples = scrape(client)
    methods = {dict(labels).get("method") for name, labels in samples if name == "jamlik_http_responses_total"}
    assert "other" in methods
    assert methods <= {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"}


def test_the_task_queue_is_measured_from_the_database(
    client: Client, metrics_token: str, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "jamlik.lib.tasks.TracedDatabaseBackend"}}
    empty = scrape(client)
    assert value(empty, "jamlik_tasks", queue="default", state="ready") == 0

    with django_capture_on_commit_callbacks(execute=True):
        for to in ("a@sater.se", "b@sater.se", "c@sater.se"):
            queue_rendered_email(to, "Ämne", "Text")
    # As if enqueued ten minutes ago.
    ten_minutes_ago = timezone.now() - datetime.timedelta(minutes=10)
    DBTaskResult.objects.filter(args_kwargs__kwargs__to="a@sater.se").update(enqueued_at=ten_minutes_ago)
    # A retry waiting for its time, and one failed for good.
    DBTaskResult.objects.filter(args_kwargs__kwargs__to="b@sater.se").update(
        run_after=timezone.now() + datetime.timedelta(minutes=5)
    )
    failed = DBTaskResult.objects.get(args_kwargs__kwargs__to="c@sater.se")
    failed.claim("worker-1")
    failed.set_failed(ConnectionRefusedError(111, "Connection refused"))

    samples = scrape(client)
    assert value(samples, "jamlik_tasks", queue="default", state="ready") == 1
    assert value(samples, "jamlik_tasks", queue="default", state="deferred") == 1
    assert value(samples, "jamlik_tasks", queue="default", state="failed") == 1
    assert value(samples, "jamlik_tasks", queue="default", state="running") == 0
    age = value(samples, "jamlik_tasks_oldest_ready_age_seconds", queue="default")
    assert 600 <= age < 660
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == {deliver_email.module_path}


def test_workers_alive_follow_their_heartbeats(client: Client, metrics_token: str) -> None:
    assert value(scrape(client), "jamlik_workers_alive") == 0
    beat("worker-a", timezone.now())
    beat("worker-b", timezone.now() - datetime.timedelta(hours=1))
    from jamlik.web.models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(worker_id="worker-b").update(beat_at=timezone.now() - datetime.timedelta(minutes=10))
    samples = scrape(client)
    assert value(samples, "jamlik_workers_alive") == 1
    assert value(samples, "jamlik_worker_heartbeat_age_seconds") < 60


def test_scheduler_jobs_report_when_they_last_ran_and_how_it_went(client: Client, metrics_token: str) -> None:
    (reclaim,) = [job for job in JOBS if job.command == "reclaim_tasks"]
    assert run_due([reclaim]) == ["reclaim_tasks"]  # the scheduler's own path: claim the turn, run, record
    ScheduledJob.objects.create(
        command="warm_statistics", last_started_at=timezone.now(), outcome=JobOutcome.FAILED, error="Traceback …"
    )
    samples = scrape(client)
    row = ScheduledJob.objects.get(command="reclaim_tasks")
    assert row.last_started_at is not None and row.last_finished_at is not None
    assert value(samples, "jamlik_scheduler_job_interval_seconds", job="reclaim_tasks") == 300
    assert value(samples, "jamlik_scheduler_job_last_started_timestamp_seconds", job="reclaim_tasks") == pytest.approx(
        row.last_started_at.timestamp()
    )
    assert value(samples, "jamlik_scheduler_job_last_finished_timestamp_seconds", job="reclaim_tasks") == pytest.approx(
        row.last_finished_at.timestamp()
    )
    assert value(samples, "jamlik_scheduler_job_last_outcome", job="reclaim_tasks", outcome="succeeded") == 1
    assert value(samples, "jamlik_scheduler_job_last_outcome", job="warm_statistics", outcome="failed") == 1
    assert value(samples, "jamlik_scheduler_job_last_outcome", job="send_campaign_digests", outcome="never_run") == 1
    assert ("jamlik_scheduler_job_last_started_timestamp_seconds", (("job", "send_campaign_digests"),)) not in samples


def test_registrations_and_completions_in_the_last_minute_move_with_what_people_do(
    client: Client,
    metrics_token: str,
    as_learner_a: Client,
    learner_a: User,
    org_a: Organisation,
    org_b: Organisation,
) -> None:
    before = scrape(client)
    assert value(before, "jamlik_programme_registrations_last_minute") == 0
    assert value(before, "jamlik_course_completions_last_minute") == 0

    shape = make_programme(org_a, org_b)
    response = as_learner_a.post(
        f"/program/{shape.programme.slug}/anmal/", {f"module_{shape.stockholm.module_id}": shape.goteborg.pk}
    )
    assert response.status_code == 302
    course = make_course(lessons=1)
    course_actions.enrol(learner_a, course)
    (lesson,) = lessons_of(course)
    assert as_learner_a.post(f"/kurser/{course.slug}/lektion/{lesson.public_id}/klar/").status_code == 302

    after = scrape(client)
    assert value(after, "jamlik_programme_registrations_last_minute") == 1
    assert value(after, "jamlik_course_completions_last_minute") == 1
