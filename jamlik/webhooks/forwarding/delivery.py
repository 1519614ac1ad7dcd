"""Sending forwarded statements: batches claimed by one worker, retried with backoff, never dropped.

``forward`` (a task, queued after commit by the outbox and by the sweep) claims up to ``BATCH``
due rows of one forwarding (PENDING and due → SENDING with a lease, a conditional UPDATE, so
two workers never send one row), checks the address again (DNS can change), and POSTs their
statements as one batch to ``<endpoint>/statements`` with HTTP Basic and
``X-Experience-API-Version: 2.0.0``. The statement goes as stored, without ``stored`` and
``authority``, which the other LRS sets for itself. A 2xx delivers the batch. A 400 or 409 for
a batch is sent again one statement at a time, so one statement the other LRS refuses
(``REFUSED``, kept, shown to the coordinator) does not hold back the rest. Anything else (no
answer, 5xx, 401 while the coordinator fixes the key) waits ``retry_delay`` and tries again,
for as long as the forwarding is on: there is no last attempt.

``sweep`` (``jamlik forward_statements``, every minute) returns rows whose worker died to the
queue and queues a task for each forwarding with due rows.
"""

from __future__ import annotations

import base64
import datetime
import json
import logging
import random
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from jamlik.lrs.models import Statement
from jamlik.webhooks import addresses, crypto, transport
from jamlik.webhooks.forwarding.models import ForwardedStatement, ForwardState, LrsForwarding

logger = logging.getLogger(__name__)

BATCH = 50
LEASE = datetime.timedelta(minutes=2)
FIRST_DELAY = datetime.timedelta(seconds=30)
LONGEST_DELAY = datetime.timedelta(hours=6)
REFUSED_STATUSES = {400, 409}


def retry_delay(attempts: int) -> datetime.timedelta:
    """30 s, 1 min, 2 min, … doubling up to 6 h, with ±20 % jitter."""
    base = min(FIRST_DELAY * (1 << min(max(attempts - 1, 0), 20)), LONGEST_DELAY)
    factor = random.uniform(0.8, 1.2)  # noqa: S311 (spreading retries, not a secret)
    return base * factor


def _claim(forwarding_id: int, now: datetime.datetime) -> list[int]:
    due = (
        ForwardedStatement.objects.filter(
            forwarding_id=forwarding_id, state=ForwardState.PENDING, next_attempt_at__lte=now
        )
        .order_by("statement_id")
        .values_list("pk", flat=True)[:BATCH]
    )
    ids = list(due)
    if not ids:
        return []
    claimed = ForwardedStatement.objects.filter(pk__in=ids, state=ForwardState.PENDING)
    claimed.update(state=ForwardState.SENDING, claimed_until=now + LEASE)
    # Another worker may have taken some between the read and the update: keep what is ours.
    return list(
        ForwardedStatement.objects.filter(
            pk__in=ids, state=ForwardState.SENDING, claimed_until=now + LEASE
        ).values_list("pk", flat=True)
    )


def body_of(data: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if name not in ("stored", "authority")}


def _post(forwarding: LrsForwarding, statements: list[dict[str, Any]]) -> transport.Outcome:
    try:
        secret = crypto.decrypt(forwarding.secret_encrypted)
        endpoint = addresses.parse(forwarding.statements_url)
    except (crypto.SecretUnavailable, addresses.Refused) as exc:
        return transport.Outcome(None, error=str(exc)[:200])
    token = base64.b64encode(f"{forwarding.key}:{secret}".encode()).decode("ascii")
    headers = {"authorization": f"Basic {token}", "x-experience-api-version": "2.0.0"}
    try:
        return transport.post(endpoint, json.dumps(statements, ensure_ascii=False), headers)
    except Exception as exc:  # anything unforeseen is a failed attempt, never a row stuck in SENDING
        logger.exception("statement forwarding %s", forwarding.pk)
        return transport.Outcome(None, error=type(exc).__name__)


def _settle(rows: list[ForwardedStatement], outcome: transport.Outcome, now: datetime.datetime) -> None:
    for row in rows:
        row.attempts += 1
        row.last_status = outcome.status
        row.claimed_until = None
        if outcome.succeeded:
            row.state, row.delivered_at = ForwardState.DELIVERED, now
        elif outcome.status in REFUSED_STATUSES:
            row.state = ForwardState.REFUSED
        else:
            row.state = ForwardState.PENDING
            row.next_attempt_at = now + retry_delay(row.attempts)
    ForwardedStatement.objects.bulk_update(
        rows, ["attempts", "last_status", "claimed_until", "state", "delivered_at", "next_attempt_at"]
    )


def attempt(forwarding_id: int) -> bool:
    """Send one batch of due statements; whether any of it reached the other LRS (False: nothing was due)."""
    forwarding = LrsForwarding.objects.filter(pk=forwarding_id, active=True).first()
    if forwarding is None:
        return False
    claimed = _claim(forwarding_id, timezone.now())
    if not claimed:
        return False
    rows = list(ForwardedStatement.objects.filter(pk__in=claimed).order_by("statement_id"))
    data = dict(Statement.objects.filter(pk__in=[row.statement_id for row in rows]).values_list("pk", "data"))
    outcome = _post(forwarding, [body_of(data[row.statement_id]) for row in rows])
    groups = [(rows, outcome)]
    if outcome.status in REFUSED_STATUSES and len(rows) > 1:
        groups = [([row], _post(forwarding, [body_of(data[row.statement_id])])) for row in rows]
    now = timezone.now()
    with transaction.atomic():
        for group, result in groups:
            _settle(group, result, now)
        succeeded = any(result.succeeded for _group, result in groups)
        last = groups[-1][1]
        forwarding.last_attempt_at = now
        forwarding.last_error = "" if succeeded else (last.error or f"HTTP {last.status}")[:200]
        fields = ["last_attempt_at", "last_error"]
        if succeeded:
            forwarding.last_success_at = now
            fields.append("last_success_at")
        forwarding.save(update_fields=fields)
    return succeeded


@task()
def forward(forwarding_id: int) -> None:
    """Send due batches until none is left or one fails (the rest then wait for their retry)."""
    while attempt(forwarding_id):
        pass


def sweep() -> tuple[int, int]:
    """Reclaim rows of dead workers; queue each forwarding with due rows. (reclaimed, queued)"""
    now = timezone.now()
    reclaimed = ForwardedStatement.objects.filter(state=ForwardState.SENDING, claimed_until__lt=now).update(
        state=ForwardState.PENDING, claimed_until=None, next_attempt_at=now
    )
    due = list(
        ForwardedStatement.objects.filter(state=ForwardState.PENDING, next_attempt_at__lte=now, forwarding__active=True)
        .values_list("forwarding_id", flat=True)
        .distinct()
    )
    for forwarding_id in due:
        forward.enqueue(forwarding_id)
    return reclaimed, len(due)
