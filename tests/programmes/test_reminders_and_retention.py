"""Periodic jobs: reminders two days ahead, once; needs deleted the set number of days after a session."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from jamlik.people.models import Organisation, User
from jamlik.programmes import actions
from jamlik.programmes.models import Needs
from jamlik.schedule import JOBS
from tests.programmes.factories import make_programme


def test_both_jobs_are_scheduled() -> None:
    assert {"send_session_reminders", "purge_session_needs"} <= {job.command for job in JOBS}


@pytest.mark.django_db
def test_a_reminder_goes_out_two_days_before_once_with_the_meeting_link(
    learner_a: User, org_a: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    shape = make_programme(org_a)
    actions.register(learner_a, shape.programme, [shape.stockholm.pk])
    mail.outbox.clear()
    with time_machine.travel(shape.webinar.starts_at - datetime.timedelta(days=3)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_session_reminders")
        assert mail.outbox == []
    later = shape.webinar.starts_at - datetime.timedelta(days=1, hours=23)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders")
        call_command("send_session_reminders")  # a second run sends nothing more
    (reminder,) = mail.outbox
    assert reminder.to == [learner_a.email]
    assert shape.webinar.online_url in reminder.body


@pytest.mark.django_db
def test_needs_are_deleted_after_the_retention_days_and_not_before(learner_a: User, org_a: Organisation) -> None:
    shape = make_programme(org_a)  # needs_retention_days defaults to 14
    actions.register(learner_a, shape.programme, [shape.stockholm.pk], dietary="Laktosfri")
    with time_machine.travel(shape.stockholm.ends_at + datetime.timedelta(days=13)):
        call_command("purge_session_needs")
    assert Needs.objects.count() == 1
    with time_machine.travel(shape.stockholm.ends_at + datetime.timedelta(days=15)):
        call_command("purge_session_needs")
    assert Needs.objects.count() == 0
