"""Reminders to organisations that have not submitted: by hand or scheduled, never twice a day, logged."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.people.models import MembershipRole, Organisation, User
from jamlik.schedule import JOBS
from jamlik.strategies import reminders, rounds
from jamlik.strategies.models import Response, Round, RoundReminder
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.strategies.factories import make_round

pytestmark = pytest.mark.django_db


def remind(client: Client, response: Response) -> int:
    return client.post(
        f"/uppfoljning/{response.round.public_id}/paminn/", {"response": str(response.public_id)}
    ).status_code


def test_a_programme_manager_reminds_an_organisations_coordinators_once_a_day(
    as_programme_manager: Client,
    coordinator_a: User,
    org_a: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    response = Response.objects.get(round=make_round([org_a]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind(as_programme_manager, response) == 302
        assert remind(as_programme_manager, response) == 302
    assert [m.to for m in mail.outbox] == [["malin@sater.se"]]
    assert "Uppföljning 2025" in mail.outbox[0].subject
    assert f"/uppfoljning/svar/{response.public_id}/" in mail.outbox[0].body
    assert RoundReminder.objects.count() == 1
    assert AuditEntry.objects.filter(action="strategy_round.reminder_sent", organisation=org_a).count() == 1
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(days=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        remind(as_programme_manager, response)
    assert len(mail.outbox) == 2


def test_an_organisation_that_has_submitted_is_not_reminded(
    as_programme_manager: Client,
    coordinator_a: User,
    org_a: Organisation,
    org_b: Organisation,
    coordinator_b: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    round_ = make_round([org_a, org_b])
    done = Response.objects.get(round=round_, organisation=org_a)
    rounds.save_answers(
        None,
        done,
        {q.pk: ("Ja" if q.kind == "text" else True if q.kind == "yes_no" else None) for q in round_.questions.all()},
        None,
    )
    rounds.submit_response(None, done)
    with django_capture_on_commit_callbacks(execute=True):
        as_programme_manager.post(f"/uppfoljning/{round_.public_id}/paminn/")
    assert list(RoundReminder.objects.values_list("organisation__slug", flat=True)) == ["gagnef"]


def test_the_scheduled_job_reminds_only_near_the_deadline(
    coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    today = timezone.localdate()
    near = make_round([org_a], deadline=today + datetime.timedelta(days=2), title="Nära")
    make_round([org_a], deadline=today + datetime.timedelta(days=20), title="Långt bort")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_strategy_reminders")
        call_command("send_strategy_reminders")  # a second run the same day sends nothing more
    assert list(RoundReminder.objects.values_list("round", flat=True)) == [near.pk]
    assert RoundReminder.objects.get().sent_by is None
    assert len(mail.outbox) == 1


def test_the_scheduled_job_is_listed_in_the_schedule() -> None:
    assert "send_strategy_reminders" in [job.command for job in JOBS]


def test_coordinators_cannot_send_reminders(as_coordinator_a: Client, org_a: Organisation) -> None:
    response = Response.objects.get(round=make_round([org_a]))
    assert remind(as_coordinator_a, response) == 404
    assert not RoundReminder.objects.exists()


def test_no_reminders_after_the_deadline(as_programme_manager: Client, org_a: Organisation) -> None:
    response = Response.objects.get(
        round=make_round([org_a], deadline=timezone.localdate() + datetime.timedelta(days=1))
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        remind(as_programme_manager, response)
    assert not RoundReminder.objects.exists()


def _round_with_waiting_organisations(count: int) -> Round:
    organisations = []
    for n in range(count):
        organisation = OrganisationFactory(name=f"Kommun {count}-{n}", slug=f"kommun-{count}-{n}")
        coordinator = UserFactory(email=f"samordnare-{count}-{n}@example.se")
        MembershipFactory(user=coordinator, organisation=organisation, role=MembershipRole.COORDINATOR)
        organisations.append(organisation)
    return make_round(organisations, title=f"Uppföljning för {count}")


def test_reminding_everyone_answers_at_once_and_leaves_the_emails_to_the_worker(
    as_programme_manager: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """The button's work must not grow with the organisations: hundreds may be waiting."""
    cost = {}
    for count in (2, 6):
        round_ = _round_with_waiting_organisations(count)
        mail.outbox.clear()
        with (
            django_capture_on_commit_callbacks(execute=False) as callbacks,
            CaptureQueriesContext(connection) as queries,
        ):
            page = as_programme_manager.post(f"/uppfoljning/{round_.public_id}/paminn/", follow=True)
        cost[count] = len(queries)
        assert f"till de {count} organisationer som fortfarande väntar" in page.content.decode()
        assert mail.outbox == [] and not RoundReminder.objects.filter(round=round_).exists()
        for callback in callbacks:
            with django_capture_on_commit_callbacks(execute=True):
                callback()
        assert RoundReminder.objects.filter(round=round_).count() == count
        assert sorted(m.to[0] for m in mail.outbox) == [f"samordnare-{count}-{n}@example.se" for n in range(count)]
    assert cost[2] == cost[6]
    assert AuditEntry.objects.filter(action="strategy_round.reminders_queued").count() == 2


def test_a_reminder_task_delivered_twice_emails_nobody_twice(
    programme_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    round_ = _round_with_waiting_organisations(3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.remind_waiting.call(round_.pk, programme_manager.pk)
        reminders.remind_waiting.call(round_.pk, programme_manager.pk)
    assert len(mail.outbox) == 3
    assert RoundReminder.objects.filter(round=round_, sent_by=programme_manager).count() == 3
