"""Forwarding an organisation's xAPI statements to its own LRS: a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from jamlik.audit.models import AuditEntry
from jamlik.lrs.store import store_statements
from jamlik.people.models import Organisation, User
from jamlik.webhooks.forwarding import actions, delivery
from jamlik.webhooks.forwarding.models import ForwardedStatement, ForwardState, LrsForwarding
from tests.webhooks.receiver import Answer, Receiver

pytestmark = pytest.mark.django_db


def statement(n: int = 0) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "actor": {"mbox": f"mailto:p{n}@example.se"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": f"http://example.se/a/{n}"},
    }


@pytest.fixture
def store(django_capture_on_commit_callbacks: Any) -> Any:
    """``store_statements`` for ``org``, its after-commit work (the sending) run as a commit would."""

    def stored(statements: list[dict[str, Any]], organisation: Organisation) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            store_statements(None, statements, organisation=organisation)

    return stored


def forward_to(receiver: Receiver, organisation: Organisation, actor: User | None = None) -> LrsForwarding:
    endpoint = receiver.url.rsplit("/", 2)[0] + "/xapi/"
    return actions.set_forwarding(actor, organisation, endpoint=endpoint, key="k1", secret="s3cret", active=True)


def test_statements_are_forwarded_after_commit_with_the_credentials(
    receiver: Receiver, store: Any, org_a: Organisation, coordinator_a: User
) -> None:
    forward_to(receiver, org_a, coordinator_a)
    sent = [statement(n) for n in range(3)]
    receiver.always = Answer(status=200, body="[]")
    store(sent, org_a)
    assert len(receiver.received) == 1
    request = receiver.received[0]
    assert request.path == "/xapi/statements"
    assert request.headers["authorization"] == "Basic " + base64.b64encode(b"k1:s3cret").decode()
    assert request.headers["x-experience-api-version"] == "2.0.0"
    body = json.loads(request.body)
    assert [item["id"] for item in body] == [item["id"] for item in sent]
    assert all("stored" not in item and "authority" not in item for item in body)
    assert set(ForwardedStatement.objects.values_list("state", flat=True)) == {ForwardState.DELIVERED}
    assert LrsForwarding.objects.get().last_success_at is not None


def test_the_secret_is_encrypted_at_rest(receiver: Receiver, org_a: Organisation) -> None:
    forwarding = forward_to(receiver, org_a)
    assert "s3cret" not in forwarding.secret_encrypted


def test_another_organisations_statements_are_not_forwarded(
    receiver: Receiver, store: Any, org_a: Organisation, org_b: Organisation
) -> None:
    forward_to(receiver, org_a)
    store([statement()], org_b)
    assert receiver.received == []
    assert not ForwardedStatement.objects.exists()


def test_an_away_lrs_loses_nothing_and_is_retried_with_backoff(
    receiver: Receiver, store: Any, org_a: Organisation
) -> None:
    forward_to(receiver, org_a)
    receiver.always = Answer(status=503)
    store([statement(1), statement(2)], org_a)
    rows = list(ForwardedStatement.objects.all())
    assert [row.state for row in rows] == [ForwardState.PENDING] * 2
    assert all(row.attempts == 1 and row.next_attempt_at > timezone.now() for row in rows)
    assert LrsForwarding.objects.get().last_error == "HTTP 503"
    assert delivery.sweep() == (0, 0)  # nothing due yet
    for hours in (1, 7, 20):  # the LRS stays away for a day: every row waits, none is dropped
        with time_machine.travel(timezone.now() + timezone.timedelta(hours=hours)):
            delivery.sweep()
    assert ForwardedStatement.objects.filter(state=ForwardState.PENDING).count() == 2
    receiver.always = Answer(status=200, body="[]")
    with time_machine.travel(timezone.now() + timezone.timedelta(days=2)):
        assert delivery.sweep() == (0, 1)
    assert set(ForwardedStatement.objects.values_list("state", flat=True)) == {ForwardState.DELIVERED}
    assert len(receiver.received) == 5


def test_a_refused_statement_does_not_hold_back_the_others(receiver: Receiver, store: Any, org_a: Organisation) -> None:
    forward_to(receiver, org_a)
    receiver.answer(Answer(status=400), Answer(status=200), Answer(status=400), Answer(status=200))
    store([statement(1), statement(2), statement(3)], org_a)
    states = list(ForwardedStatement.objects.order_by("statement_id").values_list("state", flat=True))
    assert states == [ForwardState.DELIVERED, ForwardState.REFUSED, ForwardState.DELIVERED]


def test_a_worker_that_died_mid_send_is_reclaimed(receiver: Receiver, store: Any, org_a: Organisation) -> None:
    forward_to(receiver, org_a)
    receiver.always = Answer(status=503)
    store([statement()], org_a)
    ForwardedStatement.objects.update(state=ForwardState.SENDING, claimed_until=timezone.now())
    receiver.always = Answer(status=200)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=5)):
        assert delivery.sweep() == (1, 1)
    assert ForwardedStatement.objects.get().state == ForwardState.DELIVERED


def test_private_addresses_are_refused(org_a: Organisation, settings: Any) -> None:
    settings.JAMLIK_WEBHOOKS_ALLOW_LOOPBACK = False
    for endpoint in ("http://127.0.0.1:8321/xapi/", "https://10.0.0.1/xapi/", "https://169.254.169.254/", "ftp://x"):
        with pytest.raises(ValidationError):
            actions.set_forwarding(None, org_a, endpoint=endpoint, key="k", secret="s", active=True)
    assert not LrsForwarding.objects.exists()


def test_only_its_coordinators_set_it(receiver: Receiver, org_a: Organisation, coordinator_b: User) -> None:
    with pytest.raises(PermissionDenied):
        forward_to(receiver, org_a, coordinator_b)
    assert not LrsForwarding.objects.exists()


def test_the_coordinator_page(
    receiver: Receiver, org_a: Organisation, coordinator_a: User, coordinator_b: User
) -> None:
    page = Client()
    page.force_login(coordinator_a)
    address = "/organisationer/sater/xapi/vidarebefordran/"
    assert page.get(address).status_code == 200
    endpoint = receiver.url.rsplit("/", 2)[0] + "/xapi"
    answer = page.post(address, {"endpoint": endpoint, "key": "k1", "secret": "s3cret", "active": "on"})
    assert answer.status_code == 302
    forwarding = LrsForwarding.objects.get()
    assert forwarding.endpoint == endpoint + "/"
    # Saving again without a secret keeps the stored one.
    page.post(address, {"endpoint": endpoint, "key": "k2", "active": "on"})
    forwarding.refresh_from_db()
    assert forwarding.key == "k2" and "s3cret" not in page.get(address).content.decode()
    assert AuditEntry.objects.filter(action="lrs.forwarding_set").count() == 2
    other = Client()
    other.force_login(coordinator_b)
    assert other.get(address).status_code == 404
    assert other.post(address + "sluta/").status_code == 404
    assert page.post(address + "sluta/").status_code == 302
    assert not LrsForwarding.objects.exists()
