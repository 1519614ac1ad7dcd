"""What follows the storing of new statements, inside the store's transaction.

``store.store_statements`` calls ``announce`` once per request with the rows it inserted: the
activities' canonical definitions are merged (``documents/definitions.py``), and
``statements_stored`` is published, whose in-transaction listener writes the forwarding outbox
(``jamlik/webhooks/forwarding/outbox.py``). Both commit with the statements or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jamlik.lrs.documents import definitions
from jamlik.lrs.events import StatementsStored, statements_stored
from jamlik.lrs.models import Statement
from jamlik.people.models import Organisation


def announce(organisation: Organisation | None, new_rows: Sequence[tuple[Statement, dict[str, Any]]]) -> None:
    if not new_rows:
        return
    organisation_id = organisation.pk if organisation is not None else None
    definitions.remember(organisation_id, [kept for _row, kept in new_rows])
    statements_stored.publish(StatementsStored(organisation_id, tuple(row.pk for row, _kept in new_rows)))
