"""Domain events: how one app reacts to another's state change without the emitter knowing.

The emitting app declares an event with a typed payload and publishes it inside its action's
transaction; listeners subscribe from their app's ``AppConfig.ready()``::

    # jamlik/courses/events.py
    course_completed: Event[CourseCompleted] = Event("course_completed")

    # in an action, inside transaction.atomic()
    course_completed.publish(CourseCompleted(completion_id=completion.pk))

    # jamlik/campaigns/apps.py
    course_completed.subscribe(count_completion)

Each listener runs after the transaction commits (``transaction.on_commit``), with ids only,
so it reads committed rows, and never for a change that was rolled back. Listeners run one
by one in subscription order; a listener that raises is logged and does not stop the others
(``robust``). A listener that must never lose an event should have a command that
recomputes its state from the source rows.

An event declared with ``in_transaction=True`` is the exception, for work that must commit with
the emitter's rows or not at all (a bulk import and its campaign counting): its listeners run at
``publish``, inside the emitter's transaction, and one that raises rolls the whole of it back.

One listener of an ordinary event may ask for the same with ``subscribe(listener,
in_transaction=True)``: it runs at ``publish`` while the others wait for the commit. The webhook
outbox does (``jamlik/webhooks/outbox.py``): the rows it writes commit with the change they
describe, so an event is neither lost between commit and listener nor sent for a rollback.
Such a listener must be quick and write only rows of its own; it guards itself so that its
failure never fails the emitter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import transaction

P = TypeVar("P")
Listener = Callable[[P], None]

logger = logging.getLogger(__name__)

registry: dict[str, Event[Any]] = {}


class Event(Generic[P]):
    """A named event whose listeners receive a payload of type ``P``."""

    def __init__(self, name: str, *, in_transaction: bool = False) -> None:
        if name in registry:
            raise ValueError(f"An event named {name!r} is already declared")
        self.name = name
        self.in_transaction = in_transaction
        self._listeners: list[Listener[P]] = []
        self._now: set[Listener[P]] = set()  # listeners that run inside the emitter's transaction
        registry[name] = self

    def __repr__(self) -> str:
        return f"Event({self.name!r})"

    def subscribe(self, listener: Listener[P], *, in_transaction: bool = False) -> Listener[P]:
        """Add a listener (once; subscribing again changes nothing). Usable as a decorator.

        ``in_transaction``: run it at ``publish``, inside the emitter's transaction."""
        if listener not in self._listeners:
            self._listeners.append(listener)
            if in_transaction:
                self._now.add(listener)
        return listener

    def unsubscribe(self, listener: Listener[P]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)
            self._now.discard(listener)

    @property
    def listeners(self) -> tuple[Listener[P], ...]:
        return tuple(self._listeners)

    def publish(self, payload: P, *, using: str | None = None) -> None:
        """Schedule every current listener to run with ``payload`` after the transaction commits
        (or, for an ``in_transaction`` event, run each now; an error propagates to the caller)."""
        if self.in_transaction:
            if not transaction.get_connection(using).in_atomic_block:
                raise RuntimeError(f"{self.name} is published inside the transaction whose rows it describes")
            for listener in self._listeners:
                _bound(self.name, listener, payload)()
            return
        for listener in self._listeners:
            if listener in self._now:
                _bound(self.name, listener, payload)()
            else:
                transaction.on_commit(_bound(self.name, listener, payload), using=using, robust=True)


def _bound(name: str, listener: Listener[P], payload: P) -> Callable[[], None]:
    def run() -> None:
        logger.debug("event %s → %s(%r)", name, getattr(listener, "__qualname__", listener), payload)
        listener(payload)

    return run
