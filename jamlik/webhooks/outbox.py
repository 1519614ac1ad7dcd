"""The outbox: a ``Delivery`` row for each subscription an event concerns, written in the
transaction of the change itself.

Every listener here subscribes with ``in_transaction=True``. It first reads the active
subscriptions (one query; the only cost when nobody subscribes to the event) and, when one
wants the event, builds the payloads and inserts the rows inside a savepoint. The rows commit
with the change or not at all, so an event is never lost between commit and listener and never
sent for a change that was rolled back. The sending happens after commit, in a task
(``delivery.py``): a slow or failing endpoint never slows or fails the action. If building the
rows fails (a bug), the savepoint is rolled back and the error logged: the action still commits.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from jamlik.campaigns.events import CampaignClosed, campaign_closed
from jamlik.courses.events import CompletionsImported, CourseCompleted, completions_imported, course_completed
from jamlik.credentials.events import DiplomaRevoked, DiplomasIssued, diploma_revoked, diplomas_issued
from jamlik.programmes.events import (
    RegistrationChanged,
    WaitlistPromoted,
    registration_cancelled,
    registration_confirmed,
    registration_waitlisted,
    waitlist_promoted,
)
from jamlik.webhooks import catalogue
from jamlik.webhooks.models import Delivery, EventType, Subscription

logger = logging.getLogger(__name__)

# Deliveries queued straight after commit by one event; more (a large import) are left to the sweep.
QUEUE_AT_ONCE = 50


def body(event: str, at: Any, data: dict[str, Any]) -> str:
    """The JSON text sent (and signed): ``{"type", "timestamp", "data"}`` as Standard Webhooks suggests."""
    return json.dumps({"type": event, "timestamp": at, "data": data}, cls=DjangoJSONEncoder, ensure_ascii=False)


def _wanting(events: set[str]) -> list[tuple[int, int | None, set[str]]]:
    rows = Subscription.objects.active().values_list("pk", "organisation_id", "events")
    return [(pk, org, set(wanted) & events) for pk, org, wanted in rows if set(wanted) & events]


def rows_for(items: list[catalogue.Item], subscriptions: list[tuple[int, int | None, set[str]]]) -> list[Delivery]:
    """One delivery per (item, subscription that wants it and may see it)."""
    deliveries = []
    for item in items:
        for pk, organisation_id, wanted in subscriptions:
            if item.event not in wanted:
                continue
            if organisation_id is None:
                data = {**item.data, **item.for_platform}
            elif organisation_id in item.for_organisation:
                data = {**item.data, **item.for_organisation[organisation_id]}
            else:
                continue  # another organisation's event
            deliveries.append(Delivery(subscription_id=pk, event=item.event, body=body(item.event, item.at, data)))
    return deliveries


def record(events: set[str], build: Callable[[], list[catalogue.Item]]) -> None:
    """Write the deliveries ``build``'s items owe, if any active subscription wants one of ``events``."""
    subscriptions = _wanting(events)
    if not subscriptions:
        return
    try:
        with transaction.atomic():
            deliveries = rows_for(build(), subscriptions)
            now = timezone.now()
            for delivery in deliveries:
                delivery.queued_at = now if len(deliveries) <= QUEUE_AT_ONCE else None
            Delivery.objects.bulk_create(deliveries)
    except Exception:
        logger.exception("webhook deliveries for %s were not recorded", sorted(events))
        return
    queue([d.pk for d in deliveries if d.queued_at is not None and d.pk is not None])


def queue(ids: list[int]) -> None:
    """Enqueue a sending task for each delivery, after commit."""
    from jamlik.webhooks.delivery import deliver

    def enqueue() -> None:
        for pk in ids:
            try:
                deliver.enqueue(pk)
            except Exception:  # the sweep queues it again; the action that caused it must not fail
                logger.exception("webhook delivery %s was not queued", pk)

    if ids:
        transaction.on_commit(enqueue, robust=True)


def on_completion(event: CourseCompleted) -> None:
    if not event.imported:  # an import's completions come once, through completions_imported
        record({EventType.COMPLETION_RECORDED}, lambda: catalogue.completions([event.completion_id]))


def on_import(event: CompletionsImported) -> None:
    record({EventType.COMPLETION_RECORDED}, lambda: catalogue.completions(event.completion_ids))


def on_issued(event: DiplomasIssued) -> None:
    record({EventType.DIPLOMA_ISSUED}, lambda: catalogue.diplomas_issued(event.diploma_ids))


def on_revoked(event: DiplomaRevoked) -> None:
    record({EventType.DIPLOMA_REVOKED}, lambda: catalogue.diploma_revoked(event.diploma_id))


def _on_registration(kind: str) -> Callable[[RegistrationChanged], None]:
    def listener(event: RegistrationChanged) -> None:
        record({kind}, lambda: catalogue.registration(kind, event.registration_id))

    listener.__qualname__ = f"on_registration({kind})"
    return listener


on_confirmed = _on_registration(EventType.REGISTRATION_CONFIRMED)
on_waitlisted = _on_registration(EventType.REGISTRATION_WAITLISTED)
on_cancelled = _on_registration(EventType.REGISTRATION_CANCELLED)


def on_promoted(event: WaitlistPromoted) -> None:
    record({EventType.REGISTRATION_PROMOTED}, lambda: catalogue.promoted(event.booking_id))


def on_closed(event: CampaignClosed) -> None:
    record({EventType.CAMPAIGN_CLOSED}, lambda: catalogue.campaign_closed(event.campaign_id))


def subscribe() -> None:
    """Listen to every event of the catalogue, inside the emitters' transactions."""
    course_completed.subscribe(on_completion, in_transaction=True)
    completions_imported.subscribe(on_import)  # an in_transaction event: every listener runs at publish
    diplomas_issued.subscribe(on_issued, in_transaction=True)
    diploma_revoked.subscribe(on_revoked, in_transaction=True)
    registration_confirmed.subscribe(on_confirmed, in_transaction=True)
    registration_waitlisted.subscribe(on_waitlisted, in_transaction=True)
    registration_cancelled.subscribe(on_cancelled, in_transaction=True)
    waitlist_promoted.subscribe(on_promoted, in_transaction=True)
    campaign_closed.subscribe(on_closed, in_transaction=True)
