"""Webhook test fixtures: a real receiver, loopback endpoints allowed, a key file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from standardwebhooks import Webhook

from jamlik.people.models import Organisation, User
from jamlik.webhooks import actions
from jamlik.webhooks.actions import WithSecret
from jamlik.webhooks.models import EventType
from tests.webhooks.receiver import Received, Receiver, serve


@pytest.fixture(autouse=True)
def _webhook_settings(settings: Any, tmp_path: Path) -> None:
    settings.JAMLIK_WEBHOOK_KEY_FILE = tmp_path / "webhooks.key"
    settings.JAMLIK_WEBHOOKS_ALLOW_LOOPBACK = True  # the receiver is on 127.0.0.1, over http
    settings.JAMLIK_WEBHOOKS_TIMEOUT_SECONDS = 1


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from serve()


def subscribe(
    actor: User, organisation: Organisation | None, receiver: Receiver, events: list[str] | None = None
) -> WithSecret:
    return actions.create_subscription(
        actor, organisation=organisation, url=receiver.url, events=events or list(EventType.values)
    )


def verified(secret: str, request: Received) -> dict[str, Any]:
    """The payload, verified as any Standard Webhooks receiver would (the independent package)."""
    payload: dict[str, Any] = Webhook(secret).verify(request.body, request.headers)
    return payload
