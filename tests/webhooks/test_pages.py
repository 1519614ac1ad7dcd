"""The webhook pages: coordinators manage their organisation's, administrators the platform's;
nobody else sees them, and another organisation's webhook answers 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.people.models import Organisation, User
from jamlik.webhooks import actions
from jamlik.webhooks.models import Delivery, DeliveryState, DisabledBecause, EventType, Subscription
from tests.webhooks.conftest import subscribe, verified
from tests.webhooks.receiver import Receiver


def org_page(org: Organisation) -> str:
    return f"/organisationer/{org.slug}/webhooks/"


@pytest.mark.django_db
def test_a_coordinator_adds_a_webhook_and_sees_its_secret_once(
    as_coordinator_a: Client, coordinator_a: User, org_a: Organisation, receiver: Receiver
) -> None:
    assert as_coordinator_a.get(org_page(org_a)).status_code == 200
    response = as_coordinator_a.post(
        org_page(org_a), {"url": receiver.url, "description": "HR", "events": [EventType.DIPLOMA_ISSUED]}
    )
    subscription = Subscription.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/webhooks/{subscription.public_id}/"
    page = as_coordinator_a.get(response["Location"]).content.decode()
    secret = page.split('<code class="secret">')[1].split("</code>")[0]
    assert secret.startswith("whsec_")
    assert secret not in as_coordinator_a.get(response["Location"]).content.decode()  # shown once
    assert subscription.organisation == org_a
    assert subscription.events == [EventType.DIPLOMA_ISSUED]
    assert AuditEntry.objects.filter(action="webhooks.subscription_created", actor=coordinator_a).exists()


@pytest.mark.django_db
def test_a_refused_address_and_no_event_are_named_and_nothing_is_saved(
    as_coordinator_a: Client, org_a: Organisation, settings: Any
) -> None:
    settings.JAMLIK_WEBHOOKS_ALLOW_LOOPBACK = False
    response = as_coordinator_a.post(org_page(org_a), {"url": "https://169.254.169.254/", "events": []})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"url", "events"}
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_the_buttons_rotate_turn_off_and_on_test_redeliver_and_delete(
    as_coordinator_a: Client,
    coordinator_a: User,
    org_a: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    made = subscribe(coordinator_a, org_a, receiver)
    base = f"/webhooks/{made.subscription.public_id}/"
    response = as_coordinator_a.post(base + "nytt-hemligt-varde/")
    new_secret = as_coordinator_a.get(response["Location"]).content.decode().split('<code class="secret">')[1]
    new_secret = new_secret.split("</code>")[0]
    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator_a.post(base + "test/")
    (request,) = receiver.received
    assert verified(new_secret, request)["type"] == "webhook.test"
    delivery = Delivery.objects.get()
    log = as_coordinator_a.get(base).content.decode()
    assert f"/leveranser/{delivery.public_id}/" in log
    detail = as_coordinator_a.get(f"{base}leveranser/{delivery.public_id}/").content.decode()
    assert delivery.webhook_id in detail
    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator_a.post(f"{base}leveranser/{delivery.public_id}/skicka-igen/")
    assert [r.headers["webhook-id"] for r in receiver.received] == [delivery.webhook_id] * 2
    as_coordinator_a.post(base + "av/")
    made.subscription.refresh_from_db()
    assert made.subscription.disabled_because == DisabledBecause.BY_HAND
    as_coordinator_a.post(base + "pa/")
    made.subscription.refresh_from_db()
    assert made.subscription.is_active
    as_coordinator_a.post(base + "ta-bort/")
    assert not Subscription.objects.exists()
    actions_logged = set(AuditEntry.objects.filter(actor=coordinator_a).values_list("action", flat=True))
    assert {
        "webhooks.secret_rotated",
        "webhooks.test_sent",
        "webhooks.redelivered",
        "webhooks.subscription_disabled",
        "webhooks.subscription_enabled",
        "webhooks.subscription_deleted",
    } <= actions_logged


@pytest.mark.django_db
def test_a_coordinator_changes_the_events(
    as_coordinator_a: Client, coordinator_a: User, org_a: Organisation, receiver: Receiver
) -> None:
    made = subscribe(coordinator_a, org_a, receiver)
    url = f"/webhooks/{made.subscription.public_id}/andra/"
    assert as_coordinator_a.get(url).status_code == 200
    response = as_coordinator_a.post(url, {"url": receiver.url, "events": [EventType.CAMPAIGN_CLOSED]})
    assert response.status_code == 302
    made.subscription.refresh_from_db()
    assert made.subscription.events == [EventType.CAMPAIGN_CLOSED]


@pytest.mark.django_db
def test_another_organisation_and_other_roles_cannot_reach_a_webhook(
    coordinator_a: User,
    org_a: Organisation,
    receiver: Receiver,
    as_coordinator_b: Client,
    as_learner_a: Client,
    as_programme_manager: Client,
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    made = subscribe(coordinator_a, org_a, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = actions.send_test(coordinator_a, made.subscription)
    base = f"/webhooks/{made.subscription.public_id}/"
    for visitor in (as_coordinator_b, as_learner_a, as_programme_manager):
        assert visitor.get(org_page(org_a)).status_code == 404
        assert visitor.get(base).status_code == 404
        assert visitor.get(f"{base}leveranser/{delivery.public_id}/").status_code == 404
        for action in (
            "nytt-hemligt-varde/",
            "av/",
            "test/",
            "ta-bort/",
            f"leveranser/{delivery.public_id}/skicka-igen/",
        ):
            assert visitor.post(base + action).status_code == 404
        assert visitor.get("/drift/webhooks/").status_code == 403
    assert client.get(base).status_code == 302  # to sign in
    made.subscription.refresh_from_db()
    assert made.subscription.is_active
    assert Delivery.objects.get().state == DeliveryState.DELIVERED
    assert len(receiver.received) == 1


@pytest.mark.django_db
def test_an_administrator_manages_platform_webhooks_and_sees_every_organisations(
    as_administrator: Client, administrator: User, coordinator_a: User, org_a: Organisation, receiver: Receiver
) -> None:
    ours = subscribe(coordinator_a, org_a, receiver)
    assert as_administrator.get("/drift/webhooks/").status_code == 200
    response = as_administrator.post("/drift/webhooks/", {"url": receiver.url, "events": list(EventType.values)})
    platform = Subscription.objects.get(organisation__isnull=True)
    assert response["Location"] == f"/webhooks/{platform.public_id}/"
    assert as_administrator.get(f"/webhooks/{ours.subscription.public_id}/").status_code == 200
    assert as_administrator.get(org_page(org_a)).status_code == 200


@pytest.mark.django_db
def test_a_coordinator_cannot_reach_the_platforms_webhook(
    as_coordinator_a: Client, administrator: User, receiver: Receiver
) -> None:
    platform = subscribe(administrator, None, receiver)
    assert as_coordinator_a.get(f"/webhooks/{platform.subscription.public_id}/").status_code == 404
