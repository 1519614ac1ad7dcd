"""An organisation's statement forwarding and its outbox.

``LrsForwarding``: one per organisation at most; the external LRS's base address (its
``statements`` resource is ``<endpoint>statements``), the client key and the secret encrypted with
the webhook key file (``crypto.py``). ``ForwardedStatement``: one row per statement to send,
written in the transaction that stored the statement; it stays until the external LRS has taken
it (``DELIVERED``) or refused it for good (``REFUSED``: a 400, or a 409 for an id it holds with
other content, which no retry can change). While it waits it is retried with backoff, without
end: a statement is never dropped because the other LRS was away for a week.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamlik.people.models import Organisation


class LrsForwarding(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="lrs_forwarding")
    endpoint = models.CharField(_("the external LRS's address"), max_length=500)
    key = models.CharField(_("client key"), max_length=200)
    secret_encrypted = models.TextField(editable=False)
    active = models.BooleanField(_("forward statements"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("statement forwarding")
        verbose_name_plural = _("statement forwardings")

    def __str__(self) -> str:
        return self.endpoint

    @property
    def statements_url(self) -> str:
        return self.endpoint.rstrip("/") + "/statements"


class ForwardState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    DELIVERED = "delivered", _("Delivered")
    REFUSED = "refused", _("Refused by the external LRS")


class ForwardedStatement(models.Model):
    forwarding = models.ForeignKey(LrsForwarding, on_delete=models.CASCADE, related_name="outbox")
    statement = models.ForeignKey("lrs.Statement", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=ForwardState.choices, default=ForwardState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["forwarding", "state", "next_attempt_at"], name="wh_fwd_due"),
            models.Index(fields=["state", "claimed_until"], name="wh_fwd_claimed"),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.state}"
