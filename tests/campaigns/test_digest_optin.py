"""The weekly campaign email is opt-in per coordinator and campaign (docs/campaigns.md, Coordinators)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.campaigns import actions
from jamlik.campaigns.models import Campaign, DigestSubscription
from jamlik.campaigns.reminders import send_weekly_digests
from jamlik.people.models import Membership, Organisation, User
from tests.campaigns.factories import complete, first_course, first_day, local, make_campaign
from tests.factories import UserFactory


def own_page(campaign: Campaign, organisation: Organisation) -> str:
    return f"/kampanjer/{campaign.slug}/organisation/{organisation.slug}/"


def send(capture: object) -> int:
    with capture(execute=True):  # type: ignore[operator]
        return send_weekly_digests()


def test_coordinators_who_did_not_subscribe_get_no_weekly_email(
    coordinator_a: User,
    coordinator_b: User,
    org_a: Organisation,
    org_b: Organisation,
    django_capture_on_commit_callbacks: object,
) -> None:
    make_campaign({org_a: 10, org_b: 10})
    assert send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_a_subscribed_coordinator_gets_exactly_one_email_with_their_rate(
    as_coordinator_a: Client,
    coordinator_a: User,
    coordinator_b: User,
    org_a: Organisation,
    org_b: Organisation,
    django_capture_on_commit_callbacks: object,
) -> None:
    campaign = make_campaign({org_a: 4, org_b: 10})
    complete(UserFactory(), first_course(campaign), org_a, local(first_day()))
    page = as_coordinator_a.get(own_page(campaign, org_a)).content.decode()
    assert "Mejla mig ställningen varje vecka" in page and "<button" in page
    response = as_coordinator_a.post(own_page(campaign, org_a) + "veckobrev/", {"subscribe": "1"}, follow=True)
    assert "Sluta ta emot veckomejlet" in response.content.decode()
    assert DigestSubscription.objects.filter(campaign=campaign, user=coordinator_a).count() == 1
    assert AuditEntry.objects.filter(action="campaign.digest_subscribed", actor=coordinator_a).count() == 1
    assert send(django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [["malin@sater.se"]]
    assert "25" in mail.outbox[0].body  # 1 of 4 employees: 25 %


def test_unsubscribing_stops_the_weekly_email(
    as_coordinator_a: Client, coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: object
) -> None:
    campaign = make_campaign({org_a: 10})
    actions.subscribe_digest(coordinator_a, campaign)
    response = as_coordinator_a.post(own_page(campaign, org_a) + "veckobrev/", {"subscribe": "0"}, follow=True)
    assert "Mejla mig ställningen varje vecka" in response.content.decode()
    assert not DigestSubscription.objects.exists()
    assert AuditEntry.objects.filter(action="campaign.digest_unsubscribed", actor=coordinator_a).count() == 1
    assert send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_another_organisations_coordinator_cannot_subscribe_on_its_page(
    as_coordinator_b: Client, coordinator_b: User, org_a: Organisation, org_b: Organisation
) -> None:
    campaign = make_campaign({org_a: 10, org_b: 10})
    response = as_coordinator_b.post(own_page(campaign, org_a) + "veckobrev/", {"subscribe": "1"})
    assert response.status_code == 404
    assert not DigestSubscription.objects.exists()


def test_only_a_coordinator_of_a_participating_organisation_may_subscribe(
    learner_a: User, coordinator_b: User, org_a: Organisation
) -> None:
    campaign = make_campaign({org_a: 10})
    for outsider in (learner_a, coordinator_b):
        with pytest.raises(ValidationError):
            actions.subscribe_digest(outsider, campaign)
    assert not DigestSubscription.objects.exists()


def test_a_former_coordinator_gets_no_weekly_email(
    coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: object
) -> None:
    campaign = make_campaign({org_a: 10})
    actions.subscribe_digest(coordinator_a, campaign)
    Membership.objects.filter(user=coordinator_a).update(valid_to=timezone.localdate() - datetime.timedelta(days=1))
    assert send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_running_the_weekly_digest_twice_in_a_week_emails_nobody_twice(
    coordinator_a: User,
    coordinator_b: User,
    org_a: Organisation,
    org_b: Organisation,
    django_capture_on_commit_callbacks: object,
) -> None:
    campaign = make_campaign({org_a: 4, org_b: 10})
    actions.subscribe_digest(coordinator_a, campaign)
    assert send(django_capture_on_commit_callbacks) == 1
    actions.subscribe_digest(coordinator_b, campaign)  # subscribed after this week's digest went out
    assert send(django_capture_on_commit_callbacks) == 1  # only the newcomer
    assert send(django_capture_on_commit_callbacks) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["erik@gagnef.se", "malin@sater.se"]


def test_the_weekly_digest_goes_out_again_the_next_week(
    coordinator_a: User, org_a: Organisation, django_capture_on_commit_callbacks: object
) -> None:
    campaign = make_campaign({org_a: 4})
    actions.subscribe_digest(coordinator_a, campaign)
    assert send(django_capture_on_commit_callbacks) == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7)):
        assert send(django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [["malin@sater.se"], ["malin@sater.se"]]
