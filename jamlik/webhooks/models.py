"""Webhook subscriptions, the deliveries owed to them (the outbox) and each attempt's outcome.

A ``Delivery`` row is written in the transaction of the change it describes (``outbox.py``), so
an event is never lost and never sent for a change that was rolled back. Its body is stored as
the exact bytes that are signed, so a redelivery carries the same ``webhook-id`` and body and a
receiver can tell it has seen it. docs/webhooks.md describes the events and their payloads.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    COMPLETION_RECORDED = "completion.recorded", _("Course completion recorded")
    DIPLOMA_ISSUED = "diploma.issued", _("Diploma issued")
    DIPLOMA_REVOKED = "diploma.revoked", _("Diploma revoked")
    REGISTRATION_CONFIRMED = "registration.confirmed", _("Registration confirmed")
    REGISTRATION_WAITLISTED = "registration.waitlisted", _("Registration waitlisted")
    REGISTRATION_PROMOTED = "registration.promoted", _("Promoted from the waiting list")
    REGISTRATION_CANCELLED = "registration.cancelled", _("Registration cancelled")
    CAMPAIGN_CLOSED = "campaign.closed", _("Campaign closed")


# Sent only by the "send a test event" button, to the one subscription; nobody subscribes to it.
TEST_EVENT = "webhook.test"


class DisabledBecause(models.TextChoices):
    NOT_DISABLED = "", _("Active")
    BY_HAND = "by_hand", _("Turned off by hand")
    FAILING = "failing", _("Turned off after failed deliveries")


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def active(self) -> SubscriptionQuerySet:
        return self.filter(disabled_because=DisabledBecause.NOT_DISABLED)


class Subscription(models.Model):
    """An endpoint that receives events: an organisation's (its own events) or the platform's (all)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # None: a platform subscription, made by an administrator, receiving every organisation's events.
    organisation = models.ForeignKey(
        "people.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.CharField(_("endpoint address"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # A list of EventType values, checked by the actions (``actions.clean_events``).
    events = models.JSONField(_("events"), default=list)
    # The signing secret ("whsec_…"), encrypted with the webhook key file (``crypto.py``).
    secret_encrypted = models.TextField(editable=False)
    disabled_because = models.CharField(
        _("state"), max_length=10, choices=DisabledBecause.choices, default=DisabledBecause.NOT_DISABLED, blank=True
    )
    disabled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "disabled_because"])]

    def __str__(self) -> str:
        return self.url

    @property
    def is_active(self) -> bool:
        return self.disabled_because == DisabledBecause.NOT_DISABLED


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One event owed to one subscription. ``public_id`` is the ``webhook-id`` on every attempt."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    body = models.TextField()  # the JSON text exactly as signed and sent
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)  # in this round (a redelivery starts again)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # When the sweep last queued a task for it (so a backlogged worker is not sent the same row twice).
    queued_at = models.DateTimeField(null=True, blank=True)
    # A worker's claim: a row left SENDING past this time lost its worker and is retried.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["subscription", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.public_id}"

    @property
    def webhook_id(self) -> str:
        return f"msg_{self.public_id.hex}"


class Attempt(models.Model):
    """One try at a delivery: the answer's status (None: no answer) and a short excerpt of it."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(default=timezone.now)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)
    excerpt = models.CharField(max_length=200, blank=True)  # the start of the response body, never more
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.at:%Y-%m-%d %H:%M:%S}: {self.status or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


# Models kept in their own module, registered with this app by being imported here.
from jamlik.webhooks.forwarding.models import ForwardedStatement, ForwardState, LrsForwarding  # noqa: E402, F401
