"""Events the LRS publishes. Other apps subscribe in their ``AppConfig.ready()``."""

from __future__ import annotations

from dataclasses import dataclass

from jamlik.lib.events import Event


@dataclass(frozen=True)
class StatementsStored:
    """Statements newly kept for one organisation (None: the platform's), by their ``seq``.

    Published by ``store.store_statements`` inside its transaction: the statement forwarding
    outbox (``jamlik/webhooks/forwarding/outbox.py``) listens with ``in_transaction=True``, so its
    rows commit with the statements."""

    organisation_id: int | None
    seqs: tuple[int, ...]


statements_stored: Event[StatementsStored] = Event("lrs_statements_stored")
