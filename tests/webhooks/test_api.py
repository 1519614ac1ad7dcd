"""/api/v1/webhooks: the same actions as the pages, for tokens; 404 for another organisation's ids."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jamlik.audit.models import AuditEntry
from jamlik.people import actions as people
from jamlik.people.models import Organisation, User
from jamlik.webhooks import actions
from jamlik.webhooks.models import Delivery, EventType, Subscription
from tests.webhooks.conftest import subscribe, verified
from tests.webhooks.receiver import Answer, Receiver

BASE = "/api/v1/webhooks/subscriptions"


def bearer(user: User) -> dict[str, str]:
    _token, raw = people.create_api_token(user, name="webhooks")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client: Client, path: str, body: dict[str, Any], auth: dict[str, str]) -> Any:
    return client.post(path, body, content_type="application/json", **auth)


@pytest.mark.django_db
def test_a_coordinator_creates_reads_changes_and_deletes_a_subscription(
    client: Client, coordinator_a: User, org_a: Organisation, receiver: Receiver
) -> None:
    auth = bearer(coordinator_a)
    body = {"organisation": org_a.slug, "url": receiver.url, "events": ["diploma.issued"], "description": "HR"}
    created = post(client, BASE, body, auth)
    assert created.status_code == 201, created.content
    data = created.json()
    subscription = Subscription.objects.get()
    assert data["id"] == str(subscription.public_id)
    assert created["Location"].endswith(f"{BASE}/{subscription.public_id}")
    assert data["secret"].startswith("whsec_")
    assert data["organisation"] == str(org_a.public_id)
    assert data["organisation_slug"] == org_a.slug
    read = client.get(f"{BASE}/{subscription.public_id}", **auth)
    assert "secret" not in read.json()
    etag = read["ETag"]
    changed = client.patch(
        f"{BASE}/{subscription.public_id}",
        {"events": ["campaign.closed", "diploma.revoked"], "active": False},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **auth,
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["events"] == ["diploma.revoked", "campaign.closed"]
    assert changed.json()["active"] is False
    stale = client.patch(
        f"{BASE}/{subscription.public_id}",
        {"description": "late"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **auth,
    )
    assert stale.status_code == 412
    assert client.get(f"{BASE}", **auth).json()["count"] == 1
    assert client.delete(f"{BASE}/{subscription.public_id}", **auth).status_code == 204
    assert not Subscription.objects.exists()
    logged = set(AuditEntry.objects.filter(actor=coordinator_a).values_list("action", flat=True))
    assert {"webhooks.subscription_created", "webhooks.subscription_updated", "webhooks.subscription_deleted"} <= logged


@pytest.mark.django_db
def test_bad_input_is_refused_naming_each_field_and_nothing_is_saved(
    client: Client, coordinator_a: User, org_a: Organisation, org_b: Organisation, settings: Any
) -> None:
    settings.JAMLIK_WEBHOOKS_ALLOW_LOOPBACK = False
    auth = bearer(coordinator_a)
    for body in (
        {"organisation": org_a.slug, "url": "https://10.0.0.5/hook", "events": ["diploma.issued"]},
        {"organisation": org_a.slug, "url": "https://93.184.215.14/", "events": ["diploma.eaten"]},
        {"organisation": org_a.slug, "url": "https://93.184.215.14/", "events": []},
        {"organisation": org_a.slug, "url": 5, "events": ["diploma.issued"]},
        {"organisation": org_a.slug, "events": ["diploma.issued"]},
        {"organisation": org_a.slug, "url": "https://93.184.215.14/", "events": ["diploma.issued"], "secret": "x"},
    ):
        response = post(client, BASE, body, auth)
        assert response.status_code == 422, (body, response.content)
        assert response["Content-Type"] == "application/problem+json"
    for other in ("gagnef", str(org_b.public_id)):  # another organisation's, named by slug or id
        body = {"organisation": other, "url": "https://93.184.215.14/", "events": ["diploma.issued"]}
        assert post(client, BASE, body, auth).status_code == 404
    assert not Subscription.objects.exists()


@pytest.mark.django_db
def test_only_administrators_make_platform_subscriptions(
    client: Client, coordinator_a: User, administrator: User, receiver: Receiver
) -> None:
    body = {"url": receiver.url, "events": ["campaign.closed"]}
    assert post(client, BASE, body, bearer(coordinator_a)).status_code == 403
    created = post(client, BASE, body, bearer(administrator))
    assert created.status_code == 201
    assert created.json()["organisation"] is None


@pytest.mark.django_db
def test_another_organisations_subscription_and_deliveries_answer_404(
    client: Client,
    coordinator_a: User,
    coordinator_b: User,
    learner_a: User,
    programme_manager: User,
    org_a: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    made = subscribe(coordinator_a, org_a, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = actions.send_test(coordinator_a, made.subscription)
    one = f"{BASE}/{made.subscription.public_id}"
    for outsider in (coordinator_b, learner_a, programme_manager):
        auth = bearer(outsider)
        assert client.get(BASE, **auth).json() == {"items": [], "count": 0}
        assert client.get(one, **auth).status_code == 404
        assert client.patch(one, {"description": "x"}, content_type="application/json", **auth).status_code == 404
        assert client.delete(one, **auth).status_code == 404
        assert post(client, f"{one}/rotate-secret", {}, auth).status_code == 404
        assert post(client, f"{one}/test", {}, auth).status_code == 404
        assert client.get(f"{one}/deliveries", **auth).status_code == 404
        assert client.get(f"{one}/deliveries/{delivery.public_id}", **auth).status_code == 404
        assert post(client, f"{one}/deliveries/{delivery.public_id}/redeliver", {}, auth).status_code == 404
        body = {"organisation": str(org_a.public_id), "url": receiver.url, "events": ["diploma.issued"]}
        assert post(client, BASE, body, auth).status_code == 404
    assert client.get(one).status_code == 401
    assert Subscription.objects.count() == 1
    assert len(receiver.received) == 1


@pytest.mark.django_db
def test_the_delivery_log_test_rotation_and_redelivery(
    client: Client,
    coordinator_a: User,
    org_a: Organisation,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
) -> None:
    made = subscribe(coordinator_a, org_a, receiver)
    auth = bearer(coordinator_a)
    one = f"{BASE}/{made.subscription.public_id}"
    rotated = post(client, f"{one}/rotate-secret", {}, auth).json()["secret"]
    receiver.answer(Answer(status=500, body="nope"))
    with django_capture_on_commit_callbacks(execute=True):
        sent = post(client, f"{one}/test", {}, auth)
    assert sent.status_code == 202
    assert (sent.json()["state"], sent.json()["attempts"]) == ("pending", 0)  # sent after the answer
    after = client.get(f"{one}/deliveries/{sent.json()['id']}", **auth).json()
    assert (after["attempts"], after["last_status"]) == (1, 500)
    for _ in range(3):
        actions.send_test(coordinator_a, made.subscription)  # more rows for the list (not sent: no commit)
    with django_assert_max_num_queries(8):
        listed = client.get(f"{one}/deliveries", **auth).json()
    assert listed["count"] == 4
    failed = client.get(f"{one}/deliveries?state=pending&limit=1&offset=3", **auth).json()["items"][0]
    detail = client.get(f"{one}/deliveries/{failed['id']}", **auth).json()
    assert detail["attempt_log"][0]["status"] == 500
    assert detail["attempt_log"][0]["excerpt"] == "nope"
    with django_capture_on_commit_callbacks(execute=True):
        again = post(client, f"{one}/deliveries/{failed['id']}/redeliver", {}, auth)
    assert again.status_code == 202
    assert client.get(f"{one}/deliveries/{failed['id']}", **auth).json()["state"] == "delivered"
    first, second = receiver.received
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == failed["webhook_id"]
    assert verified(rotated, second)["type"] == "webhook.test"
    assert Delivery.objects.get(public_id=failed["id"]).attempt_log.count() == 2


@pytest.mark.django_db
def test_the_subscription_list_costs_the_same_for_many(
    client: Client, coordinator_a: User, org_a: Organisation, receiver: Receiver, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        subscribe(coordinator_a, org_a, receiver, events=[EventType.DIPLOMA_ISSUED])
    auth = bearer(coordinator_a)
    with django_assert_max_num_queries(8):
        assert client.get(BASE, **auth).json()["count"] == 5
