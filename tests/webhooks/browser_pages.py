"""Webhook pages the browser tests check (see tests/browser/pages.py)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from tests.browser.check import Check


def a_webhook_with_a_log(cast: Any) -> None:
    from jamlik.webhooks import actions
    from jamlik.webhooks.models import Attempt, Delivery, EventType

    made = actions.create_subscription(
        cast.coordinator_a,
        organisation=cast.org_a,
        url="https://93.184.215.14/hooks/jamlik",
        events=[EventType.COMPLETION_RECORDED, EventType.DIPLOMA_ISSUED],
        description="Personalsystemet",
    )
    # Test data: a delivery that failed once (sending it for real would leave this machine).
    delivery = Delivery.objects.create(
        subscription=made.subscription, event="webhook.test", body='{"type": "webhook.test", "data": {}}', attempts=1
    )
    Attempt.objects.create(delivery=delivery, status=500, excerpt="Internal Server Error", duration_ms=31)
    cast.extra["webhook"] = str(made.subscription.public_id)
    cast.extra["delivery"] = str(delivery.public_id)


def a_statement_forwarding(cast: Any) -> None:
    from jamlik.webhooks.forwarding.models import LrsForwarding

    # Test data written directly: saving through the action would look the address up.
    LrsForwarding.objects.create(
        organisation=cast.org_a,
        endpoint="https://93.184.215.14/xapi/",
        key="k",
        secret_encrypted="x",
        last_error="HTTP 503",
    )


def submit_an_empty_webhook(page: Page) -> None:
    page.get_by_role("button", name="Lägg till webhook").or_(page.get_by_role("button", name="Add webhook")).click()
    page.wait_for_load_state()


PAGES = [
    Check("webhooks-organisation", lambda cast: f"/organisationer/{cast.org_a.slug}/webhooks/", viewer="coordinator_a"),
    Check(
        "webhooks-organisation-errors",
        lambda cast: f"/organisationer/{cast.org_a.slug}/webhooks/",
        viewer="coordinator_a",
        then=submit_an_empty_webhook,
    ),
    Check("webhooks-platform", "/drift/webhooks/", viewer="administrator"),
    Check(
        "webhooks-detail",
        lambda cast: f"/webhooks/{cast.extra['webhook']}/",
        viewer="coordinator_a",
        setup=a_webhook_with_a_log,
    ),
    Check(
        "webhooks-edit",
        lambda cast: f"/webhooks/{cast.extra['webhook']}/andra/",
        viewer="coordinator_a",
        setup=a_webhook_with_a_log,
    ),
    Check(
        "webhooks-delivery",
        lambda cast: f"/webhooks/{cast.extra['webhook']}/leveranser/{cast.extra['delivery']}/",
        viewer="coordinator_a",
        setup=a_webhook_with_a_log,
    ),
    Check(
        "lrs-forwarding",
        lambda cast: f"/organisationer/{cast.org_a.slug}/xapi/vidarebefordran/",
        viewer="coordinator_a",
        setup=a_statement_forwarding,
    ),
    Check(
        "lrs-forwarding-new",
        lambda cast: f"/organisationer/{cast.org_a.slug}/xapi/vidarebefordran/",
        viewer="coordinator_a",
    ),
]
