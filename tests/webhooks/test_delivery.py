"""Events reach subscribed endpoints signed, once per subscription, only where they belong,
after the change commits, with retries and backoff, and never hold up the change itself."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from jamlik.courses import actions as courses
from jamlik.courses.models import Completion
from jamlik.people.models import Membership, Organisation, User
from jamlik.webhooks import actions
from jamlik.webhooks.delivery import MAX_ATTEMPTS, RETRY_DELAYS, sweep
from jamlik.webhooks.models import Delivery, DeliveryState, DisabledBecause, EventType
from tests.courses.factories import lessons_of, make_course
from tests.webhooks.conftest import subscribe, verified
from tests.webhooks.receiver import Answer, Receiver


def complete(user: User, capture: Any) -> Completion:
    course = make_course(lessons=1)
    courses.enrol(user, course)
    with capture(execute=True):
        result = courses.record_progress(user, lessons_of(course)[0])
    assert result.completion is not None
    return result.completion


@pytest.mark.django_db
def test_a_completion_reaches_its_organisation_and_the_platform_signed_and_never_another_organisation(
    learner_a: User,
    coordinator_a: User,
    coordinator_b: User,
    administrator: User,
    org_a: Organisation,
    org_b: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    ours = subscribe(coordinator_a, org_a, receiver)
    theirs = subscribe(coordinator_b, org_b, receiver)
    platform = subscribe(administrator, None, receiver)
    completion = complete(learner_a, django_capture_on_commit_callbacks)

    assert len(receiver.received) == 2  # org_a's and the platform's; nothing for org_b
    by_secret = {}
    for request in receiver.received:
        for made in (ours, platform, theirs):
            try:
                by_secret[made.subscription.pk] = verified(made.secret, request)
            except Exception:  # noqa: S112 (signed with another subscription's secret)
                continue
    assert set(by_secret) == {ours.subscription.pk, platform.subscription.pk}
    membership = Membership.objects.get(user=learner_a, organisation=org_a)
    to_org = by_secret[ours.subscription.pk]
    assert to_org["type"] == "completion.recorded"
    assert to_org["data"]["course"] == str(completion.course.public_id)
    assert to_org["data"]["organisation"] == str(org_a.public_id)
    assert to_org["data"]["membership"] == str(membership.public_id)
    assert "person" not in to_org["data"]
    to_platform = by_secret[platform.subscription.pk]
    assert to_platform["data"]["person"] == str(learner_a.public_id)
    assert "membership" not in to_platform["data"]
    assert not Delivery.objects.filter(subscription=theirs.subscription).exists()
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.DELIVERED}


@pytest.mark.django_db
def test_a_rolled_back_change_sends_nothing_and_leaves_no_delivery(
    learner_a: User,
    coordinator_a: User,
    org_a: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    subscribe(coordinator_a, org_a, receiver)
    course = make_course(lessons=1)
    courses.enrol(learner_a, course)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        courses.record_progress(learner_a, lessons_of(course)[0])
        assert Delivery.objects.count() == 1  # written with the completion, in its transaction
        raise RuntimeError("something later in the request failed")
    assert not Completion.objects.exists()
    assert not Delivery.objects.exists()
    assert receiver.received == []


@pytest.mark.django_db
def test_the_endpoint_is_called_only_after_commit_and_its_failure_neither_fails_nor_undoes_the_change(
    learner_a: User,
    coordinator_a: User,
    org_a: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    subscribe(coordinator_a, org_a, receiver)
    receiver.always = Answer(status=500, body="down for maintenance " * 50)
    course = make_course(lessons=1)
    courses.enrol(learner_a, course)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        courses.record_progress(learner_a, lessons_of(course)[0])
    assert receiver.received == []  # nothing was sent while the change's transaction was open
    for callback in callbacks:
        callback()
    assert len(receiver.received) == 1
    assert Completion.objects.filter(user=learner_a).exists()
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.PENDING
    assert delivery.attempts == 1
    attempt = delivery.attempt_log.get()
    assert attempt.status == 500
    assert len(attempt.excerpt) == 200  # a short excerpt of the answer, never the whole of it


@pytest.mark.django_db
def test_failed_attempts_are_retried_with_backoff_and_the_same_webhook_id(
    learner_a: User,
    coordinator_a: User,
    org_a: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    made = subscribe(coordinator_a, org_a, receiver)
    receiver.answer(Answer(status=500), Answer(status=1 and 200, delay=1.5))  # an error, then too slow
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        complete(learner_a, django_capture_on_commit_callbacks)
        delivery = Delivery.objects.get()
        first_wait = delivery.next_attempt_at - start
        assert RETRY_DELAYS[0] * 0.8 <= first_wait <= RETRY_DELAYS[0] * 1.2
        sweep()  # not due yet: nothing is sent
        assert len(receiver.received) == 1
        traveller.shift(first_wait + datetime.timedelta(seconds=1))
        sweep()  # the second attempt: the endpoint answers too late
        delivery.refresh_from_db()
        assert (delivery.state, delivery.attempts, delivery.last_status) == (DeliveryState.PENDING, 2, None)
        assert delivery.attempt_log.first().error == "timed out"  # type: ignore[union-attr]
        second_wait = delivery.next_attempt_at - timezone.now()
        assert RETRY_DELAYS[1] * 0.8 <= second_wait <= RETRY_DELAYS[1] * 1.2
        traveller.shift(second_wait + datetime.timedelta(seconds=1))
        sweep()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status) == (DeliveryState.DELIVERED, 3, 204)
    assert len(receiver.received) == 3
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert len({r.headers["webhook-timestamp"] for r in receiver.received}) == 3  # signed afresh each time
    for request in receiver.received:
        assert verified(made.secret, request)["type"] == "completion.recorded"


@pytest.mark.django_db
def test_an_endpoint_failing_for_a_day_and_a_half_fails_the_delivery_turns_off_and_tells_its_owner(
    learner_a: User,
    coordinator_a: User,
    org_a: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    made = subscribe(coordinator_a, org_a, receiver)
    receiver.always = Answer(status=503)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        complete(learner_a, django_capture_on_commit_callbacks)
        mail.outbox.clear()
        for _ in range(MAX_ATTEMPTS - 1):
            traveller.shift(datetime.timedelta(hours=15))
            with django_capture_on_commit_callbacks(execute=True):
                sweep()
        elapsed = timezone.now() - start
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, MAX_ATTEMPTS)
    assert len(receiver.received) == MAX_ATTEMPTS
    assert sum(RETRY_DELAYS, datetime.timedelta()) > datetime.timedelta(days=1)
    assert elapsed > datetime.timedelta(days=1)
    made.subscription.refresh_from_db()
    assert made.subscription.disabled_because == DisabledBecause.FAILING
    assert [m.to for m in mail.outbox] == [[coordinator_a.email]]
    assert str(made.subscription.public_id) in mail.outbox[0].body
    # Off: a new event is not even recorded for it.
    complete(learner_a, django_capture_on_commit_callbacks)
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_a_redelivery_repeats_the_webhook_id_and_body_so_receivers_can_ignore_it(
    learner_a: User,
    coordinator_a: User,
    org_a: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    made = subscribe(coordinator_a, org_a, receiver)
    complete(learner_a, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        actions.redeliver(coordinator_a, delivery)
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.webhook_id
    assert first.body == second.body
    assert verified(made.secret, second) == json.loads(first.body)
    delivery.refresh_from_db()
    assert delivery.attempt_log.count() == 2


@pytest.mark.django_db
def test_a_redirect_is_not_followed_and_counts_as_a_failure(
    coordinator_a: User, org_a: Organisation, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    made = subscribe(coordinator_a, org_a, receiver)
    receiver.answer(Answer(status=302, location="http://169.254.169.254/latest/meta-data/"))
    with django_capture_on_commit_callbacks(execute=True):
        delivery = actions.send_test(coordinator_a, made.subscription)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_status) == (DeliveryState.PENDING, 302)
    assert [r.path for r in receiver.received] == ["/hooks/jamlik"]


@pytest.mark.django_db
def test_a_rotated_secret_signs_the_next_delivery(
    coordinator_a: User, org_a: Organisation, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    made = subscribe(coordinator_a, org_a, receiver)
    rotated = actions.rotate_secret(coordinator_a, made.subscription)
    assert rotated.secret != made.secret
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_test(coordinator_a, made.subscription)
    (request,) = receiver.received
    assert verified(rotated.secret, request)["type"] == "webhook.test"
    with pytest.raises(Exception, match="signature"):
        verified(made.secret, request)


@pytest.mark.django_db
def test_a_subscription_gets_only_the_events_it_chose(
    learner_a: User,
    coordinator_a: User,
    org_a: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    subscribe(coordinator_a, org_a, receiver, events=[EventType.DIPLOMA_ISSUED])
    complete(learner_a, django_capture_on_commit_callbacks)
    assert receiver.received == []
    assert not Delivery.objects.exists()
