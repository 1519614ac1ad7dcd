"""Every change to webhook subscriptions: the pages, the API and the admin call these.

A new or rotated signing secret is returned once, to be shown once; only its encryption is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamlik.audit.models import record
from jamlik.people.models import Organisation, User
from jamlik.webhooks import addresses, crypto
from jamlik.webhooks.access import check_may_manage
from jamlik.webhooks.models import TEST_EVENT, Delivery, DeliveryState, DisabledBecause, EventType, Subscription
from jamlik.webhooks.outbox import body, queue


@dataclass(frozen=True)
class WithSecret:
    """A subscription and its secret in clear, returned only by creating and rotating."""

    subscription: Subscription
    secret: str


def clean_url(url: str) -> str:
    url = url.strip()
    if len(url) > 500:
        raise ValidationError({"url": _("The address is too long (at most 500 characters).")})
    try:
        addresses.check(url)
    except addresses.Refused as refused:
        raise ValidationError({"url": str(refused)}) from None
    return url


def clean_events(events: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(events))
    unknown = [e for e in chosen if e not in EventType.values]
    if unknown:
        raise ValidationError({"events": _("Unknown events: %(names)s.") % {"names": ", ".join(unknown)}})
    if not chosen:
        raise ValidationError({"events": _("Choose at least one event.")})
    return [e for e in EventType.values if e in chosen]  # in the catalogue's order


def _clean_description(description: str) -> str:
    description = description.strip()
    if len(description) > 200:
        raise ValidationError({"description": _("The description is too long (at most 200 characters).")})
    return description


def _cleaned(url: str | None, events: Iterable[str] | None, description: str | None) -> dict[str, Any]:
    """The given fields cleaned (None: not given), or one ValidationError naming every bad field."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    checks: list[tuple[str, Any, Any]] = [
        ("url", clean_url, url),
        ("events", clean_events, events),
        ("description", _clean_description, description),
    ]
    for name, clean, value in checks:
        if value is None:
            continue
        try:
            cleaned[name] = clean(value)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _snapshot(s: Subscription) -> dict[str, Any]:
    return {"url": s.url, "events": list(s.events), "description": s.description, "state": s.disabled_because}


@transaction.atomic
def create_subscription(
    actor: User | None,
    *,
    organisation: Organisation | None,
    url: str,
    events: Iterable[str],
    description: str = "",
) -> WithSecret:
    check_may_manage(actor, organisation)
    cleaned = _cleaned(url, events, description)
    secret = crypto.new_secret()
    subscription = Subscription.objects.create(
        organisation=organisation,
        url=cleaned["url"],
        events=cleaned["events"],
        description=cleaned["description"],
        secret_encrypted=crypto.encrypt(secret),
        created_by=actor,
    )
    record(
        "webhooks.subscription_created",
        actor=actor,
        organisation=organisation,
        target=subscription,
        summary=subscription.url,
        after=_snapshot(subscription),
    )
    return WithSecret(subscription, secret)


@transaction.atomic
def update_subscription(
    actor: User | None,
    subscription: Subscription,
    *,
    url: str | None = None,
    events: Iterable[str] | None = None,
    description: str | None = None,
) -> Subscription:
    check_may_manage(actor, subscription.organisation)
    current = Subscription.objects.select_for_update().get(pk=subscription.pk)
    before = _snapshot(current)
    for name, value in _cleaned(url, events, description).items():
        setattr(current, name, value)
    current.save(update_fields=["url", "events", "description"])
    record(
        "webhooks.subscription_updated",
        actor=actor,
        organisation=current.organisation,
        target=current,
        summary=current.url,
        before=before,
        after=_snapshot(current),
    )
    return current


@transaction.atomic
def rotate_secret(actor: User | None, subscription: Subscription) -> WithSecret:
    """A new secret at once: deliveries from now on are signed with it (receivers must switch too)."""
    check_may_manage(actor, subscription.organisation)
    current = Subscription.objects.select_for_update().get(pk=subscription.pk)
    secret = crypto.new_secret()
    current.secret_encrypted = crypto.encrypt(secret)
    current.secret_rotated_at = timezone.now()
    current.save(update_fields=["secret_encrypted", "secret_rotated_at"])
    record(
        "webhooks.secret_rotated", actor=actor, organisation=current.organisation, target=current, summary=current.url
    )
    return WithSecret(current, secret)


@transaction.atomic
def set_active(actor: User | None, subscription: Subscription, active: bool) -> Subscription:
    """Turn a subscription off by hand, or on again (deliveries still waiting go out then)."""
    check_may_manage(actor, subscription.organisation)
    current = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if current.is_active == active:
        return current
    before = _snapshot(current)
    current.disabled_because = DisabledBecause.NOT_DISABLED if active else DisabledBecause.BY_HAND
    current.disabled_at = None if active else timezone.now()
    current.save(update_fields=["disabled_because", "disabled_at"])
    record(
        "webhooks.subscription_enabled" if active else "webhooks.subscription_disabled",
        actor=actor,
        organisation=current.organisation,
        target=current,
        summary=current.url,
        before=before,
        after=_snapshot(current),
    )
    if active:
        now = timezone.now()
        waiting = current.deliveries.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)
        ids = list(waiting.order_by("pk").values_list("pk", flat=True)[:50])
        Delivery.objects.filter(pk__in=ids).update(queued_at=now)
        queue(ids)
    return current


@transaction.atomic
def delete_subscription(actor: User | None, subscription: Subscription) -> None:
    """Delete the subscription and its delivery log."""
    check_may_manage(actor, subscription.organisation)
    record(
        "webhooks.subscription_deleted",
        actor=actor,
        organisation=subscription.organisation,
        target=subscription,
        summary=subscription.url,
        before=_snapshot(subscription),
    )
    subscription.delete()


@transaction.atomic
def send_test(actor: User | None, subscription: Subscription) -> Delivery:
    """A ``webhook.test`` delivery to this subscription only (which must be on)."""
    check_may_manage(actor, subscription.organisation)
    if not subscription.is_active:
        raise ValidationError(_("Turn the subscription on before sending a test event."))
    now = timezone.now()
    delivery = Delivery.objects.create(
        subscription=subscription,
        event=TEST_EVENT,
        body=body(TEST_EVENT, now, {"subscription": str(subscription.public_id)}),
        created_at=now,
        queued_at=now,
    )
    record("webhooks.test_sent", actor=actor, organisation=subscription.organisation, target=subscription)
    queue([delivery.pk])
    return delivery


@transaction.atomic
def redeliver(actor: User | None, delivery: Delivery) -> Delivery:
    """Send a delivery again from the start (the same ``webhook-id`` and body: receivers can tell)."""
    check_may_manage(actor, delivery.subscription.organisation)
    current = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if current.state == DeliveryState.SENDING:
        raise ValidationError(_("This delivery is being sent right now; try again in a moment."))
    now = timezone.now()
    current.state = DeliveryState.PENDING
    current.attempts = 0
    current.next_attempt_at = now
    current.queued_at = now
    current.save(update_fields=["state", "attempts", "next_attempt_at", "queued_at"])
    record(
        "webhooks.redelivered",
        actor=actor,
        organisation=delivery.subscription.organisation,
        target=current,
        summary=current.event,
    )
    queue([current.pk])
    return current
