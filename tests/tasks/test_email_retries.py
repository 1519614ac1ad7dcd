"""Email survives a mail server that is down and a worker that dies.

These tests use the real database queue (django-tasks-db), the real worker command and Django's
SMTP backend: first against a closed port on 127.0.0.1, then against a real SMTP server started
on that port. Time moves with time-machine so the backoff can elapse.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jamlik.lib.mail import EMAIL_RETRIES, deliver_email, queue_rendered_email
from jamlik.lib.tasks import WORKER_LOST, RetryPolicy
from tests.tasks.smtp import a_closed_port, mail_server, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp_port(settings: pytest.FixtureRequest) -> Iterator[int]:
    port = a_closed_port()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # type: ignore[attr-defined]
    settings.EMAIL_HOST = "127.0.0.1"  # type: ignore[attr-defined]
    settings.EMAIL_PORT = port  # type: ignore[attr-defined]
    settings.EMAIL_TIMEOUT = 5  # type: ignore[attr-defined]
    settings.JAMLIK_TASK_LEASE_SECONDS = 600  # type: ignore[attr-defined]
    yield port


def an_invitation(to: str = "ny@sater.se") -> DBTaskResult:  # type: ignore[type-arg]
    queue_rendered_email(to, "Inbjudan till Jämlik", "Välkommen!", "<p>Välkommen!</p>", template="invitation")
    return DBTaskResult.objects.get(task_path=deliver_email.module_path, args_kwargs__kwargs__to=to)


def later(minutes: float) -> time_machine.travel:
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=True)


def test_the_backoff_doubles_from_a_minute_up_to_an_hour() -> None:
    policy = RetryPolicy(max_attempts=8)
    assert [policy.delay(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_an_email_that_fails_while_the_mail_server_is_down_is_delivered_when_it_is_back(smtp_port: int) -> None:
    result = an_invitation()

    run_worker()  # the mail server is down: connection refused

    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY
    assert len(result.worker_ids) == 1
    assert "ConnectionRefusedError" in result.traceback  # the last error stays visible while it waits
    assert timezone.now() + datetime.timedelta(seconds=50) < result.run_after
    run_worker()  # not due yet: nothing is tried
    result.refresh_from_db()
    assert (result.status, len(result.worker_ids)) == (TaskResultStatus.READY, 1)

    with mail_server(smtp_port) as inbox, later(minutes=2):
        run_worker()

    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(result.worker_ids) == 2
    assert inbox.recipients() == ["ny@sater.se"]


def test_a_delivery_that_fails_every_attempt_ends_failed(smtp_port: int) -> None:
    result = an_invitation()
    for attempt in range(EMAIL_RETRIES.max_attempts):
        with later(minutes=61 * attempt):
            run_worker()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert len(result.worker_ids) == EMAIL_RETRIES.max_attempts
    with later(minutes=61 * 9):
        call_command("reclaim_tasks", verbosity=0)  # no attempts left: the sweep leaves it failed
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED


def test_a_task_whose_worker_died_is_reclaimed_and_delivered(smtp_port: int) -> None:
    result = an_invitation()
    result.claim("worker-killed-mid-task")  # what the worker records before running it; then it died

    call_command("reclaim_tasks", verbosity=0)  # within the lease: maybe still running, left alone
    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING

    with later(minutes=11):
        call_command("reclaim_tasks", verbosity=0)
        result.refresh_from_db()
        assert result.status == TaskResultStatus.READY
        assert result.exception_class_path == WORKER_LOST
        assert "worker-killed-mid-task" in result.traceback
    with mail_server(smtp_port) as inbox, later(minutes=14):
        run_worker()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert inbox.recipients() == ["ny@sater.se"]


def test_a_task_without_a_retry_policy_whose_worker_died_is_marked_failed(smtp_port: int) -> None:
    result = an_invitation()
    DBTaskResult.objects.filter(pk=result.pk).update(task_path="jamlik.lib.mail.render_email")  # not a retried task
    result.refresh_from_db()
    result.claim("worker-killed-mid-task")
    with later(minutes=11):
        call_command("reclaim_tasks", verbosity=0)
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == WORKER_LOST
    assert result.finished_at is not None


def test_failures_from_before_retries_existed_are_queued_again(smtp_port: int) -> None:
    result = an_invitation()
    result.claim("old-worker")
    result.set_failed(ConnectionRefusedError(111, "Connection refused"))  # as the worker recorded it, unretried

    call_command("reclaim_tasks", verbosity=0)

    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY
    with mail_server(smtp_port) as inbox, later(minutes=2):
        run_worker()
    assert inbox.recipients() == ["ny@sater.se"]
