"""Coordinators: their own organisation by unit and over time (others get 404); applying; reminders."""

from __future__ import annotations

import datetime

from django.core import mail
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.campaigns import actions
from jamlik.campaigns.models import Participant, Reminder
from jamlik.people.models import MembershipRole, Organisation, User
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign
from tests.factories import MembershipFactory, UnitFactory, UserFactory


def test_a_coordinator_sees_their_organisation_by_unit(as_coordinator_a: Client, org_a: Organisation) -> None:
    campaign = make_campaign({org_a: 10})
    unit = UnitFactory(organisation=org_a, name="Kultur och fritid")
    complete(UserFactory(), first_course(campaign), org_a, local(first_day()), unit=unit)
    page = as_coordinator_a.get(f"/kampanjer/{campaign.slug}/organisation/{org_a.slug}/")
    assert page.status_code == 200 and "Kultur och fritid" in page.content.decode()


def test_another_organisations_coordinator_gets_404(
    as_coordinator_b: Client, client: Client, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = make_campaign({org_a: 10, org_b: 10})
    assert as_coordinator_b.get(f"/kampanjer/{campaign.slug}/organisation/{org_a.slug}/").status_code == 404
    assert as_coordinator_b.get(f"/kampanjer/{campaign.slug}/organisation/{org_b.slug}/").status_code == 200
    assert client.get(f"/kampanjer/{campaign.slug}/organisation/{org_a.slug}/").status_code == 302  # sign in first


def test_a_coordinator_applies_and_the_programme_manager_approves(
    as_coordinator_b: Client, org_a: Organisation, org_b: Organisation, programme_manager: User
) -> None:
    campaign = make_campaign({org_a: 10})
    response = as_coordinator_b.post(f"/kampanjer/{campaign.slug}/anmal/", {"organisation": org_b.slug})
    assert response.status_code == 302
    applied = Participant.objects.get(campaign=campaign, organisation=org_b)
    assert applied.status == "applied"
    org_b.headcount_declarations.create(headcount=50, as_of=datetime.date(2026, 1, 1))
    approved = actions.approve(programme_manager, applied)
    assert approved.status == "approved" and approved.frozen_headcount == 50  # joined after the start: frozen now


def test_a_coordinator_cannot_apply_for_an_organisation_they_do_not_coordinate(
    as_coordinator_b: Client, org_a: Organisation
) -> None:
    campaign = make_campaign({})
    response = as_coordinator_b.post(f"/kampanjer/{campaign.slug}/anmal/", {"organisation": org_a.slug})
    assert response.status_code == 404


def test_a_reminder_goes_to_members_who_have_not_completed_once_a_week(
    as_coordinator_a: Client,
    org_a: Organisation,
    learner_a: User,
    coordinator_a: User,
    django_capture_on_commit_callbacks: object,
) -> None:
    campaign = make_campaign({org_a: 10})
    done = UserFactory(email="klar@sater.se")
    MembershipFactory(user=done, organisation=org_a, role=MembershipRole.LEARNER)
    complete(done, first_course(campaign), org_a, local(first_day()))
    path = f"/kampanjer/{campaign.slug}/organisation/{org_a.slug}/paminn/"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        as_coordinator_a.post(path)
    assert sorted(m.to[0] for m in mail.outbox) == ["lina@sater.se", "malin@sater.se"]
    assert AuditEntry.objects.filter(action="campaign.reminder_sent", actor=coordinator_a).count() == 1
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        as_coordinator_a.post(path)
    assert len(mail.outbox) == 2 and Reminder.objects.count() == 1  # refused within a week
