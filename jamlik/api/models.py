"""The API's own bookkeeping: the ``Idempotency-Key`` of each POST (``jamlik/api/idempotency.py``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class IdempotencyKey(models.Model):
    """One key a credential sent on a POST: the request it named and, once answered, the answer.

    Like a worker's heartbeat, this is bookkeeping the API keeps about itself: written by the
    middleware, never audited, pruned a day later (``prune_idempotency_keys``).
    """

    scope = models.CharField(max_length=100)  # "token:<sha256 of the token>" or "user:<id>"
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # sha256 of method, path with query, body
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)  # null while the first request runs
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    headers = models.JSONField(default=dict, blank=True)  # Location, ETag: what a replay repeats
    body = models.BinaryField(default=b"", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="api_idempotency_key_unique")]

    def __str__(self) -> str:
        return f"{self.scope[:14]}… {self.key}"
