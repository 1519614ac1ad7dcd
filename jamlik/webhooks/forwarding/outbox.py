"""The forwarding outbox: a row per newly stored statement of an organisation that forwards,
written inside the statement store's transaction (``lrs.events.statements_stored``,
``in_transaction=True``), so a statement and its row commit together or not at all.

One query when the organisation does not forward (the only cost for most); one insert when it
does, and the sending queued after commit (``delivery.forward``): the learner's request never
waits for the other LRS. A failure here is logged in a savepoint and never fails the statement:
the sweep cannot recover a row that was never written, but a bug must not stop learning either.
"""

from __future__ import annotations

import logging

from django.db import transaction

from jamlik.lrs.events import StatementsStored, statements_stored
from jamlik.webhooks.forwarding.models import ForwardedStatement, LrsForwarding

logger = logging.getLogger(__name__)


def record(event: StatementsStored) -> None:
    if event.organisation_id is None or not event.seqs:
        return
    forwarding_id = (
        LrsForwarding.objects.filter(organisation_id=event.organisation_id, active=True)
        .values_list("pk", flat=True)
        .first()
    )
    if forwarding_id is None:
        return
    try:
        with transaction.atomic():
            ForwardedStatement.objects.bulk_create(
                [ForwardedStatement(forwarding_id=forwarding_id, statement_id=seq) for seq in event.seqs]
            )
    except Exception:
        logger.exception("statement forwarding rows not written")
        return
    from jamlik.webhooks.forwarding.delivery import forward  # the task module imports this one's models

    transaction.on_commit(lambda: forward.enqueue(forwarding_id))


def connect() -> None:
    statements_stored.subscribe(record, in_transaction=True)
