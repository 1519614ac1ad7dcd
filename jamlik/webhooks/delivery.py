"""Sending deliveries: one attempt per task, retries with backoff by the sweep, then failure.

``deliver`` (a task, queued after commit by the outbox, the actions and the sweep) claims its
row with a conditional UPDATE (PENDING and due → SENDING with a lease), so two workers never
send the same row at once, checks the address again (``addresses.resolve``: DNS can change),
signs the stored body afresh (a new ``webhook-timestamp``, the same ``webhook-id``), posts it
(``transport.post``) and records the attempt. A 2xx answer delivers it; anything else (another
status, a redirect, no answer in time) waits ``RETRY_DELAYS[n]`` with ±20 % jitter, so
``MAX_ATTEMPTS`` attempts span about a day and a half; then the delivery is FAILED. When a
delivery fails for good and nothing reached the endpoint since that delivery was made, the
subscription is turned off and its owner emailed.

``sweep`` (``jamlik deliver_webhooks``, every minute) queues deliveries whose time has come,
returns rows whose worker died to the queue, and deletes finished deliveries older than
``JAMLIK_WEBHOOKS_KEEP_DAYS``.
"""

from __future__ import annotations

import datetime
import logging
import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from jamlik.audit.models import record
from jamlik.lib.mail import send_email
from jamlik.webhooks import addresses, crypto, signing, transport
from jamlik.webhooks.models import Attempt, Delivery, DeliveryState, DisabledBecause, Subscription

logger = logging.getLogger(__name__)

_MINUTE, _HOUR = 60, 3600
RETRY_DELAYS = [
    datetime.timedelta(seconds=s)
    for s in (30, 2 * _MINUTE, 10 * _MINUTE, 30 * _MINUTE, _HOUR, 3 * _HOUR, 6 * _HOUR, 12 * _HOUR, 12 * _HOUR)
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1  # ten attempts over about 35 hours
LEASE = datetime.timedelta(minutes=2)  # longer than an attempt can take (the timeouts are seconds)
REQUEUE_AFTER = datetime.timedelta(minutes=10)  # a queued task not yet run is queued again after this
SWEEP_BATCH = 1000


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failed attempt, with jitter so endpoints are not hit in step."""
    base = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    return base * random.uniform(0.8, 1.2)  # noqa: S311 (spreading retries, not a secret)


@task()
def deliver(delivery_id: int) -> None:
    attempt(delivery_id)


def _claim(delivery_id: int, now: datetime.datetime) -> bool:
    due = Delivery.objects.filter(
        pk=delivery_id,
        state=DeliveryState.PENDING,
        next_attempt_at__lte=now,
        subscription__disabled_because=DisabledBecause.NOT_DISABLED,
    )
    return due.update(state=DeliveryState.SENDING, claimed_until=now + LEASE) == 1


def _send(delivery: Delivery) -> transport.Outcome:
    subscription = delivery.subscription
    try:
        secret = crypto.decrypt(subscription.secret_encrypted)
        endpoint = addresses.parse(subscription.url)
    except (crypto.SecretUnavailable, addresses.Refused) as exc:
        return transport.Outcome(None, error=str(exc)[:200])
    stamp = int(timezone.now().timestamp())
    headers = signing.headers(secret, delivery.webhook_id, stamp, delivery.body)
    try:
        return transport.post(endpoint, delivery.body, headers)
    except Exception as exc:  # anything unforeseen is a failed attempt, never a row stuck in SENDING
        logger.exception("webhook delivery %s", delivery.public_id)
        return transport.Outcome(None, error=type(exc).__name__)


def attempt(delivery_id: int) -> Delivery | None:
    """One attempt at a due delivery (None: not due, taken by another worker, or its subscription is off)."""
    if not _claim(delivery_id, timezone.now()):
        return None
    delivery = Delivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None:  # its subscription was deleted a moment ago
        return None
    outcome = _send(delivery)
    now = timezone.now()
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            at=now,
            status=outcome.status,
            error=outcome.error,
            excerpt=outcome.excerpt,
            duration_ms=outcome.duration_ms,
        )
        delivery.attempts += 1
        delivery.last_status = outcome.status
        delivery.claimed_until = None
        delivery.queued_at = None
        if outcome.succeeded:
            delivery.state = DeliveryState.DELIVERED
            delivery.delivered_at = now
            Subscription.objects.filter(pk=delivery.subscription_id).update(last_success_at=now)
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.state = DeliveryState.FAILED
        else:
            delivery.state = DeliveryState.PENDING
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        delivery.save(
            update_fields=[
                "attempts",
                "last_status",
                "claimed_until",
                "queued_at",
                "state",
                "delivered_at",
                "next_attempt_at",
            ]
        )
        if delivery.state == DeliveryState.FAILED:
            _disable_if_failing(delivery)
    return delivery


def _disable_if_failing(delivery: Delivery) -> None:
    """Turn the subscription off when this delivery failed for good and nothing has succeeded
    since it was made: the endpoint has failed every attempt for a day and a half."""
    # of=self: PostgreSQL locks no row of the nullable side of an outer join (owner, organisation).
    subscription = Subscription.objects.select_for_update(of=("self",)).select_related("created_by", "organisation")
    current = subscription.get(pk=delivery.subscription_id)
    if not current.is_active or (current.last_success_at and current.last_success_at >= delivery.created_at):
        return
    current.disabled_because = DisabledBecause.FAILING
    current.disabled_at = timezone.now()
    current.save(update_fields=["disabled_because", "disabled_at"])
    record(
        "webhooks.subscription_disabled",
        organisation=current.organisation,
        target=current,
        summary=current.url,
        after={"because": DisabledBecause.FAILING, "delivery": str(delivery.public_id)},
    )
    owner = current.created_by
    if owner is not None and owner.is_active:
        send_email(
            owner.email,
            "webhooks_disabled",
            {"person": owner, "subscription": current, "path": reverse("webhooks:detail", args=[current.public_id])},
            owner.preferred_language,
        )


@dataclass(frozen=True)
class Swept:
    reclaimed: int
    queued: int
    pruned: int


def sweep() -> Swept:
    now = timezone.now()
    # A worker that died mid-attempt used an attempt: counted, so a delivery that kills its worker
    # every time still ends FAILED.
    abandoned = Delivery.objects.filter(state=DeliveryState.SENDING, claimed_until__lt=now)
    reclaimed = abandoned.update(
        state=DeliveryState.PENDING, claimed_until=None, next_attempt_at=now, queued_at=None, attempts=F("attempts") + 1
    )
    Delivery.objects.filter(state=DeliveryState.PENDING, attempts__gte=MAX_ATTEMPTS).update(state=DeliveryState.FAILED)
    due = list(
        Delivery.objects.filter(
            Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER),
            state=DeliveryState.PENDING,
            next_attempt_at__lte=now,
            subscription__disabled_because=DisabledBecause.NOT_DISABLED,
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    Delivery.objects.filter(pk__in=due).update(queued_at=now)
    for pk in due:
        deliver.enqueue(pk)
    keep = datetime.timedelta(days=int(settings.JAMLIK_WEBHOOKS_KEEP_DAYS))
    _, deleted = Delivery.objects.filter(
        state__in=[DeliveryState.DELIVERED, DeliveryState.FAILED], created_at__lt=now - keep
    ).delete()
    return Swept(reclaimed=reclaimed, queued=len(due), pruned=deleted.get(Delivery._meta.label, 0))
