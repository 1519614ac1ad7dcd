"""A campaign reminder is sent by the background worker: the request does not grow with the people."""

from __future__ import annotations

import datetime
from typing import Any

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jamlik.campaigns import reminders
from jamlik.campaigns.models import Reminder, ReminderRecipient, ReminderState
from jamlik.campaigns.reminders import run_reminder
from jamlik.people.models import MembershipRole, Organisation, User
from tests.campaigns.factories import make_campaign
from tests.factories import MembershipFactory, UserFactory


def _members(org: Organisation, n: int) -> list[User]:
    people = []
    for _i in range(n):
        user = UserFactory()
        MembershipFactory(user=user, organisation=org, role=MembershipRole.LEARNER)
        people.append(user)
    return people


def _remind(client: Client, slug: str, org: Organisation, capture: Any) -> tuple[int, int]:
    """Post the reminder without running what waits for commit: (queries, callbacks waiting)."""
    with capture(execute=False) as callbacks, CaptureQueriesContext(connection) as queries:
        response = client.post(f"/kampanjer/{slug}/organisation/{org.slug}/paminn/")
    assert response.status_code == 302
    return len(queries), len(callbacks)


def test_the_request_does_the_same_work_for_3_and_30_people(
    as_coordinator_a: Client, org_a: Organisation, org_b: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    small = make_campaign({org_a: 10})
    _members(org_a, 3)
    queries_small, callbacks_small = _remind(as_coordinator_a, small.slug, org_a, django_capture_on_commit_callbacks)
    _members(org_a, 27)
    large = make_campaign({org_a: 100})
    queries_large, callbacks_large = _remind(as_coordinator_a, large.slug, org_a, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # nothing rendered or sent in the request
    assert callbacks_small == callbacks_large == 1  # one task, not one email per person
    assert queries_large == queries_small


def test_the_worker_sends_and_the_page_reports_it(
    as_coordinator_a: Client, org_a: Organisation, coordinator_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    campaign = make_campaign({org_a: 10})
    people = _members(org_a, 3)
    path = f"/kampanjer/{campaign.slug}/organisation/{org_a.slug}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = as_coordinator_a.post(path + "paminn/", follow=True)
    waiting = 3 + 1  # the three, and the coordinator who has not completed either
    assert f"skickas till {waiting} personer" in response.content.decode()
    assert {p.email for p in people} <= {m.to[0] for m in mail.outbox} and len(mail.outbox) == waiting
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.sent, reminder.recipients) == (ReminderState.DONE, waiting, waiting)
    assert not ReminderRecipient.objects.exists()  # who got it is not kept once it is done
    assert f"skickad till {waiting} av {waiting}" in as_coordinator_a.get(path).content.decode()


def test_a_task_delivered_twice_emails_nobody_twice(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(reminders, "BATCH", 2)  # several batches
    campaign = make_campaign({org_a: 10})
    _members(org_a, 4)
    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator_a.post(f"/kampanjer/{campaign.slug}/organisation/{org_a.slug}/paminn/")
    first = len(mail.outbox)
    reminder = Reminder.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        run_reminder.call(reminder.pk)
    assert len(mail.outbox) == first == 5  # the four and the coordinator
    reminder.refresh_from_db()
    assert reminder.sent == 5


def test_a_reminder_whose_worker_died_goes_on_with_the_people_not_yet_emailed(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    campaign = make_campaign({org_a: 10})
    people = _members(org_a, 4)
    with django_capture_on_commit_callbacks(execute=False):  # the task never ran
        as_coordinator_a.post(f"/kampanjer/{campaign.slug}/organisation/{org_a.slug}/paminn/")
    reminder = Reminder.objects.get()
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    # A worker claimed it, emailed two people and died.
    Reminder.objects.filter(pk=reminder.pk).update(state=ReminderState.RUNNING, beat_at=long_ago, sent=2)
    ReminderRecipient.objects.bulk_create([ReminderRecipient(reminder=reminder, user=p) for p in people[:2]])
    with django_capture_on_commit_callbacks(execute=True):
        run_reminder.call(reminder.pk)
    emailed = [m.to[0] for m in mail.outbox]
    assert len(emailed) == 3 and not {p.email for p in people[:2]} & set(emailed)
    reminder.refresh_from_db()
    assert (reminder.state, reminder.sent) == (ReminderState.DONE, 5)


def test_a_running_reminder_is_left_to_its_worker(
    as_coordinator_a: Client, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    campaign = make_campaign({org_a: 10})
    with django_capture_on_commit_callbacks(execute=False):
        as_coordinator_a.post(f"/kampanjer/{campaign.slug}/organisation/{org_a.slug}/paminn/")
    reminder = Reminder.objects.get()
    Reminder.objects.filter(pk=reminder.pk).update(state=ReminderState.RUNNING, beat_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        run_reminder.call(reminder.pk)
    assert mail.outbox == []
