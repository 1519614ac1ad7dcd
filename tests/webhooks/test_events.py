"""Each event of the catalogue reaches the organisations it is about, with its documented fields,
and never another organisation; the outbox never fails the change it describes."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jamlik.campaigns import closing
from jamlik.courses.events import CompletionsImported, completions_imported
from jamlik.courses.models import Completion
from jamlik.credentials import actions as credentials
from jamlik.people.models import Membership, Organisation, User
from jamlik.programmes import actions as programmes
from jamlik.webhooks import actions, catalogue
from jamlik.webhooks.actions import WithSecret
from jamlik.webhooks.delivery import LEASE, MAX_ATTEMPTS, attempt, sweep
from jamlik.webhooks.models import Delivery, DeliveryState, EventType
from tests.campaigns.factories import complete as complete_at
from tests.campaigns.factories import first_course, first_day, local, make_campaign
from tests.credentials.kit import complete, diploma_course, diploma_of
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.programmes.factories import make_programme
from tests.webhooks.conftest import verified
from tests.webhooks.receiver import Receiver


def tagged(actor: User, org: Organisation | None, receiver: Receiver, tag: str) -> WithSecret:
    return actions.create_subscription(
        actor, organisation=org, url=f"{receiver.url}?to={tag}", events=list(EventType.values)
    )


def got(receiver: Receiver, made: WithSecret, tag: str) -> list[dict[str, Any]]:
    return [verified(made.secret, r) for r in receiver.received if r.path.endswith(f"?to={tag}")]


@pytest.mark.django_db
def test_a_diploma_issued_and_revoked_reaches_the_recipients_organisation_only(
    learner_a: User,
    coordinator_a: User,
    coordinator_b: User,
    programme_manager: User,
    org_a: Organisation,
    org_b: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    a = tagged(coordinator_a, org_a, receiver, "a")
    b = tagged(coordinator_b, org_b, receiver, "b")
    course = diploma_course(owner=org_b)  # another organisation's course: its owner still learns nothing
    complete(django_capture_on_commit_callbacks, learner_a, course)
    diploma = diploma_of(learner_a)
    with django_capture_on_commit_callbacks(execute=True):
        credentials.revoke_diploma(programme_manager, diploma, "Fel person")
    messages = got(receiver, a, "a")
    assert [m["type"] for m in messages] == ["completion.recorded", "diploma.issued", "diploma.revoked"]
    issued, revoked = messages[1]["data"], messages[2]["data"]
    assert issued["diploma"] == revoked["diploma"] == str(diploma.public_id)
    assert issued["course"] == str(course.public_id)
    assert issued["membership"] == str(Membership.objects.get(user=learner_a, organisation=org_a).public_id)
    assert revoked["revoked_at"] is not None
    assert got(receiver, b, "b") == []


@pytest.mark.django_db
def test_registrations_reach_each_persons_organisation_confirmed_waitlisted_cancelled_promoted(
    learner_a: User,
    coordinator_a: User,
    coordinator_b: User,
    org_a: Organisation,
    org_b: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    a = tagged(coordinator_a, org_a, receiver, "a")
    b = tagged(coordinator_b, org_b, receiver, "b")
    learner_b = UserFactory()
    MembershipFactory(user=learner_b, organisation=org_b)
    shape = make_programme(seats=1)
    with django_capture_on_commit_callbacks(execute=True):
        mine = programmes.register(learner_a, shape.programme, [shape.stockholm.pk])
        theirs = programmes.register(learner_b, shape.programme, [shape.stockholm.pk])
    with django_capture_on_commit_callbacks(execute=True):
        programmes.cancel_registration(learner_a, mine)
    to_a, to_b = got(receiver, a, "a"), got(receiver, b, "b")
    assert [m["type"] for m in to_a] == ["registration.confirmed", "registration.cancelled"]
    assert [m["type"] for m in to_b] == ["registration.waitlisted", "registration.promoted"]
    assert {m["data"]["registration"] for m in to_a} == {str(mine.public_id)}
    assert {m["data"]["registration"] for m in to_b} == {str(theirs.public_id)}
    promoted = to_b[1]["data"]
    assert promoted["session"] == str(shape.stockholm.public_id)
    assert promoted["programme"] == str(shape.programme.public_id)
    assert promoted["status"] == "confirmed"


@pytest.mark.django_db
def test_a_closed_campaign_tells_each_participant_its_own_rank_and_nobody_else(
    coordinator_a: User,
    coordinator_b: User,
    administrator: User,
    org_a: Organisation,
    org_b: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    outsider = OrganisationFactory()
    a = tagged(coordinator_a, org_a, receiver, "a")
    platform = tagged(administrator, None, receiver, "platform")
    stranger = tagged(administrator, outsider, receiver, "outsider")
    campaign = make_campaign({org_a: 10, org_b: 10})
    for _ in range(3):
        complete_at(UserFactory(), first_course(campaign), org_b, local(first_day()))
    complete_at(UserFactory(), first_course(campaign), org_a, local(first_day()))
    receiver.received.clear()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        with django_capture_on_commit_callbacks(execute=True):
            closing.close_campaign(None, campaign)
        closed = [m for m in got(receiver, a, "a") if m["type"] == "campaign.closed"]
        to_platform = [m for m in got(receiver, platform, "platform") if m["type"] == "campaign.closed"]
    (message,) = closed
    assert message["data"]["campaign"] == str(campaign.public_id)
    assert (message["data"]["rank"], message["data"]["completions"], message["data"]["headcount"]) == (2, 1, 10)
    assert message["data"]["total_completions"] == 4
    assert "rank" not in to_platform[0]["data"]
    assert got(receiver, stranger, "outsider") == []


@pytest.mark.django_db
def test_imported_completions_are_announced_once_each(
    learner_a: User,
    coordinator_a: User,
    org_a: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    made = tagged(coordinator_a, org_a, receiver, "a")
    course = diploma_course(issues_diploma=False)
    completion = complete(django_capture_on_commit_callbacks, learner_a, course)
    receiver.received.clear()
    Delivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        completions_imported.publish(CompletionsImported((completion.pk,)))
    assert [m["type"] for m in got(receiver, made, "a")] == ["completion.recorded"]


@pytest.mark.django_db
def test_a_failure_while_recording_deliveries_is_logged_and_the_change_still_commits(
    learner_a: User,
    coordinator_a: User,
    org_a: Organisation,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Any,
) -> None:
    tagged(coordinator_a, org_a, receiver, "a")

    def broken(ids: Any) -> list[catalogue.Item]:
        raise ZeroDivisionError("a bug in a payload builder")

    monkeypatch.setattr(catalogue, "completions", broken)
    with caplog.at_level(logging.ERROR, logger="jamlik.webhooks.outbox"):
        complete(django_capture_on_commit_callbacks, learner_a, diploma_course(issues_diploma=False))
    assert Completion.objects.filter(user=learner_a).exists()
    assert not Delivery.objects.exists()
    assert "were not recorded" in caplog.text


@pytest.mark.django_db
def test_only_coordinators_and_administrators_make_subscriptions(
    learner_a: User, coordinator_a: User, coordinator_b: User, programme_manager: User, org_a: Organisation
) -> None:
    url = "https://93.184.215.14/hook"
    for actor, org in ((learner_a, org_a), (coordinator_b, org_a), (coordinator_a, None), (programme_manager, None)):
        with pytest.raises(PermissionDenied):
            actions.create_subscription(actor, organisation=org, url=url, events=[EventType.DIPLOMA_ISSUED])
    made = actions.create_subscription(coordinator_a, organisation=org_a, url=url, events=[EventType.DIPLOMA_ISSUED])
    for change in (
        lambda actor: actions.rotate_secret(actor, made.subscription),
        lambda actor: actions.set_active(actor, made.subscription, False),
        lambda actor: actions.update_subscription(actor, made.subscription, description="x"),
        lambda actor: actions.delete_subscription(actor, made.subscription),
        lambda actor: actions.send_test(actor, made.subscription),
    ):
        with pytest.raises(PermissionDenied):
            change(coordinator_b)


@pytest.mark.django_db
def test_a_delivery_is_claimed_once_and_one_whose_worker_died_is_sent_again(
    coordinator_a: User, org_a: Organisation, receiver: Receiver
) -> None:
    made = tagged(coordinator_a, org_a, receiver, "a")
    delivery = actions.send_test(coordinator_a, made.subscription)  # not sent: the test's transaction never commits
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.SENDING, claimed_until=timezone.now() + LEASE)
    assert attempt(delivery.pk) is None  # another worker holds it
    assert receiver.received == []
    with time_machine.travel(timezone.now() + LEASE + datetime.timedelta(seconds=1)):
        assert sweep().reclaimed == 1
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    assert len(receiver.received) == 1


@pytest.mark.django_db
def test_a_delivery_that_kills_its_worker_every_time_ends_failed(
    coordinator_a: User, org_a: Organisation, receiver: Receiver
) -> None:
    made = tagged(coordinator_a, org_a, receiver, "a")
    delivery = actions.send_test(coordinator_a, made.subscription)
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.SENDING, claimed_until=timezone.now(), attempts=MAX_ATTEMPTS - 1
    )
    with time_machine.travel(timezone.now() + LEASE):
        sweep()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, MAX_ATTEMPTS)
    assert receiver.received == []
